// The stand-in's own Snowflake SQL tokenizer (deliberately independent of vde's src/project lexer,
// so the stand-in never agrees with the code under test by sharing its bugs).
//
// Snowflake lexical rules it follows: unquoted identifiers are [A-Za-z_][A-Za-z0-9_$]*; "quoted"
// identifiers double an embedded quote; 'strings' double an embedded quote AND understand
// backslash escapes; $$dollar strings$$ take everything verbatim; comments are `--`, `//` and
// `/* */`; binds are `?` and `:<n>`.
import { SnowflakeError } from './errors';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'bind';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /**
   * word: the text upper-cased (how Snowflake folds it); quoted: the identifier without quotes;
   * string: the decoded value; bind: the 1-based index (`?` gets the next one); otherwise = text.
   */
  value: string;
  /** Offset in the statement, and 1-based line and column (for error messages). */
  pos: number;
  line: number;
  col: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const THREE_CHAR_OPS = new Set<string>([]);
const TWO_CHAR_OPS = new Set(['::', '||', '<=', '>=', '<>', '!=', '=>', '->']);
const ONE_CHAR_OPS = new Set(['(', ')', ',', '.', ';', '+', '-', '*', '/', '%', '=', '<', '>', ':', '[', ']', '{', '}', '^', '|', '&', '~', '@']);

const BACKSLASH_ESCAPES: Record<string, string> = {
  '0': '\0',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  "'": "'",
  '"': '"',
  '\\': '\\',
};

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nextBind = 1;
  const advanceLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  };
  const push = (kind: TokenKind, start: number, end: number, value: string) => {
    tokens.push({ kind, text: sql.slice(start, end), value, pos: start, line, col: start - lineStart + 1 });
  };
  const fail = (message: string, at: number): never => {
    throw SnowflakeError.syntax(message, line, at - lineStart);
  };

  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      advanceLines(i, i + 1);
      i++;
      continue;
    }
    if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated comment', i);
      advanceLines(i, end + 2);
      i = end + 2;
      continue;
    }
    const start = i;
    if (WORD_START.test(c)) {
      while (i < sql.length && WORD_PART.test(sql[i] as string)) i++;
      push('word', start, i, sql.slice(start, i).toUpperCase());
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) fail('unterminated quoted identifier', start);
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i];
        i++;
      }
      if (value === '') fail('empty quoted identifier', start);
      push('quoted', start, i, value);
      advanceLines(start, i);
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) fail('unterminated string literal', start);
        const ch = sql[i] as string;
        if (ch === "'") {
          if (sql[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\\' && i + 1 < sql.length) {
          const e = sql[i + 1] as string;
          value += BACKSLASH_ESCAPES[e] ?? e;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      push('string', start, i, value);
      advanceLines(start, i);
      continue;
    }
    if (c === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) fail('unterminated $$ string', i);
      push('string', start, end + 2, sql.slice(i + 2, end));
      advanceLines(start, end + 2);
      i = end + 2;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      while (i < sql.length && /[0-9]/.test(sql[i] as string)) i++;
      if (sql[i] === '.' && sql[i + 1] !== '.') {
        i++;
        while (i < sql.length && /[0-9]/.test(sql[i] as string)) i++;
      }
      if ((sql[i] === 'e' || sql[i] === 'E') && /[0-9+-]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < sql.length && /[0-9]/.test(sql[i] as string)) i++;
      }
      if (i < sql.length && WORD_START.test(sql[i] as string)) fail(`unexpected '${sql.slice(start, i + 1)}'`, start);
      push('number', start, i, sql.slice(start, i));
      continue;
    }
    if (c === '?') {
      i++;
      push('bind', start, i, String(nextBind++));
      continue;
    }
    if (c === ':' && next !== undefined && /[0-9]/.test(next)) {
      i++;
      while (i < sql.length && /[0-9]/.test(sql[i] as string)) i++;
      push('bind', start, i, String(Number(sql.slice(start + 1, i))));
      continue;
    }
    if (c === '$' && next !== undefined && /[0-9]/.test(next)) {
      // Postgres-style `$1` placeholders are not Snowflake bind syntax.
      fail(`unexpected '${c}'`, i);
    }
    const three = sql.slice(i, i + 3);
    const two = sql.slice(i, i + 2);
    if (THREE_CHAR_OPS.has(three)) {
      i += 3;
      push('op', start, i, three);
      continue;
    }
    if (TWO_CHAR_OPS.has(two)) {
      i += 2;
      push('op', start, i, two);
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      i++;
      push('op', start, i, c);
      continue;
    }
    fail(`unexpected '${c}'`, i);
  }
  return tokens;
}

/** Splits tokens into statements at top-level `;` (empty statements dropped). */
export function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === ';') {
      if (current.length) out.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length) out.push(current);
  return out;
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && (words.length === 0 || words.includes(t.value));
}

export function isOp(t: Token | undefined, ...ops: string[]): boolean {
  return t !== undefined && t.kind === 'op' && ops.includes(t.value);
}
