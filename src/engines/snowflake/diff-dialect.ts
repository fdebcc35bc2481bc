// The Snowflake SQL of the table diff (DiffDialect): how Snowflake's type names map to comparison
// families, exact decimals, NULL-safe key fillers and the catalog query. Snowflake has no
// read-only transactions, so instead a user's `--where` is checked before anything runs: a WHERE
// clause cannot hold DML and a request runs one statement only, which leaves the calls that act
// from inside a query (system functions, stored procedures read through TABLE(...), sequences).
// Those are refused (writingFilter; docs/snowflake.md).
import type { DiffDialect, Relation, ValueFamily } from '../types';

const NUMBER = /^(number|numeric|decimal|dec)\s*\(\s*\d+\s*,\s*(\d+)\s*\)$/;
const INTEGER = /^(number|numeric|decimal|int|integer|bigint|smallint|tinyint|byteint)$/;
const FLOAT = /^(float\d?|double( precision)?|real)$/;
const TEMPORAL = /^(date|time|datetime|timestamp(_ntz|_ltz|_tz)?)\b/;
const EQUATABLE = /^(varchar|text|string|char|character|nchar|nvarchar|boolean|binary|varbinary)\b/;

function family(type: string): ValueFamily {
  const t = type.trim().toLowerCase();
  const n = NUMBER.exec(t);
  if (n) return Number(n[2]) === 0 ? 'integer' : 'decimal';
  if (INTEGER.test(t)) return 'integer';
  if (FLOAT.test(t)) return 'float';
  if (TEMPORAL.test(t)) return 'temporal';
  if (EQUATABLE.test(t)) return 'equatable';
  // VARIANT, OBJECT, ARRAY, GEOGRAPHY, ...: compared through their text.
  return 'textual';
}

/**
 * `where` with its string literals and comments blanked out (same length), so that a word inside
 * a literal is never mistaken for a call. Quoted identifiers are kept: `"SYSTEM$X"(...)` is a call.
 */
function code(where: string): string {
  let out = '';
  let i = 0;
  const blank = (to: number) => {
    out += ' '.repeat(to - i);
    i = to;
  };
  while (i < where.length) {
    const two = where.slice(i, i + 2);
    if (two === '--' || two === '//') {
      const end = where.indexOf('\n', i);
      blank(end < 0 ? where.length : end);
    } else if (two === '/*') {
      const end = where.indexOf('*/', i + 2);
      blank(end < 0 ? where.length : end + 2);
    } else if (two === '$$') {
      const end = where.indexOf('$$', i + 2);
      blank(end < 0 ? where.length : end + 2);
    } else if (where[i] === '"') {
      // A quoted identifier is kept as written; only its end matters (a `--` in it starts nothing).
      let j = i + 1;
      while (j < where.length && !(where[j] === '"' && where[j + 1] !== '"')) j += where[j] === '"' ? 2 : 1;
      out += where.slice(i, j + 1);
      i = Math.min(j + 1, where.length);
    } else if (where[i] === "'") {
      let j = i + 1;
      while (j < where.length) {
        if (where[j] === '\\') j += 2;
        else if (where[j] === "'" && where[j + 1] === "'") j += 2;
        else if (where[j] === "'") break;
        else j++;
      }
      blank(Math.min(j + 1, where.length));
    } else {
      out += where[i];
      i++;
    }
  }
  return out;
}

const WRITING: [RegExp, string][] = [
  [/;/, 'holds a second statement (;)'],
  [/\bSYSTEM\$\w*"?\s*\(/i, 'calls a SYSTEM$ function (some act on sessions, queries or objects)'],
  [/\bTABLE\s*\(/i, 'reads from TABLE(...), where a stored procedure could run and write'],
  [/\bNEXTVAL\b/i, 'advances a sequence (NEXTVAL)'],
  [/\b(CALL|EXECUTE)\b/i, 'calls a procedure'],
];

/** The Snowflake DiffDialect; `literal` quotes a string literal (the dialect's quoteLiteral). */
export const snowflakeDiffDialect = (literal: (value: string) => string): DiffDialect => ({
  family,

  exactDecimal(expr, fam) {
    if (fam === 'integer') return `CAST(${expr} AS NUMBER(38,0))`;
    // A NUMBER is exact already; a FLOAT becomes the nearest NUMBER with 12 decimals.
    return fam === 'float' ? `CAST(${expr} AS NUMBER(38,12))` : expr;
  },

  keyFiller(type, fam) {
    const t = type.trim().toLowerCase();
    if (fam === 'integer' || fam === 'decimal' || fam === 'float') return '0';
    if (fam === 'temporal') return t.startsWith('time') && !t.startsWith('timestamp') ? `CAST('00:00:00' AS ${type})` : `CAST('1970-01-01' AS ${type})`;
    if (/^(varchar|text|string|char|character|nchar|nvarchar)\b/.test(t)) return `CAST('' AS ${type})`;
    if (t === 'boolean') return 'FALSE';
    return null;
  },

  readOnlySession: [],

  writingFilter(where) {
    const text = code(where);
    const hit = WRITING.find(([re]) => re.test(text));
    return hit ? `on Snowflake, where a diff cannot run read-only, the filter must only read; this one ${hit[1]}` : null;
  },

  columnsQuery(relations: Relation[]) {
    const match = relations.map((r) => `(table_schema = ${literal(r.schema)} AND table_name = ${literal(r.name)})`).join('\n    OR ');
    return (
      'SELECT table_schema AS schema_name, table_name, column_name,\n' +
      "       CASE WHEN data_type = 'NUMBER' AND numeric_precision IS NOT NULL\n" +
      "              THEN 'NUMBER(' || numeric_precision || ',' || COALESCE(numeric_scale, 0) || ')'\n" +
      "            WHEN data_type = 'TEXT' AND character_maximum_length IS NOT NULL\n" +
      "              THEN 'VARCHAR(' || character_maximum_length || ')'\n" +
      "            WHEN data_type = 'TEXT' THEN 'VARCHAR'\n" +
      '            ELSE data_type END AS data_type\n' +
      '  FROM INFORMATION_SCHEMA.COLUMNS\n' +
      ` WHERE ${match}\n` +
      ' ORDER BY table_schema, table_name, ordinal_position'
    );
  },

  subqueryFence: null,

  // No FILTER clause on Snowflake: LISTAGG skips NULLs, so rows not chosen give NULL and add nothing.
  concatAgg: (expr, when) => `LISTAGG(CASE WHEN ${when} THEN ${expr} END, '')`,
});
