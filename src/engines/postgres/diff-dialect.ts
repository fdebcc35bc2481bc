// The Postgres SQL of the table diff (DiffDialect): how Postgres type names map to comparison
// families, exact decimals, NULL-safe key fillers, the read-only session and the catalog query.
// PGlite shares it unchanged.
import type { DiffDialect, Relation, ValueFamily } from '../types';

const INTEGER = /^(smallint|integer|bigint)$/;
const DECIMAL = /^(numeric|decimal)(\(\d+(,\s*-?\d+)?\))?$|^money$/;
const FLOAT = /^(real|double precision)$/;
const TEMPORAL = /^(date|time|timestamp|interval)\b/;
// Types whose `=` is a value equality. `box` or `point`, for example, have none or an odd one
// (box `=` compares areas), so anything not listed here is compared through its text form.
const EQUATABLE =
  /^(text|character varying|character|varchar|char|"char"|name|citext|boolean|uuid|bytea|jsonb|inet|cidr|macaddr8?|bit|bit varying|tsvector|oid)(\(\d+\))?$/;

function family(type: string): ValueFamily {
  const t = type.trim().toLowerCase();
  if (t.endsWith('[]')) {
    const element = family(t.slice(0, -2));
    return element === 'textual' ? 'textual' : 'equatable';
  }
  if (INTEGER.test(t)) return 'integer';
  if (DECIMAL.test(t)) return 'decimal';
  if (FLOAT.test(t)) return 'float';
  if (TEMPORAL.test(t)) return 'temporal';
  if (EQUATABLE.test(t)) return 'equatable';
  return 'textual';
}

/** The Postgres DiffDialect; `literal` quotes a string literal (the dialect's quoteLiteral). */
export const postgresDiffDialect = (literal: (value: string) => string): DiffDialect => ({
  family,

  exactDecimal(expr, fam) {
    // float8 -> numeric keeps only 15 significant digits; the shortest round-trip text (with
    // extra_float_digits >= 1, set by the session) is exact for the value the float holds.
    return fam === 'float' ? `CAST(CAST(${expr} AS text) AS numeric)` : `CAST(${expr} AS numeric)`;
  },

  keyFiller(type, fam) {
    const t = type.trim().toLowerCase();
    if (fam === 'integer' || fam === 'decimal' || fam === 'float') return '0';
    if (fam === 'temporal') {
      if (t.startsWith('date') || t.startsWith('timestamp')) return `CAST('epoch' AS ${type})`;
      if (t.startsWith('time')) return `CAST('allballs' AS ${type})`;
      if (t.startsWith('interval')) return `CAST('0' AS ${type})`;
      return null;
    }
    if (/^(text|character varying|character|varchar|char|name|citext|bytea)\b/.test(t)) return `CAST('' AS ${type})`;
    if (t === 'boolean') return 'FALSE';
    if (t === 'uuid') return `CAST('00000000-0000-0000-0000-000000000000' AS uuid)`;
    return null;
  },

  // One statement (one round trip), transaction-local like SET LOCAL:
  //   - transaction_read_only: the diff can only read (a `--where` calling nextval() fails);
  //   - parallel_tuple_cost: with the default (0.1) the planner prices a million narrow rows through
  //     Gather above a serial Hash Full Join, measured 1.6–1.7× slower on 2 cores;
  //   - extra_float_digits: the shortest round-trip text for floats, whatever the server default;
  //   - work_mem: the one-pass diff groups the join in a hash table per worker, and below 64 MB
  //     the planner sorts the whole join instead. A larger setting is kept.
  readOnlySession: [
    "SELECT set_config('transaction_read_only', 'on', true), set_config('parallel_tuple_cost', '0.01', true), " +
      "set_config('extra_float_digits', '1', true), set_config('work_mem', CASE WHEN pg_catalog.pg_size_bytes(current_setting('work_mem')) " +
      "< 67108864 THEN '64MB' ELSE current_setting('work_mem') END, true)",
  ],

  columnsQuery(relations: Relation[]) {
    const pairs = relations.map((r) => `(${literal(r.schema)}, ${literal(r.name)})`).join(', ');
    return (
      'SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,\n' +
      '       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type\n' +
      '  FROM pg_catalog.pg_attribute a\n' +
      '  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid\n' +
      '  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n' +
      ` WHERE (n.nspname, c.relname) IN (${pairs})\n` +
      "   AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped\n" +
      ' ORDER BY n.nspname, c.relname, a.attnum'
    );
  },

  // A volatile call stops Postgres from pulling the subquery up into its parent; clock_timestamp()
  // is parallel-safe (random() is not), so the subquery still runs in parallel workers.
  subqueryFence: 'clock_timestamp()',

  // FILTER: rows that are not chosen never reach the aggregate's transition function.
  concatAgg: (expr, when) => `string_agg(${expr}, '') FILTER (WHERE ${when})`,
});
