// What exists on Snowflake: SHOW commands (no warehouse needed, answered from metadata) for
// schemas and relations, INFORMATION_SCHEMA.COLUMNS for column types, SHOW GRANTS for grants.
// SHOW ... LIKE is case-insensitive, so every lookup filters on the exact name afterwards.
import type { ColumnInfo, Queryable, Relation } from '../types';
import { snowflakeCode } from './connection';
import { snowflakeDialect as d } from './dialect';

/** `name` as a SHOW ... LIKE pattern matching exactly it (modulo case). */
export function likeExactly(name: string): string {
  return d.quoteLiteral(name.replace(/[\\%_]/g, (c) => `\\${c}`));
}

/** True for "does not exist or not authorized" (the schema or object is gone). */
export function isMissing(err: unknown): boolean {
  return snowflakeCode(err).code === '002003';
}

export type RelationKind = 'table' | 'view';

function kindOf(showKind: unknown): RelationKind {
  return String(showKind).toUpperCase() === 'VIEW' ? 'view' : 'table';
}

/** ` IN DATABASE "DB"` for SHOW SCHEMAS, or nothing (the connection's database). */
function inDatabase(database: string | undefined): string {
  return database !== undefined ? ` IN DATABASE ${d.quoteIdentifier(database)}` : '';
}

export async function schemaExists(db: Queryable, schema: string, database?: string): Promise<boolean> {
  const r = await db.query<{ name: string }>(`SHOW SCHEMAS LIKE ${likeExactly(schema)}${inDatabase(database)}`);
  return r.rows.some((row) => row.name === schema);
}

/** Schemas of the connection's database (or `database`) whose names start with `prefix` (exact case). */
export async function listSchemas(db: Queryable, prefix: string, database?: string): Promise<string[]> {
  const like = prefix ? ` LIKE ${d.quoteLiteral(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}` : '';
  const r = await db.query<{ name: string }>(`SHOW SCHEMAS${like}${inDatabase(database)}`);
  return r.rows
    .map((row) => row.name)
    .filter((n) => n.startsWith(prefix) && n !== 'INFORMATION_SCHEMA')
    .sort();
}

export async function listRelations(db: Queryable, schema: string, database?: string): Promise<{ name: string; kind: RelationKind }[]> {
  try {
    const r = await db.query<{ name: string; kind: string }>(`SHOW OBJECTS IN SCHEMA ${d.qualifySchema(schema, database)}`);
    return r.rows.map((row) => ({ name: row.name, kind: kindOf(row.kind) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}

export async function relationKind(db: Queryable, relation: Relation): Promise<RelationKind | null> {
  try {
    const r = await db.query<{ name: string; kind: string }>(`SHOW OBJECTS LIKE ${likeExactly(relation.name)} IN SCHEMA ${d.qualifySchema(relation.schema, relation.database)}`);
    const row = r.rows.find((x) => x.name === relation.name);
    return row ? kindOf(row.kind) : null;
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

function typeName(row: Record<string, unknown>): string {
  const t = String(row.data_type ?? '').toUpperCase();
  if (t === 'NUMBER' && row.numeric_precision != null) return `NUMBER(${row.numeric_precision},${row.numeric_scale ?? 0})`;
  if (t === 'TEXT') return row.character_maximum_length != null ? `VARCHAR(${row.character_maximum_length})` : 'VARCHAR';
  return t;
}

export async function listColumns(db: Queryable, relation: Relation): Promise<ColumnInfo[]> {
  const catalog = relation.database !== undefined ? `${d.quoteIdentifier(relation.database)}.` : '';
  const r = await db.query<Record<string, unknown>>(
    `SELECT column_name, data_type, numeric_precision, numeric_scale, character_maximum_length
       FROM ${catalog}INFORMATION_SCHEMA.COLUMNS
      WHERE table_schema = :1 AND table_name = :2
      ORDER BY ordinal_position`,
    [relation.schema, relation.name],
  );
  return r.rows.map((row) => ({ name: String(row.column_name), type: typeName(row) }));
}

export async function relationBytes(db: Queryable, relation: Relation): Promise<number> {
  try {
    const r = await db.query<{ name: string; bytes: unknown }>(`SHOW TABLES LIKE ${likeExactly(relation.name)} IN SCHEMA ${d.qualifySchema(relation.schema, relation.database)}`);
    return Number(r.rows.find((x) => x.name === relation.name)?.bytes ?? 0);
  } catch (err) {
    if (isMissing(err)) return 0;
    throw err;
  }
}

export interface GrantRow {
  privilege: string;
  granteeName: string;
  grantOption: boolean;
}

/** Explicit grants on an object or schema, OWNERSHIP excluded (it cannot be copied). */
export async function grantsOn(db: Queryable, kind: 'VIEW' | 'TABLE' | 'SCHEMA', name: string): Promise<GrantRow[]> {
  const r = await db.query<{ privilege: string; grantee_name: string; grant_option: unknown; granted_to: string }>(`SHOW GRANTS ON ${kind} ${name}`);
  return r.rows
    .filter((row) => row.privilege !== 'OWNERSHIP' && String(row.granted_to ?? 'ROLE').toUpperCase() === 'ROLE')
    .map((row) => ({ privilege: row.privilege, granteeName: row.grantee_name, grantOption: String(row.grant_option).toLowerCase() === 'true' }));
}

export interface FutureGrantRow {
  privilege: string;
  /** TABLE or VIEW. */
  grantOn: string;
  granteeName: string;
}

export async function futureGrantsIn(db: Queryable, schema: string): Promise<FutureGrantRow[]> {
  const r = await db.query<{ privilege: string; grant_on: string; grantee_name: string; grant_to: string }>(`SHOW FUTURE GRANTS IN SCHEMA ${schema}`);
  return r.rows
    .filter((row) => String(row.grant_to ?? 'ROLE').toUpperCase() === 'ROLE')
    .map((row) => ({ privilege: row.privilege, grantOn: row.grant_on, granteeName: row.grantee_name }));
}
