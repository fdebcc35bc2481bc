// The table diff on Snowflake (via the stand-in): Snowflake's `/` never truncates, so the per-column
// change counts must not rely on integer division; a row whose several columns changed counts in
// each of them.
import { diffModels } from '../../src/diff/table-diff';
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import { connect, startStandIn, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: SnowflakeEngine;

beforeAll(async () => {
  h = await startStandIn();
  engine = new SnowflakeEngine({
    type: 'snowflake', account: 'STANDIN', username: 'vde', password: 'vde', database: 'VDE', warehouse: 'COMPUTE_WH', host: '127.0.0.1', port: h.standIn.port, protocol: 'http',
  });
  const c = await connect(h.standIn);
  await c.query('CREATE SCHEMA d');
  await c.query(`CREATE TABLE d.f AS SELECT * FROM (
      SELECT 1 AS id, 'a' AS name, 10 AS qty, 1.5 AS amt UNION ALL
      SELECT 2, 'b', 20, 2.5 UNION ALL
      SELECT 3, 'c', 30, 3.5 UNION ALL
      SELECT 4, 'd', 40, 4.5) s`);
  await c.query(`CREATE TABLE d.t AS SELECT * FROM (
      SELECT 1 AS id, 'a' AS name, 10 AS qty, 1.5 AS amt UNION ALL
      SELECT 2, 'B', 21, 2.5 UNION ALL
      SELECT 3, 'C', 31, 3.75 UNION ALL
      SELECT 5, 'e', 50, 5.5) s`);
  await c.close();
});

afterAll(async () => {
  await engine?.close();
  await h?.close();
});

test('keyed: rows, and per-column counts when several columns of one row changed', async () => {
  const r = await diffModels(engine, 'prod', 'pr_1', [{ model: 'd.x', category: 'breaking', from: { schema: 'D', name: 'F' }, to: { schema: 'D', name: 'T' }, on: ['ID'] }], { samples: 0 });
  const md = r.models[0]!;
  expect(md.error).toBeUndefined();
  expect(md.rows).toEqual({ from: 4, to: 4, added: 1, removed: 1, changed: 2, unchanged: 1 });
  expect(Object.fromEntries(md.columns.map((c) => [c.name, c.changed]))).toEqual({ NAME: 2, QTY: 2, AMT: 1 });
});

test('keyless: rows compared as multisets', async () => {
  const r = await diffModels(engine, 'prod', 'pr_1', [{ model: 'd.x', category: 'breaking', from: { schema: 'D', name: 'F' }, to: { schema: 'D', name: 'T' }, on: [] }], { samples: 1 });
  expect(r.models[0]!.error).toBeUndefined();
  expect(r.models[0]!.rows).toEqual({ from: 4, to: 4, added: 3, removed: 3, changed: null, unchanged: 1 });
});

test('samples, a tolerance and a --where run on Snowflake SQL', async () => {
  const r = await diffModels(
    engine,
    'prod',
    'pr_1',
    [{ model: 'd.x', category: 'breaking', from: { schema: 'D', name: 'F' }, to: { schema: 'D', name: 'T' }, on: ['ID'] }],
    { samples: 2, decimals: 0, where: 'id < 5' },
  );
  const md = r.models[0]!;
  expect(md.error).toBeUndefined();
  expect(md.rows).toEqual({ from: 4, to: 3, added: 0, removed: 1, changed: 2, unchanged: 1 });
  // 3.5 -> 3.75 rounds to the same whole number: within the tolerance.
  expect(Object.fromEntries(md.columns.map((c) => [c.name, c.changed]))).toEqual({ NAME: 2, QTY: 2, AMT: 0 });
  expect(md.samples.removed).toEqual([expect.objectContaining({ ID: '4' })]);
  expect(md.samples.changed.length).toBeGreaterThan(0);
});

describe('--where on Snowflake (no read-only transactions): a filter that could act is refused before anything runs', () => {
  const target = [{ model: 'd.x', category: 'breaking' as const, from: { schema: 'D', name: 'F' }, to: { schema: 'D', name: 'T' }, on: ['ID'] }];
  test.each([
    ["id < 5 AND SYSTEM$CANCEL_ALL_QUERIES(CURRENT_SESSION()) = ''", /SYSTEM\$ function/],
    ['id IN (SELECT x FROM TABLE(my_proc()))', /TABLE\(\.\.\.\)/],
    ['id < 5); DROP TABLE d.t; SELECT (1', /second statement/],
    ['id < seq1.nextval', /NEXTVAL/],
    ['id < 5 /* a comment */ AND "SYSTEM$X"(1) = 1', /SYSTEM\$ function/],
  ])('%s', async (where, reason) => {
    const before = h.standIn.history.records.length;
    const err = await diffModels(engine, 'prod', 'pr_1', target, { samples: 0, where }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe('RefusedError');
    expect(err?.message).toMatch(/^--where: on Snowflake, .* the filter must only read; this one /);
    expect(err?.message).toMatch(reason);
    expect(h.standIn.history.records.length).toBe(before);
  });

  test('the same words inside string literals or comments are only text', async () => {
    const where = "name <> 'SYSTEM$X(1); TABLE(p)' -- nextval; call\n AND id < 5";
    const r = await diffModels(engine, 'prod', 'pr_1', target, { samples: 0, where });
    expect(r.models[0]!.error).toBeUndefined();
    expect(r.models[0]!.rows).toEqual({ from: 4, to: 3, added: 0, removed: 1, changed: 2, unchanged: 1 });
  });
});
