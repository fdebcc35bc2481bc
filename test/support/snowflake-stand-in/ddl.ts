// CREATE / DROP / ALTER of databases, schemas, tables and views, with Snowflake's semantics:
// each statement commits on its own (the executor commits an open transaction first), OR REPLACE
// makes a new object (its grants are gone unless COPY GRANTS), TRANSIENT is recorded, DROP
// SCHEMA drops everything in it whatever CASCADE/RESTRICT say (RESTRICT only concerns foreign
// keys on Snowflake), and renames / SWAP WITH only change names, atomically.
import { PG_DATA_SCHEMA, type Database, type Schema, type SfObject } from './catalog';
import { Cursor } from './cursor';
import { SnowflakeError } from './errors';
import { checkBinds, requireWarehouse, runPg, translateContext, type Exec } from './executor';
import { copyGrants } from './grants';
import { encodeRows, statusResult, type ResultSet, type RowType } from './results';
import { isOp, isWord, type Token } from './tokenizer';
import { pgLiteral, pgRelation, quotePg, resolveRelation, Translator, type ResolvedRelation } from './translate';
import { parseType } from './types';

const ok = () => statusResult('Statement executed successfully.');

function owner(x: Exec): string {
  return x.session.role;
}

/** `[db.]schema` against the session's current database. */
function resolveSchema(x: Exec, parts: string[], action: string): { database: Database; name: string; schema: Schema | undefined } {
  const dbName = parts.length === 2 ? (parts[0] as string) : x.session.database;
  if (!dbName) throw SnowflakeError.noCurrentDatabase(action);
  const database = x.engine.catalog.database(dbName);
  if (!database) throw SnowflakeError.databaseMissing(dbName);
  const name = parts[parts.length - 1] as string;
  return { database, name, schema: x.engine.catalog.schema(database, name) };
}

function resolveObject(x: Exec, parts: string[], action: string): ResolvedRelation {
  return resolveRelation(x.engine.catalog, translateContext(x, action).fn, parts, action);
}

function kindMismatch(found: string, wanted: string): SnowflakeError {
  return SnowflakeError.compilation('002203', '02000', `Object found is of type '${found}', not specified type '${wanted}'.`);
}

async function dropPgTable(x: Exec, object: SfObject): Promise<void> {
  await runPg(x.session, `DROP TABLE IF EXISTS ${pgRelation(object)}`);
}

/** The Snowflake type a result column of this row type has. */
export function sfType(rt: RowType): string {
  switch (rt.type) {
    case 'fixed':
      return `NUMBER(${rt.precision ?? 38},${rt.scale ?? 0})`;
    case 'real':
      return 'FLOAT';
    case 'text':
      return `VARCHAR(${rt.length ?? 16777216})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME(9)';
    case 'timestamp_ntz':
      return 'TIMESTAMP_NTZ(9)';
    case 'timestamp_ltz':
      return 'TIMESTAMP_LTZ(9)';
    case 'timestamp_tz':
      return 'TIMESTAMP_TZ(9)';
    case 'binary':
      return 'BINARY(8388608)';
    default:
      return rt.type.toUpperCase();
  }
}

interface CreateHeader {
  orReplace: boolean;
  transient: boolean;
  secure: boolean;
  kind: string;
  ifNotExists: boolean;
}

function header(c: Cursor): CreateHeader {
  c.expect('CREATE');
  const orReplace = c.accept('OR', 'REPLACE');
  if (c.accept('OR', 'ALTER')) throw SnowflakeError.unsupported('CREATE OR ALTER');
  let transient = false;
  let secure = false;
  for (;;) {
    const w = c.oneOf('TRANSIENT', 'SECURE', 'LOCAL', 'GLOBAL', 'TEMP', 'TEMPORARY', 'VOLATILE', 'RECURSIVE', 'MATERIALIZED');
    if (w === null) break;
    if (w === 'TRANSIENT') transient = true;
    else if (w === 'SECURE') secure = true;
    else if (w !== 'LOCAL' && w !== 'GLOBAL') throw SnowflakeError.unsupported(`CREATE ${w}`);
  }
  const kind = c.oneOf('DATABASE', 'SCHEMA', 'TABLE', 'VIEW', 'ROLE');
  if (!kind) throw SnowflakeError.unsupported(`CREATE ${c.peek()?.text ?? ''}`);
  const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
  if (orReplace && ifNotExists) throw SnowflakeError.compilation('002023', '42601', 'OR REPLACE and IF NOT EXISTS are incompatible.');
  return { orReplace, transient, secure, kind, ifNotExists };
}

/** Skips `KEY = value` options Snowflake allows on CREATE (recorded nowhere, changing nothing). */
function skipProperties(c: Cursor, allowed: string[]): string | undefined {
  let comment: string | undefined;
  for (;;) {
    const t = c.peek();
    if (t?.kind === 'word' && allowed.includes(t.value) && isOp(c.peek(1), '=')) {
      c.i += 2;
      const v = c.literal();
      if (t.value === 'COMMENT') comment = v;
      continue;
    }
    return comment;
  }
}

// --- CREATE DATABASE / SCHEMA / ROLE ---

async function createDatabase(x: Exec, c: Cursor, h: CreateHeader): Promise<ResultSet> {
  const name = c.identifier();
  if (c.accept('CLONE')) throw SnowflakeError.unsupported('CREATE DATABASE ... CLONE');
  skipProperties(c, ['DATA_RETENTION_TIME_IN_DAYS', 'COMMENT']);
  c.end();
  const { catalog } = x.engine;
  const existing = catalog.database(name);
  if (existing) {
    if (h.ifNotExists) return statusResult(`${name} already exists, statement succeeded.`);
    if (!h.orReplace) throw SnowflakeError.alreadyExists(name);
    await dropDatabaseObjects(x, existing);
  }
  const db = catalog.addDatabase(name, owner(x), h.transient);
  catalog.addSchema(db, 'PUBLIC', owner(x), h.transient);
  x.session.database = db.name;
  x.session.schema = 'PUBLIC';
  return statusResult(`Database ${name} successfully created.`);
}

async function dropDatabaseObjects(x: Exec, db: Database): Promise<void> {
  for (const s of x.engine.catalog.schemasOf(db)) await dropSchemaObjects(x, s);
  x.engine.catalog.databases.delete(db.id);
}

async function dropSchemaObjects(x: Exec, schema: Schema): Promise<void> {
  const objects = x.engine.catalog.objectsOf(schema);
  x.engine.catalog.removeSchema(schema);
  for (const o of objects) if (o.kind === 'TABLE') await dropPgTable(x, o);
}

async function createSchema(x: Exec, c: Cursor, h: CreateHeader): Promise<ResultSet> {
  const parts = c.name(2);
  let source: string[] | null = null;
  if (c.accept('CLONE')) {
    source = c.name(2);
    if (isWord(c.peek(), 'AT', 'BEFORE')) throw SnowflakeError.unsupported('Time Travel (AT | BEFORE)');
  }
  const managed = c.accept('WITH', 'MANAGED', 'ACCESS');
  skipProperties(c, ['DATA_RETENTION_TIME_IN_DAYS', 'MAX_DATA_EXTENSION_TIME_IN_DAYS', 'DEFAULT_DDL_COLLATION', 'COMMENT']);
  c.end();
  void managed;
  const { catalog } = x.engine;
  const target = resolveSchema(x, parts, 'CREATE SCHEMA');
  const src = source ? resolveSchema(x, source, 'CREATE SCHEMA') : null;
  if (src && !src.schema) throw SnowflakeError.schemaMissing(`${src.database.name}.${src.name}`);
  if (target.schema) {
    if (h.ifNotExists) return statusResult(`${target.name} already exists, statement succeeded.`);
    if (!h.orReplace) throw SnowflakeError.alreadyExists(target.name);
  }
  // Built under a name no statement can write, then named: a failed clone leaves nothing behind.
  const schema = catalog.addSchema(target.database, `\0pending${catalog.allocateId()}`, owner(x), h.transient);
  try {
    if (src?.schema) await cloneSchemaContents(x, src.schema, schema);
  } catch (err) {
    await dropSchemaObjects(x, schema);
    throw err;
  }
  if (target.schema) await dropSchemaObjects(x, target.schema);
  schema.name = target.name;
  x.session.database = target.database.name;
  x.session.schema = schema.name;
  return statusResult(`Schema ${target.name} successfully created.`);
}

/** A schema clone copies every table and view with the grants on them (not the schema's own). */
async function cloneSchemaContents(x: Exec, from: Schema, to: Schema): Promise<void> {
  const { catalog } = x.engine;
  for (const o of catalog.objectsOf(from)) {
    const id = catalog.allocateId();
    const copy: SfObject = {
      ...o,
      id,
      schemaId: to.id,
      pgName: `o${id}`,
      owner: owner(x),
      createdOn: new Date(),
      transient: o.transient || to.transient,
      grants: o.grants.map((g) => ({ ...g, createdOn: new Date() })),
      declaredTypes: new Map(o.declaredTypes),
      constraints: [...o.constraints],
    };
    if (o.kind === 'TABLE') copy.pgOid = await copyPgTable(x, o, copy.pgName, true);
    catalog.addObject(copy);
  }
}

/** Copies a table's Postgres relation (structure, defaults, NOT NULL; data if `withData`). */
async function copyPgTable(x: Exec, from: SfObject, pgName: string, withData: boolean): Promise<number> {
  const to = `${quotePg(PG_DATA_SCHEMA)}.${quotePg(pgName)}`;
  await runPg(x.session, `CREATE TABLE ${to} (LIKE ${pgRelation(from)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  if (withData) await runPg(x.session, `INSERT INTO ${to} SELECT * FROM ${pgRelation(from)}`);
  return oidOf(x, pgName);
}

async function oidOf(x: Exec, pgName: string): Promise<number> {
  const r = await runPg(x.session, `SELECT ${pgLiteral(`${quotePg(PG_DATA_SCHEMA)}.${quotePg(pgName)}`)}::regclass::oid`);
  return Number(r.rows[0]?.[0]);
}

function createRole(x: Exec, c: Cursor, h: CreateHeader): ResultSet {
  const name = c.identifier();
  skipProperties(c, ['COMMENT']);
  c.end();
  if (x.engine.roles.has(name)) {
    if (h.ifNotExists) return statusResult(`${name} already exists, statement succeeded.`);
    if (!h.orReplace) throw SnowflakeError.alreadyExists(name);
  }
  x.engine.roles.add(name);
  return statusResult(`Role ${name} successfully created.`);
}

// --- CREATE TABLE / VIEW ---

/** Checks an existing object against CREATE's modifiers; returns a result if there is nothing to do. */
function existingCheck(existing: SfObject | null, h: CreateHeader, kind: 'TABLE' | 'VIEW', fqn: string): ResultSet | null {
  if (!existing) return null;
  if (h.ifNotExists) return statusResult(`${existing.name} already exists, statement succeeded.`);
  if (!h.orReplace) throw SnowflakeError.alreadyExists(fqn);
  if (existing.kind !== kind) throw SnowflakeError.compilation('002002', '42710', `Object '${fqn}' already exists as ${existing.kind}`);
  return null;
}

interface ColumnDef {
  name: string;
  sf: string;
  sql: string;
}

function columnDefinitions(x: Exec, tr: Translator, a: number, b: number): { columns: ColumnDef[]; constraints: string[] } {
  const columns: ColumnDef[] = [];
  const constraints: string[] = [];
  for (const [s, e] of tr.splitCommas(a, b)) {
    const c = new Cursor(x.tokens.slice(0, e));
    c.i = s;
    if (c.accept('CONSTRAINT')) c.identifier();
    if (isWord(c.peek(), 'PRIMARY', 'UNIQUE', 'FOREIGN')) {
      constraints.push(x.tokens.slice(c.i, e).map((t) => t.text).join(' '));
      continue;
    }
    const name = c.identifier();
    const type = parseType(x.tokens, c.i);
    c.i = type.next;
    const parts = [`${quotePg(name)} ${type.pg}`];
    while (!c.atEnd()) {
      if (c.accept('NOT', 'NULL')) parts.push('NOT NULL');
      else if (c.accept('NULL')) parts.push('NULL');
      else if (c.accept('PRIMARY', 'KEY')) constraints.push(`PRIMARY KEY (${name})`);
      else if (c.accept('UNIQUE')) constraints.push(`UNIQUE (${name})`);
      else if (c.accept('COMMENT')) c.string();
      else if (c.accept('DEFAULT')) {
        const end = tr.scan(c.i, e, (t) => isWord(t, 'NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'COMMENT', 'CONSTRAINT'));
        parts.push(`DEFAULT ${tr.expr(c.i, end)}`);
        c.i = end;
      } else if (isWord(c.peek(), 'COLLATE', 'AUTOINCREMENT', 'IDENTITY', 'REFERENCES', 'MASKING', 'WITH', 'AS')) {
        throw SnowflakeError.unsupported(`column option ${c.peek()?.value}`);
      } else c.fail();
    }
    columns.push({ name, sf: type.sf, sql: parts.join(' ') });
  }
  return { columns, constraints };
}

async function createTable(x: Exec, c: Cursor, h: CreateHeader): Promise<ResultSet> {
  const { catalog } = x.engine;
  const parts = c.name();
  const target = resolveObject(x, parts, 'CREATE TABLE');
  const done = existingCheck(target.object, h, 'TABLE', target.fqn);
  if (done) return done;
  const transient = h.transient || target.schema.transient;
  const tr = new Translator(x.tokens, translateContext(x, 'CREATE TABLE'));
  const id = catalog.allocateId();
  const pgName = `o${id}`;
  const pgTarget = `${quotePg(PG_DATA_SCHEMA)}.${quotePg(pgName)}`;
  const declaredTypes = new Map<string, string>();
  let constraints: string[] = [];
  let copyFrom: SfObject | null = null;
  let pgOid: number;
  if (c.accept('CLONE') || c.accept('LIKE')) {
    const cloning = isWord(x.tokens[c.i - 1], 'CLONE');
    const src = resolveObject(x, c.name(), 'CREATE TABLE');
    if (isWord(c.peek(), 'AT', 'BEFORE')) throw SnowflakeError.unsupported('Time Travel (AT | BEFORE)');
    if (!src.object) throw SnowflakeError.objectMissing('Table', src.fqn);
    if (src.object.kind !== 'TABLE') throw kindMismatch(src.object.kind, 'TABLE');
    if (cloning && src.object.transient && !transient) {
      throw SnowflakeError.compilation('002002', '0A000', 'Transient object cannot be cloned to a permanent object.');
    }
    const copyGrantsWanted = c.accept('COPY', 'GRANTS');
    c.end();
    if (cloning) requireWarehouse(x.session);
    src.object.declaredTypes.forEach((v, k) => declaredTypes.set(k, v));
    constraints = [...src.object.constraints];
    pgOid = await copyPgTable(x, src.object, pgName, cloning);
    if (copyGrantsWanted) copyFrom = src.object;
  } else if (isOp(c.peek(), '(') && !isWord(c.peek(1), 'SELECT', 'WITH')) {
    const close = tr.closeParen(c.i);
    const afterList = close + 1;
    const namesOnly = tr.splitCommas(c.i + 1, close).every(([s, e]) => e === s + 1);
    if (namesOnly && isWord(x.tokens[tr.scan(afterList, x.tokens.length, (t) => isWord(t, 'AS'))], 'AS')) {
      return createTableAs(x, c, h, target, tr, { pgName, pgTarget, id, transient, columnList: tr.identifierList(c.i + 1, close), at: afterList });
    }
    const defs = columnDefinitions(x, tr, c.i + 1, close);
    c.i = close + 1;
    const copyGrantsWanted = c.accept('COPY', 'GRANTS');
    const comment = skipProperties(c, ['COMMENT', 'DATA_RETENTION_TIME_IN_DAYS', 'CHANGE_TRACKING']);
    if (c.accept('CLUSTER', 'BY')) throw SnowflakeError.unsupported('CLUSTER BY');
    c.end();
    if (defs.columns.length === 0) throw SnowflakeError.syntax("unexpected ')'");
    defs.columns.forEach((col, i) => {
      if (/^(TIMESTAMP_TZ|OBJECT|ARRAY)/.test(col.sf)) declaredTypes.set(String(i + 1), col.sf);
    });
    constraints = defs.constraints;
    const sql = `CREATE TABLE ${pgTarget} (${defs.columns.map((col) => col.sql).join(', ')})`;
    await runPg(x.session, sql, checkBinds(x, tr.result(sql).binds));
    pgOid = await oidOf(x, pgName);
    if (copyGrantsWanted && target.object) copyFrom = target.object;
    void comment;
  } else {
    return createTableAs(x, c, h, target, tr, { pgName, pgTarget, id, transient, columnList: null, at: c.i });
  }
  return finishTable(x, target, { id, pgName, pgOid, transient, declaredTypes, constraints, copyFrom });
}

async function createTableAs(
  x: Exec,
  c: Cursor,
  h: CreateHeader,
  target: ResolvedRelation,
  tr: Translator,
  t: { pgName: string; pgTarget: string; id: number; transient: boolean; columnList: string | null; at: number },
): Promise<ResultSet> {
  void h;
  c.i = t.at;
  const copyGrantsWanted = c.accept('COPY', 'GRANTS');
  skipProperties(c, ['COMMENT', 'DATA_RETENTION_TIME_IN_DAYS']);
  if (c.accept('CLUSTER', 'BY')) throw SnowflakeError.unsupported('CLUSTER BY');
  c.expect('AS');
  requireWarehouse(x.session);
  const query = tr.query(c.i, x.tokens.length);
  const sql = `CREATE TABLE ${t.pgTarget}${t.columnList ? ` (${t.columnList})` : ''} AS ${query}`;
  await runPg(x.session, sql, checkBinds(x, tr.result(sql).binds));
  const pgOid = await oidOf(x, t.pgName);
  await fixNumericScales(x, t.pgTarget, pgOid);
  return finishTable(x, target, {
    id: t.id,
    pgName: t.pgName,
    pgOid,
    transient: t.transient,
    declaredTypes: new Map(),
    constraints: [],
    copyFrom: copyGrantsWanted ? target.object : null,
  });
}

/**
 * Snowflake types every NUMBER column with a precision and scale; Postgres leaves a computed
 * numeric (a literal like 2.5, a division) unconstrained. Give such columns NUMBER(38, s), with s
 * the largest scale present (an approximation of Snowflake's static typing, listed in
 * docs/snowflake.md).
 */
async function fixNumericScales(x: Exec, pgTarget: string, pgOid: number): Promise<void> {
  const cols = await runPg(x.session, `SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = ${pgOid} AND attnum > 0 AND NOT attisdropped AND atttypid = 'numeric'::regtype AND atttypmod < 0`);
  if (cols.rows.length === 0) return;
  const names = cols.rows.map((r) => String(r[0]));
  const scales = await runPg(x.session, `SELECT ${names.map((n) => `COALESCE(MAX(SCALE(${quotePg(n)})), 0)`).join(', ')} FROM ${pgTarget}`);
  const alters = names.map((n, i) => `ALTER COLUMN ${quotePg(n)} TYPE numeric(38, ${Math.min(Number(scales.rows[0]?.[i] ?? 0), 37)})`);
  await runPg(x.session, `ALTER TABLE ${pgTarget} ${alters.join(', ')}`);
}

/** Registers a built table under its name, replacing (and dropping) what had the name. */
async function finishTable(
  x: Exec,
  target: ResolvedRelation,
  t: { id: number; pgName: string; pgOid: number; transient: boolean; declaredTypes: Map<string, string>; constraints: string[]; copyFrom: SfObject | null },
): Promise<ResultSet> {
  const { catalog } = x.engine;
  // Another session may have created or replaced the name while this one built: last one wins,
  // and whatever it replaced is dropped.
  const replaced = catalog.object(target.schema, target.name) ?? null;
  if (replaced && replaced.kind !== 'TABLE') {
    await runPg(x.session, `DROP TABLE IF EXISTS ${quotePg(PG_DATA_SCHEMA)}.${quotePg(t.pgName)}`);
    throw SnowflakeError.compilation('002002', '42710', `Object '${target.fqn}' already exists as ${replaced.kind}`);
  }
  if (replaced) catalog.removeObject(replaced);
  catalog.addObject({
    id: t.id,
    schemaId: target.schema.id,
    name: target.name,
    kind: 'TABLE',
    pgName: t.pgName,
    pgOid: t.pgOid,
    owner: owner(x),
    transient: t.transient,
    grants: t.copyFrom ? copyGrants(t.copyFrom) : catalog.futureGrantsFor(target.schema, 'TABLE', owner(x)),
    declaredTypes: t.declaredTypes,
    constraints: t.constraints,
  });
  if (replaced) await dropPgTable(x, replaced);
  return statusResult(`Table ${target.name} successfully created.`);
}

async function createView(x: Exec, c: Cursor, h: CreateHeader): Promise<ResultSet> {
  const { catalog } = x.engine;
  const parts = c.name();
  const target = resolveObject(x, parts, 'CREATE VIEW');
  const done = existingCheck(target.object, h, 'VIEW', target.fqn);
  if (done) return done;
  const tr = new Translator(x.tokens, translateContext(x, 'CREATE VIEW'));
  let columnList: string[] | undefined;
  if (isOp(c.peek(), '(')) {
    const close = tr.closeParen(c.i);
    columnList = tr.splitCommas(c.i + 1, close).map(([s, e]) => {
      const col = new Cursor(x.tokens.slice(0, e));
      col.i = s;
      const name = col.identifier();
      if (col.accept('COMMENT')) col.string();
      col.end();
      return name;
    });
    c.i = close + 1;
  }
  const copyGrantsWanted = c.accept('COPY', 'GRANTS');
  const comment = skipProperties(c, ['COMMENT', 'CHANGE_TRACKING']);
  c.expect('AS');
  const bodyTokens = x.tokens.slice(c.i);
  const first = bodyTokens[0] as Token | undefined;
  const last = bodyTokens[bodyTokens.length - 1] as Token | undefined;
  if (!first || !last) c.fail();
  const text = x.text.slice(first.pos, last.pos + last.text.length);
  // Compile the body now, in the view's own database and schema (where its unqualified names
  // resolve whenever it is used), and fix its columns: Snowflake checks the view at creation.
  const db = catalog.databaseOf(target.schema);
  const inner = new Translator(bodyTokens, {
    ...translateContext(x, 'CREATE VIEW'),
    fn: { ...translateContext(x, 'CREATE VIEW').fn, database: db.name, schema: target.schema.name },
  });
  const sql = inner.query(0, bodyTokens.length);
  if (inner.result(sql).binds > 0) throw SnowflakeError.unsupported('bind variables in a view definition');
  const probe = await runPg(x.session, `SELECT * FROM (${sql}) AS "v" LIMIT 0`);
  const { rowtype } = encodeRows(probe.fields, []);
  if (columnList && columnList.length !== rowtype.length) {
    throw SnowflakeError.compilation('002057', '42601', `View definition for '${target.fqn}' declared ${columnList.length} column(s), but view query produces ${rowtype.length} column(s).`);
  }
  const columns = rowtype.map((rt, i) => ({ name: columnList?.[i] ?? rt.name, type: sfType(rt) }));
  const replaced = catalog.object(target.schema, target.name) ?? null;
  if (replaced && replaced.kind !== 'VIEW') throw SnowflakeError.compilation('002002', '42710', `Object '${target.fqn}' already exists as ${replaced.kind}`);
  if (replaced) catalog.removeObject(replaced);
  const id = catalog.allocateId();
  catalog.addObject({
    id,
    schemaId: target.schema.id,
    name: target.name,
    kind: 'VIEW',
    pgName: '',
    owner: owner(x),
    transient: false,
    grants: copyGrantsWanted && replaced ? copyGrants(replaced) : catalog.futureGrantsFor(target.schema, 'VIEW', owner(x)),
    declaredTypes: new Map(),
    constraints: [],
    view: { text, ddl: x.text.slice((x.tokens[0] as Token).pos, last.pos + last.text.length), columns, columnList, secure: h.secure },
    comment,
  });
  return statusResult(`View ${target.name} successfully created.`);
}

// --- DROP ---

async function drop(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  c.expect('DROP');
  const kind = c.oneOf('TABLE', 'VIEW', 'SCHEMA', 'DATABASE', 'ROLE');
  if (!kind) throw SnowflakeError.unsupported(`DROP ${c.peek()?.text ?? ''}`);
  const ifExists = c.accept('IF', 'EXISTS');
  const parts = c.name(kind === 'SCHEMA' ? 2 : kind === 'DATABASE' || kind === 'ROLE' ? 1 : 3);
  c.oneOf('CASCADE', 'RESTRICT');
  c.end();
  const { catalog } = x.engine;
  const gone = (name: string) => statusResult(`Drop statement executed successfully (${name} already dropped).`);
  if (kind === 'DATABASE') {
    const db = catalog.database(parts[0] as string);
    if (!db) {
      if (ifExists) return gone(parts[0] as string);
      throw SnowflakeError.databaseMissing(parts[0] as string);
    }
    await dropDatabaseObjects(x, db);
    return statusResult(`${db.name} successfully dropped.`);
  }
  if (kind === 'ROLE') {
    if (!x.engine.roles.delete(parts[0] as string) && !ifExists) throw SnowflakeError.compilation('002003', '02000', `Role '${parts[0]}' does not exist or not authorized.`);
    return statusResult(`${parts[0]} successfully dropped.`);
  }
  if (kind === 'SCHEMA') {
    const r = resolveSchema(x, parts, 'DROP SCHEMA');
    if (!r.schema) {
      if (ifExists) return gone(r.name);
      throw SnowflakeError.schemaMissing(`${r.database.name}.${r.name}`);
    }
    await dropSchemaObjects(x, r.schema);
    return statusResult(`${r.name} successfully dropped.`);
  }
  let target: ResolvedRelation;
  try {
    target = resolveObject(x, parts, `DROP ${kind}`);
  } catch (err) {
    if (ifExists && err instanceof SnowflakeError && err.code === '002003') return gone(parts[parts.length - 1] as string);
    throw err;
  }
  if (!target.object) {
    if (ifExists) return gone(target.name);
    throw SnowflakeError.objectMissing(kind === 'TABLE' ? 'Table' : 'View', target.fqn);
  }
  if (target.object.kind !== kind) throw kindMismatch(target.object.kind, kind);
  catalog.removeObject(target.object);
  if (kind === 'TABLE') await dropPgTable(x, target.object);
  return statusResult(`${target.name} successfully dropped.`);
}

// --- ALTER ---

async function alter(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  c.expect('ALTER');
  const kind = c.oneOf('TABLE', 'VIEW', 'SCHEMA', 'DATABASE');
  if (!kind) throw SnowflakeError.unsupported(`ALTER ${c.peek()?.text ?? ''}`);
  const ifExists = c.accept('IF', 'EXISTS');
  const { catalog } = x.engine;
  if (kind === 'SCHEMA' || kind === 'DATABASE') return alterContainer(x, c, kind, ifExists);
  const target = resolveObject(x, c.name(), `ALTER ${kind}`);
  if (!target.object) {
    if (ifExists) return ok();
    throw SnowflakeError.objectMissing(kind === 'TABLE' ? 'Table' : 'View', target.fqn);
  }
  const object = target.object;
  if (object.kind !== kind) throw kindMismatch(object.kind, kind);
  if (c.accept('RENAME', 'TO')) {
    const dest = resolveObject(x, c.name(), `ALTER ${kind}`);
    c.end();
    if (dest.object) throw SnowflakeError.alreadyExists(dest.fqn);
    object.name = dest.name;
    object.schemaId = dest.schema.id;
    return ok();
  }
  if (c.accept('SWAP', 'WITH')) {
    const other = resolveObject(x, c.name(), `ALTER ${kind}`);
    c.end();
    if (!other.object) throw SnowflakeError.objectMissing('Table', other.fqn);
    if (other.object.kind !== 'TABLE' || kind !== 'TABLE') throw kindMismatch(other.object.kind, 'TABLE');
    const o = other.object;
    [object.name, o.name] = [o.name, object.name];
    [object.schemaId, o.schemaId] = [o.schemaId, object.schemaId];
    return ok();
  }
  if (kind === 'TABLE' && c.accept('ADD')) {
    c.accept('COLUMN');
    const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
    const tr = new Translator(x.tokens, translateContext(x, 'ALTER TABLE'));
    const defs = columnDefinitions(x, tr, c.i, x.tokens.length);
    for (const col of defs.columns) {
      await runPg(x.session, `ALTER TABLE ${pgRelation(object)} ADD COLUMN ${ifNotExists ? 'IF NOT EXISTS ' : ''}${col.sql}`);
    }
    return ok();
  }
  if (kind === 'TABLE' && c.accept('DROP')) {
    c.accept('COLUMN');
    const cols: string[] = [c.identifier()];
    while (c.acceptOp(',')) cols.push(c.identifier());
    c.end();
    for (const col of cols) await runPg(x.session, `ALTER TABLE ${pgRelation(object)} DROP COLUMN ${quotePg(col)}`);
    return ok();
  }
  if (kind === 'TABLE' && c.accept('RENAME', 'COLUMN')) {
    const from = c.identifier();
    c.expect('TO');
    const to = c.identifier();
    c.end();
    await runPg(x.session, `ALTER TABLE ${pgRelation(object)} RENAME COLUMN ${quotePg(from)} TO ${quotePg(to)}`);
    return ok();
  }
  if (c.accept('SET')) {
    const comment = skipProperties(c, ['COMMENT', 'DATA_RETENTION_TIME_IN_DAYS', 'CHANGE_TRACKING']);
    c.end();
    if (comment !== undefined) object.comment = comment;
    return ok();
  }
  throw SnowflakeError.unsupported(`ALTER ${kind} ... ${c.peek()?.text ?? ''}`);
}

async function alterContainer(x: Exec, c: Cursor, kind: 'SCHEMA' | 'DATABASE', ifExists: boolean): Promise<ResultSet> {
  const { catalog } = x.engine;
  if (kind === 'DATABASE') {
    const name = c.identifier();
    const db = catalog.database(name);
    if (!db) {
      if (ifExists) return ok();
      throw SnowflakeError.databaseMissing(name);
    }
    c.expect('RENAME', 'TO');
    const to = c.identifier();
    c.end();
    if (catalog.database(to)) throw SnowflakeError.alreadyExists(to);
    if (x.session.database === db.name) x.session.database = to;
    db.name = to;
    return ok();
  }
  const r = resolveSchema(x, c.name(2), 'ALTER SCHEMA');
  if (!r.schema) {
    if (ifExists) return ok();
    throw SnowflakeError.schemaMissing(`${r.database.name}.${r.name}`);
  }
  const schema = r.schema;
  if (c.accept('RENAME', 'TO')) {
    const dest = resolveSchema(x, c.name(2), 'ALTER SCHEMA');
    c.end();
    if (dest.schema) throw SnowflakeError.alreadyExists(`${dest.database.name}.${dest.name}`);
    schema.name = dest.name;
    schema.databaseId = dest.database.id;
    return ok();
  }
  if (c.accept('SWAP', 'WITH')) {
    const other = resolveSchema(x, c.name(2), 'ALTER SCHEMA');
    c.end();
    if (!other.schema) throw SnowflakeError.schemaMissing(`${other.database.name}.${other.name}`);
    if (other.schema === schema) throw SnowflakeError.compilation('002002', '42710', 'cannot swap a schema with itself');
    // Names (and databases) change hands; everything else — objects, grants on the schema and
    // on its objects, future grants, transience — stays with each schema object.
    const o = other.schema;
    [schema.name, o.name] = [o.name, schema.name];
    [schema.databaseId, o.databaseId] = [o.databaseId, schema.databaseId];
    return ok();
  }
  if (c.accept('ENABLE', 'MANAGED', 'ACCESS') || c.accept('DISABLE', 'MANAGED', 'ACCESS')) {
    c.end();
    return ok();
  }
  if (c.accept('SET')) {
    skipProperties(c, ['COMMENT', 'DATA_RETENTION_TIME_IN_DAYS', 'MAX_DATA_EXTENSION_TIME_IN_DAYS']);
    c.end();
    return ok();
  }
  throw SnowflakeError.unsupported(`ALTER SCHEMA ... ${c.peek()?.text ?? ''}`);
}

export async function executeDdl(x: Exec): Promise<ResultSet> {
  const first = (x.tokens[0] as Token).value;
  if (first === 'UNDROP') throw SnowflakeError.unsupported('UNDROP (Time Travel)');
  if (first === 'DROP') return drop(x);
  if (first === 'ALTER') return alter(x);
  const c = new Cursor(x.tokens);
  const h = header(c);
  switch (h.kind) {
    case 'DATABASE':
      return createDatabase(x, c, h);
    case 'SCHEMA':
      return createSchema(x, c, h);
    case 'ROLE':
      return createRole(x, c, h);
    case 'TABLE':
      return createTable(x, c, h);
    default:
      return createView(x, c, h);
  }
}
