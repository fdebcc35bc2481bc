// SQLMesh's built-in audits as vde runs them: the arguments each takes, and the query that selects
// the rows that violate it (the audit passes when the query returns none). The semantics follow
// what SQLMesh's own queries do (NULL handling included), written as portable SQL: the only
// engine-specific piece, a regular-expression match, comes from the caller (the engine's dialect).
// Pure: arguments are SQL text as written in the model (already transpiled when the caller had to).

/** What the query needs from the engine. */
export interface AuditSqlHelpers {
  /** The audited table, qualified and quoted. */
  table: string;
  /** A boolean SQL expression: `expr` matches the regular expression `pattern` (a SQL string). */
  regexMatch(expr: string, pattern: string): string;
  /** A SQL string literal of `value` on this engine. */
  literal(value: string): string;
}

/** An argument's SQL and, when it was written as a list, its items. */
export interface AuditArgValue {
  sql: string;
  items?: string[];
}

type ArgKind = 'expr' | 'list' | 'bool';

interface Spec {
  /** Arguments the audit takes (besides `blocking`), and which of them it needs. */
  args: Record<string, ArgKind>;
  required: string[];
  sql(a: Args, h: AuditSqlHelpers): string;
}

/** Built-ins vde parses but does not run (their statistics are engine-specific): refused by name. */
export const UNSUPPORTED_BUILTIN_AUDITS: Record<string, string> = {
  kl_divergence: 'its logarithms and column pairing differ between engines',
  chi_square: 'its contingency-table statistics differ between engines',
};

class Args {
  constructor(private readonly values: Record<string, AuditArgValue>) {}
  has(name: string): boolean {
    const v = this.values[name];
    return v !== undefined && !/^null$/i.test(v.sql.trim());
  }
  /** The argument as one expression, in parentheses so that any operator inside binds first. */
  expr(name: string): string {
    return `(${this.values[name]!.sql})`;
  }
  raw(name: string): string {
    return this.values[name]!.sql;
  }
  /** The argument's items: each element of `(a, b)` / `[a, b]`, or the one value. */
  list(name: string): string[] {
    const v = this.values[name]!;
    return v.items ?? [v.sql];
  }
  bool(name: string, fallback: boolean): boolean {
    const v = this.values[name];
    return v === undefined ? fallback : parseBoolean(v.sql) ?? fallback;
  }
}

/** `true`, `false`, `1`, `0` in any case, as SQLMesh reads boolean arguments; null otherwise. */
export function parseBoolean(sql: string): boolean | null {
  const s = sql.trim().toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return null;
}

const or = (parts: string[]) => parts.join(' OR ');

/** `min_v` / `max_v` / `inclusive` bounds on an expression: the condition that violates them. */
function outOfRange(a: Args, value: string): string {
  const inclusive = a.bool('inclusive', true);
  const parts: string[] = [];
  if (a.has('min_v')) parts.push(`${value} ${inclusive ? '<' : '<='} ${a.expr('min_v')}`);
  if (a.has('max_v')) parts.push(`${value} ${inclusive ? '>' : '>='} ${a.expr('max_v')}`);
  return parts.length ? or(parts) : 'FALSE';
}

const column = { column: 'expr' } as const;
const range = { column: 'expr', min_v: 'expr', max_v: 'expr', inclusive: 'bool' } as const;

const SPECS: Record<string, Spec> = {
  not_null: {
    args: { columns: 'list' },
    required: ['columns'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${or(a.list('columns').map((c) => `(${c}) IS NULL`))}`,
  },
  unique_values: {
    args: { columns: 'list' },
    required: ['columns'],
    // Each column on its own: a row whose value another row already has (NULLs count as one value).
    sql: (a, h) => {
      const cols = a.list('columns');
      const ranks = cols.map((c, i) => `ROW_NUMBER() OVER (PARTITION BY (${c}) ORDER BY (${c})) AS vde_rank_${i + 1}`);
      return `SELECT * FROM (SELECT ${ranks.join(', ')} FROM ${h.table}) AS vde_ranked WHERE ${or(cols.map((_, i) => `vde_rank_${i + 1} > 1`))}`;
    },
  },
  unique_combination_of_columns: {
    args: { columns: 'list' },
    required: ['columns'],
    // One row per combination that occurs more than once.
    sql: (a, h) => `SELECT 1 AS vde_duplicate FROM ${h.table} GROUP BY ${a.list('columns').map((c) => `(${c})`).join(', ')} HAVING COUNT(*) > 1`,
  },
  accepted_values: {
    args: { column: 'expr', is_in: 'list' },
    required: ['column', 'is_in'],
    // NULL passes (NULL NOT IN (...) is not true), as in SQLMesh.
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${a.expr('column')} NOT IN (${a.list('is_in').join(', ')})`,
  },
  not_accepted_values: {
    args: { column: 'expr', is_in: 'list' },
    required: ['column', 'is_in'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${a.expr('column')} IN (${a.list('is_in').join(', ')})`,
  },
  number_of_rows: {
    args: { threshold: 'expr' },
    required: ['threshold'],
    // Passes when the table has more than `threshold` rows. Counting stops early when the
    // threshold is a literal whole number.
    sql: (a, h) => {
      const t = a.raw('threshold').trim();
      const source = /^\d+$/.test(t) ? `(SELECT 1 AS vde_row FROM ${h.table} LIMIT ${Number(t) + 1}) AS vde_rows` : h.table;
      return `SELECT 1 AS vde_too_few FROM (SELECT COUNT(*) AS vde_count FROM ${source}) AS vde_counted WHERE vde_count <= ${a.expr('threshold')}`;
    },
  },
  forall: {
    args: { criteria: 'list' },
    required: ['criteria'],
    // A row violates when one criterion is false; NULL passes, as in SQLMesh.
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${or(a.list('criteria').map((c) => `NOT (${c})`))}`,
  },
  accepted_range: {
    args: range,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${outOfRange(a, a.expr('column'))}`,
  },
  at_least_one: {
    args: column,
    required: ['column'],
    // An empty table passes, as in SQLMesh.
    sql: (a, h) =>
      `SELECT 1 AS vde_all_null FROM (SELECT COUNT(*) AS vde_rows, COUNT(${a.expr('column')}) AS vde_values FROM ${h.table}) AS vde_counted WHERE vde_rows > 0 AND vde_values = 0`,
  },
  not_constant: {
    args: column,
    required: ['column'],
    sql: (a, h) => `SELECT 1 AS vde_constant FROM (SELECT COUNT(DISTINCT ${a.expr('column')}) AS vde_distinct FROM ${h.table}) AS vde_counted WHERE vde_distinct <= 1`,
  },
  not_empty_string: {
    args: column,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${a.expr('column')} = ''`,
  },
  not_null_proportion: {
    args: { column: 'expr', threshold: 'expr' },
    required: ['column', 'threshold'],
    // SQLMesh's rule: the share of non-NULL values must be above `threshold`.
    sql: (a, h) =>
      `SELECT 1 AS vde_too_many_nulls FROM (SELECT COUNT(*) AS vde_rows, COUNT(${a.expr('column')}) AS vde_values FROM ${h.table}) AS vde_counted WHERE vde_values <= vde_rows * ${a.expr('threshold')}`,
  },
  sequential_values: {
    args: { column: 'expr', interval: 'expr' },
    required: ['column'],
    sql: (a, h) => {
      const step = a.has('interval') ? a.expr('interval') : '1';
      return `SELECT * FROM (SELECT ${a.expr('column')} AS vde_value, LAG(${a.expr('column')}) OVER (ORDER BY ${a.expr('column')}) AS vde_previous FROM ${h.table}) AS vde_ordered WHERE NOT (vde_value = vde_previous + ${step})`;
    },
  },
  mutually_exclusive_ranges: {
    args: { lower_bound_column: 'expr', upper_bound_column: 'expr', partition_clause: 'expr' },
    required: ['lower_bound_column', 'upper_bound_column'],
    // A row violates when its range is inverted or overlaps the next one (in bound order).
    sql: (a, h) => {
      const lo = a.expr('lower_bound_column');
      const hi = a.expr('upper_bound_column');
      const partition = a.has('partition_clause') && parseBoolean(a.raw('partition_clause')) === null ? `${a.raw('partition_clause')} ` : '';
      return (
        `SELECT * FROM (SELECT ${lo} AS vde_lower, ${hi} AS vde_upper, ` +
        `LEAD(${lo}) OVER (${partition}ORDER BY ${lo}, ${hi}) AS vde_next_lower, ` +
        `ROW_NUMBER() OVER (${partition}ORDER BY ${lo} DESC, ${hi} DESC) = 1 AS vde_is_last FROM ${h.table}) AS vde_ranges ` +
        `WHERE NOT (COALESCE(vde_lower <= vde_upper, FALSE) AND COALESCE(vde_upper <= vde_next_lower, vde_is_last, FALSE))`
      );
    },
  },
  valid_uuid: {
    args: column,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE NOT ${h.regexMatch(`LOWER(${a.expr('column')})`, h.literal('^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'))}`,
  },
  valid_email: {
    args: column,
    required: ['column'],
    // SQLMesh's pattern with the last class's hyphen moved to the end: the same characters, in a
    // form every engine's regular expressions read as a list (Postgres reads `9-.` as a range).
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE NOT ${h.regexMatch(a.expr('column'), h.literal('^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9.-]+$'))}`,
  },
  valid_url: {
    args: column,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE NOT ${h.regexMatch(a.expr('column'), h.literal('^(https?|ftp)://[^\\s/$.?#].[^\\s]*$'))}`,
  },
  valid_http_method: {
    args: column,
    required: ['column'],
    sql: (a, h) =>
      `SELECT * FROM ${h.table} WHERE NOT ${a.expr('column')} IN (${['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'].map((m) => h.literal(m)).join(', ')})`,
  },
  // The pattern-list audits do what SQLMesh's queries do: the `match` ones need a value to match
  // every pattern, the `not_match` ones fail on a value matching any.
  match_regex_pattern_list: {
    args: { column: 'expr', patterns: 'list' },
    required: ['column', 'patterns'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${or(a.list('patterns').map((p) => `NOT ${h.regexMatch(a.expr('column'), p)}`))}`,
  },
  not_match_regex_pattern_list: {
    args: { column: 'expr', patterns: 'list' },
    required: ['column', 'patterns'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${or(a.list('patterns').map((p) => h.regexMatch(a.expr('column'), p)))}`,
  },
  match_like_pattern_list: {
    args: { column: 'expr', patterns: 'list' },
    required: ['column', 'patterns'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${or(a.list('patterns').map((p) => `NOT ${a.expr('column')} LIKE ${p}`))}`,
  },
  not_match_like_pattern_list: {
    args: { column: 'expr', patterns: 'list' },
    required: ['column', 'patterns'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${or(a.list('patterns').map((p) => `${a.expr('column')} LIKE ${p}`))}`,
  },
  z_score: {
    args: { column: 'expr', threshold: 'expr' },
    required: ['column', 'threshold'],
    sql: (a, h) =>
      `SELECT * FROM (SELECT ${a.expr('column')} AS vde_value, AVG(${a.expr('column')}) OVER () AS vde_mean, STDDEV(${a.expr('column')}) OVER () AS vde_stddev FROM ${h.table}) AS vde_stats ` +
      `WHERE ABS((vde_value - vde_mean) / NULLIF(vde_stddev, 0)) > ${a.expr('threshold')}`,
  },
  string_length_between: {
    args: range,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE ${outOfRange(a, `LENGTH(${a.expr('column')})`)}`,
  },
  string_length_equal: {
    args: { column: 'expr', v: 'expr' },
    required: ['column', 'v'],
    sql: (a, h) => `SELECT * FROM ${h.table} WHERE LENGTH(${a.expr('column')}) <> ${a.expr('v')}`,
  },
  mean_in_range: {
    args: range,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM (SELECT AVG(${a.expr('column')}) AS vde_mean FROM ${h.table}) AS vde_stats WHERE ${outOfRange(a, 'vde_mean')}`,
  },
  stddev_in_range: {
    args: range,
    required: ['column'],
    sql: (a, h) => `SELECT * FROM (SELECT STDDEV(${a.expr('column')}) AS vde_stddev FROM ${h.table}) AS vde_stats WHERE ${outOfRange(a, 'vde_stddev')}`,
  },
};

/** Every built-in audit vde knows (each also as `<name>_non_blocking`). */
export const BUILTIN_AUDIT_NAMES: readonly string[] = [...Object.keys(SPECS), ...Object.keys(UNSUPPORTED_BUILTIN_AUDITS)];

/** The arguments a built-in audit takes (`blocking` aside); empty for an unknown name. */
export function builtinAuditArgs(name: string): string[] {
  return Object.keys(SPECS[name]?.args ?? {});
}

/**
 * What is wrong with a call's arguments, or null: an audit vde does not run, a missing required
 * argument, an argument the audit does not take, a list where one value belongs.
 */
export function checkBuiltinArgs(name: string, args: Record<string, AuditArgValue>): { detail: string; arg?: string } | null {
  const unsupported = UNSUPPORTED_BUILTIN_AUDITS[name];
  if (unsupported) return { detail: `vde does not run the built-in audit ${name} (${unsupported}); write the check as a custom audit in audits/` };
  const spec = SPECS[name];
  if (!spec) return { detail: `${name} is not a built-in audit` };
  for (const [key, value] of Object.entries(args)) {
    const kind = spec.args[key];
    if (!kind) return { detail: `audit ${name} takes no argument ${key} (it takes ${Object.keys(spec.args).join(', ')}, and blocking)`, arg: key };
    if (kind === 'bool' && parseBoolean(value.sql) === null) return { detail: `audit ${name}: ${key} must be true or false, got ${value.sql}`, arg: key };
    if (kind === 'list' && value.items && value.items.length === 0) return { detail: `audit ${name}: ${key} is an empty list`, arg: key };
    if (kind === 'expr' && value.items && value.sql.trim().startsWith('[')) return { detail: `audit ${name}: ${key} takes one value, got a list ${value.sql}`, arg: key };
  }
  const missing = spec.required.filter((r) => args[r] === undefined);
  if (missing.length) return { detail: `audit ${name} needs ${missing.map((m) => `${m} :=`).join(' and ')} (${name}(${spec.required.map((r) => `${r} := ...`).join(', ')}))` };
  return null;
}

/** The query selecting the rows that violate a built-in audit. */
export function builtinAuditSql(name: string, args: Record<string, AuditArgValue>, h: AuditSqlHelpers): string {
  const spec = SPECS[name];
  if (!spec) throw new Error(`builtinAuditSql: unknown built-in audit ${name}`);
  return spec.sql(new Args(args), h);
}
