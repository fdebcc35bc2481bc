// Finds references to other models in a query and rewrites them. Works on lexer tokens, so names
// inside strings, comments and dollar quotes are never touched. Quoted identifiers are name parts
// like any other: `"shop"."orders"` reads model shop.orders when the quoted text is what the
// dialect makes of the unquoted name.
import { ModelError } from '../errors';
import { isOp, lex, significant, type Token } from './lexer';
import { lineColumn, OffsetMap, TextBuilder } from './source-map';
import type { Model, ModelReference } from './types';

/**
 * How a dialect resolves a quoted identifier against an unquoted one: Postgres folds unquoted
 * names to lower case and keeps quoted ones as written, Snowflake folds to upper case, DuckDB
 * (and SQLMesh's duckdb/bigquery dialects for table names) compares case-insensitively.
 */
export type QuotedCase = 'lower' | 'upper' | 'insensitive';

/** The quoted-name rule of a SQL dialect name (SQLMesh's `dialect` values; unknown: exact lower). */
export function quotedCaseOf(dialect: string | undefined): QuotedCase {
  switch ((dialect ?? 'postgres').toLowerCase()) {
    case 'snowflake':
    case 'oracle':
      return 'upper';
    case 'duckdb':
    case 'bigquery':
    case 'mysql':
    case 'sqlite':
    case 'tsql':
    case 'databricks':
    case 'spark':
      return 'insensitive';
    default:
      return 'lower';
  }
}

export interface ReferenceOptions {
  /** File named in errors. */
  file?: string;
  quotedCase?: QuotedCase;
}

interface Part {
  /** Lower-case text: what a model name part is compared with. */
  key: string;
  /** False for a quoted part whose case the dialect does not fold to the model's name. */
  exact: boolean;
  token: Token;
}

/**
 * References in `tokens` (tokens of the query text; offsets must be relative to the query) to any
 * of `modelNames` (canonical lower-case `schema.table`). A dotted chain `a.b` matches when `a.b` is
 * a model; `c.a.b` matches when `a.b` is a model (the catalog is part of the replaced span);
 * otherwise `a.b.col` matches `a.b` (a column qualified by the table's full name). A chain followed
 * by `(` is a function call and never a reference. A quoted chain that names a model in another
 * case than the dialect gives it (`"Shop"."Orders"` on Postgres) is refused: it would read a
 * different relation than the model, which is never what was meant.
 */
export function findReferences(tokens: Token[], modelNames: ReadonlySet<string>, options: ReferenceOptions = {}): ModelReference[] {
  return resolveReferences(referenceCandidates(tokens), modelNames, options);
}

/**
 * The dotted name chains of `tokens` that could be model references (two parts or more, not after
 * a `.`, not a function call), found without knowing the project's model names: the loader keeps
 * these few tokens per model instead of every token of every query until all names are known.
 */
export function referenceCandidates(tokens: Token[]): Token[][] {
  return candidatesIn(significant(tokens));
}

/** `referenceCandidates` of tokens already without whitespace and comments. */
export function candidatesIn(sig: Token[]): Token[][] {
  const out: Token[][] = [];
  let i = 0;
  while (i < sig.length) {
    const t = sig[i]!;
    if (t.type !== 'word' && t.type !== 'quoted') {
      i++;
      continue;
    }
    // A name part preceded by `.` belongs to a chain that started earlier.
    const chain: Token[] = [t];
    let j = i + 1;
    while (isOp(sig[j], '.') && (sig[j + 1]?.type === 'word' || sig[j + 1]?.type === 'quoted')) {
      chain.push(sig[j + 1]!);
      j += 2;
    }
    if (chain.length >= 2 && !isOp(sig[i - 1], '.') && !isOp(sig[j], '(')) out.push(chain);
    i = j;
  }
  return out;
}

/** The candidates (of `referenceCandidates`) that name one of `modelNames`, in order. */
export function resolveReferences(candidates: readonly Token[][], modelNames: ReadonlySet<string>, options: ReferenceOptions = {}): ModelReference[] {
  const quotedCase = options.quotedCase ?? 'lower';
  const refs: ModelReference[] = [];
  for (const chain of candidates) {
    const ref = matchChain(
      chain.map((tok) => part(tok, quotedCase)),
      modelNames,
      options.file ?? '<sql>',
    );
    if (ref) refs.push(ref);
  }
  return refs;
}

function part(token: Token, quotedCase: QuotedCase): Part {
  if (token.type === 'word') return { key: token.text.toLowerCase(), exact: true, token };
  // "..." or U&"..." (escapes in the latter stay as written: never a plain model name).
  const body = token.text.slice(token.text.indexOf('"') + 1, -1).replace(/""/g, '"');
  const key = body.toLowerCase();
  const exact = quotedCase === 'insensitive' || body === (quotedCase === 'upper' ? key.toUpperCase() : key);
  return { key, exact, token };
}

function matchChain(chain: Part[], names: ReadonlySet<string>, file: string): ModelReference | null {
  // catalog.schema.table[.column], then schema.table[.column]
  for (const at of chain.length >= 3 ? [1, 0] : [0]) {
    const schema = chain[at]!;
    const table = chain[at + 1]!;
    const name = `${schema.key}.${table.key}`;
    if (!names.has(name)) continue;
    const first = chain[0]!.token;
    if (!schema.exact || !table.exact) {
      const written = chain
        .slice(0, at + 2)
        .map((p) => p.token.text)
        .join('.');
      throw new ModelError(
        `${written} differs from model ${name} only by case, and quoted names keep their case: write ${name} (unquoted) to read the model`,
        file,
        first.line,
      );
    }
    return { model: name, start: first.start, end: table.token.end, line: first.line };
  }
  return null;
}

/** Lexes `model.query` and finds its references (used by the loader once all names are known). */
export function referencesOf(query: string, modelNames: ReadonlySet<string>, file = '<sql>', firstLine = 1, quotedCase?: QuotedCase): ModelReference[] {
  return findReferences(lex(query, { file, firstLine }), modelNames, { file, ...(quotedCase ? { quotedCase } : {}) });
}

/** `model.query` with references rewritten, and the map from the result back to `model.query`. */
export interface RewrittenQuery {
  sql: string;
  map: OffsetMap;
}

/**
 * `model.query` with every reference's [start, end) replaced by `resolve(name)`. The caller passes
 * an already-quoted, qualified physical name.
 */
export function rewriteReferences(model: Model, resolve: (modelName: string) => string): string {
  return rewriteWithMap(model, resolve).sql;
}

/** Like rewriteReferences, keeping the map from the rewritten SQL back to the model's query. */
export function rewriteWithMap(model: Model, resolve: (modelName: string) => string): RewrittenQuery {
  const builder = new TextBuilder(model.query);
  for (const r of [...model.references].sort((a, b) => a.start - b.start)) builder.replace(r.start, r.end, resolve(r.model));
  const { text, map } = builder.finish();
  return { sql: text, map };
}

/** Where an offset of `model.query` sits in the model file, with that line's text. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** The whole line of the model file, as written. */
  text: string;
}

export function locateInQuery(model: Model, queryOffset: number): SourceLocation {
  // A rendered query (macros, Jinja) maps back to the query as written, which sits in the file.
  const written = model.renderEdits ? new OffsetMap(model.renderEdits).toInput(queryOffset) : queryOffset;
  const inFile = model.jinjaEdits ? new OffsetMap(model.jinjaEdits).toInput(model.queryStart + written) : model.queryStart + written;
  const { line, column } = lineColumn(model.source, inFile);
  const text = model.source.split('\n')[line - 1] ?? '';
  return { file: model.relativeFile, line, column, text };
}

/** `file:line:column`, then the line and a caret under the column (for error messages). */
export function formatLocation(loc: SourceLocation): string {
  const gutter = `${loc.line} | `;
  const pad = loc.text.slice(0, loc.column - 1).replace(/[^\t]/g, ' ');
  return `${loc.file}:${loc.line}:${loc.column}\n  ${gutter}${loc.text.replace(/\s+$/, '')}\n  ${' '.repeat(gutter.length - 2)}| ${pad}^`;
}
