// Promotion of a prod virtual schema on Snowflake (via the stand-in): the staging-schema SWAP when
// vde owns the schema, carrying schema grants, view grants and future grants across; per-view
// replacement when it does not, saying why; a crash before the swap leaves prod untouched and a
// re-run converges.
import { promoteSchema, stagingSchema } from '../../src/engines/snowflake/promotion';
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import type { Queryable, ViewSpec } from '../../src/engines/types';
import { connect, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: SnowflakeEngine;
let admin: SfConnection;

beforeAll(async () => {
  h = await startStandIn({ roles: ['REPORTER', 'ANALYST', 'OTHER_OWNER'] });
  engine = new SnowflakeEngine({
    type: 'snowflake', account: 'STANDIN', username: 'vde', password: 'vde', database: 'VDE', warehouse: 'COMPUTE_WH', host: '127.0.0.1', port: h.standIn.port, protocol: 'http',
  });
  admin = await connect(h.standIn);
  await admin.query('CREATE SCHEMA vde__marts');
  await admin.query('CREATE TABLE vde__marts.orders__v1 AS SELECT 1 AS version');
  await admin.query('CREATE TABLE vde__marts.orders__v2 AS SELECT 2 AS version');
  await admin.query('CREATE TABLE vde__marts.customers__v1 AS SELECT 1 AS version');
});

afterAll(async () => {
  await engine?.close();
  await admin?.close();
  await h?.close();
});

const view = (schema: string, name: string, table: string): ViewSpec => ({
  view: { schema, name },
  select: `SELECT * FROM "VDE__MARTS"."${table}"`,
});

async function grants(kind: string, name: string): Promise<string[]> {
  const rows = await admin.query<{ privilege: string; grantee_name: string }>(`SHOW GRANTS ON ${kind} ${name}`);
  return rows.map((r) => `${r.privilege}:${r.grantee_name}`).sort();
}

async function setUpProd(schema: string): Promise<void> {
  await engine.swapViews(engine, [view(schema, 'ORDERS', 'ORDERS__V1'), view(schema, 'OLD', 'CUSTOMERS__V1')], []);
  await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ROLE reporter`);
  await admin.query(`GRANT SELECT ON VIEW ${schema}.orders TO ROLE reporter`);
  await admin.query(`GRANT SELECT ON FUTURE VIEWS IN SCHEMA ${schema} TO ROLE analyst`);
}

test('a schema holding only vde views is promoted by SWAP; every grant survives', async () => {
  await setUpProd('MARTS');
  const before = h.standIn.history.records.length;
  const result = await promoteSchema(engine, 'MARTS', [view('MARTS', 'ORDERS', 'ORDERS__V2'), view('MARTS', 'CUSTOMERS', 'CUSTOMERS__V1')], [{ schema: 'MARTS', name: 'OLD' }]);
  expect(result).toEqual({ schema: 'MARTS', path: 'swap' });
  expect(h.standIn.history.records.slice(before).some((r) => /ALTER SCHEMA "MARTS" SWAP WITH "MARTS__VDE\$SWAP"/.test(r.queryText))).toBe(true);
  expect(await admin.query('SELECT version FROM marts.orders')).toEqual([{ VERSION: 2 }]);
  expect(await admin.query('SELECT version FROM marts.customers')).toEqual([{ VERSION: 1 }]);
  expect((await admin.query("SHOW OBJECTS IN SCHEMA marts")).map((r) => r.name).sort()).toEqual(['CUSTOMERS', 'ORDERS']);
  expect(await grants('SCHEMA', 'marts')).toEqual(['OWNERSHIP:SYSADMIN', 'USAGE:REPORTER']);
  expect(await grants('VIEW', 'marts.orders')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  // A view that is new in this promotion gets the schema's future grants, as it would on prod.
  expect(await grants('VIEW', 'marts.customers')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:ANALYST']);
  const future = await admin.query<{ privilege: string; grantee_name: string }>('SHOW FUTURE GRANTS IN SCHEMA marts');
  expect(future.map((r) => `${r.privilege}:${r.grantee_name}`)).toEqual(['SELECT:ANALYST']);
  expect(await admin.query(`SHOW SCHEMAS LIKE '${stagingSchema('MARTS').replace(/_/g, '\\_')}'`)).toEqual([]);
});

test('a schema holding a user\'s own object is repointed view by view, and the result says why', async () => {
  await setUpProd('SALES');
  await admin.query('CREATE TABLE sales.users_table (x NUMBER)');
  const result = await promoteSchema(engine, 'SALES', [view('SALES', 'ORDERS', 'ORDERS__V2')], [{ schema: 'SALES', name: 'OLD' }]);
  expect(result.path).toBe('in-place');
  expect(result.reason).toMatch(/holds 1 object\(s\) vde does not manage: USERS_TABLE \(table\)/);
  expect(await admin.query('SELECT version FROM sales.orders')).toEqual([{ VERSION: 2 }]);
  expect(await grants('VIEW', 'sales.orders')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  expect(await admin.query('SELECT COUNT(*) AS n FROM sales.users_table')).toEqual([{ N: 0 }]);
});

test('a schema another role owns is repointed view by view', async () => {
  await setUpProd('OWNED');
  await admin.query('GRANT OWNERSHIP ON SCHEMA owned TO ROLE other_owner');
  const result = await promoteSchema(engine, 'OWNED', [view('OWNED', 'ORDERS', 'ORDERS__V2')], [{ schema: 'OWNED', name: 'OLD' }]);
  expect(result.path).toBe('in-place');
  expect(result.reason).toMatch(/owned by role OTHER_OWNER, not SYSADMIN/);
});

test('a first promotion creates the schema', async () => {
  expect(await promoteSchema(engine, 'FRESH', [view('FRESH', 'ORDERS', 'ORDERS__V1')], [])).toEqual({ schema: 'FRESH', path: 'new-schema' });
  expect(await admin.query('SELECT version FROM fresh.orders')).toEqual([{ VERSION: 1 }]);
});

test('a crash before the swap leaves prod untouched; the re-run converges and cleans up', async () => {
  await setUpProd('CRASHY');
  const create = [view('CRASHY', 'ORDERS', 'ORDERS__V2'), view('CRASHY', 'CUSTOMERS', 'CUSTOMERS__V1')];
  const dying: Queryable = {
    query: (sql, params) => {
      if (/SWAP WITH/.test(sql)) throw new Error('killed before the swap');
      return engine.query(sql, params);
    },
  };
  await expect(promoteSchema(dying, 'CRASHY', create, [{ schema: 'CRASHY', name: 'OLD' }])).rejects.toThrow('killed');
  expect(await admin.query('SELECT version FROM crashy.orders')).toEqual([{ VERSION: 1 }]);
  expect((await admin.query('SHOW OBJECTS IN SCHEMA crashy')).map((r) => r.name).sort()).toEqual(['OLD', 'ORDERS']);
  expect(await promoteSchema(engine, 'CRASHY', create, [{ schema: 'CRASHY', name: 'OLD' }])).toEqual({ schema: 'CRASHY', path: 'swap' });
  expect((await admin.query('SHOW OBJECTS IN SCHEMA crashy')).map((r) => r.name).sort()).toEqual(['CUSTOMERS', 'ORDERS']);
  expect(await grants('VIEW', 'crashy.orders')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  expect(await grants('VIEW', 'crashy.customers')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:ANALYST']);
});

test('a staging schema holding something vde did not put there is never dropped: the promotion goes view by view', async () => {
  await setUpProd('GUARDED');
  await admin.query(`CREATE SCHEMA "${stagingSchema('GUARDED')}"`);
  await admin.query(`CREATE TABLE "${stagingSchema('GUARDED')}".precious AS SELECT 42 AS x`);
  const result = await promoteSchema(engine, 'GUARDED', [view('GUARDED', 'ORDERS', 'ORDERS__V2')], [{ schema: 'GUARDED', name: 'OLD' }]);
  expect(result.path).toBe('in-place');
  expect(result.reason).toMatch(/staging schema GUARDED__VDE\$SWAP holds objects vde did not put there: PRECIOUS/);
  expect(await admin.query(`SELECT x FROM "${stagingSchema('GUARDED')}".precious`)).toEqual([{ X: 42 }]);
});
