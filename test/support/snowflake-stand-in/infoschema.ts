// INFORMATION_SCHEMA views of every database and SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY, built
// from the catalog (and, for table columns, from the engine's own column list) as Postgres
// subqueries the translator inlines where the view is named.
import { PG_DATA_SCHEMA, type Catalog, type Database, type SfObject } from './catalog';
import { SnowflakeError } from './errors';
import type { QueryHistory } from './history';
import { pgLiteral, quotePg, type VirtualRelation } from './translate';
import { dataTypeName } from './types';

type PgType = 'text' | 'numeric' | 'timestamptz' | 'boolean';
type Value = string | number | boolean | Date | null;

interface Col {
  name: string;
  type: PgType;
}

function literal(v: Value, type: PgType): string {
  if (v === null) return `NULL::${type}`;
  if (v instanceof Date) return `${pgLiteral(v.toISOString())}::timestamptz`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return `${pgLiteral(String(v))}::${type}`;
}

/** `SELECT ... FROM (VALUES ...)` with named, typed columns (zero rows allowed). */
export function valuesRelation(cols: Col[], rows: Value[][]): string {
  const names = cols.map((c) => quotePg(c.name)).join(', ');
  if (rows.length === 0) {
    return `SELECT ${cols.map((c) => `NULL::${c.type} AS ${quotePg(c.name)}`).join(', ')} WHERE FALSE`;
  }
  const tuples = rows.map((r) => `(${r.map((v, i) => literal(v, (cols[i] as Col).type)).join(', ')})`);
  return `SELECT * FROM (VALUES ${tuples.join(', ')}) AS t(${names})`;
}

const text = (name: string): Col => ({ name, type: 'text' });
const num = (name: string): Col => ({ name, type: 'numeric' });
const ts = (name: string): Col => ({ name, type: 'timestamptz' });

/** Per-table column facts read from Postgres (for tables) joined to the catalog names. */
function tableColumnsSql(catalog: Catalog, tables: SfObject[]): string {
  if (tables.length === 0) return '';
  const map = tables.map((o) => {
    const schema = catalog.schemaOf(o);
    return `(${pgLiteral(o.pgName)}, ${pgLiteral(catalog.databaseOf(schema).name)}, ${pgLiteral(schema.name)}, ${pgLiteral(o.name)})`;
  });
  return `SELECT m.cat AS "TABLE_CATALOG", m.sch AS "TABLE_SCHEMA", m.tab AS "TABLE_NAME", a.attname::text AS "COLUMN_NAME",
      a.attnum::numeric AS "ORDINAL_POSITION", CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS "IS_NULLABLE",
      CASE t.typname WHEN 'numeric' THEN 'NUMBER' WHEN 'int2' THEN 'NUMBER' WHEN 'int4' THEN 'NUMBER' WHEN 'int8' THEN 'NUMBER'
        WHEN 'float4' THEN 'FLOAT' WHEN 'float8' THEN 'FLOAT' WHEN 'bool' THEN 'BOOLEAN' WHEN 'date' THEN 'DATE'
        WHEN 'time' THEN 'TIME' WHEN 'timestamp' THEN 'TIMESTAMP_NTZ' WHEN 'timestamptz' THEN 'TIMESTAMP_LTZ'
        WHEN 'jsonb' THEN 'VARIANT' WHEN 'bytea' THEN 'BINARY' ELSE 'TEXT' END AS "DATA_TYPE",
      CASE WHEN t.typname = 'varchar' AND a.atttypmod > 4 THEN (a.atttypmod - 4)::numeric
           WHEN t.typname IN ('text', 'varchar') THEN 16777216::numeric END AS "CHARACTER_MAXIMUM_LENGTH",
      CASE WHEN t.typname = 'numeric' AND a.atttypmod > 4 THEN (((a.atttypmod - 4) >> 16) & 65535)::numeric
           WHEN t.typname IN ('int2', 'int4', 'int8', 'numeric') THEN 38::numeric END AS "NUMERIC_PRECISION",
      CASE WHEN t.typname = 'numeric' AND a.atttypmod > 4 THEN ((a.atttypmod - 4) & 65535)::numeric
           WHEN t.typname IN ('int2', 'int4', 'int8') THEN 0::numeric END AS "NUMERIC_SCALE"
    FROM (VALUES ${map.join(', ')}) AS m(pgn, cat, sch, tab)
    JOIN pg_catalog.pg_namespace n ON n.nspname = ${pgLiteral(PG_DATA_SCHEMA)}
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = m.pgn
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_type t ON t.oid = a.atttypid`;
}

function columnsRelation(catalog: Catalog, db: Database): string {
  const objects = catalog.schemasOf(db).flatMap((s) => catalog.objectsOf(s));
  const cols: Col[] = [
    text('TABLE_CATALOG'), text('TABLE_SCHEMA'), text('TABLE_NAME'), text('COLUMN_NAME'), num('ORDINAL_POSITION'),
    text('IS_NULLABLE'), text('DATA_TYPE'), num('CHARACTER_MAXIMUM_LENGTH'), num('NUMERIC_PRECISION'), num('NUMERIC_SCALE'),
  ];
  const viewRows: Value[][] = [];
  for (const o of objects) {
    if (o.kind !== 'VIEW' || !o.view) continue;
    const schema = catalog.schemaOf(o);
    o.view.columns.forEach((c, i) => {
      const m = /\((\d+)(?:,(\d+))?\)/.exec(c.type);
      const base = dataTypeName(c.type);
      viewRows.push([
        db.name, schema.name, o.name, c.name, i + 1, 'YES', base,
        base === 'TEXT' ? Number(m?.[1] ?? 16777216) : null,
        base === 'NUMBER' ? Number(m?.[1] ?? 38) : null,
        base === 'NUMBER' ? Number(m?.[2] ?? 0) : null,
      ]);
    });
  }
  const parts = [valuesRelation(cols, viewRows)];
  const tables = tableColumnsSql(catalog, objects.filter((o) => o.kind === 'TABLE'));
  if (tables) parts.push(tables);
  return parts.join('\nUNION ALL\n');
}

export function informationSchema(catalog: Catalog, db: Database, name: string): VirtualRelation {
  const schemas = catalog.schemasOf(db);
  const objects = schemas.flatMap((s) => catalog.objectsOf(s));
  const where = (o: SfObject) => catalog.schemaOf(o).name;
  switch (name) {
    case 'SCHEMATA':
      return {
        sql: valuesRelation(
          [text('CATALOG_NAME'), text('SCHEMA_NAME'), text('SCHEMA_OWNER'), text('IS_TRANSIENT'), ts('CREATED'), text('COMMENT')],
          [
            ...schemas.map((s) => [db.name, s.name, s.owner, s.transient ? 'YES' : 'NO', s.createdOn, null] as Value[]),
            [db.name, 'INFORMATION_SCHEMA', '', 'NO', db.createdOn, 'Views describing the contents of schemas in this database'],
          ],
        ),
      };
    case 'TABLES':
      return {
        sql: valuesRelation(
          [text('TABLE_CATALOG'), text('TABLE_SCHEMA'), text('TABLE_NAME'), text('TABLE_OWNER'), text('TABLE_TYPE'), text('IS_TRANSIENT'), ts('CREATED'), text('COMMENT')],
          objects.map((o) => [
            db.name, where(o), o.name, o.owner, o.kind === 'TABLE' ? 'BASE TABLE' : 'VIEW',
            o.kind === 'TABLE' ? (o.transient ? 'YES' : 'NO') : null, o.createdOn, o.comment ?? null,
          ]),
        ),
      };
    case 'VIEWS':
      return {
        sql: valuesRelation(
          [text('TABLE_CATALOG'), text('TABLE_SCHEMA'), text('TABLE_NAME'), text('TABLE_OWNER'), text('VIEW_DEFINITION'), text('IS_SECURE'), ts('CREATED'), text('COMMENT')],
          objects
            .filter((o) => o.kind === 'VIEW')
            .map((o) => [db.name, where(o), o.name, o.owner, o.view?.ddl ?? '', o.view?.secure ? 'YES' : 'NO', o.createdOn, o.comment ?? null]),
        ),
      };
    case 'COLUMNS':
      return { sql: columnsRelation(catalog, db) };
    case 'TABLE_PRIVILEGES':
      return {
        sql: valuesRelation(
          [text('GRANTOR'), text('GRANTEE'), text('TABLE_CATALOG'), text('TABLE_SCHEMA'), text('TABLE_NAME'), text('PRIVILEGE_TYPE'), text('IS_GRANTABLE'), ts('CREATED')],
          objects.flatMap((o) => [
            [o.owner, o.owner, db.name, where(o), o.name, 'OWNERSHIP', 'YES', o.createdOn] as Value[],
            ...o.grants.map((g) => [g.grantedBy, g.role, db.name, where(o), o.name, g.privilege, g.grantOption ? 'YES' : 'NO', g.createdOn] as Value[]),
          ]),
        ),
      };
    default:
      throw SnowflakeError.objectMissing('Object', `${db.name}.INFORMATION_SCHEMA.${name}`);
  }
}

export function queryHistoryRelation(history: QueryHistory): VirtualRelation {
  return {
    sql: valuesRelation(
      [
        text('QUERY_ID'), text('QUERY_TEXT'), text('DATABASE_NAME'), text('SCHEMA_NAME'), text('QUERY_TYPE'), text('SESSION_ID'),
        text('USER_NAME'), text('ROLE_NAME'), text('WAREHOUSE_NAME'), text('QUERY_TAG'), text('EXECUTION_STATUS'),
        text('ERROR_CODE'), text('ERROR_MESSAGE'), ts('START_TIME'), ts('END_TIME'), num('ROWS_PRODUCED'),
      ],
      history.records.map((r) => [
        r.queryId, r.queryText, r.databaseName, r.schemaName, r.queryType, r.sessionId, r.userName, r.roleName,
        r.warehouseName, r.queryTag, r.executionStatus, r.errorCode, r.errorMessage, r.startTime, r.endTime, r.rowsProduced,
      ]),
    ),
  };
}
