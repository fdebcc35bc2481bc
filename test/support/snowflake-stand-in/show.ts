// SHOW DATABASES | SCHEMAS | TABLES | VIEWS | OBJECTS | PARAMETERS | GRANTS and DESCRIBE
// TABLE | VIEW, with Snowflake's (lower-case) output columns. LIKE is case-insensitive as on
// Snowflake; the default scope is the current database.
import { PG_DATA_SCHEMA, type Database, type Schema, type SfObject } from './catalog';
import { Cursor } from './cursor';
import { SnowflakeError } from './errors';
import { runPg, translateContext, type Exec } from './executor';
import { epochText, showGrants } from './grants';
import { column, STATEMENT_TYPE, type Cell, type ResultSet, type RowType } from './results';
import { pgLiteral, resolveRelation } from './translate';
import { sfTypeOfPg } from './types';

function likeRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

interface Scope {
  databases: Database[];
  schema: Schema | null;
}

function scope(x: Exec, c: Cursor): Scope {
  const { catalog } = x.engine;
  if (c.accept('IN')) {
    if (c.accept('ACCOUNT')) return { databases: [...catalog.databases.values()], schema: null };
    if (c.accept('DATABASE')) {
      const name = c.atEnd() || c.peek()?.kind === 'word' && ['STARTS', 'LIMIT'].includes(c.peek()?.value ?? '') ? x.session.database : c.identifier();
      if (!name) throw SnowflakeError.noCurrentDatabase('SHOW');
      const db = catalog.database(name);
      if (!db) throw SnowflakeError.databaseMissing(name);
      return { databases: [db], schema: null };
    }
    c.accept('SCHEMA');
    const parts = c.name(2);
    const dbName = parts.length === 2 ? (parts[0] as string) : x.session.database;
    if (!dbName) throw SnowflakeError.noCurrentDatabase('SHOW');
    const db = catalog.database(dbName);
    if (!db) throw SnowflakeError.databaseMissing(dbName);
    const schema = catalog.schema(db, parts[parts.length - 1] as string);
    if (!schema) throw SnowflakeError.schemaMissing(`${dbName}.${parts[parts.length - 1]}`);
    return { databases: [db], schema };
  }
  const db = x.session.database ? catalog.database(x.session.database) : undefined;
  return { databases: db ? [db] : [...catalog.databases.values()], schema: null };
}

function table(names: string[], types: Record<string, RowType['type']>, rows: Cell[][]): ResultSet {
  return { rowtype: names.map((n) => column(n, types[n] ?? 'text')), rowset: rows, statementTypeId: STATEMENT_TYPE.select };
}

function visibleSchemas(x: Exec, s: Scope): Schema[] {
  return s.schema ? [s.schema] : s.databases.flatMap((db) => x.engine.catalog.schemasOf(db)).filter((sc) => !sc.name.startsWith('\0'));
}

async function tableStats(x: Exec, objects: SfObject[]): Promise<Map<number, [string, string]>> {
  const tables = objects.filter((o) => o.kind === 'TABLE');
  const out = new Map<number, [string, string]>();
  if (tables.length === 0 || tables.length > 500) return out;
  const sql = tables
    .map((o) => `SELECT ${o.id} AS id, (SELECT count(*) FROM ${PG_DATA_SCHEMA}.${o.pgName}) AS n, pg_total_relation_size(${pgLiteral(`${PG_DATA_SCHEMA}.${o.pgName}`)}::regclass) AS b`)
    .join(' UNION ALL ');
  const r = await runPg(x.session, sql);
  for (const row of r.rows) out.set(Number(row[0]), [String(row[1]), String(row[2])]);
  return out;
}

async function showObjects(x: Exec, what: 'TABLES' | 'VIEWS' | 'OBJECTS', like: RegExp | null, s: Scope): Promise<ResultSet> {
  const { catalog } = x.engine;
  const objects = visibleSchemas(x, s)
    .flatMap((sc) => catalog.objectsOf(sc))
    .filter((o) => (what === 'OBJECTS' || o.kind === what.slice(0, -1)) && (!like || like.test(o.name)));
  const location = (o: SfObject) => {
    const sc = catalog.schemaOf(o);
    return [catalog.databaseOf(sc).name, sc.name];
  };
  if (what === 'VIEWS') {
    return table(
      ['created_on', 'name', 'reserved', 'database_name', 'schema_name', 'owner', 'comment', 'text', 'is_secure', 'is_materialized', 'owner_role_type', 'change_tracking'],
      { created_on: 'timestamp_ltz' },
      objects.map((o) => [epochText(o.createdOn), o.name, '', ...location(o), o.owner, o.comment ?? '', o.view?.ddl ?? '', String(o.view?.secure ?? false), 'false', 'ROLE', 'OFF']),
    );
  }
  const stats = await tableStats(x, objects);
  const kind = (o: SfObject) => (o.kind === 'VIEW' ? 'VIEW' : o.transient ? 'TRANSIENT' : 'TABLE');
  if (what === 'OBJECTS') {
    return table(
      ['created_on', 'name', 'database_name', 'schema_name', 'kind', 'comment', 'cluster_by', 'rows', 'bytes', 'owner', 'retention_time', 'owner_role_type'],
      { created_on: 'timestamp_ltz', rows: 'fixed', bytes: 'fixed' },
      objects.map((o) => [epochText(o.createdOn), o.name, ...location(o), kind(o), o.comment ?? '', '', stats.get(o.id)?.[0] ?? (o.kind === 'VIEW' ? '0' : null), stats.get(o.id)?.[1] ?? (o.kind === 'VIEW' ? '0' : null), o.owner, o.transient ? '0' : '1', 'ROLE']),
    );
  }
  return table(
    ['created_on', 'name', 'database_name', 'schema_name', 'kind', 'comment', 'cluster_by', 'rows', 'bytes', 'owner', 'retention_time', 'automatic_clustering', 'change_tracking', 'is_external', 'owner_role_type'],
    { created_on: 'timestamp_ltz', rows: 'fixed', bytes: 'fixed' },
    objects.map((o) => [epochText(o.createdOn), o.name, ...location(o), kind(o), o.comment ?? '', '', stats.get(o.id)?.[0] ?? null, stats.get(o.id)?.[1] ?? null, o.owner, o.transient ? '0' : '1', 'OFF', 'OFF', 'N', 'ROLE']),
  );
}

async function describe(x: Exec, c: Cursor): Promise<ResultSet> {
  const kind = c.oneOf('TABLE', 'VIEW');
  if (!kind) throw SnowflakeError.unsupported(`DESCRIBE ${c.peek()?.text ?? ''}`);
  const parts = c.name();
  c.end();
  const r = resolveRelation(x.engine.catalog, translateContext(x, 'DESCRIBE').fn, parts, 'DESCRIBE');
  if (!r.object) throw SnowflakeError.objectMissing(kind === 'TABLE' ? 'Table' : 'View', r.fqn);
  const o = r.object;
  const names = ['name', 'type', 'kind', 'null?', 'default', 'primary key', 'unique key', 'check', 'expression', 'comment', 'policy name'];
  if (o.kind === 'VIEW') {
    return table(names, {}, (o.view?.columns ?? []).map((col) => [col.name, col.type, 'COLUMN', 'Y', null, 'N', 'N', null, null, null, null]));
  }
  const res = await runPg(
    x.session,
    `SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
       FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ${pgLiteral(`${PG_DATA_SCHEMA}.${o.pgName}`)}::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  );
  const pk = o.constraints.join(' ');
  return table(
    names,
    {},
    res.rows.map((row) => {
      const name = String(row[1]);
      const type = o.declaredTypes.get(String(row[0])) ?? sfTypeOfPg(String(row[2]));
      return [name, type, 'COLUMN', row[3] === 't' ? 'N' : 'Y', row[4] ?? null, pk.includes(`PRIMARY KEY (${name})`) ? 'Y' : 'N', 'N', null, null, null, null];
    }),
  );
}

export async function executeShow(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  if (c.oneOf('DESCRIBE', 'DESC')) return describe(x, c);
  c.expect('SHOW');
  if (c.accept('TERSE')) throw SnowflakeError.unsupported('SHOW TERSE');
  if (c.peek()?.value === 'GRANTS' || c.peek()?.value === 'FUTURE') return showGrants(x, c);
  const what = c.oneOf('DATABASES', 'SCHEMAS', 'TABLES', 'VIEWS', 'OBJECTS', 'PARAMETERS');
  if (!what) throw SnowflakeError.unsupported(`SHOW ${c.peek()?.text ?? ''}`);
  const like = c.accept('LIKE') ? likeRegex(c.string()) : null;
  if (what === 'PARAMETERS') {
    if (c.accept('IN')) c.expect('SESSION');
    c.end();
    const rows = [...x.session.params]
      .filter(([k]) => !like || like.test(k))
      .map(([k, v]) => [k, String(v), '', 'SESSION', '', typeof v === 'number' ? 'NUMBER' : typeof v === 'boolean' ? 'BOOLEAN' : 'STRING']);
    return table(['key', 'value', 'default', 'level', 'description', 'type'], {}, rows);
  }
  const { catalog } = x.engine;
  if (what === 'DATABASES') {
    c.end();
    const rows = [...catalog.databases.values()]
      .filter((db) => !like || like.test(db.name))
      .map((db) => [epochText(db.createdOn), db.name, 'N', db.name === x.session.database ? 'Y' : 'N', '', db.owner, '', db.transient ? 'TRANSIENT' : '', '1', 'STANDARD']);
    return table(['created_on', 'name', 'is_default', 'is_current', 'origin', 'owner', 'comment', 'options', 'retention_time', 'kind'], { created_on: 'timestamp_ltz' }, rows);
  }
  const s = scope(x, c);
  if (c.accept('STARTS', 'WITH')) throw SnowflakeError.unsupported('SHOW ... STARTS WITH');
  if (c.accept('LIMIT')) throw SnowflakeError.unsupported('SHOW ... LIMIT');
  c.end();
  if (what === 'SCHEMAS') {
    if (s.schema) c.fail();
    const rows = visibleSchemas(x, s)
      .filter((sc) => !like || like.test(sc.name))
      .map((sc) => {
        const db = catalog.databaseOf(sc);
        const current = db.name === x.session.database && sc.name === x.session.schema;
        return [epochText(sc.createdOn), sc.name, 'N', current ? 'Y' : 'N', db.name, sc.owner, '', sc.transient ? 'TRANSIENT' : '', sc.transient ? '0' : '1', 'ROLE'];
      });
    return table(['created_on', 'name', 'is_default', 'is_current', 'database_name', 'owner', 'comment', 'options', 'retention_time', 'owner_role_type'], { created_on: 'timestamp_ltz' }, rows);
  }
  return showObjects(x, what as 'TABLES' | 'VIEWS' | 'OBJECTS', like, s);
}
