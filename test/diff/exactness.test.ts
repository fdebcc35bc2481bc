// Exactness of the table diff (issue 11 §1) and the read-only `--where` (issue 7 §2), against a
// real Postgres. Every expected number is written down from the data in the test.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createEngine } from '../../src/engines/index';
import type { Engine } from '../../src/engines/types';
import { diffModels } from '../../src/diff/table-diff';
import type { DiffOptions, DiffTarget, ModelDiff } from '../../src/diff/types';
import { freshDatabase, type TestDatabase } from '../support/pg';

let db: TestDatabase;
let engine: Engine;

const target = (name: string, on: string[] = ['k']): DiffTarget => ({
  model: `m.${name}`,
  category: 'breaking',
  from: { schema: 'ea', name },
  to: { schema: 'eb', name },
  on,
});

async function one(t: DiffTarget, opts: Partial<DiffOptions> = {}): Promise<ModelDiff> {
  const result = await diffModels(engine, 'prod', 'pr_1', [t], { samples: 0, ...opts });
  return result.models[0] as ModelDiff;
}

/** Creates `name` in both environments: `cols` is the column list, rows are SQL tuples. */
async function pair(name: string, fromCols: string, fromRows: string, toCols: string, toRows: string): Promise<void> {
  await engine.query(`CREATE TABLE ea.${name} (${fromCols})`);
  if (fromRows) await engine.query(`INSERT INTO ea.${name} VALUES ${fromRows}`);
  await engine.query(`CREATE TABLE eb.${name} (${toCols})`);
  if (toRows) await engine.query(`INSERT INTO eb.${name} VALUES ${toRows}`);
}

beforeAll(async () => {
  db = await freshDatabase('exact');
  engine = await createEngine({ type: 'postgres', url: db.url });
  await engine.query('CREATE SCHEMA ea');
  await engine.query('CREATE SCHEMA eb');
});

afterAll(async () => {
  await engine?.close();
  await db?.drop();
});

describe('keys are matched on their native type, NULL-safely (§1.1)', () => {
  test('numeric key: 1.0 matches 1.00 even when the other side has a NULL key', async () => {
    await pair('k_numeric', 'k numeric, v int', '(1.0, 1), (2, 2)', 'k numeric, v int', '(1.00, 1), (2, 2), (NULL, 3)');
    const m = await one(target('k_numeric'));
    expect(m.rows).toEqual({ from: 2, to: 3, added: 1, removed: 0, changed: 0, unchanged: 2 });
  });

  test('double precision key: -0 matches 0 next to a NULL key', async () => {
    await pair('k_zero', 'k double precision, v int', "('-0', 1), (5, 2)", 'k double precision, v int', '(0, 1), (5, 2), (NULL, 9)');
    const m = await one(target('k_zero'));
    expect(m.rows).toEqual({ from: 2, to: 3, added: 1, removed: 0, changed: 0, unchanged: 2 });
  });

  test('NULL key parts on both sides still match each other, by value elsewhere', async () => {
    await pair('k_both', 'k numeric, v int', '(1.0, 1), (NULL, 2)', 'k numeric, v int', '(1.00, 1), (NULL, 3)');
    const m = await one(target('k_both'));
    expect(m.rows).toEqual({ from: 2, to: 2, added: 0, removed: 0, changed: 1, unchanged: 1 });
  });

  test('a key retyped from double to numeric: 7 matches 7.0', async () => {
    await pair('k_retyped', 'k double precision, v int', '(7, 1), (8.5, 2), (NULL, 3)', 'k numeric, v int', '(7.0, 1), (8.5, 2), (NULL, 3)');
    const m = await one(target('k_retyped'));
    expect(m.rows).toEqual({ from: 3, to: 3, added: 0, removed: 0, changed: 0, unchanged: 3 });
  });
});

describe('numbers compare by value across integer, numeric and float types (§1.2)', () => {
  test('integer -> numeric(10,2) and bigint -> double precision with equal values: nothing changed', async () => {
    await pair('n_retyped', 'k int, x integer, y bigint', '(1, 5, 1000000000000000), (2, 7, 3)', 'k int, x numeric(10,2), y double precision', '(1, 5.00, 1e15), (2, 7.5, 3)');
    const m = await one(target('n_retyped'));
    expect(m.schema.typeChanged.map((c) => c.name)).toEqual(['x', 'y']);
    expect(m.rows).toEqual({ from: 2, to: 2, added: 0, removed: 0, changed: 1, unchanged: 1 });
    expect(m.columns).toEqual([
      { name: 'x', changed: 1, matchPct: 50 },
      { name: 'y', changed: 0, matchPct: 100 },
    ]);
  });

  test('a key retyped from integer to numeric(10,2) keeps every row matched', async () => {
    await pair('k_int_numeric', 'k int, v text', "(1, 'a'), (2, 'b')", 'k numeric(10,2), v text', "(1.00, 'a'), (2.00, 'c')");
    const m = await one(target('k_int_numeric'));
    expect(m.rows).toEqual({ from: 2, to: 2, added: 0, removed: 0, changed: 1, unchanged: 1 });
  });

  test('--decimals applies to an integer column retyped to numeric', async () => {
    await pair('n_decimals', 'k int, x integer', '(1, 5), (2, 6)', 'k int, x numeric(10,3)', '(1, 5.004), (2, 6.2)');
    expect((await one(target('n_decimals'))).rows.changed).toBe(2);
    expect((await one(target('n_decimals'), { decimals: 2 })).rows.changed).toBe(1);
  });
});

describe('types without `=` never abort the diff (§1.3)', () => {
  test('json and point columns compare through their text form', async () => {
    await pair(
      'no_eq',
      'k int, doc json, p point',
      `(1, '{"a": 1}', '(1,2)'), (2, '{"b": 2}', '(3,4)'), (3, '[1]', '(5,6)')`,
      'k int, doc json, p point',
      `(1, '{"a": 1}', '(1,2)'), (2, '{"b": 3}', '(3,4)'), (3, '[1]', '(5,7)')`,
    );
    const m = await one(target('no_eq'), { samples: 5 });
    expect(m.error).toBeUndefined();
    expect(m.rows).toEqual({ from: 3, to: 3, added: 0, removed: 0, changed: 2, unchanged: 1 });
    expect(m.columns).toEqual([
      { name: 'doc', changed: 1, matchPct: 66.67 },
      { name: 'p', changed: 1, matchPct: 66.67 },
    ]);
    expect(m.samples.changed).toEqual([
      { key: { k: '2' }, column: 'doc', from: '{"b": 2}', to: '{"b": 3}' },
      { key: { k: '3' }, column: 'p', from: '(5,6)', to: '(5,7)' },
    ]);
  });

  test('a model that fails is reported with its error; the others are still compared', async () => {
    await pair('has_v', 'k int, v int', '(1, 1), (2, 2)', 'k int, v int', '(1, 1), (2, 3)');
    await pair('no_v', 'k int, w int', '(1, 1)', 'k int, w int', '(1, 1)');
    const result = await diffModels(engine, 'prod', 'pr_1', [target('no_v'), target('has_v')], { samples: 0, where: 'v > 0' });
    const [failed, ok] = result.models as [ModelDiff, ModelDiff];
    expect(failed.error).toMatch(/column "v" does not exist/);
    expect(failed.rows.added).toBeNull();
    expect(ok.error).toBeUndefined();
    expect(ok.rows).toEqual({ from: 2, to: 2, added: 0, removed: 0, changed: 1, unchanged: 1 });
  });
});

describe('--decimals on floats: |a - b| < 0.5 * 10^-decimals on the exact values (§1.5)', () => {
  beforeAll(async () => {
    await pair(
      'fl',
      'k int, x double precision',
      '(1, 123456789.12345678), (2, 1.0), (3, 1.0), (4, 1.0), (5, 0.1), (6, 2.5)',
      'k int, x double precision',
      '(1, 123456789.12345726), (2, 1.004), (3, 1.006), (4, 1.005), (5, 0.10000000000000002), (6, 2.5)',
    );
  });
  const changedKeys = async (decimals?: number) => {
    const m = await one(target('fl'), { samples: 10, ...(decimals !== undefined ? { decimals } : {}) });
    return m.samples.changed.map((s) => Number(s.key.k)).sort((a, b) => a - b);
  };

  test('values 4.8e-7 apart differ at 8 decimals (no 15-digit rounding)', async () => {
    // Key 1 is 4.8e-7 apart: different at 8 decimals (tolerance 5e-9), equal at 6 (5e-7).
    expect(await changedKeys(8)).toEqual([1, 2, 3, 4]);
    expect(await changedKeys(6)).toEqual([2, 3, 4]);
  });

  test('the edges at 2 decimals: 0.004 apart is equal, 0.005 and 0.006 apart differ', async () => {
    expect(await changedKeys(2)).toEqual([3, 4]);
  });

  test('a large --decimals approaches the exact comparison', async () => {
    expect(await changedKeys()).toEqual([1, 2, 3, 4, 5]);
    expect(await changedKeys(20)).toEqual([1, 2, 3, 4, 5]);
    expect(await changedKeys(16)).toEqual([1, 2, 3, 4]);
  });
});

describe('--where can only read (issue 7 §2)', () => {
  test("nextval() in --where fails the model and does not advance the sequence", async () => {
    await engine.query('CREATE SEQUENCE public.x_seq');
    await pair('seq', 'k int, v int', '(1, 1), (2, 2)', 'k int, v int', '(1, 1), (2, 3)');
    const m = await one(target('seq'), { where: "nextval('public.x_seq') > 0", samples: 5 });
    expect(m.error).toMatch(/read-only transaction/);
    const seq = await engine.query<{ is_called: boolean }>('SELECT is_called FROM public.x_seq');
    expect(seq.rows[0]?.is_called).toBe(false);
  });

  test('a --where that writes through a function fails too', async () => {
    await engine.query('CREATE TABLE public.sink (x int)');
    await engine.query(
      "CREATE FUNCTION public.leak() RETURNS boolean LANGUAGE sql AS 'INSERT INTO public.sink VALUES (1) RETURNING true'",
    );
    const m = await one(target('seq'), { where: 'public.leak()' });
    expect(m.error).toMatch(/read-only transaction/);
    const n = await engine.query<{ n: string }>('SELECT count(*) AS n FROM public.sink');
    expect(Number(n.rows[0]?.n)).toBe(0);
  });
});

describe('the column profile is bounded (--profile auto)', () => {
  test('above 100,000 rows it is skipped with a reason; always computes it', async () => {
    await engine.query('CREATE TABLE ea.big AS SELECT g AS k, g % 7 AS v FROM generate_series(1, 100001) g');
    await engine.query('CREATE TABLE eb.big AS SELECT g AS k, CASE WHEN g = 5 THEN NULL ELSE g % 7 END AS v FROM generate_series(1, 100001) g');
    const auto = await one(target('big'));
    expect(auto.rows).toMatchObject({ changed: 1 });
    expect(auto.profile).toBeUndefined();
    expect(auto.profileSkipped).toMatch(/more than 100,000 rows on a side/);
    const always = await one(target('big'), { profile: 'always' });
    expect(always.profileSkipped).toBeUndefined();
    expect(always.profile).toEqual([
      { column: 'v', from: { rows: 100001, nulls: 0, distinct: 7, min: '0', max: '6' }, to: { rows: 100001, nulls: 1, distinct: 7, min: '0', max: '6' }, moved: ['nulls'] },
    ]);
    expect((await one(target('big'), { profile: 'never' })).profile).toBeUndefined();
  });
});
