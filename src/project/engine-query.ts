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
import { isTranspiled, loadSqlParser, parserDialect, type SqlParser, type TranspileResult } from './sql-parser';
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
  return isTranspiled(model.dialect, engineDialect);
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

/** A physical table: exact (already normalized) name parts, as the engine stores them. */
export interface PhysicalRelation {
  schema: string;
  name: string;
  database?: string;
}

/** Where the plan's models are built, and how the engine writes a relation's name. */
export interface PhysicalNames {
  relation(model: string): PhysicalRelation;
  /** The relation quoted and qualified in the engine's dialect. */
  qualify(relation: PhysicalRelation): string;
}

/**
 * A physical name in SQL the transpiler reads: backtick-quoted parts, which the SQL parser takes
 * as identifiers in every dialect (in BigQuery, MySQL or Spark a double-quoted name is a string)
 * and writes in the engine's quoting, case kept. vde's names are plain identifiers; a part with a
 * backtick or a backslash (an escape in BigQuery) is refused rather than escaped.
 */
export function transpilerName(r: PhysicalRelation): string {
  const parts = [...(r.database !== undefined ? [r.database] : []), r.schema, r.name];
  const bad = parts.find((p) => /[`\\]/.test(p));
  if (bad !== undefined) throw new Error(`cannot write the physical name ${bad} for the SQL transpiler (it holds a backtick or a backslash)`);
  return parts.map((p) => `\`${p}\``).join('.');
}

/** The engine SQL of each model the plan builds, by name. */
export async function engineQueries(models: Model[], names: PhysicalNames, engineDialect: string): Promise<Map<string, EngineQuery>> {
  const out = new Map<string, EngineQuery>();
  const foreign: Model[] = [];
  const physicalName = (model: string): string => names.qualify(names.relation(model));
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
    // References are written as the model's own dialect reads a name, and come out of the
    // transpiler in the engine's quoting: checked, since a name it wrote otherwise (a string, a
    // folded case) would read another relation or none.
    const inDialect = (name: string): string => transpilerName(names.relation(name));
    const sql = translate(rewriteWithMap(model, inDialect).sql, model.queryLine, 'query').then((out) => {
      keptNames(model, out, model.references.map((r) => r.model), physicalName, from, engineDialect);
      return out;
    });
    const { pre, post } = statements(model, inDialect, translate);
    const own = [model.name];
    const thisModel = (written: { sql: string }[], outs: string[]): string[] => {
      outs.forEach((o, i) => {
        if (written[i]!.sql.includes(THIS_MODEL_PLACEHOLDER)) keptNames(model, o, own, physicalName, from, engineDialect);
      });
      return outs;
    };
    // All settled before any is looked at: a rejection left unawaited would end the process.
    const [q, p, s] = await Promise.allSettled([sql, Promise.all(pre), Promise.all(post)]);
    if (q.status === 'rejected') throw q.reason;
    if (p.status === 'rejected') throw p.reason;
    if (s.status === 'rejected') throw s.reason;
    return { sql: q.value, transpiledFrom: from, pre: thisModel(model.preStatements, p.value), post: thisModel(model.postStatements, s.value) };
  });
  const settled = await Promise.allSettled(jobs);
  for (const [i, s] of settled.entries()) {
    if (s.status === 'rejected') throw s.reason;
    out.set(foreign[i]!.name, s.value);
  }
  return out;
}

/**
 * Refuses transpiled SQL that lost the engine's spelling of a physical name it was given, as
 * often as it was given: a name vde wrote where the dialect reads a string (the lexer took a
 * string's text for SQL) comes out still in backticks, inside the string.
 */
function keptNames(model: Model, sql: string, referenced: string[], physicalName: (model: string) => string, from: string, engineDialect: string): void {
  const given = new Map<string, number>();
  for (const name of referenced) given.set(name, (given.get(name) ?? 0) + 1);
  for (const [name, times] of given) {
    const expected = physicalName(name);
    if (sql.split(expected).length - 1 >= times) continue;
    throw new ModelError(
      `transpiling from dialect ${from} to ${engineDialect} did not keep the physical table of ${name === model.name ? '@this_model' : `model ${name}`} as ${expected}; vde refuses to run SQL that may read another relation`,
      model.relativeFile,
      model.queryLine,
      model.name,
    );
  }
}

// DuckDB's GROUP BY ALL / ORDER BY ALL: the transpiler keeps them as written, and Postgres reads
// the first as a syntax error and the second as a column named "ALL". Snowflake has both.
const CLAUSE_AFTER = new Set(['having', 'order', 'limit', 'offset', 'qualify', 'window', 'union', 'intersect', 'except', 'fetch', 'for']);

/** Refuses, at its line, a query using a form the engine lacks and the transpiler does not rewrite. */
function refuseUntranslated(model: Model, engineDialect: string): void {
  if (parserDialect(engineDialect) !== 'postgresql') return;
  const sig = significant(lex(model.query, { file: model.relativeFile, firstLine: model.queryLine, backticks: true }));
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
