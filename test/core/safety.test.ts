// Rules 7 and 9 on a real Postgres: concurrent applies of one environment, and a run that dies
// after any number of statements converging when re-run without ever leaving a broken environment.
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { applyEnvironment, describeEnvironment, invalidateEnvironment, openWorkspace, runJanitor } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import { ConflictError } from '../../src/errors';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, shopFiles, type TestProject } from '../support/project';

let db: TestDatabase;
let project: TestProject;
let engine: Engine;

beforeAll(async () => {
  db = await freshDatabase('safety');
  project = makeProject(shopFiles());
  engine = await createEngine({ type: 'postgres', url: db.url });
  await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'prod');
});
afterAll(async () => {
  await engine.close();
  await db.drop();
  project.cleanup();
});

/** Every environment's views answer and every referenced physical table exists. */
async function assertConsistent(): Promise<void> {
  const ws = await openWorkspace({ projectDir: project.dir, engine });
  const state = await stateOf(ws);
  for (const env of await state.listEnvironments()) {
    expect(env.finalizedAt).not.toBeNull();
    for (const ref of env.snapshots) {
      expect(await engine.relationExists(ref.physicalTable)).not.toBeNull();
    }
    const detail = await describeEnvironment(ws, env.name);
    for (const m of detail.models) {
      const [schema, name] = m.view.split('.') as [string, string];
      await engine.query(`SELECT count(*) FROM ${engine.dialect.qualify({ schema, name })}`);
    }
  }
}

test('two concurrent applies of one environment: one wins, the other gets a clear conflict error', async () => {
  project.write(
    'models/marts/slow.sql',
    'MODEL (name marts.slow, kind FULL);\nSELECT customer_id, revenue FROM marts.customer_orders, (SELECT pg_sleep(1.5)) AS s\n',
  );
  const a = await createEngine({ type: 'postgres', url: db.url });
  const b = await createEngine({ type: 'postgres', url: db.url });
  try {
    const results = await Promise.allSettled([
      applyEnvironment(await openWorkspace({ projectDir: project.dir, engine: a }), 'pr_9'),
      applyEnvironment(await openWorkspace({ projectDir: project.dir, engine: b }), 'pr_9'),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect(String(lost[0]!.reason.message)).toMatch(/pr_9/);
    await assertConsistent();
    // The loser's retry finds the winner's work done.
    const retry = await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine: b }), 'pr_9');
    expect(retry.plan.noop).toBe(true);
  } finally {
    await a.close();
    await b.close();
    project.remove('models/marts/slow.sql');
  }
});

test('compare-and-set refuses a stale plan id and changes nothing', async () => {
  const ws = await openWorkspace({ projectDir: project.dir, engine });
  const state = await stateOf(ws);
  const before = await state.getEnvironment('prod');
  const err = await engine
    .transaction((tx) =>
      state.compareAndSetEnvironment(
        tx,
        { ...before!, snapshots: [], planId: 'intruder', previousPlanId: 'stale', updatedAt: new Date() },
        'stale',
      ),
    )
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConflictError);
  expect((await state.getEnvironment('prod'))?.snapshots).toEqual(before!.snapshots);
});

test('a run killed after any number of statements converges on re-run and never leaves a broken environment', async () => {
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
  let completedAt: number | null = null;
  for (let limit = 1; limit < 400 && completedAt === null; limit += limit < 30 ? 1 : 7) {
    let seen = 0;
    let dead = false;
    const doomed = await createEngine(
      { type: 'postgres', url: db.url },
      {
        onStatement: () => {
          // Once "killed", the connection is gone for every later statement too.
          if (dead || ++seen > limit) {
            dead = true;
            throw new Error(`simulated crash after ${limit} statements`);
          }
        },
      },
    );
    try {
      await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine: doomed }), 'pr_5');
      completedAt = limit;
    } catch (err) {
      expect(String((err as Error).message)).toMatch(/simulated crash/);
    } finally {
      await doomed.close().catch(() => {});
    }
    await assertConsistent();
  }
  expect(completedAt).not.toBeNull();
  // The apply really was interrupted at many points (schema, builds, intervals, swap, CAS).
  expect(completedAt!).toBeGreaterThan(15);
  // A clean re-run finds everything in place.
  const again = await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'pr_5');
  expect(again.plan.noop).toBe(true);
  const n = await engine.query<{ n: string }>('SELECT count(*) AS n FROM stg__pr_5.orders');
  expect(Number(n.rows[0]?.n)).toBe(6);
});

test("the janitor keeps a table a user's own view depends on (no CASCADE), and drops it once free", async () => {
  project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, max(amount) AS biggest');
  const ws = () => openWorkspace({ projectDir: project.dir, engine });
  const r = await applyEnvironment(await ws(), 'pr_6');
  const table = r.built.find((b) => b.name === 'marts.daily_revenue')!.physicalTable;
  await engine.query(`CREATE VIEW public.my_report AS SELECT * FROM ${engine.dialect.qualify(table)}`);
  try {
    await invalidateEnvironment(await ws(), 'pr_6');
    const first = await runJanitor(await ws(), { ignoreTtl: true });
    expect(first.environments.map((e) => e.name)).toEqual(['pr_6']);
    expect(first.kept.map((k) => k.relation)).toEqual([table]);
    expect(first.kept[0]!.reason).toMatch(/depend/);
    expect(await engine.relationExists(table)).toBe('table');
  } finally {
    await engine.query('DROP VIEW public.my_report');
  }
  const second = await runJanitor(await ws(), { ignoreTtl: true });
  expect(second.physicalTables.map((t) => t.relation)).toEqual([table]);
  expect(await engine.relationExists(table)).toBeNull();
  project.edit('models/marts/daily_revenue.sql', ', max(amount) AS biggest', '');
});
