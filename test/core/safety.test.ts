// Rules 7 and 9 on a real Postgres, in both engine modes (transactional DDL + advisory locks, and
// DDL committing statement by statement + lease locks, as on Snowflake): concurrent applies of one
// environment, and a run that dies after any number of statements converging when re-run without
// ever leaving a broken environment.
import type { Engine } from '../../src/engines/types';
import { applyEnvironment, invalidateEnvironment, openWorkspace, runJanitor } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import { ConflictError } from '../../src/errors';
import { crashLoop } from '../support/crash';
import { assertConsistent } from '../support/invariants';
import { POSTGRES_MODES, postgresEngine } from '../support/modes';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, shopFiles, type TestProject } from '../support/project';

describe.each(POSTGRES_MODES)('safety on $label', (mode) => {
  let db: TestDatabase;
  let project: TestProject;
  let engine: Engine;
  const open = (e: Engine = engine) => openWorkspace({ projectDir: project.dir, engine: e });

  /** The physical table each model of an environment (prod) reads now. */
  async function tablesOf(env = 'prod'): Promise<Map<string, string>> {
    const prod = (await (await stateOf(await open())).getEnvironment(env))!;
    return new Map(prod.snapshots.map((r) => [r.name, `${r.physicalTable.schema}.${r.physicalTable.name}`]));
  }

  /** Whether prod's views of the models a promotion changes read the old tables, the new ones, or a mix. */
  async function prodViewsPointAt(old: Map<string, string>, next: Map<string, string>): Promise<'old' | 'new' | 'mixed'> {
    const seen = new Set<string>();
    for (const [name, table] of old) {
      const target = next.get(name);
      if (target === undefined || target === table) continue;
      const def = (await engine.query<{ d: string }>(`SELECT pg_get_viewdef(${engine.dialect.quoteLiteral(name)}::regclass) AS d`)).rows[0]!.d;
      seen.add(def.includes(table.split('.')[1]!) ? 'old' : def.includes(target.split('.')[1]!) ? 'new' : 'neither');
    }
    if (seen.has('neither')) throw new Error('a prod view reads neither its old nor its new table');
    return seen.size === 1 ? ([...seen][0] as 'old' | 'new') : 'mixed';
  }

  beforeAll(async () => {
    db = await freshDatabase('safety');
    project = makeProject(shopFiles());
    engine = postgresEngine(db.url, mode);
    await applyEnvironment(await open(), 'prod');
  });
  afterAll(async () => {
    await engine.close();
    await db.drop();
    project.cleanup();
  });

  test('two concurrent applies of one environment: one wins, the other gets a clear conflict error', async () => {
    project.write(
      'models/marts/slow.sql',
      'MODEL (name marts.slow, kind FULL);\nSELECT customer_id, revenue FROM marts.customer_orders, (SELECT pg_sleep(1.5)) AS s\n',
    );
    const a = postgresEngine(db.url, mode);
    const b = postgresEngine(db.url, mode);
    try {
      const results = await Promise.allSettled([applyEnvironment(await open(a), 'pr_9'), applyEnvironment(await open(b), 'pr_9')]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
      expect(String(lost[0]!.reason.message)).toMatch(/pr_9/);
      await assertConsistent(engine, project.dir);
      // The loser's retry finds the winner's work done.
      const retry = await applyEnvironment(await open(b), 'pr_9');
      expect(retry.plan.noop).toBe(true);
    } finally {
      await a.close();
      await b.close();
      project.remove('models/marts/slow.sql');
    }
  });

  test('compare-and-set refuses a stale plan id and changes nothing', async () => {
    const state = await stateOf(await open());
    const before = await state.getEnvironment('prod');
    const err = await engine
      .transaction((tx) =>
        state.compareAndSetEnvironment(tx, { ...before!, snapshots: [], planId: 'intruder', previousPlanId: 'stale', updatedAt: new Date() }, { planId: 'stale' }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((await state.getEnvironment('prod'))?.snapshots).toEqual(before!.snapshots);
  });

  test('a run killed after any number of statements converges on re-run and never leaves a broken environment', async () => {
    project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
    const loop = (env: string) =>
      crashLoop({
        engine: (hook) => postgresEngine(db.url, mode, { onStatement: hook }),
        run: async (doomed) => applyEnvironment(await open(doomed), env),
        afterEach: () => assertConsistent(engine, project.dir),
      });
    // A new environment with builds: kills land in planning, builds, intervals, the swap, the CAS.
    const pr = await loop('pr_5');
    expect(pr.completedAt).toBeGreaterThan(15);
    expect(pr.reports.every((r) => r.unfinalized.length <= 1)).toBe(true);
    // A promotion that reuses every table: only state and views change, so every kill point of
    // the view stage is hit. Prod is never half-swapped where DDL is transactional.
    const oldProd = await tablesOf();
    const newProd = await tablesOf('pr_5');
    const promotion = await crashLoop({
      engine: (hook) => postgresEngine(db.url, mode, { onStatement: hook }),
      run: async (doomed) => applyEnvironment(await open(doomed), 'prod'),
      afterEach: async () => ({ ...(await assertConsistent(engine, project.dir)), prod: await prodViewsPointAt(oldProd, newProd) }),
    });
    const unfinalized = promotion.reports.filter((r) => r.unfinalized.includes('prod')).length;
    const mixed = promotion.reports.filter((r) => r.prod === 'mixed').length;
    if (engine.capabilities.transactionalDdl) {
      expect([unfinalized, mixed]).toEqual([0, 0]);
    } else {
      // Kills between the unfinalized record and finalize leave prod partly repointed, recorded
      // as unfinalized, and the next run converges.
      expect(unfinalized).toBeGreaterThan(0);
      expect(promotion.reports.filter((r) => r.prod === 'mixed' && !r.unfinalized.includes('prod'))).toEqual([]);
    }
    expect(await prodViewsPointAt(oldProd, newProd)).toBe('new');
    // A clean re-run finds everything in place.
    const again = await applyEnvironment(await open(), 'pr_5');
    expect(again.plan.noop).toBe(true);
    const n = await engine.query<{ n: string }>('SELECT count(*) AS n FROM stg__pr_5.orders');
    expect(Number(n.rows[0]?.n)).toBe(6);
    expect(Number((await engine.query<{ n: string }>('SELECT count(*) AS n FROM stg.orders')).rows[0]?.n)).toBe(6);
  });

  test("the janitor keeps a table a user's own view depends on (no CASCADE), and drops it once free", async () => {
    project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, max(amount) AS biggest');
    const r = await applyEnvironment(await open(), 'pr_6');
    const table = r.built.find((b) => b.name === 'marts.daily_revenue')!.physicalTable;
    await engine.query(`CREATE VIEW public.my_report AS SELECT * FROM ${engine.dialect.qualify(table)}`);
    try {
      await invalidateEnvironment(await open(), 'pr_6');
      const first = await runJanitor(await open(), { ignoreTtl: true });
      expect(first.environments.map((e) => e.name)).toEqual(['pr_6']);
      expect(first.kept.map((k) => k.relation)).toEqual([table]);
      expect(first.kept[0]!.reason).toMatch(/depend/);
      expect(await engine.relationExists(table)).toBe('table');
    } finally {
      await engine.query('DROP VIEW public.my_report');
    }
    const second = await runJanitor(await open(), { ignoreTtl: true });
    expect(second.physicalTables.map((t) => t.relation)).toEqual([table]);
    expect(await engine.relationExists(table)).toBeNull();
    project.edit('models/marts/daily_revenue.sql', ', max(amount) AS biggest', '');
  });
});
