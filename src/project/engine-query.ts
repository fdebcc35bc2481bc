// The SQL a model's build sends to the engine: references rewritten to physical tables, then,
// when the model is written in another dialect than the engine's, transpiled by the SQL parser.
// Transpiling happens before anything is written, so a query that cannot be transpiled fails the
// apply with the model's file and line and leaves the warehouse untouched.
import { createHash } from 'node:crypto';
import { ModelError } from '../errors';
import { isOp, isWord, lex, significant } from './lexer';
import { THIS_MODEL_PLACEHOLDER } from './model-body';
import { formatLocation, locateInQuery, rewriteWithMap } from './references';
import type { OffsetMap } from './source-map';
import { loadSqlParser, parserDialect, type SqlParser, type TranspileResult } from './sql-parser';
import type { Model } from './types';

export interface EngineQuery {
  sql: string;
  /** Maps offsets of `sql` back to `model.query`; absent when the SQL was transpiled. */
  map?: OffsetMap;
  /** The model's dialect when `sql` was transpiled from it. */
  transpiledFrom?: string;
  /** Pre/post statements with @this_model naming the physical table (transpiled like the query). */
  pre: string[];
  post: string[];
}

/** Whether `model` is written in another dialect than the engine's. */
export function needsTranspiling(model: Model, engineDialect: string): boolean {
  return model.dialect !== undefined && parserDialect(model.dialect) !== parserDialect(engineDialect);
}

// Transpiling is pure in its input: the same query is never transpiled twice in one process.
const transpiled = new Map<string, Promise<TranspileResult>>();

function transpileOnce(parser: SqlParser, sql: string, from: string, to: string): Promise<TranspileResult> {
  const key = createHash('sha256').update(`${parser.id}\0${from}\0${to}\0${sql}`).digest('hex');
  let r = transpiled.get(key);
  if (r === undefined) {
    r = parser.transpile(sql, from, to);
    transpiled.set(key, r);
  }
  return r;
}

/**
 * The engine SQL of each model, by name. `physicalName` gives the qualified, quoted physical table
 * of a referenced model.
 */
export async function engineQueries(models: Model[], physicalName: (model: string) => string, engineDialect: string): Promise<Map<string, EngineQuery>> {
  const out = new Map<string, EngineQuery>();
  const foreign: Model[] = [];
  for (const model of models) {
    if (model.kind.name === 'SEED') continue;
    if (needsTranspiling(model, engineDialect)) foreign.push(model);
    else {
      const { sql, map } = rewriteWithMap(model, physicalName);
      out.set(model.name, { sql, map, ...statements(model, physicalName, (x) => x) });
    }
  }
  if (foreign.length === 0) return out;
  const parser = await loadSqlParser().catch((e: Error) => {
    const m = foreign[0]!;
    throw new ModelError(`model is in dialect ${m.dialect} and needs the SQL transpiler, which could not be loaded: ${e.message}`, m.relativeFile, m.queryLine, m.name);
  });
  // Every query is sent at once (the parser's thread answers them in turn); the error reported is
  // the first model's in this order, as if they had been transpiled one by one.
  const jobs = foreign.map(async (model): Promise<EngineQuery> => {
    const from = model.dialect!;
    refuseUntranslated(model, engineDialect);
    const translate = async (input: string, line: number, what: string): Promise<string> => {
      const r = await transpileOnce(parser, input, from, engineDialect);
      if (!r.ok) throw new ModelError(`cannot transpile the ${what} from dialect ${from} to ${engineDialect}: ${r.error}`, model.relativeFile, line, model.name);
      return r.sql;
    };
    const sql = translate(rewriteWithMap(model, physicalName).sql, model.queryLine, 'query');
    const { pre, post } = statements(model, physicalName, translate);
    return { sql: await sql, transpiledFrom: from, pre: await Promise.all(pre), post: await Promise.all(post) };
  });
  const settled = await Promise.allSettled(jobs);
  for (const [i, s] of settled.entries()) {
    if (s.status === 'rejected') throw s.reason;
    out.set(foreign[i]!.name, s.value);
  }
  return out;
}

// DuckDB's GROUP BY ALL / ORDER BY ALL: the transpiler keeps them as written, and Postgres reads
// the first as a syntax error and the second as a column named "ALL". Snowflake has both.
const CLAUSE_AFTER = new Set(['having', 'order', 'limit', 'offset', 'qualify', 'window', 'union', 'intersect', 'except', 'fetch', 'for']);

/** Refuses, at its line, a query using a form the engine lacks and the transpiler does not rewrite. */
function refuseUntranslated(model: Model, engineDialect: string): void {
  if (parserDialect(engineDialect) !== 'postgresql') return;
  const sig = significant(lex(model.query, { file: model.relativeFile, firstLine: model.queryLine }));
  for (let i = 2; i < sig.length; i++) {
    const [clause, by, all, next] = [sig[i - 2]!, sig[i - 1]!, sig[i]!, sig[i + 1]];
    if (!isWord(all, 'all') || !isWord(by, 'by') || !(isWord(clause, 'group') || isWord(clause, 'order'))) continue;
    // `GROUP BY ALL a, b` is Postgres's own set quantifier; a bare ALL is DuckDB's shorthand.
    const bare = next === undefined || isOp(next, ')') || isOp(next, ';') || (next.type === 'word' && CLAUSE_AFTER.has(next.text.toLowerCase()));
    if (!bare) continue;
    const what = `${clause.text.toUpperCase()} BY ALL`;
    throw new ModelError(
      `${what} (dialect ${model.dialect}) has no ${engineDialect} equivalent the transpiler writes: list the ${isWord(clause, 'group') ? 'grouping' : 'ordering'} columns instead`,
      model.relativeFile,
      all.line,
      model.name,
    );
  }
}

/**
 * `sql` written in dialect `from`, in the engine's dialect (unchanged when they are the same).
 * Cached like model queries. Rejects with the transpiler's message.
 */
export async function transpileSql(sql: string, from: string | undefined, engineDialect: string): Promise<string> {
  if (from === undefined || parserDialect(from) === parserDialect(engineDialect)) return sql;
  const r = await transpileOnce(await loadSqlParser(), sql, from, engineDialect);
  if (!r.ok) throw new Error(r.error);
  return r.sql;
}

/** One SQL expression (not a statement) from dialect `from` to the engine's. */
export async function transpileExpression(expr: string, from: string | undefined, engineDialect: string): Promise<string> {
  const alias = ' AS vde_expr';
  const out = await transpileSql(`SELECT ${expr}${alias}`, from, engineDialect);
  if (!out.startsWith('SELECT ') || !out.endsWith(alias)) throw new Error(`the transpiler did not return one expression for ${expr}`);
  return out.slice('SELECT '.length, -alias.length);
}

function statements<T>(model: Model, physicalName: (model: string) => string, translate: (sql: string, line: number, what: string) => T): { pre: T[]; post: T[] } {
  const own = physicalName(model.name);
  const one = (s: { sql: string; line: number }): T => translate(s.sql.split(THIS_MODEL_PLACEHOLDER).join(own), s.line, 'statement');
  return { pre: model.preStatements.map(one), post: model.postStatements.map(one) };
}

/**
 * Where a warehouse error at `offset` of the engine SQL is: the model file's line when the SQL maps
 * back to it, else (transpiled SQL) the file and the transpiled line the engine rejected.
 */
export function describeErrorPosition(model: Model, query: EngineQuery, offset: number, engineDialect: string): { text: string; location?: { file: string; line: number; column: number } } {
  if (query.map) {
    const at = locateInQuery(model, query.map.toInput(offset));
    return { text: `--> ${formatLocation(at)}`, location: { file: at.file, line: at.line, column: at.column } };
  }
  const before = query.sql.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = query.sql.indexOf('\n', offset);
  const line = query.sql.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const column = offset - lineStart;
  // Long single-line transpiled SQL: show a window around the position.
  const from = Math.max(0, column - 60);
  const excerpt = (from > 0 ? '…' : '') + line.slice(from, column + 60) + (line.length > column + 60 ? '…' : '');
  const caret = ' '.repeat(column - from + (from > 0 ? 1 : 0));
  return {
    text: `in ${model.relativeFile} (dialect ${query.transpiledFrom}, transpiled for ${engineDialect}; the query starts at line ${model.queryLine}), here in the transpiled SQL:\n  ${excerpt}\n  ${caret}^`,
  };
}
