// One behavioural suite for every Postgres-family engine. postgres.test.ts and pglite.test.ts
// call it with their own engine factories.
import { WarehouseError } from '../../src/errors';
import type { Engine, Queryable, Relation } from '../../src/engines/types';

export interface Harness {
  /** A new engine on the shared database. */
  open(opts?: { onStatement?: (sql: string) => void }): Promise<Engine>;
  /** An engine that contends with `first` for locks (another connection, or the same engine). */
  contender(first: Engine): Promise<Engine>;
  /** Closes everything opened. */
  teardown(): Promise<void>;
}

async function* batchesOf(...batches: (string | null)[][][]): AsyncIterable<(string | null)[][]> {
  for (const b of batches) yield b;
}

async function rows(db: Queryable, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.query(sql)).rows;
}

/**
 * What differs between engines in the suite's expectations (types, names, messages), so that one
 * suite states the behaviour and each engine says how it shows. POSTGRES_PROFILE is the default.
 */
export interface EngineProfile {
  /** The type listColumns reports for a text literal, an integer literal, and seed columns declared so. */
  types: { textLiteral: string; intLiteral: string; integer: string; text: string; 'numeric(10,2)': string; date: string };
  /** SQL casting an expression to the engine's text type (`x::text`). */
  text(expr: string): string;
  /** The prefix of a build's temporary table. */
  tmpPrefix: string;
  /** How listRelations' statement starts. */
  listRelationsSql: RegExp;
  /** A missing unqualified table: the message, and the driver's error code. */
  missingTable: { message: (table: string) => RegExp; code: string };
  /** Rows per INSERT when loading a seed of `columns` columns. */
  rowsPerInsert(columns: number): number;
  /** Replacing an existing table is one atomic statement (a crash before it leaves the old table). */
  atomicReplace: boolean;
  /** A missing relation in a build's SELECT comes with where in the SELECT it is. */
  locatesMissingRelation: boolean;
  /** Whole-number aggregates (sum of integers) come back as strings (pg's int8). */
  bigintAsString: boolean;
}

export const POSTGRES_PROFILE: EngineProfile = {
  types: { textLiteral: 'text', intLiteral: 'integer', integer: 'integer', text: 'text', 'numeric(10,2)': 'numeric(10,2)', date: 'date' },
  text: (expr) => `${expr}::text`,
  tmpPrefix: 'vde_tmp_',
  listRelationsSql: /^SELECT c\.relname AS name/,
  missingTable: { message: (t) => new RegExp(`relation "${t}" does not exist`), code: '42P01' },
  rowsPerInsert: (columns) => Math.floor(65535 / columns),
  atomicReplace: false,
  locatesMissingRelation: true,
  bigintAsString: true,
};

export interface SuiteOptions {
  /** The engine's capabilities.transactionalDdl: tests of one-transaction swaps run only then. */
  transactionalDdl: boolean;
  /** The engine's capabilities.advisoryLocks (default true). */
  advisoryLocks?: boolean;
  /** The engine's capabilities.viewsBoundToTables (default true). */
  viewsBoundToTables?: boolean;
  profile?: EngineProfile;
}

export function engineSuite(label: string, makeHarness: () => Promise<Harness>, opts: SuiteOptions = { transactionalDdl: true }): void {
  const p = opts.profile ?? POSTGRES_PROFILE;
  /** Tests that need DDL inside transactions. */
  const transactional = opts.transactionalDdl ? test : test.skip;
  /** Tests of DDL that commits statement by statement. */
  const autocommit = opts.transactionalDdl ? test.skip : test;
  /** Tests of session advisory locks. */
  const locking = opts.advisoryLocks === false ? test.skip : test;
  /** Tests of the engine refusing to drop what a view reads. */
  const bound = opts.viewsBoundToTables === false ? test.skip : test;
  describe(`${label} engine`, () => {
    let h: Harness;
    let engine: Engine;
    let n = 0;
    /** A fresh schema per test. */
    let schema: string;
    /** A name as the engine stores it unquoted. */
    const norm = (name: string) => engine.dialect.normalizeIdentifier(name);
    /** A relation of this test's schema, named as SQL that names it unquoted finds it. */
    const rel = (name: string): Relation => ({ schema, name: norm(name) });

    /** Runs DDL in a transaction where the engine has transactional DDL, else on the engine. */
    const ddl = <T>(fn: (db: Queryable) => Promise<T>): Promise<T> =>
      engine.capabilities.transactionalDdl ? engine.transaction(fn) : fn(engine);

    beforeAll(async () => {
      h = await makeHarness();
      engine = await h.open();
      expect(engine.capabilities.transactionalDdl).toBe(opts.transactionalDdl);
    });
    afterAll(async () => {
      await h.teardown();
    });
    beforeEach(async () => {
      schema = norm(`s_${++n}`);
      await engine.createSchema(engine, schema);
    });

    test('createTableAs replaces an existing table and leaves no temporary table', async () => {
      await engine.createTableAs(rel('t'), 'SELECT 1 AS x');
      await engine.createTableAs(rel('t'), `SELECT ${p.text("'a'")} AS y, 2 AS z;\n`);
      expect(await engine.listColumns(rel('t'))).toEqual([
        { name: norm('y'), type: p.types.textLiteral },
        { name: norm('z'), type: p.types.intLiteral },
      ]);
      expect(await rows(engine, `SELECT * FROM ${schema}.t`)).toEqual([{ y: 'a', z: 2 }]);
      expect(await engine.listRelations(schema)).toEqual([{ name: norm('t'), kind: 'table' }]);
      expect(await engine.relationExists(rel('t'))).toBe('table');
      expect(await engine.relationSize(rel('t'))).toBeGreaterThan(0);
    });

    test('a failing SELECT leaves the old table intact', async () => {
      await engine.createTableAs(rel('t'), 'SELECT 41 AS x');
      const err = await engine.createTableAs(rel('t'), 'SELECT 1 / 0 AS x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WarehouseError);
      expect((err as WarehouseError).message).toMatch(/division by zero/i);
      expect(await rows(engine, `SELECT x FROM ${schema}.t`)).toEqual([{ x: 41 }]);
      expect(await engine.listRelations(schema)).toEqual([{ name: norm('t'), kind: 'table' }]);
    });

    test('loadTable keeps quotes, commas, newlines and nulls, and casts to the declared types', async () => {
      const columns = [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'text' },
        { name: 'amount', type: 'numeric(10,2)' },
        { name: 'at', type: 'date' },
      ];
      const count = await engine.loadTable(
        rel('seed'),
        columns,
        batchesOf(
          [
            ['1', `O'Brien, "Jr"`, '10.5', '2024-01-02'],
            ['2', null, null, null],
          ],
          [],
          [['3', 'line\nbreak; DROP TABLE x; --', '-0.01', '2024-12-31']],
        ),
      );
      expect(count).toBe(3);
      const got = await rows(
        engine,
        `SELECT id, name, ${p.text('amount')} AS amount, ${p.text('at')} AS at FROM ${schema}.seed ORDER BY id`,
      );
      expect(got).toEqual([
        { id: 1, name: `O'Brien, "Jr"`, amount: '10.50', at: '2024-01-02' },
        { id: 2, name: null, amount: null, at: null },
        { id: 3, name: 'line\nbreak; DROP TABLE x; --', amount: '-0.01', at: '2024-12-31' },
      ]);
      expect((await engine.listColumns(rel('seed'))).map((c) => c.type)).toEqual([
        p.types.integer,
        p.types.text,
        p.types['numeric(10,2)'],
        p.types.date,
      ]);
      expect(await engine.listRelations(schema)).toEqual([{ name: norm('seed'), kind: 'table' }]);
    });

    test('loadTable splits batches that exceed the bind-parameter limit and replaces the old table', async () => {
      const inserts: string[] = [];
      const e = await h.open({ onStatement: (sql) => sql.startsWith('INSERT') && inserts.push(sql) });
      await e.loadTable(rel('big'), [{ name: 'a', type: 'integer' }], batchesOf([['1']]));
      const columns = [
        { name: 'a', type: 'integer' },
        { name: 'b', type: 'text' },
        { name: 'c', type: 'text' },
      ];
      const total = Math.min(30_000, 2 * p.rowsPerInsert(3) + 1); // more than one INSERT's worth (Postgres: 90,000 parameters > 65,535)
      const batch = Array.from({ length: total }, (_, i) => [String(i), `b${i}`, i % 7 === 0 ? null : 'c']);
      inserts.length = 0;
      expect(await e.loadTable(rel('big'), columns, batchesOf(batch))).toBe(total);
      expect(inserts).toHaveLength(Math.ceil(total / p.rowsPerInsert(3)));
      const [stats] = await rows(
        e,
        `SELECT count(*)::int AS n, count(DISTINCT a)::int AS d, count(c)::int AS c, max(a) AS m FROM ${schema}.big`,
      );
      expect(stats).toEqual({ n: total, d: total, c: total - Math.ceil(total / 7), m: total - 1 });
      await e.close();
    });

    test('loadTable rejects a row of the wrong width and keeps the old table', async () => {
      await engine.createTableAs(rel('seed'), 'SELECT 1 AS a');
      await expect(
        engine.loadTable(rel('seed'), [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }], batchesOf([['1']])),
      ).rejects.toThrow(/expected 2/);
      expect(await rows(engine, `SELECT * FROM ${schema}.seed`)).toEqual([{ a: 1 }]);
      expect(await engine.listRelations(schema)).toEqual([{ name: norm('seed'), kind: 'table' }]);
    });

    transactional('swapViews replaces a view with fewer columns (drop + create) and drops views, in one transaction', async () => {
      const seen: string[] = [];
      const e = await h.open({ onStatement: (sql) => seen.push(sql) });
      await e.createOrReplaceView(e, { view: rel('v'), select: 'SELECT 1 AS a, 2 AS b' });
      await e.createOrReplaceView(e, { view: rel('old'), select: 'SELECT 1 AS a' });
      const envSchema = `${schema}__pr_1`;
      seen.length = 0;
      await e.transaction((tx) =>
        e.swapViews(
          tx,
          [
            { view: rel('v'), select: 'SELECT 10 AS a' },
            { view: { schema: envSchema, name: 'v' }, select: `SELECT * FROM ${schema}.v` },
          ],
          [rel('old'), rel('never_existed')],
        ),
      );
      expect(await e.listColumns(rel('v'))).toEqual([{ name: 'a', type: 'integer' }]);
      expect(await rows(e, `SELECT * FROM ${envSchema}.v`)).toEqual([{ a: 10 }]);
      expect(await e.relationExists(rel('old'))).toBeNull();
      expect(seen[0]).toBe('BEGIN');
      expect(seen.filter((s) => s === 'BEGIN' || s === 'COMMIT')).toEqual(['BEGIN', 'COMMIT']);
      expect(seen.some((s) => /^DROP VIEW IF EXISTS .*"v"$/.test(s))).toBe(true);
      expect(seen.some((s) => /cascade/i.test(s))).toBe(false);
      await e.close();
    });

    transactional('a swap that rolls back leaves the old views', async () => {
      await engine.createOrReplaceView(engine, { view: rel('v'), select: "SELECT 'old' AS a, 2 AS b" });
      await engine.createOrReplaceView(engine, { view: rel('w'), select: "SELECT 'w' AS a" });
      const boom = new Error('boom');
      await expect(
        engine.transaction(async (tx) => {
          await engine.swapViews(tx, [{ view: rel('v'), select: "SELECT 'new' AS a" }], [rel('w')]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await rows(engine, `SELECT * FROM ${schema}.v`)).toEqual([{ a: 'old', b: 2 }]);
      expect(await engine.relationExists(rel('w'))).toBe('view');
    });

    transactional('swapViews given the engine itself still runs in one transaction', async () => {
      await engine.createOrReplaceView(engine, { view: rel('v'), select: 'SELECT 1 AS a, 2 AS b' });
      await engine.swapViews(engine, [{ view: rel('v'), select: 'SELECT 3 AS a' }], []);
      expect(await rows(engine, `SELECT * FROM ${schema}.v`)).toEqual([{ a: 3 }]);
    });

    bound("a user's dependent view blocks the drop with a clear WarehouseError (no CASCADE)", async () => {
      await engine.createOrReplaceView(engine, { view: rel('v'), select: 'SELECT 1 AS a, 2 AS b' });
      await engine.query(`CREATE VIEW ${schema}.user_report AS SELECT b FROM ${schema}.v`);
      const err = await ddl((db) => engine.swapViews(db, [{ view: rel('v'), select: 'SELECT 1 AS a' }], [])).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WarehouseError);
      const w = err as WarehouseError;
      expect(w.message).toMatch(/cannot drop view "s_\d+"\."v"/);
      expect(w.message).toMatch(/user_report depends on view/);
      expect(w.message).toMatch(/never drops with CASCADE/);
      expect(w.message).not.toMatch(/Use DROP \.\.\. CASCADE/);
      expect(w.statement).toMatch(/^DROP VIEW IF EXISTS/);
      expect(await engine.listColumns(rel('v'))).toHaveLength(2);
      expect(await engine.relationExists(rel('user_report'))).toBe('view');
      await expect(ddl((db) => engine.dropView(db, rel('v')))).rejects.toThrow(/user_report/);
      await expect(engine.dropTable(engine, rel('v'))).rejects.toThrow(WarehouseError);
    });

    test('dropView, dropTable and dropSchema report whether the object existed', async () => {
      await engine.createTableAs(rel('t'), 'SELECT 1 AS a');
      await engine.createOrReplaceView(engine, { view: rel('v'), select: `SELECT * FROM ${schema}.t` });
      expect(await engine.relationSize(rel('v'))).toBe(0);
      expect(await engine.relationSize(rel('missing'))).toBe(0);
      expect(await engine.relationExists(rel('v'))).toBe('view');
      expect(await engine.dropView(engine, rel('v'))).toBe(true);
      expect(await engine.dropView(engine, rel('v'))).toBe(false);
      expect(await engine.dropTable(engine, rel('t'))).toBe(true);
      expect(await engine.dropTable(engine, rel('t'))).toBe(false);
      expect(await engine.dropSchema(engine, schema)).toBe(true);
      expect(await engine.dropSchema(engine, schema)).toBe(false);
      expect(await engine.listSchemas(schema)).toEqual([]);
    });

    locking('tryAdvisoryLock: a second holder gets null, also in the same engine; released locks can be taken again', async () => {
      expect(engine.capabilities.advisoryLocks).toBe(true);
      const other = await h.contender(engine);
      const a = await engine.tryAdvisoryLock!('vde:s:env:pr_1');
      expect(a).not.toBeNull();
      expect(await other.tryAdvisoryLock!('vde:s:env:pr_1')).toBeNull();
      expect(await engine.tryAdvisoryLock!('vde:s:env:pr_1')).toBeNull();
      // A different key is independent.
      const b = await other.tryAdvisoryLock!('vde:s:env:pr_2');
      expect(b).not.toBeNull();
      await a!.release();
      await a!.release(); // idempotent
      const c = await other.tryAdvisoryLock!('vde:s:env:pr_1');
      expect(c).not.toBeNull();
      await b!.release();
      await c!.release();
      if (other !== engine) await other.close();
    });

    test('errors are classified by code: missing relation (with its name), dependent objects, duplicates', async () => {
      const missing = await engine.query(`SELECT * FROM ${schema}.nope`).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(WarehouseError);
      expect((missing as WarehouseError).kind).toBe('missing-relation');
      expect((missing as WarehouseError).object).toBe(`${schema}.${norm('nope')}`);
      await engine.createTableAs(rel('t'), 'SELECT 1 AS a');
      if (engine.capabilities.viewsBoundToTables) {
        await engine.query(`CREATE VIEW ${schema}.user_v AS SELECT a FROM ${schema}.t`);
        const blocked = await engine.dropTable(engine, rel('t')).catch((e: unknown) => e);
        expect((blocked as WarehouseError).kind).toBe('dependent-objects');
      }
      const dup = await engine.query(`CREATE TABLE ${schema}.t (a int)`).catch((e: unknown) => e);
      expect((dup as WarehouseError).kind).toBe('duplicate-object');
    });

    test('createTableAs names the failing statement and where in the SELECT the error is', async () => {
      const err = await engine.createTableAs(rel('t'), 'SELECT 1 AS a FROM nowhere_at_all').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WarehouseError);
      const w = err as WarehouseError;
      expect(w.statement).toMatch(/^CREATE (OR REPLACE )?TABLE .* AS SELECT 1 AS a FROM nowhere_at_all$/);
      if (p.locatesMissingRelation) expect('SELECT 1 AS a FROM nowhere_at_all'.slice(w.queryOffset)).toBe('nowhere_at_all');
      expect(w.kind).toBe('missing-relation');
    });

    autocommit('each DDL statement commits on its own: a DDL method refuses a transaction, swapViews changes view by view', async () => {
      await expect(engine.transaction((tx) => engine.createSchema(tx, `${schema}_x`))).rejects.toThrow(/commits each DDL statement on its own/);
      await expect(engine.transaction((tx) => engine.swapViews(tx, [], []))).rejects.toThrow(/pass the engine, not a transaction/);
      const seen: string[] = [];
      const e = await h.open({ onStatement: (sql) => seen.push(sql) });
      await e.createOrReplaceView(e, { view: rel('v'), select: 'SELECT 1 AS a, 2 AS b' });
      seen.length = 0;
      await e.swapViews(e, [{ view: rel('v'), select: 'SELECT 10 AS a' }, { view: rel('w'), select: 'SELECT 1 AS a' }], [rel('gone')]);
      expect(seen.filter((sql) => /^(BEGIN|COMMIT|SAVEPOINT)/.test(sql))).toEqual([]);
      expect(seen.filter((sql) => /VIEW/.test(sql)).every((sql) => !sql.includes(';'))).toBe(true);
      expect(await e.listColumns(rel('v'))).toEqual([{ name: norm('a'), type: p.types.intLiteral }]);
      expect(await rows(e, `SELECT * FROM ${schema}.w`)).toEqual([{ a: 1 }]);
      await e.close();
    });

    test('dropPhysical drops a table or a view and any leftover of an interrupted build', async () => {
      await engine.createTableAs(rel('t'), 'SELECT 1 AS a');
      await engine.createOrReplaceView(engine, { view: rel('v'), select: `SELECT a FROM ${schema}.t` });
      const tmp = (await engine.listRelations(schema)).length;
      expect(tmp).toBe(2);
      // A leftover of an interrupted build of t (same temporary name a rebuild would use).
      const hooked: string[] = [];
      const e = await h.open({
        onStatement: (sql) => {
          hooked.push(sql);
          if (/RENAME/.test(sql)) throw new Error('crash before rename');
        },
      });
      await e.createSchema(e, schema);
      await e.createTableAs(rel('t2'), 'SELECT 2 AS b').catch(() => {});
      if (!e.capabilities.transactionalDdl) expect((await e.listRelations(schema)).some((r) => r.name.startsWith(p.tmpPrefix))).toBe(true);
      expect(await e.dropPhysical(rel('t2'))).toBeNull();
      expect((await e.listRelations(schema)).some((r) => r.name.startsWith(p.tmpPrefix))).toBe(false);
      if (e !== engine) await e.close();
      expect(await engine.dropPhysical(rel('v'))).toBe('view');
      expect(await engine.dropPhysical(rel('t'))).toBe('table');
      expect(await engine.dropPhysical(rel('t'))).toBeNull();
      expect(await engine.listRelations(schema)).toEqual([]);
    });

    test('createSchema is safe to race', async () => {
      const other = await h.contender(engine);
      const name = `${schema}_race`;
      await Promise.all([engine.createSchema(engine, name), other.createSchema(other, name), engine.createSchema(engine, name)]);
      expect(await engine.listSchemas(name)).toEqual([name]);
      if (other !== engine) await other.close();
    });

    test('the statement hook sees and counts every statement, and throwing from it aborts', async () => {
      const seen: string[] = [];
      let failOn: RegExp | null = null;
      const e = await h.open({
        onStatement: (sql) => {
          seen.push(sql);
          if (failOn?.test(sql)) throw new Error(`simulated crash before: ${sql}`);
        },
      });
      const before = e.stats.statements;
      await e.query('SELECT 1');
      await e.transaction(async (tx) => {
        await tx.query('SELECT 2');
      });
      expect(e.stats.statements - before).toBe(4);
      expect(seen.slice(-4)).toEqual(['SELECT 1', 'BEGIN', 'SELECT 2', 'COMMIT']);

      await e.createTableAs(rel('t'), 'SELECT 1 AS x');
      failOn = /RENAME/;
      if (opts.transactionalDdl) {
        // One batch in one transaction: the crash undoes all of it and the old table stays.
        await expect(e.createTableAs(rel('t'), 'SELECT 2 AS x')).rejects.toThrow(/simulated crash before: DROP TABLE[\s\S]*ALTER TABLE/);
        failOn = null;
        expect(await rows(e, `SELECT x FROM ${schema}.t`)).toEqual([{ x: 1 }]);
        expect(await e.listRelations(schema)).toEqual([{ name: norm('t'), kind: 'table' }]);
      } else if (p.atomicReplace) {
        // The new table is finished under its temporary name and replaces the old one in one
        // statement (SWAP WITH): a crash before it leaves the old table, and the leftover.
        failOn = /SWAP WITH/;
        await expect(e.createTableAs(rel('t'), 'SELECT 2 AS x')).rejects.toThrow(/^simulated crash before: ALTER TABLE .* SWAP WITH/);
        failOn = null;
        expect(await rows(e, `SELECT x FROM ${schema}.t`)).toEqual([{ x: 1 }]);
        const names = (await e.listRelations(schema)).map((r) => r.name);
        expect(names).toHaveLength(2);
        expect(names).toContain(norm('t'));
        expect(names.some((x) => x.startsWith(p.tmpPrefix))).toBe(true);
      } else {
        // Statement by statement: the old table is gone and the finished new one waits under its
        // temporary name; the state never recorded it as built, so a re-run rebuilds it.
        await expect(e.createTableAs(rel('t'), 'SELECT 2 AS x')).rejects.toThrow(/^simulated crash before: ALTER TABLE .* RENAME/);
        failOn = null;
        expect((await e.listRelations(schema)).map((r) => r.name)).toEqual([expect.stringMatching(new RegExp(`^${p.tmpPrefix}`))]);
      }
      expect(seen[seen.length - 1]).toMatch(p.listRelationsSql); // listRelations went through the hook
      // A re-run converges.
      await e.createTableAs(rel('t'), 'SELECT 2 AS x');
      expect(await rows(e, `SELECT x FROM ${schema}.t`)).toEqual([{ x: 2 }]);
      await e.close();
    });

    test('weird identifiers are quoted everywhere', async () => {
      const s = `We"ird Schema ${n}`;
      const t: Relation = { schema: s, name: 'Mixed Case "t"' };
      await engine.createSchema(engine, s);
      await engine.createSchema(engine, s); // idempotent
      await engine.createTableAs(t, `SELECT 1 AS "we""ird", 'x' AS "Space Col"`);
      expect(await engine.relationExists(t)).toBe('table');
      expect(await engine.listColumns(t)).toEqual([
        { name: 'we"ird', type: p.types.intLiteral },
        { name: 'Space Col', type: p.types.textLiteral },
      ]);
      await engine.loadTable(t, [{ name: 'Ä "q"', type: 'text' }], batchesOf([['v']]));
      expect(await rows(engine, `SELECT * FROM ${engine.dialect.qualify(t)}`)).toEqual([{ 'Ä "q"': 'v' }]);
      const v: Relation = { schema: s, name: 'View; DROP' };
      await ddl((db) => engine.swapViews(db, [{ view: v, select: `SELECT * FROM ${engine.dialect.qualify(t)}` }], []));
      expect(await engine.listRelations(s)).toEqual([
        { name: 'Mixed Case "t"', kind: 'table' },
        { name: 'View; DROP', kind: 'view' },
      ]);
      expect(await engine.listSchemas('We"ird')).toContain(s);
      expect(await engine.dropView(engine, v)).toBe(true);
      expect(await engine.dropView(engine, v)).toBe(false);
      expect(await engine.dropTable(engine, t)).toBe(true);
      expect(await engine.dropTable(engine, t)).toBe(false);
      expect(await engine.dropSchema(engine, s)).toBe(true);
      expect(await engine.dropSchema(engine, s)).toBe(false);
    });

    test('dropSchema never cascades: a non-empty schema is refused', async () => {
      await engine.createTableAs(rel('t'), 'SELECT 1 AS a');
      await expect(engine.dropSchema(engine, schema)).rejects.toThrow(/cannot drop schema .*never drops with CASCADE/);
      expect(await engine.relationExists(rel('t'))).toBe('table');
    });

    test('listSchemas treats _ and % in the prefix literally', async () => {
      const names = [`vde__p${n}_a`, `vdeXXp${n}_b`, `vde_%p${n}_c`, `vde_xp${n}_d`];
      for (const name of names) await engine.createSchema(engine, name);
      expect(await engine.listSchemas(`vde__p${n}`)).toEqual([`vde__p${n}_a`]);
      expect(await engine.listSchemas(`vde_%p${n}`)).toEqual([`vde_%p${n}_c`]);
      expect((await engine.listSchemas('vde_')).filter((x) => x.endsWith(`p${n}_b`))).toEqual([]);
    });

    test('WarehouseError carries the statement and the Postgres message', async () => {
      const sql = 'SELECT * FROM no_such_table_here';
      const err = await engine.query(sql).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WarehouseError);
      expect((err as WarehouseError).statement).toBe(sql);
      expect((err as WarehouseError).message).toMatch(p.missingTable.message('no_such_table_here'));
      expect((err as WarehouseError).message).toContain(`statement: ${sql}`);
      expect((err as WarehouseError & { cause: { code: string } }).cause.code).toBe(p.missingTable.code);
    });

    test('transactions roll back on throw and work when other calls happen inside them', async () => {
      await engine.createTableAs(rel('t'), 'SELECT 1 AS a');
      await expect(
        engine.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${schema}.t VALUES (2)`);
          // Another engine call from inside the transaction must not deadlock.
          expect(await engine.relationExists(rel('t'))).toBe('table');
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await rows(engine, `SELECT a FROM ${schema}.t`)).toEqual([{ a: 1 }]);
      const ph = (i: number) => engine.dialect.placeholder(i);
      const value = await engine.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${schema}.t VALUES (${ph(1)})`, ['5']);
        return (await tx.query<{ s: string }>(`SELECT sum(a)::bigint AS s FROM ${schema}.t`)).rows[0]?.s;
      });
      expect(value).toBe(p.bigintAsString ? '6' : 6); // bigint comes back as a string on the Postgres family
      // Concurrent statements and transactions do not interleave.
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          engine.transaction(async (tx) => {
            await tx.query(`INSERT INTO ${schema}.t VALUES (${ph(1)})`, [String(100 + i)]);
            await tx.query(`UPDATE ${schema}.t SET a = a WHERE a = ${ph(1)}`, [String(100 + i)]);
          }),
        ),
      );
      expect((await rows(engine, `SELECT count(*)::int AS c FROM ${schema}.t`))[0]).toEqual({ c: 7 });
    });
  });
}
