// The SQL incremental models need on Postgres (and PGlite, Postgres 17): plain DML in one
// transaction per batch. MERGE needs Postgres 15 or later.
import type { ColumnInfo, IncrementalDialect, Relation } from '../types';

type Quote = { quoteIdentifier(name: string): string; qualify(r: Relation): string; quoteLiteral(v: string): string };

const TEXT_TYPES = /^(text|character varying|varchar|character|char|bpchar)(\s*\(.*\))?$/;
const TIMESTAMPTZ = /^timestamp(\s*\(\d+\))? with time zone$/;
const TIMESTAMP = /^timestamp(\s*\(\d+\))?( without time zone)?$/;

/** strftime's fields vde writes (SQLMesh's time_column formats are Python strftime). */
export function strftime(at: Date, format: string): string {
  const iso = at.toISOString();
  const fields: Record<string, string> = {
    Y: iso.slice(0, 4),
    m: iso.slice(5, 7),
    d: iso.slice(8, 10),
    H: iso.slice(11, 13),
    M: iso.slice(14, 16),
    S: iso.slice(17, 19),
    '%': '%',
  };
  return format.replace(/%(.)/g, (whole, f: string) => {
    const v = fields[f];
    if (v === undefined) throw new Error(`time_column format ${JSON.stringify(format)}: %${f} is not supported (vde writes %Y %m %d %H %M %S)`);
    return v;
  });
}

function bare(select: string): string {
  return select.replace(/[\s;]+$/, '');
}

export function postgresIncremental(d: Quote): IncrementalDialect {
  const list = (columns: string[]) => columns.map((c) => d.quoteIdentifier(c)).join(', ');
  const insert = (table: Relation, columns: string[], select: string, where = '') =>
    `INSERT INTO ${d.qualify(table)} (${list(columns)}) SELECT ${list(columns)} FROM (${bare(select)}) AS vde_batch${where}`;
  return {
    emptySelect: (select) => `SELECT * FROM (${bare(select)}) AS vde_batch WHERE 1 = 0`,
    timeLiteral(at, columnType, format) {
      const type = columnType.trim().toLowerCase();
      const ts = at.toISOString().replace('T', ' ').replace('Z', '');
      if (type === 'date' || TIMESTAMP.test(type)) return `CAST(${d.quoteLiteral(ts)} AS timestamp)`;
      if (TIMESTAMPTZ.test(type)) return `CAST(${d.quoteLiteral(`${ts}+00`)} AS timestamptz)`;
      if (TEXT_TYPES.test(type)) return d.quoteLiteral(strftime(at, format ?? '%Y-%m-%d'));
      return null;
    },
    replaceRange(table, columns, select, timeColumn, from, to) {
      const col = d.quoteIdentifier(timeColumn);
      const range = ` WHERE ${col} >= ${from} AND ${col} < ${to}`;
      return [`DELETE FROM ${d.qualify(table)}${range}`, insert(table, columns, select, range)];
    },
    merge(table, columns, select, key) {
      const keys = new Set(key);
      const on = key.map((k) => `vde_target.${d.quoteIdentifier(k)} = vde_source.${d.quoteIdentifier(k)}`).join(' AND ');
      const rest = columns.filter((c) => !keys.has(c));
      const update = rest.length ? `\nWHEN MATCHED THEN UPDATE SET ${rest.map((c) => `${d.quoteIdentifier(c)} = vde_source.${d.quoteIdentifier(c)}`).join(', ')}` : '';
      return [
        `MERGE INTO ${d.qualify(table)} AS vde_target USING (${bare(select)}) AS vde_source ON ${on}${update}
WHEN NOT MATCHED THEN INSERT (${list(columns)}) VALUES (${columns.map((c) => `vde_source.${d.quoteIdentifier(c)}`).join(', ')})`,
      ];
    },
    append: (table, columns, select) => [insert(table, columns, select)],
    replaceAll: (table, columns, select) => [`DELETE FROM ${d.qualify(table)}`, insert(table, columns, select)],
    addColumn: (table: Relation, column: ColumnInfo) => `ALTER TABLE ${d.qualify(table)} ADD COLUMN IF NOT EXISTS ${d.quoteIdentifier(column.name)} ${column.type}`,
  };
}
