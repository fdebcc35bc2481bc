// Table diff against a real Postgres with crafted data: every number is asserted exactly.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createEngine } from '../../src/engines/index';
import type { Engine, Relation } from '../../src/engines/types';
import { diffModels } from '../../src/diff/table-diff';
import { PgliteEngine } from '../../src/engines/pglite/driver';
import type { DiffTarget, ModelDiff } from '../../src/diff/types';
import { freshDatabase, type TestDatabase } from '../support/pg';

let db: TestDatabase;
let engine: Engine;

const A = (name: string): Relation => ({ schema: 'env_a', name });
const B = (name: string): Relation => ({ schema: 'env_b', name });

beforeAll(async () => {
  db = await freshDatabase('diff');
  engine = await createEngine({ type: 'postgres', url: db.url });
  await engine.query('CREATE SCHEMA env_a');
  await engine.query('CREATE SCHEMA env_b');
  // Basic keyed table: ids 1..10 in a, 3..12 in b; 5 (name), 6 (amount), 7 (both), 9 (NULL -> 'i') changed.
  await engine.query(`CREATE TABLE env_a.orders (id int, name text, amount numeric)`);
  await engine.query(`INSERT INTO env_a.orders VALUES
    (1,'a',1),(2,'b',2),(3,'c',3),(4,'d',4),(5,'e',5),(6,'f',6),(7,'g',7),(8,NULL,8),(9,NULL,9),(10,'j',10)`);
  await engine.query(`CREATE TABLE env_b.orders (id int, name text, amount numeric)`);
  await engine.query(`INSERT INTO env_b.orders VALUES
    (3,'c',3),(4,'d',4),(5,'E',5),(6,'f',60),(7,'G',70),(8,NULL,8),(9,'i',9),(10,'j',10),(11,'k',11),(12,'l',12)`);
  // Duplicate and NULL keys.
  await engine.query(`CREATE TABLE env_a.dups (id int, v text)`);
  await engine.query(`INSERT INTO env_a.dups VALUES (1,'x'),(1,'y'),(2,'p'),(NULL,'n'),(3,'r')`);
  await engine.query(`CREATE TABLE env_b.dups (id int, v text)`);
  await engine.query(`INSERT INTO env_b.dups VALUES (1,'x'),(2,'p'),(2,'p'),(2,'q'),(NULL,'n'),(NULL,'m'),(4,'z')`);
  // Composite key with NULL parts.
  await engine.query(`CREATE TABLE env_a.comp (a int, b int, v text)`);
  await engine.query(`INSERT INTO env_a.comp VALUES (1,NULL,'x'),(1,2,'y'),(NULL,NULL,'z'),(2,1,'w')`);
  await engine.query(`CREATE TABLE env_b.comp (a int, b int, v text)`);
  await engine.query(`INSERT INTO env_b.comp VALUES (1,NULL,'x2'),(1,2,'y'),(NULL,NULL,'z'),(2,NULL,'q')`);
  // Floats and numerics.
  await engine.query(`CREATE TABLE env_a.floats (id int, x double precision, y numeric(10,4))`);
  await engine.query(`INSERT INTO env_a.floats VALUES (1, 1.001, 2.0001), (2, 3.0, 5)`);
  await engine.query(`CREATE TABLE env_b.floats (id int, x double precision, y numeric(10,4))`);
  await engine.query(`INSERT INTO env_b.floats VALUES (1, 1.004, 2.0002), (2, 3.1, 5)`);
  // Type change: code integer -> text.
  await engine.query(`CREATE TABLE env_a.retyped (id int, code int, gone int)`);
  await engine.query(`INSERT INTO env_a.retyped VALUES (1, 10, 0), (2, 20, 0)`);
  await engine.query(`CREATE TABLE env_b.retyped (id int, code text, fresh text)`);
  await engine.query(`INSERT INTO env_b.retyped VALUES (1, '10', 'x'), (2, '020', 'y')`);
  // Keyless with duplicate rows.
  await engine.query(`CREATE TABLE env_a.events (k text, n int)`);
  await engine.query(`INSERT INTO env_a.events VALUES ('a',1),('a',1),('a',1),('b',2),('c',NULL),('c',NULL)`);
  await engine.query(`CREATE TABLE env_b.events (k text, n int)`);
  await engine.query(`INSERT INTO env_b.events VALUES ('a',1),('b',2),('b',2),('c',NULL),('d',4)`);
  // Added / removed models.
  await engine.query(`CREATE TABLE env_b.brand_new (id int, label text)`);
  await engine.query(`INSERT INTO env_b.brand_new VALUES (2,'two'),(1,'one'),(3,'three')`);
  await engine.query(`CREATE TABLE env_a.old_one (id int, label text)`);
  await engine.query(`INSERT INTO env_a.old_one VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d')`);
  // Hostile identifiers.
  await engine.query(`CREATE TABLE env_a."we""ird" ("Key Col" int, "x""; DROP TABLE env_a.orders; --" text)`);
  await engine.query(`INSERT INTO env_a."we""ird" VALUES (1, 'a'), (2, 'b')`);
  await engine.query(`CREATE TABLE env_b."we""ird" ("Key Col" int, "x""; DROP TABLE env_a.orders; --" text)`);
  await engine.query(`INSERT INTO env_b."we""ird" VALUES (1, 'a'), (2, 'B'), (3, 'c')`);
});

afterAll(async () => {
  await engine?.close();
  await db?.drop();
});

/** Transaction control and the diff's read-only session statements (DiffDialect.readOnlySession). */
const isSessionControl = (sql: string) => /^\s*(BEGIN|COMMIT|ROLLBACK|SET (LOCAL|TRANSACTION)|SELECT set_config)\b/i.test(sql);

/** Runs a diff on a fresh engine that records every statement (session control left out). */
async function recorded(targets: DiffTarget[], opts: { samples: number }): Promise<{ models: ModelDiff[]; seen: string[] }> {
  const seen: string[] = [];
  const spy = await createEngine({ type: 'postgres', url: db.url }, { onStatement: (sql) => seen.push(sql) });
  try {
    const result = await diffModels(spy, 'prod', 'pr_1', targets, opts);
    return { models: result.models, seen: seen.filter((sql) => !isSessionControl(sql)) };
  } finally {
    await spy.close();
  }
}

/** A statement that groups one side by its key on its own (the per-side key check). */
const isPerSideKeyCheck = (sql: string) => /"dup_keys"/.test(sql) && !/FULL OUTER JOIN/i.test(sql);
/** Statements that run the join (the diff's one pass). */
const joins = (seen: string[]) => seen.filter((sql) => /FULL OUTER JOIN/i.test(sql));

const keyed = (name: string, on: string[] = ['id']): DiffTarget => ({
  model: `m.${name}`,
  category: 'breaking',
  from: A(name),
  to: B(name),
  on,
});

async function one(target: DiffTarget, opts: { samples?: number; decimals?: number; where?: string } = {}): Promise<ModelDiff> {
  const result = await diffModels(engine, 'prod', 'pr_1', [target], { samples: 0, ...opts });
  expect(result.from).toBe('prod');
  expect(result.to).toBe('pr_1');
  expect(result.models).toHaveLength(1);
  return result.models[0] as ModelDiff;
}

describe('keyed comparison', () => {
  test('counts rows and per-column changes with NULL-safe comparison, in one pass over the join', async () => {
    const { models, seen } = await recorded([keyed('orders')], { samples: 0 });
    const m = models[0] as ModelDiff;
    // The catalog, the join pass, one scan per side (row counts), the profile: nothing else (no
    // table read into Node). The key check is read off the join; the read-only session is not counted.
    expect(seen).toHaveLength(4);
    expect(joins(seen)).toHaveLength(1);
    expect(seen.filter(isPerSideKeyCheck)).toEqual([]);
    expect(m.rows).toEqual({ from: 10, to: 10, added: 2, removed: 2, changed: 4, unchanged: 4 });
    expect(m.columns).toEqual([
      { name: 'name', changed: 3, matchPct: 62.5 },
      { name: 'amount', changed: 2, matchPct: 75 },
    ]);
    expect(m.keyCheck).toEqual({ nullKeys: 0, duplicateKeys: 0 });
    expect(m.schema).toEqual({ added: [], removed: [], typeChanged: [] });
    expect(m.warnings).toEqual([]);
    expect(m.samples).toEqual({ added: [], removed: [], changed: [] });
    // Only what moved: name lost a NULL and gained distinct values; amount's min and max moved
    // (ids 1 and 2 are gone, 7 became 70) but it still has 10 distinct values.
    expect(m.profile?.map((p) => [p.column, p.moved])).toEqual([
      ['name', ['nulls', 'distinct']],
      ['amount', ['min', 'max']],
    ]);
    expect(m.profile?.[1]).toEqual({
      column: 'amount',
      from: { rows: 10, nulls: 0, distinct: 10, min: '1', max: '10' },
      to: { rows: 10, nulls: 0, distinct: 10, min: '3', max: '70' },
      moved: ['min', 'max'],
    });
  });

  test('samples are bounded, ordered by key and correct', async () => {
    const m = await one(keyed('orders'), { samples: 10 });
    expect(m.samples.added).toEqual([
      { id: '11', name: 'k', amount: '11' },
      { id: '12', name: 'l', amount: '12' },
    ]);
    expect(m.samples.removed).toEqual([
      { id: '1', name: 'a', amount: '1' },
      { id: '2', name: 'b', amount: '2' },
    ]);
    // Round-robin over the changed columns, most changed first.
    expect(m.samples.changed).toEqual([
      { key: { id: '5' }, column: 'name', from: 'e', to: 'E' },
      { key: { id: '6' }, column: 'amount', from: '6', to: '60' },
      { key: { id: '7' }, column: 'name', from: 'g', to: 'G' },
      { key: { id: '7' }, column: 'amount', from: '7', to: '70' },
      { key: { id: '9' }, column: 'name', from: null, to: 'i' },
    ]);
    const small = await one(keyed('orders'), { samples: 1 });
    expect(small.samples.added).toEqual([{ id: '11', name: 'k', amount: '11' }]);
    expect(small.samples.removed).toEqual([{ id: '1', name: 'a', amount: '1' }]);
    expect(small.samples.changed).toEqual([{ key: { id: '5' }, column: 'name', from: 'e', to: 'E' }]);
    expect(small.rows).toEqual(m.rows);
  });

  test('--where filters both sides (user SQL, a trailing comment is harmless)', async () => {
    const m = await one(keyed('orders'), { where: 'id > 4 -- recent only', samples: 5 });
    expect(m.rows).toEqual({ from: 6, to: 8, added: 2, removed: 0, changed: 4, unchanged: 2 });
    expect(m.samples.removed).toEqual([]);
    expect(m.samples.added.map((r) => r.id)).toEqual(['11', '12']);
    expect(m.columns).toEqual([
      { name: 'name', changed: 3, matchPct: 50 },
      { name: 'amount', changed: 2, matchPct: 66.67 },
    ]);
  });

  test('duplicate and NULL keys: explained with a warning, counts still exact', async () => {
    const m = await one(keyed('dups'));
    expect(m.keyCheck).toEqual({ nullKeys: 3, duplicateKeys: 3 });
    expect(m.keyCheckDetail).toEqual({
      from: { rows: 5, nullKeys: 1, duplicateKeys: 1, duplicateRows: 1, nullsByColumn: [1] },
      to: { rows: 7, nullKeys: 2, duplicateKeys: 2, duplicateRows: 3, nullsByColumn: [2] },
    });
    // Pairs: id 1 -> 2×1 (one differs), id 2 -> 1×3 (one differs), NULL -> 1×2 (one differs).
    expect(m.rows).toEqual({ from: 5, to: 7, added: 1, removed: 1, changed: 3, unchanged: 4 });
    expect(m.columns).toEqual([{ name: 'v', changed: 3, matchPct: 57.14 }]);
    expect(m.warnings).toHaveLength(2);
    expect(m.warnings[0]).toMatch(/NULL parts in 1 row of from and 2 rows of to/);
    expect(m.warnings[1]).toMatch(/not unique: from has 1 key value occurring more than once \(1 extra row\); to has 2 key values/);
    expect(m.warnings[1]).toMatch(/pairs/);
  });

  test('composite key with NULL parts matches NULL-safely', async () => {
    const m = await one(keyed('comp', ['a', 'b']), { samples: 5 });
    expect(m.keyCheck).toEqual({ nullKeys: 5, duplicateKeys: 0 });
    expect(m.rows).toEqual({ from: 4, to: 4, added: 1, removed: 1, changed: 1, unchanged: 2 });
    expect(m.samples.added).toEqual([{ a: '2', b: null, v: 'q' }]);
    expect(m.samples.removed).toEqual([{ a: '2', b: '1', v: 'w' }]);
    expect(m.samples.changed).toEqual([{ key: { a: '1', b: null }, column: 'v', from: 'x', to: 'x2' }]);
  });

  test('float tolerance: equal at 2 decimals, different exactly', async () => {
    const exact = await one(keyed('floats'));
    expect(exact.rows).toMatchObject({ changed: 2, unchanged: 0 });
    expect(exact.columns).toEqual([
      { name: 'x', changed: 2, matchPct: 0 },
      { name: 'y', changed: 1, matchPct: 50 },
    ]);
    const rounded = await one(keyed('floats'), { decimals: 2 });
    expect(rounded.rows).toMatchObject({ changed: 1, unchanged: 1 });
    expect(rounded.columns).toEqual([
      { name: 'x', changed: 1, matchPct: 50 },
      { name: 'y', changed: 0, matchPct: 100 },
    ]);
  });

  test('type change: reported, values compared as text', async () => {
    const m = await one(keyed('retyped'), { samples: 5 });
    expect(m.schema).toEqual({
      added: [{ name: 'fresh', type: 'text' }],
      removed: [{ name: 'gone', type: 'integer' }],
      typeChanged: [{ name: 'code', fromType: 'integer', toType: 'text' }],
    });
    expect(m.rows).toEqual({ from: 2, to: 2, added: 0, removed: 0, changed: 1, unchanged: 1 });
    expect(m.columns).toEqual([{ name: 'code', changed: 1, matchPct: 50 }]);
    expect(m.samples.changed).toEqual([{ key: { id: '2' }, column: 'code', from: '20', to: '020' }]);
  });

  test('identifiers are quoted by the dialect', async () => {
    const m = await one(
      { model: 'weird', category: 'non-breaking', from: A('we"ird'), to: B('we"ird'), on: ['Key Col'] },
      { samples: 3 },
    );
    expect(m.rows).toEqual({ from: 2, to: 3, added: 1, removed: 0, changed: 1, unchanged: 1 });
    expect(m.samples.changed).toEqual([
      { key: { 'Key Col': '2' }, column: 'x"; DROP TABLE env_a.orders; --', from: 'b', to: 'B' },
    ]);
    const still = await engine.query('SELECT count(*) AS n FROM env_a.orders');
    expect(Number(still.rows[0]?.n)).toBe(10);
  });

  test('a key column missing on one side falls back to a multiset comparison, saying which side', async () => {
    const m = await one(keyed('retyped', ['gone']));
    expect(m.rows.changed).toBeNull();
    // Common columns id and code (code compared as text): (2, 20) became (2, '020').
    expect(m.rows).toMatchObject({ from: 2, to: 2, added: 1, removed: 1, unchanged: 1 });
    expect(m.warnings.join(' ')).toMatch(/Key column gone \(missing in pr_1\): compared whole rows as multisets/);
  });

  test('--on naming a column that is on neither side is refused before any data is read', async () => {
    const { RefusedError } = await import('../../src/errors');
    const err = await diffModels(engine, 'prod', 'pr_1', [{ ...keyed('orders', ['nope']), keySource: 'on' }], { samples: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toBe(
      '--on nope: model m.orders has no column "nope" (neither in prod nor in pr_1; its columns: id, name, amount)',
    );
  });
});

describe('key check (always exact)', () => {
  test('clean keys: read off the join aggregate, no per-side key aggregate', async () => {
    const { models, seen } = await recorded([keyed('orders')], { samples: 10 });
    // The catalog, the join pass, one scan per side (row counts and the sample rows), the profile.
    expect(seen).toHaveLength(4);
    expect(joins(seen)).toHaveLength(1);
    expect(seen.filter(isPerSideKeyCheck)).toEqual([]);
    const m = models[0] as ModelDiff;
    expect(m.keyCheck).toEqual({ nullKeys: 0, duplicateKeys: 0 });
    expect(m.keyCheckDetail).toEqual({
      from: { rows: 10, nullKeys: 0, duplicateKeys: 0, duplicateRows: 0, nullsByColumn: [0] },
      to: { rows: 10, nullKeys: 0, duplicateKeys: 0, duplicateRows: 0, nullsByColumn: [0] },
    });
  });

  test('the catalog is queried once per diff, whatever the number of models and columns', async () => {
    const { models, seen } = await recorded([keyed('orders'), keyed('dups'), keyed('comp', ['a', 'b']), keyed('floats')], { samples: 2 });
    expect(models.map((m) => m.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(seen.filter((sql) => /pg_catalog\.pg_attribute/.test(sql))).toHaveLength(1);
    // One pass over the join per model (the NULL-safe re-run only for dups and comp, whose NULL
    // keys are on both sides).
    expect(joins(seen)).toHaveLength(6);
  });

  test('composite key with NULL parts: exact per-side numbers', async () => {
    const m = await one(keyed('comp', ['a', 'b']));
    expect(m.keyCheckDetail).toEqual({
      from: { rows: 4, nullKeys: 2, duplicateKeys: 0, duplicateRows: 0, nullsByColumn: [1, 2] },
      to: { rows: 4, nullKeys: 3, duplicateKeys: 0, duplicateRows: 0, nullsByColumn: [1, 3] },
    });
  });

  test('a duplicate key matched on the other side is detected', async () => {
    await engine.query('CREATE TABLE env_a.dup_matched AS SELECT * FROM (VALUES (1, 1), (2, 2)) v(id, x)');
    await engine.query('CREATE TABLE env_b.dup_matched AS SELECT * FROM (VALUES (1, 1), (2, 2), (2, 3)) v(id, x)');
    const m = await one(keyed('dup_matched'));
    expect(m.keyCheck).toEqual({ nullKeys: 0, duplicateKeys: 1 });
    expect(m.rows).toEqual({ from: 2, to: 3, added: 0, removed: 0, changed: 1, unchanged: 2 });
    expect(m.warnings.join(' ')).toMatch(/not unique/);
  });

  test('a duplicate key occurring only among rows present on one side is counted', async () => {
    await engine.query('CREATE TABLE env_a.dup_unmatched AS SELECT * FROM (VALUES (1, 1), (2, 2), (5, 5), (5, 6)) v(id, x)');
    await engine.query(
      'CREATE TABLE env_b.dup_unmatched AS SELECT * FROM (VALUES (1, 1), (2, 2), (3, 3), (3, 4), (3, 5)) v(id, x)',
    );
    const { models, seen } = await recorded([keyed('dup_unmatched')], { samples: 5 });
    const m = models[0] as ModelDiff;
    expect(m.keyCheck).toEqual({ nullKeys: 0, duplicateKeys: 2 });
    expect(m.keyCheckDetail).toEqual({
      from: { rows: 4, nullKeys: 0, duplicateKeys: 1, duplicateRows: 1, nullsByColumn: [0] },
      to: { rows: 5, nullKeys: 0, duplicateKeys: 1, duplicateRows: 2, nullsByColumn: [0] },
    });
    expect(m.rows).toEqual({ from: 4, to: 5, added: 3, removed: 2, changed: 0, unchanged: 2 });
    expect(m.warnings.join(' ')).toMatch(/from has 1 key value occurring more than once \(1 extra row\); to has 1 key value occurring more than once \(2 extra rows\)/);
    // Found by the join aggregate itself: no per-side key aggregate was needed.
    expect(seen.filter(isPerSideKeyCheck)).toEqual([]);
    // Samples of duplicate keys are ordered by key, then by value.
    expect(m.samples.removed).toEqual([
      { id: '5', x: '5' },
      { id: '5', x: '6' },
    ]);
    expect(m.samples.added).toEqual([
      { id: '3', x: '3' },
      { id: '3', x: '4' },
      { id: '3', x: '5' },
    ]);
  });

  test('a retyped key (integer -> text) is checked per side', async () => {
    await engine.query("CREATE TABLE env_a.key_retyped AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (2, 'c')) v(id, x)");
    await engine.query("CREATE TABLE env_b.key_retyped AS SELECT * FROM (VALUES ('1', 'a'), ('2', 'B'), ('3', 'c')) v(id, x)");
    const { models, seen } = await recorded([keyed('key_retyped')], { samples: 0 });
    const m = models[0] as ModelDiff;
    expect(seen.filter(isPerSideKeyCheck)).toHaveLength(2);
    expect(m.keyCheck).toEqual({ nullKeys: 0, duplicateKeys: 1 });
    expect(m.rows).toEqual({ from: 3, to: 3, added: 1, removed: 0, changed: 2, unchanged: 1 });
  });

  test('PGlite (statements serialized) gives the same results as Postgres', async () => {
    const lite = await PgliteEngine.open('memory://');
    try {
      for (const [schema, rows] of [
        ['env_a', "(1,'x'),(1,'y'),(2,'p'),(NULL,'n'),(3,'r'),(7,'s'),(7,'t')"],
        ['env_b', "(1,'x'),(2,'p'),(2,'p'),(2,'q'),(NULL,'n'),(NULL,'m'),(4,'z')"],
      ] as const) {
        await lite.query(`CREATE SCHEMA ${schema}`);
        await lite.query(`CREATE TABLE ${schema}.lite (id int, v text)`);
        await lite.query(`INSERT INTO ${schema}.lite VALUES ${rows}`);
        await engine.query(`CREATE TABLE ${schema}.lite (id int, v text)`);
        await engine.query(`INSERT INTO ${schema}.lite VALUES ${rows}`);
      }
      const onLite = (await diffModels(lite, 'prod', 'pr_1', [keyed('lite')], { samples: 5 })).models[0] as ModelDiff;
      const onPg = await one(keyed('lite'), { samples: 5 });
      expect(onLite).toEqual(onPg);
      expect(onPg.keyCheck).toEqual({ nullKeys: 3, duplicateKeys: 4 });
    } finally {
      await lite.close();
    }
  });
});

describe('keyless comparison', () => {
  test('multiset counts: duplicates count, NULLs equal', async () => {
    const m = await one({ model: 'events', category: 'indirect', from: A('events'), to: B('events'), on: [] }, { samples: 5 });
    expect(m.rows).toEqual({ from: 6, to: 5, added: 2, removed: 3, changed: null, unchanged: 3 });
    expect(m.columns).toEqual([]);
    expect(m.keyCheck).toEqual({ nullKeys: 0, duplicateKeys: 0 });
    expect(m.samples.added).toEqual([
      { k: 'b', n: '2' },
      { k: 'd', n: '4' },
    ]);
    // A row in excess twice is shown twice.
    expect(m.samples.removed).toEqual([
      { k: 'a', n: '1' },
      { k: 'a', n: '1' },
      { k: 'c', n: null },
    ]);
    expect(m.samples.changed).toEqual([]);
  });
});

describe('added, removed and identical models', () => {
  test('an added model and a removed model', async () => {
    const result = await diffModels(
      engine,
      'prod',
      'pr_1',
      [
        { model: 'm.brand_new', category: 'added', to: B('brand_new'), on: ['id'] },
        { model: 'm.old_one', category: 'removed', from: A('old_one'), on: ['id'] },
      ],
      { samples: 2 },
    );
    const [added, removed] = result.models as [ModelDiff, ModelDiff];
    expect(added.rows).toEqual({ from: null, to: 3, added: 3, removed: 0, changed: 0, unchanged: 0 });
    expect(added.schema).toEqual({
      added: [
        { name: 'id', type: 'integer' },
        { name: 'label', type: 'text' },
      ],
      removed: [],
      typeChanged: [],
    });
    expect(added.samples.added).toEqual([
      { id: '1', label: 'one' },
      { id: '2', label: 'two' },
    ]);
    expect(removed.rows).toEqual({ from: 4, to: null, added: 0, removed: 4, changed: 0, unchanged: 0 });
    expect(removed.schema.removed.map((c) => c.name)).toEqual(['id', 'label']);
    expect(removed.samples.removed).toHaveLength(2);
  });

  test('identical relations short-circuit without a query', async () => {
    const before = engine.stats.statements;
    const m = await one({ model: 'same', category: 'indirect', from: A('orders'), to: A('orders'), on: ['id'] }, { samples: 5 });
    expect(engine.stats.statements).toBe(before);
    expect(m.rows).toEqual({ from: null, to: null, added: 0, removed: 0, changed: 0, unchanged: null });
    expect(m.warnings[0]).toMatch(/same physical table/);
  });
});
