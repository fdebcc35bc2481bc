// GRANT / REVOKE and SHOW GRANTS. Grants are recorded on the objects (tables, views, schemas,
// databases) they are given on, so they move with an object through renames and SWAP WITH,
// vanish with it on DROP or CREATE OR REPLACE, and are copied by COPY GRANTS and by schema
// CLONE (child objects only). The stand-in records privileges; it does not enforce them.
import type { Database, FutureGrant, Grant, ObjectKind, Schema, SfObject } from './catalog';
import { Cursor } from './cursor';
import { SnowflakeError } from './errors';
import { translateContext, type Exec } from './executor';
import { column, STATEMENT_TYPE, statusResult, type Cell, type ResultSet } from './results';
import { resolveRelation } from './translate';

const PRIVILEGES: Record<string, string[]> = {
  TABLE: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'EVOLVE SCHEMA', 'REBUILD'],
  VIEW: ['SELECT', 'REFERENCES'],
  SCHEMA: ['USAGE', 'MONITOR', 'MODIFY', 'CREATE TABLE', 'CREATE VIEW', 'CREATE STAGE', 'CREATE FUNCTION', 'CREATE PROCEDURE', 'CREATE SEQUENCE'],
  DATABASE: ['USAGE', 'MONITOR', 'MODIFY', 'CREATE SCHEMA'],
};

export function copyGrants(from: SfObject): Grant[] {
  return from.grants.map((g) => ({ ...g, createdOn: new Date() }));
}

export function epochText(d: Date): string {
  const ms = d.getTime();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}000000`;
}

type Target =
  | { kind: 'TABLE' | 'VIEW'; object: SfObject; fqn: string }
  | { kind: 'SCHEMA'; schema: Schema; fqn: string }
  | { kind: 'DATABASE'; database: Database; fqn: string };

function privilegeList(c: Cursor): string[] {
  const out: string[] = [];
  do {
    if (c.accept('ALL')) {
      c.accept('PRIVILEGES');
      out.push('ALL');
      continue;
    }
    const words = [c.identifier()];
    while (c.peek()?.kind === 'word' && !['ON', 'TO', 'FROM'].includes(c.peek()?.value ?? '') && !(c.peek()?.value === ',')) {
      words.push(c.identifier());
    }
    out.push(words.join(' '));
  } while (c.acceptOp(','));
  return out;
}

export function resolveTarget(x: Exec, kind: string, parts: string[]): Target {
  const { catalog } = x.engine;
  if (kind === 'DATABASE') {
    const database = catalog.database(parts[0] as string);
    if (!database || parts.length > 1) throw SnowflakeError.databaseMissing(parts.join('.'));
    return { kind, database, fqn: database.name };
  }
  if (kind === 'SCHEMA') {
    const dbName = parts.length === 2 ? (parts[0] as string) : x.session.database;
    if (!dbName) throw SnowflakeError.noCurrentDatabase('GRANT');
    const database = catalog.database(dbName);
    if (!database) throw SnowflakeError.databaseMissing(dbName);
    const schema = catalog.schema(database, parts[parts.length - 1] as string);
    if (!schema) throw SnowflakeError.schemaMissing(`${dbName}.${parts[parts.length - 1]}`);
    return { kind, schema, fqn: `${database.name}.${schema.name}` };
  }
  if (kind !== 'TABLE' && kind !== 'VIEW') throw SnowflakeError.unsupported(`grants on ${kind}`);
  const r = resolveRelation(catalog, translateContext(x, 'GRANT').fn, parts, 'GRANT');
  if (!r.object) throw SnowflakeError.objectMissing(kind === 'TABLE' ? 'Table' : 'View', r.fqn);
  if (r.object.kind !== kind) {
    throw SnowflakeError.compilation('002203', '02000', `Object found is of type '${r.object.kind}', not specified type '${kind}'.`);
  }
  return { kind, object: r.object, fqn: r.fqn };
}

function grantsOf(t: Target): Grant[] {
  if (t.kind === 'SCHEMA') return t.schema.grants;
  if (t.kind === 'DATABASE') return t.database.grants;
  return t.object.grants;
}

function ownerOf(t: Target): string {
  if (t.kind === 'SCHEMA') return t.schema.owner;
  if (t.kind === 'DATABASE') return t.database.owner;
  return t.object.owner;
}

function expand(privs: string[], kind: string): string[] {
  const valid = PRIVILEGES[kind] ?? [];
  const out: string[] = [];
  for (const p of privs) {
    if (p === 'ALL') out.push(...valid);
    else if (p === 'OWNERSHIP') throw SnowflakeError.unsupported('GRANT OWNERSHIP together with other privileges');
    else if (!valid.includes(p)) throw SnowflakeError.compilation('003001', '42501', `Invalid privilege ${p} for ${kind}`);
    else out.push(p);
  }
  return out;
}

export async function executeGrant(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  const grant = c.oneOf('GRANT', 'REVOKE') === 'GRANT';
  if (!grant) c.accept('GRANT', 'OPTION', 'FOR');
  if (c.accept('ROLE')) throw SnowflakeError.unsupported('granting roles to roles or users');
  const privs = privilegeList(c);
  c.expect('ON');
  const { catalog } = x.engine;
  let targets: Target[] = [];
  let future: { schema: Schema; kind: ObjectKind } | null = null;
  const scope = c.oneOf('ALL', 'FUTURE');
  if (scope) {
    const plural = c.oneOf('TABLES', 'VIEWS');
    if (!plural) c.fail();
    const kind: ObjectKind = plural === 'TABLES' ? 'TABLE' : 'VIEW';
    c.expect('IN', 'SCHEMA');
    const t = resolveTarget(x, 'SCHEMA', c.name(2));
    if (t.kind !== 'SCHEMA') return c.fail();
    if (scope === 'FUTURE') future = { schema: t.schema, kind };
    else {
      targets = catalog
        .objectsOf(t.schema)
        .filter((o) => o.kind === kind)
        .map((o) => ({ kind, object: o, fqn: catalog.fqnOf(o) }));
    }
  } else {
    const kind = c.oneOf('TABLE', 'VIEW', 'SCHEMA', 'DATABASE');
    if (!kind) throw SnowflakeError.unsupported(`grants on ${c.peek()?.text ?? ''}`);
    targets = [resolveTarget(x, kind, c.name(kind === 'SCHEMA' ? 2 : kind === 'DATABASE' ? 1 : 3))];
  }
  c.expect(grant ? 'TO' : 'FROM');
  c.expect('ROLE');
  const role = c.identifier();
  const withGrantOption = grant && c.accept('WITH', 'GRANT', 'OPTION');
  if (!grant) c.oneOf('CASCADE', 'RESTRICT');
  c.end();
  if (!x.engine.roles.has(role)) throw SnowflakeError.compilation('002003', '02000', `Role '${role}' does not exist or not authorized.`);
  if (privs.includes('OWNERSHIP')) {
    if (!grant || privs.length !== 1 || future) throw SnowflakeError.unsupported('REVOKE OWNERSHIP / future ownership');
    for (const t of targets) {
      if (t.kind === 'SCHEMA') t.schema.owner = role;
      else if (t.kind === 'DATABASE') t.database.owner = role;
      else t.object.owner = role;
    }
    return statusResult('Statement executed successfully.', STATEMENT_TYPE.ddl);
  }
  if (future) {
    const list = expand(privs, future.kind);
    const fg = future.schema.futureGrants;
    for (const p of list) {
      const i = fg.findIndex((g: FutureGrant) => g.privilege === p && g.kind === future.kind && g.role === role);
      if (grant && i < 0) fg.push({ privilege: p, kind: future.kind, role });
      if (!grant && i >= 0) fg.splice(i, 1);
    }
    return statusResult('Statement executed successfully.', STATEMENT_TYPE.ddl);
  }
  for (const t of targets) {
    const list = expand(privs, t.kind);
    const grants = grantsOf(t);
    for (const p of list) {
      const i = grants.findIndex((g) => g.privilege === p && g.role === role);
      if (grant && i < 0) grants.push({ privilege: p, role, grantOption: withGrantOption, grantedBy: x.session.role, createdOn: new Date() });
      if (!grant && i >= 0) grants.splice(i, 1);
    }
  }
  return statusResult('Statement executed successfully.', STATEMENT_TYPE.ddl);
}

const GRANT_COLUMNS = ['created_on', 'privilege', 'granted_on', 'name', 'granted_to', 'grantee_name', 'grant_option', 'granted_by'];

function grantRowtype() {
  return GRANT_COLUMNS.map((n) => (n === 'created_on' ? column(n, 'timestamp_ltz') : column(n, 'text')));
}

function grantRows(t: Target): Cell[][] {
  const created = t.kind === 'SCHEMA' ? t.schema.createdOn : t.kind === 'DATABASE' ? t.database.createdOn : t.object.createdOn;
  const owner = ownerOf(t);
  const rows: Cell[][] = [[epochText(created), 'OWNERSHIP', t.kind, t.fqn, 'ROLE', owner, 'true', owner]];
  for (const g of grantsOf(t)) rows.push([epochText(g.createdOn), g.privilege, t.kind, t.fqn, 'ROLE', g.role, String(g.grantOption), g.grantedBy]);
  return rows;
}

/** SHOW GRANTS ON <kind> <name> | SHOW GRANTS TO ROLE <role> | SHOW FUTURE GRANTS IN SCHEMA <s>. */
export function showGrants(x: Exec, c: Cursor): ResultSet {
  const { catalog } = x.engine;
  if (c.accept('FUTURE', 'GRANTS', 'IN', 'SCHEMA')) {
    const t = resolveTarget(x, 'SCHEMA', c.name(2));
    c.end();
    if (t.kind !== 'SCHEMA') return c.fail();
    const rows = t.schema.futureGrants.map((g) => [epochText(t.schema.createdOn), g.privilege, g.kind, `${t.fqn}.<${g.kind}>`, 'ROLE', g.role, 'false']);
    return {
      rowtype: ['created_on', 'privilege', 'grant_on', 'name', 'grant_to', 'grantee_name', 'grant_option'].map((n) => (n === 'created_on' ? column(n, 'timestamp_ltz') : column(n, 'text'))),
      rowset: rows,
      statementTypeId: STATEMENT_TYPE.select,
    };
  }
  c.expect('GRANTS');
  if (c.accept('ON')) {
    const kind = c.oneOf('TABLE', 'VIEW', 'SCHEMA', 'DATABASE');
    if (!kind) throw SnowflakeError.unsupported(`SHOW GRANTS ON ${c.peek()?.text ?? ''}`);
    const t = resolveTarget(x, kind, c.name(kind === 'SCHEMA' ? 2 : kind === 'DATABASE' ? 1 : 3));
    c.end();
    return { rowtype: grantRowtype(), rowset: grantRows(t), statementTypeId: STATEMENT_TYPE.select };
  }
  c.expect('TO', 'ROLE');
  const role = c.identifier();
  c.end();
  const rows: Cell[][] = [];
  const all: Target[] = [];
  for (const db of catalog.databases.values()) {
    all.push({ kind: 'DATABASE', database: db, fqn: db.name });
    for (const s of catalog.schemasOf(db)) {
      all.push({ kind: 'SCHEMA', schema: s, fqn: catalog.fqnOfSchema(s) });
      for (const o of catalog.objectsOf(s)) all.push({ kind: o.kind, object: o, fqn: catalog.fqnOf(o) });
    }
  }
  for (const t of all) for (const r of grantRows(t)) if (r[5] === role) rows.push(r);
  return { rowtype: grantRowtype(), rowset: rows, statementTypeId: STATEMENT_TYPE.select };
}
