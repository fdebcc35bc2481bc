// What follows a model's MODEL (...) header: statements separated by `;`. Exactly one is the
// query (it starts with SELECT, WITH, FROM, VALUES, TABLE or a parenthesis); `@DEF(name, value);`
// statements define macro variables; every other statement before the query is a pre-statement
// and every one after it a post-statement, run before and after the build, in file order.
// Macros render here, before references are found and rewritten.
import { ModelError } from '../errors';
import { isOp, isWord, normalizeTokens, splitAtDepthZero, type Token } from './lexer';
import { readDef, renderMacros, type MacroContext } from './render/macros';
import type { Edit } from './source-map';

/** Stands for @this_model in pre/post statements until the build knows the physical table. */
export const THIS_MODEL_PLACEHOLDER = '"__vde_this_model__"';

export interface BodyStatement {
  /** Rendered SQL (with THIS_MODEL_PLACEHOLDER where @this_model was written). */
  sql: string;
  line: number;
}

export interface ModelBody {
  /** The query as written, where it starts in the file text, and its line. */
  written: string;
  writtenStart: number;
  line: number;
  /** The rendered query (what runs) and the edits mapping it back to `written`. */
  query: string;
  renderEdits: Edit[];
  pre: BodyStatement[];
  post: BodyStatement[];
  /** Normalized text of everything that decides the data (query as written, @DEFs, pre/post). */
  normalized: string;
  /** config.yaml variables the macros read, with their values: part of the model's identity. */
  variables: Record<string, unknown>;
}

const QUERY_START = new Set(['select', 'with', 'from', 'values', 'table']);

/** Splits `sig` (significant tokens after the header) into statements at depth-0 `;`. */
export function splitStatements(sig: Token[]): Token[][] {
  return splitAtDepthZero(sig, ';').filter((s) => s.length > 0);
}

function isQuery(statement: Token[]): boolean {
  const first = statement[0]!;
  return isOp(first, '(') || (first.type === 'word' && QUERY_START.has(first.text.toLowerCase()));
}

/**
 * Reads the body. `text` is the file text the tokens index into; `all` every token of it (for the
 * normalized form, which keeps comments and whitespace out). Returns null when there is no
 * statement at all.
 */
export function readBody(text: string, body: Token[], all: Token[], ctx: MacroContext, statementBlocks: [number, number][] = []): ModelBody | null {
  const statements = splitStatements(body);
  if (statements.length === 0) return null;
  // A JINJA_STATEMENT block holds pre/post statements only, whatever they start with.
  const inStatementBlock = (s: Token[]) => statementBlocks.some(([a, b]) => s[0]!.start >= a && s[0]!.start < b);
  const queries = statements.filter((s) => !isDef(s) && !inStatementBlock(s) && isQuery(s));
  if (queries.length > 1) {
    throw new ModelError(
      `a model file holds one query; found another at line ${queries[1]![0]!.line} (the first is at line ${queries[0]![0]!.line}). Statements before the query run before the build, statements after it after the build`,
      ctx.file,
      queries[1]![0]!.line,
      ctx.model,
    );
  }
  const queryTokens = queries[0];
  if (!queryTokens) {
    const first = statements.find((s) => !isDef(s));
    if (!first) return null;
    throw new ModelError(
      `no query found: a model's query starts with SELECT, WITH, FROM or VALUES (this statement starts with ${first[0]!.text})`,
      ctx.file,
      first[0]!.line,
      ctx.model,
    );
  }
  const slice = (s: Token[]) => text.slice(s[0]!.start, s[s.length - 1]!.end);
  const pre: BodyStatement[] = [];
  const post: BodyStatement[] = [];
  const normalized: string[] = [];
  // Made for the first pre/post statement only: most models have none, and the copy is not free.
  let statementCtx: MacroContext | undefined;
  let rendered: { text: string; edits: Edit[] } | undefined;
  // Statements are in file order: one walk over `all` finds each one's tokens.
  let from = 0;
  for (const s of statements) {
    const start = s[0]!.start;
    const end = s[s.length - 1]!.end;
    while (from < all.length && all[from]!.start < start) from++;
    let to = from;
    while (to < all.length && all[to]!.end <= end) to++;
    normalized.push(normalizeTokens(all.slice(from, to)));
    from = to;
    const def = isDef(s) ? readDef(slice(s), s[0]!.line, ctx) : null;
    if (def) {
      ctx.locals.set(def[0], def[1]);
      continue;
    }
    if (s === queryTokens) {
      rendered = renderMacros(slice(s), s[0]!.line, ctx);
      if (rendered.text.includes(THIS_MODEL_PLACEHOLDER)) {
        throw new ModelError('this_model is only supported in pre/post statements (it names the table being built)', ctx.file, s[0]!.line, ctx.model);
      }
      continue;
    }
    statementCtx ??= { ...ctx, thisModel: THIS_MODEL_PLACEHOLDER };
    const sql = renderMacros(slice(s), s[0]!.line, statementCtx).text;
    (rendered ? post : pre).push({ sql, line: s[0]!.line });
  }
  return {
    written: slice(queryTokens),
    writtenStart: queryTokens[0]!.start,
    line: queryTokens[0]!.line,
    query: rendered!.text,
    renderEdits: rendered!.edits,
    pre,
    post,
    normalized: normalized.join(' ; '),
    variables: Object.fromEntries([...ctx.used].sort().map((k) => [k, ctx.variables[k]])),
  };
}

function isDef(statement: Token[]): boolean {
  return isOp(statement[0], '@') && isWord(statement[1], 'def') && isOp(statement[2], '(');
}

