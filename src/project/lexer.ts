// A small SQL tokenizer shared by the model parser, the normalizer and reference finding. It is
// not a parser: it only needs to know where strings, comments, quoted identifiers and dollar
// quotes begin and end, so that nothing inside them is ever mistaken for SQL.
import { ModelError } from '../errors';

export type TokenType =
  | 'whitespace'
  | 'comment'
  | 'string' // '...', E'...', N'...', X'...', B'...'
  | 'dollar' // $$...$$ or $tag$...$tag$
  | 'quoted' // "identifier"
  | 'number'
  | 'word' // identifier or keyword
  | 'param' // $1, :name, ? (kept verbatim)
  | 'op'; // operators and punctuation

export interface Token {
  type: TokenType;
  text: string;
  /** Offsets [start, end) into the lexed text. */
  start: number;
  end: number;
  /** 1-based line of the token's first character. */
  line: number;
}

export interface LexOptions {
  /** File named in errors. */
  file?: string;
  /** Line number of the first character of `text` (default 1). */
  firstLine?: number;
  /** Offset added to every token's start/end (default 0). */
  baseOffset?: number;
}

// Character classes by char code: the lexer runs over every byte of every model file, and
// planning 5,000 models spends most of its time here.
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isAlphaCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordStartCode = (c: number) => isAlphaCode(c) || c === 95 || c >= 0x80;
const isWordPartCode = (c: number) => isWordStartCode(c) || isDigitCode(c) || c === 36;
const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && /\s/.test(String.fromCharCode(c)));
const isDigit = (ch: string | undefined) => ch !== undefined && ch.length > 0 && isDigitCode(ch.charCodeAt(0));
// Longest first.
const MULTI_OPS = ['::', '<=', '>=', '<>', '!=', '||', '->>', '->', '#>>', '#>', '=>', ':=', '@>', '<@', '&&', '**', '!~*', '!~', '~*', '<<', '>>'].sort(
  (a, b) => b.length - a.length,
);
// Most punctuation (`,` `(` `)` `.`) starts no multi-character operator: skip the search for it.
const MULTI_OP_STARTS = new Set(MULTI_OPS.map((o) => o[0]!));
// E'..' (backslash escapes), N'..', X'..', B'..'
const STRING_PREFIX = new Set(['E', 'e', 'N', 'n', 'X', 'x', 'B', 'b']);

/** Tokenizes `text`. Throws ModelError (with line) for unterminated strings and comments. */
export function lex(text: string, options: LexOptions = {}): Token[] {
  const file = options.file ?? '<sql>';
  const base = options.baseOffset ?? 0;
  let line = options.firstLine ?? 1;
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;

  const push = (type: TokenType, start: number, end: number, startLine: number): void => {
    tokens.push({ type, text: text.slice(start, end), start: start + base, end: end + base, line: startLine });
  };
  const countLines = (from: number, to: number): number => {
    let c = 0;
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) c++;
    return c;
  };
  const fail = (what: string, atLine: number): never => {
    throw new ModelError(`unterminated ${what}`, file, atLine);
  };

  // Reads a quoted run starting at `open` (the index of the opening quote char `q`); doubled quotes
  // escape. With `backslash`, a backslash escapes the next character (E'' strings). Returns the end.
  const readQuoted = (open: number, q: string, backslash: boolean, what: string, startLine: number): number => {
    let k = open + 1;
    for (;;) {
      if (k >= n) fail(what, startLine);
      const c = text[k];
      if (backslash && c === '\\') {
        k += 2;
        continue;
      }
      if (c === q) {
        if (text[k + 1] === q) {
          k += 2;
          continue;
        }
        return k + 1;
      }
      k++;
    }
  };

  while (i < n) {
    const c = text[i]!;
    const start = i;
    const startLine = line;

    // Whitespace
    if (isSpaceCode(text.charCodeAt(i))) {
      while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
      push('whitespace', start, i, startLine);
      line += countLines(start, i);
      continue;
    }

    // -- line comment (also // which Snowflake accepts)
    if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      push('comment', start, i, startLine);
      continue;
    }

    // /* block comment */ (nested, as in Postgres)
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (i >= n) fail('block comment', startLine);
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      push('comment', start, i, startLine);
      line += countLines(start, i);
      continue;
    }

    // Prefixed strings: E'..' (backslash escapes), N'..', X'..', B'..', U&'..'
    if (text.charCodeAt(i + 1) === 39 && STRING_PREFIX.has(c)) {
      i = readQuoted(i + 1, "'", c === 'E' || c === 'e', 'string literal', startLine);
      push('string', start, i, startLine);
      line += countLines(start, i);
      continue;
    }
    if ((c === 'U' || c === 'u') && text[i + 1] === '&' && (text[i + 2] === "'" || text[i + 2] === '"')) {
      const q = text[i + 2]!;
      i = readQuoted(i + 2, q, false, q === "'" ? 'string literal' : 'quoted identifier', startLine);
      push(q === "'" ? 'string' : 'quoted', start, i, startLine);
      line += countLines(start, i);
      continue;
    }

    // 'string'
    if (c === "'") {
      i = readQuoted(i, "'", false, 'string literal', startLine);
      push('string', start, i, startLine);
      line += countLines(start, i);
      continue;
    }

    // "quoted identifier"
    if (c === '"') {
      i = readQuoted(i, '"', false, 'quoted identifier', startLine);
      push('quoted', start, i, startLine);
      line += countLines(start, i);
      continue;
    }

    // $tag$ dollar quotes $tag$, or $1 parameters
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 130));
      if (m) {
        const delim = m[0];
        const close = text.indexOf(delim, i + delim.length);
        if (close < 0) fail('dollar-quoted string', startLine);
        i = close + delim.length;
        push('dollar', start, i, startLine);
        line += countLines(start, i);
        continue;
      }
      if (isDigit(text[i + 1])) {
        i++;
        while (i < n && isDigit(text[i])) i++;
        push('param', start, i, startLine);
        continue;
      }
    }

    // Numbers: 12, 1.5, .5, 1e10, 1.5E-3
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      while (i < n && isDigit(text[i])) i++;
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (i < n && isDigit(text[i])) i++;
      } else if (text[i] === '.' && !(text[i + 1] === '.')) {
        // `1.` is a number in Postgres
        i++;
      }
      if ((text[i] === 'e' || text[i] === 'E') && /[0-9+-]/.test(text[i + 1] ?? '')) {
        const save = i;
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (isDigit(text[i])) while (i < n && isDigit(text[i])) i++;
        else i = save;
      }
      push('number', start, i, startLine);
      continue;
    }

    // Identifiers / keywords
    if (isWordStartCode(text.charCodeAt(i))) {
      while (i < n && isWordPartCode(text.charCodeAt(i))) i++;
      push('word', start, i, startLine);
      continue;
    }

    // Operators and punctuation
    const op = MULTI_OP_STARTS.has(c) ? MULTI_OPS.find((o) => text.startsWith(o, i)) : undefined;
    if (op) {
      i += op.length;
      push('op', start, i, startLine);
      continue;
    }
    i++;
    push('op', start, i, startLine);
  }
  return tokens;
}

/** Tokens that carry meaning (no whitespace, no comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type !== 'whitespace' && t.type !== 'comment');
}

/** The normalized text of one token: unquoted words lower-cased, everything else verbatim. */
export function normalizeToken(t: Token): string {
  return t.type === 'word' ? t.text.toLowerCase() : t.text;
}

/** Joins significant tokens with single spaces: whitespace/comment/keyword case never matter. */
export function normalizeTokens(tokens: Token[]): string {
  return significant(tokens).map(normalizeToken).join(' ');
}

/** Whether `t` is the operator or punctuation `text`. */
export function isOp(t: Token | undefined, text: string): boolean {
  return !!t && t.type === 'op' && t.text === text;
}

/** Whether `t` is the word `kw` (case-insensitive). */
export function isWord(t: Token | undefined, kw: string): boolean {
  return !!t && t.type === 'word' && t.text.toLowerCase() === kw;
}

/** Splits tokens at every `separator` (`,` or `;`) outside parentheses, brackets and braces. */
export function splitAtDepthZero(tokens: Token[], separator: ',' | ';'): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(') || isOp(t, '[') || isOp(t, '{')) depth++;
    else if (isOp(t, ')') || isOp(t, ']') || isOp(t, '}')) depth--;
    else if (depth === 0 && isOp(t, separator)) {
      out.push([]);
      continue;
    }
    out[out.length - 1]!.push(t);
  }
  return out;
}
