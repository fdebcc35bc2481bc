// The Snowflake engine against the stand-in, through the real snowflake-sdk: what is specific to
// Snowflake (identifier rule, temp-name builds swapped into place, COPY GRANTS, schemas dropped
// only when empty, QUERY_TAG, error codes, secrets never in messages).
import { ConnectionError, WarehouseError } from '../../src/errors';
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import type { SnowflakeConnectionConfig } from '../../src/engines/snowflake/connection';
import { connect, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: SnowflakeEngine;
let admin: SfConnection;

function config(overrides: Partial<SnowflakeConnectionConfig> = {}): SnowflakeConnectionConfig {
  return {
    type: 'snowflake',
    account: 'STANDIN',
    username: 'vde',
    password: 'vde-secret-pw',
    database: 'VDE',
    warehouse: 'COMPUTE_WH',
    role: 'SYSADMIN',
    host: '127.0.0.1',
    port: h.standIn.port,
    protocol: 'http',
    ...overrides,
  };
}

beforeAll(async () => {
  h = await startStandIn({
    roles: ['REPORTER'],
    users: [{ name: 'vde', password: 'vde-secret-pw', roles: ['SYSADMIN'], defaultRole: 'SYSADMIN', defaultWarehouse: 'COMPUTE_WH' }],
  });
  engine = new SnowflakeEngine(config());
  admin = await connect(h.standIn, { password: 'vde-secret-pw' });
});

afterAll(async () => {
  await engine?.close();
  await admin?.close();
  await h?.close();
});

async function fails(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

test('model marts.orders lives in MARTS.ORDERS: user SQL naming it unquoted reads it', async () => {
  const rel = { schema: engine.dialect.normalizeIdentifier('marts'), name: engine.dialect.normalizeIdentifier('orders') };
  await engine.createSchema(engine, rel.schema);
  await engine.createTableAs(rel, 'SELECT 1 AS id, 2.5 AS amount;\n');
  expect(await admin.query('SELECT id, amount FROM marts.orders')).toEqual([{ ID: 1, AMOUNT: 2.5 }]);
  expect(await engine.relationExists(rel)).toBe('table');
  expect(await engine.relationExists({ schema: 'MARTS', name: 'orders' })).toBeNull();
});

test('createTableAs replaces an existing table atomically and leaves no temporary table', async () => {
  const rel = { schema: 'MARTS', name: 'REBUILT' };
  await engine.createTableAs(rel, 'SELECT 1 AS x');
  await engine.createTableAs(rel, "SELECT 'a' AS y");
  expect(await engine.listColumns(rel)).toEqual([{ name: 'Y', type: expect.stringMatching(/^VARCHAR/) }]);
  const names = (await engine.listRelations('MARTS')).map((r) => r.name);
  expect(names).toContain('REBUILT');
  expect(names.filter((n) => n.startsWith('VDE_TMP_'))).toEqual([]);
  const history = h.standIn.history.records.map((r) => r.queryText);
  expect(history.some((t) => /ALTER TABLE .*VDE_TMP_.* SWAP WITH "MARTS"\."REBUILT"/.test(t))).toBe(true);
});

test('a failing build leaves the old table intact and names the code', async () => {
  const rel = { schema: 'MARTS', name: 'KEPT' };
  await engine.createTableAs(rel, 'SELECT 41 AS x');
  const err = await fails(engine.createTableAs(rel, 'SELECT 1 / 0 AS x'));
  expect(err).toBeInstanceOf(WarehouseError);
  expect((err as WarehouseError).detail).toMatch(/^100051 \(22012\): Division by zero/);
  expect((await engine.query('SELECT x FROM marts.kept')).rows).toEqual([{ x: 41 }]);
});

test('views are replaced with COPY GRANTS: grants on them survive', async () => {
  const view = { schema: 'MARTS', name: 'V_ORDERS' };
  await engine.createOrReplaceView(engine, { view, select: 'SELECT * FROM "MARTS"."ORDERS"' });
  await admin.query('GRANT SELECT ON VIEW marts.v_orders TO ROLE reporter');
  await engine.swapViews(engine, [{ view, select: 'SELECT id FROM "MARTS"."ORDERS"' }], []);
  const grants = await admin.query<{ privilege: string; grantee_name: string }>('SHOW GRANTS ON VIEW marts.v_orders');
  expect(grants.map((g) => `${g.privilege}:${g.grantee_name}`).sort()).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  expect(await engine.listColumns(view)).toEqual([{ name: 'ID', type: 'NUMBER(38,0)' }]);
});

test('a schema is dropped only when it holds nothing', async () => {
  await engine.createSchema(engine, 'SCRATCH');
  await admin.query('CREATE TABLE scratch.users_own (x NUMBER)');
  const err = await fails(engine.dropSchema(engine, 'SCRATCH'));
  expect(err.message).toMatch(/still holds 1 object\(s\): USERS_OWN \(table\)/);
  expect(await engine.relationExists({ schema: 'SCRATCH', name: 'USERS_OWN' })).toBe('table');
  await admin.query('DROP TABLE scratch.users_own');
  expect(await engine.dropSchema(engine, 'SCRATCH')).toBe(true);
  expect(await engine.dropSchema(engine, 'SCRATCH')).toBe(false);
});

test('listSchemas matches the prefix exactly (SHOW ... LIKE is case-insensitive and treats _ as a wildcard)', async () => {
  await engine.createSchema(engine, 'VDE__MARTS');
  await engine.createSchema(engine, 'VDEXMARTS');
  await admin.query('CREATE SCHEMA "vde__lower"');
  expect(await engine.listSchemas('VDE__')).toEqual(['VDE__MARTS']);
});

test('loadTable writes seed columns under the identifier rule', async () => {
  async function* batches() {
    yield [
      ['1', 'a'],
      ['2', null],
    ];
  }
  const n = await engine.loadTable({ schema: 'MARTS', name: 'SEED' }, [{ name: 'id', type: 'integer' }, { name: 'label', type: 'varchar(10)' }], batches());
  expect(n).toBe(2);
  expect(await admin.query('SELECT id, label FROM marts.seed ORDER BY id')).toEqual([
    { ID: 1, LABEL: 'a' },
    { ID: 2, LABEL: null },
  ]);
});

test('a transaction rolls back its DML', async () => {
  await engine.query('CREATE TABLE marts.tx (x NUMBER)');
  await fails(
    engine.transaction(async (tx) => {
      await tx.query('INSERT INTO marts.tx VALUES (:1)', [1]);
      throw new Error('boom');
    }),
  );
  expect((await engine.query('SELECT COUNT(*) AS n FROM marts.tx')).rows).toEqual([{ n: 0 }]);
});

test('result keys: upper-case (unquoted) names come back lower-case, quoted ones as written', async () => {
  const r = await engine.query('SELECT 1 AS plain, 2 AS "Mixed", 3 AS "lower"');
  expect(r.rows).toEqual([{ plain: 1, Mixed: 2, lower: 3 }]);
  expect(r.fields.map((f) => f.name)).toEqual(['plain', 'Mixed', 'lower']);
});

test('QUERY_TAG is vde:<command>:<env> on every session, including sessions already open', async () => {
  const tagged = new SnowflakeEngine(config(), { sessions: 2 });
  try {
    await tagged.query('SELECT 101 AS a');
    tagged.setQueryTag('vde:apply:pr_9');
    await Promise.all([tagged.query('SELECT 102 AS a'), tagged.query('SELECT 103 AS a')]);
    const tags = Object.fromEntries(h.standIn.history.records.filter((r) => /^SELECT 10[123]/.test(r.queryText)).map((r) => [r.queryText, r.queryTag]));
    expect(tags).toEqual({ 'SELECT 101 AS a': '', 'SELECT 102 AS a': 'vde:apply:pr_9', 'SELECT 103 AS a': 'vde:apply:pr_9' });
  } finally {
    await tagged.close();
  }
});

test('a failed login is a ConnectionError naming the setting, never the secret', async () => {
  const bad = new SnowflakeEngine(config({ password: 'wrong-password-value' }));
  const err = await fails(bad.query('SELECT 1'));
  await bad.close();
  expect(err).toBeInstanceOf(ConnectionError);
  expect(err.message).toMatch(/cannot connect to Snowflake account STANDIN at http:\/\/127\.0\.0\.1:\d+ as vde: Incorrect username or password/);
  expect((err as ConnectionError).setting).toBe('vde.yaml: connection.username / password');
  expect(err.message).not.toContain('wrong-password-value');
});

test('a statement error never shows a secret that appears in the statement', async () => {
  const err = await fails(engine.query("SELECT nope FROM marts.orders WHERE 'vde-secret-pw' = 'x'"));
  expect(err.message).not.toContain('vde-secret-pw');
  expect((err as WarehouseError).detail).toMatch(/^000904/);
});
