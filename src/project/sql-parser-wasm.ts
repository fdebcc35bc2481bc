// The SQL parser itself, run in this thread: @polyglot-sql/sdk (a Rust/WASM port of SQLGlot's
// dialects) and everything vde reads from its tree, so a parser upgrade touches only this file.
// The CLI and the action run it in a worker thread (sql-parser-worker.ts); tests and tsx runs of
// the sources call it here directly (sql-parser.ts decides). See docs/sql-parser.md.
import { setFlagsFromString } from 'node:v8';
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS, type ProjectionKind } from './projection-kinds';
import { parserDialect, type Grouping, type NamePart, type ParseResult, type Positional, type TableName, type TranspileResult } from './sql-parser-types';

type Polyglot = typeof import('@polyglot-sql/sdk');

/** The parser's calls, answered synchronously in the thread that loaded it. */
export interface LocalSqlParser {
  readonly id: string;
  analyze(sql: string, dialect: string): ParseResult;
  transpile(sql: string, from: string, to: string): TranspileResult;
}

/** Compiles the WASM module and returns the parser. Rejects when it cannot be loaded. */
export async function openLocalParser(): Promise<LocalSqlParser> {
  liftoffOnly();
  const polyglot: Polyglot = await import('@polyglot-sql/sdk');
  await polyglot.init();
  return adapter(polyglot);
}

/**
 * The parser is a large WASM module. V8's default tiers hot WASM functions up to its optimizing
 * compiler in the background, which costs this module far more CPU than it saves in one CLI run:
 * measured on 2 cores, the first parse costs 225 ms of CPU by default and 95 ms with baseline
 * code only, 2,000 transpiles 5.6 s and 1.1 s (docs/sql-parser.md). V8 reads the flag when it
 * compiles, so it is set before the module loads; it applies to the rest of the process (PGlite,
 * also WASM, measured cheaper in CPU with it too).
 */
function liftoffOnly(): void {
  if (process.env.VDE_WASM_TIER_UP === '1') return;
  setFlagsFromString('--liftoff-only');
}

function adapter(p: Polyglot): LocalSqlParser {
  const known = new Set(p.getDialects());
  const dialectOf = (d: string): string => {
    const name = parserDialect(d);
    if (!known.has(name)) throw new Error(`unknown SQL dialect ${d}`);
    return name;
  };
  return {
    id: `@polyglot-sql/sdk@${p.getVersion()}`,
    analyze(sql, dialect) {
      let parsed: ReturnType<Polyglot['parse']>;
      try {
        parsed = p.parse(sql, dialectOf(dialect) as Parameters<Polyglot['parse']>[1]);
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
      if (!parsed.success || !parsed.ast) return { ok: false, error: parsed.error ?? 'the parser returned no tree' };
      const statements = parsed.ast as unknown[];
      if (statements.length !== 1) return { ok: false, error: `expected one query, found ${statements.length} statements` };
      return analyzeTree(statements[0]);
    },
    transpile(sql, from, to) {
      try {
        const r = p.transpile(sql, dialectOf(from) as Parameters<Polyglot['transpile']>[1], dialectOf(to) as Parameters<Polyglot['transpile']>[2], {
          unsupportedLevel: 'raise',
        });
        if (!r.success || !r.sql || r.sql.length !== 1) return { ok: false, error: r.error ?? `expected one statement, got ${r.sql?.length ?? 0}` };
        return { ok: true, sql: r.sql[0]! };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Reading the tree. Nodes are `{ <type>: { ...fields } }`; fields hold nested nodes.
// ------------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The single `{type: fields}` of a node, or null when `v` is not a node. */
function nodeOf(v: unknown): [string, Obj] | null {
  if (!isObj(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  const inner = v[keys[0]!];
  return isObj(inner) ? [keys[0]!, inner] : null;
}

// Node types that compute one value from their operands. A type not listed (and not a known
// function or aggregate) counts as `other`: when in doubt, a new projection is breaking.
const SCALAR_NODES = new Set(
  `alias column identifier literal boolean null star dot subscript paren neg not add sub mul div mod int_div
  concat eq neq lt lte gt gte and or xor is_null is_true is_false between in like i_like similar_to
  null_safe_eq null_safe_neq case cast try_cast safe_cast interval extract coalesce upper lower trim
  substring length abs floor ceil round if_func map_func array_func struct tuple bitwise_and bitwise_or
  bitwise_xor bitwise_not bitwise_left_shift bitwise_right_shift current_date current_time
  current_timestamp nullif greatest least date_trunc ordered`.split(/\s+/),
);

// Aggregate node types (besides `aggregate_function`, the parser's own "this aggregates").
const AGGREGATE_NODES = new Set(
  `count sum avg min max array_agg string_agg list_agg group_concat logical_and logical_or stddev
  stddev_pop stddev_samp variance var_pop var_samp median mode any_value approx_count_distinct
  approx_distinct within_group first last percentile_cont percentile_disc count_if corr covar_pop
  covar_samp bit_and bit_or bit_xor arbitrary json_agg object_agg`.split(/\s+/),
);

const SUBQUERY_NODES = new Set(['subquery', 'select', 'union', 'intersect', 'except', 'exists', 'values']);

/** How adding `expr` as a projection could change the row set. */
export function kindOfExpression(expr: unknown): ProjectionKind {
  let aggregate = false;
  let other = false;
  const walk = (v: unknown): void => {
    if (other) return;
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    const node = nodeOf(v);
    if (!node) {
      if (isObj(v)) Object.values(v).forEach(walk);
      return;
    }
    const [type, fields] = node;
    if (type === 'window_function') return; // one value per input row
    if (SUBQUERY_NODES.has(type)) {
      other = true;
      return;
    }
    if (type === 'function') {
      const name = String(fields.name ?? '').toLowerCase();
      if (AGGREGATE_FUNCTIONS.has(name)) aggregate = true;
      else if (!SCALAR_FUNCTIONS.has(name)) {
        other = true;
        return;
      }
    } else if (type === 'aggregate_function' || AGGREGATE_NODES.has(type)) aggregate = true;
    else if (!SCALAR_NODES.has(type) && !SCALAR_FUNCTIONS.has(type)) {
      other = true;
      return;
    }
    Object.values(fields).forEach(walk);
  };
  walk(expr);
  return other ? 'other' : aggregate ? 'aggregate' : 'scalar';
}

function analyzeTree(statement: unknown): ParseResult {
  const root = nodeOf(statement);
  if (!root) return { ok: false, error: 'not a query' };
  const [type, fields] = root;
  const tables = tablesOf(statement);
  if (type === 'select') {
    const expressions = (fields.expressions as unknown[] | undefined) ?? [];
    const group = fields.group_by as { expressions?: unknown[]; all?: boolean } | null;
    let grouping: Grouping = 'none';
    if (group) grouping = group.all || (group.expressions ?? []).some(isAllKeyword) ? 'all' : 'by';
    else if (fields.having) grouping = 'having';
    const orderItems = ((fields.order_by as { expressions?: { this?: unknown }[] } | null)?.expressions ?? []).map((o) => o.this);
    const byItems = [...(group?.expressions ?? []), ...orderItems];
    const positional: Positional = byItems.some(isAllKeyword) ? 'all' : byItems.some(isNumberLiteral) ? 'index' : 'none';
    const distinct = fields.distinct === true || (Array.isArray(fields.distinct_on) && fields.distinct_on.length > 0);
    return { ok: true, analysis: { projectionKinds: expressions.map(kindOfExpression), grouping, positional, distinct, tables } };
  }
  if (type === 'union' || type === 'intersect' || type === 'except') {
    // A projection added to a set operation is added to every branch, which changes the query
    // outside the first select list anyway: call every added projection `other`.
    let left: unknown = statement;
    for (let n = nodeOf(left); n && n[0] !== 'select'; n = nodeOf(left)) left = n[1].left ?? n[1].this;
    const first = nodeOf(left);
    const count = first ? ((first[1].expressions as unknown[] | undefined) ?? []).length : 0;
    return { ok: true, analysis: { projectionKinds: new Array<ProjectionKind>(count).fill('other'), grouping: 'none', positional: 'none', distinct: true, tables } };
  }
  return { ok: false, error: `a model's query must be a SELECT (found ${type})` };
}

const isNumberLiteral = (v: unknown): boolean => {
  const n = nodeOf(v);
  return !!n && n[0] === 'literal' && n[1].literal_type === 'number';
};

const isAllKeyword = (v: unknown): boolean => {
  const n = nodeOf(v);
  if (!n || n[0] !== 'column' || n[1].table) return false;
  const name = n[1].name as NamePart | undefined;
  return !!name && !name.quoted && name.name.toUpperCase() === 'ALL';
};

/** Every table the statement reads, minus names its CTEs define. */
function tablesOf(statement: unknown): TableName[] {
  const ctes = new Set<string>();
  const out: TableName[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!isObj(v)) return;
    const node = nodeOf(v);
    if (node && node[0] === 'table') {
      const f = node[1];
      const part = (x: unknown): NamePart | undefined => (isObj(x) && typeof x.name === 'string' ? { name: x.name, quoted: x.quoted === true } : undefined);
      const name = part(f.name);
      if (name) {
        const schema = part(f.schema);
        const catalog = part(f.catalog);
        out.push({ name, ...(schema ? { schema } : {}), ...(catalog ? { catalog } : {}) });
      }
    }
    if (Array.isArray(v.ctes)) {
      for (const cte of v.ctes as Obj[]) {
        const alias = cte.alias as NamePart | undefined;
        if (alias?.name) ctes.add(alias.name.toLowerCase());
      }
    }
    Object.values(v).forEach(walk);
  };
  walk(statement);
  return out.filter((t) => t.schema || !ctes.has(t.name.name.toLowerCase()));
}
