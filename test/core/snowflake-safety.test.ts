// Rules 7 and 9 on Snowflake (through the stand-in): concurrent applies of one environment, and
// runs killed after a seeded sample of statement counts (the full every-statement loop runs on
// Postgres in autocommit mode, test/core/safety.test.ts; over HTTP it would take too long) that
// converge when re-run and never leave a broken environment; promotion by SWAP never shows prod
// half-repointed; the janitor's safety comes from the state alone; PR applies, a promotion, an
// invalidate and the janitor racing each other converge.
import { applyEnvironment, invalidateEnvironment, openWorkspace, runJanitor } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import type { Engine, QueryResult, StatementHook } from '../../src/engines/types';
import { ConflictError } from '../../src/errors';
import { assertConsistent, type InvariantReport } from '../support/invariants';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { standInConnection, startStandIn, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let project: TestProject;
let engine: Engine;
const make = (onStatement?: StatementHook) => new SnowflakeEngine(standInConnection(h.standIn), onStatement ? { onStatement } : {});
const open = (e: Engine = engine) => openWorkspace({ projectDir: project.dir, engine: e });

beforeAll(async () => {
  h = await startStandIn();
  project = makeProject(shopFiles());
  engine = make();
  await applyEnvironment(await open(), 'prod');
});

afterAll(async () => {
  await engine?.close();
  await h?.close();
  project?.cleanup();
});

async function count(sql: string): Promise<number> {
  return Number((await engine.query<{ n: unknown }>(sql)).rows[0]?.n);
}

/** The physical table each model of an environment reads now, by the state. */
async function tablesOf(env: string): Promise<Map<string, string>> {
  const e = (await (await stateOf(await open())).getEnvironment(env))!;
  return new Map(e.snapshots.map((r) => [r.name, r.physicalTable.name]));
}

type Pointing = 'old' | 'new' | 'mixed';

/** Per prod schema, whether the views a promotion changes read the old tables, the new ones, or a mix. */
async function prodSchemasPointAt(old: Map<string, string>, next: Map<string, string>): Promise<Map<string, Pointing>> {
  const seen = new Map<string, Set<string>>();
  for (const [name, table] of old) {
    const target = next.get(name);
    if (target === undefined || target === table) continue;
    const [schema, view] = name.toUpperCase().split('.') as [string, string];
    const r = await engine.query<{ d: string }>('SELECT view_definition AS d FROM information_schema.views WHERE table_schema = :1 AND table_name = :2', [schema, view]);
    const def = r.rows[0]?.d ?? '';
    const at = def.includes(table) ? 'old' : def.includes(target) ? 'new' : 'neither';
    if (at === 'neither') throw new Error(`prod view ${name} reads neither its old nor its new table`);
    seen.set(schema, (seen.get(schema) ?? new Set()).add(at));
  }
  return new Map([...seen].map(([schema, s]) => [schema, s.size === 1 ? ([...s][0] as Pointing) : 'mixed']));
}

async function prodViewsPointAt(old: Map<string, string>, next: Map<string, string>): Promise<Pointing> {
  const all = new Set((await prodSchemasPointAt(old, next)).values());
  return all.size === 1 ? ([...all][0] as Pointing) : 'mixed';
}

/**
 * Runs `run` on engines that die after `limit` statements, for each limit in a seeded sample,
 * checking the invariants after each kill; then once to completion.
 */
async function killedAt<R>(limits: number[], run: (e: Engine) => Promise<unknown>, after: () => Promise<R>): Promise<{ reports: R[]; kills: number }> {
  const reports: R[] = [];
  for (const limit of limits) {
    let seen = 0;
    let dead = false;
    const doomed = make(() => {
      if (dead || ++seen > limit) {
        dead = true;
        throw new Error(`simulated crash after ${limit} statements`);
      }
    });
    try {
      await run(doomed);
    } catch (err) {
      if (!/simulated crash/.test(String((err as Error).message))) throw err;
    } finally {
      await doomed.close().catch(() => {});
    }
    reports.push(await after());
  }
  const survivor = make();
  try {
    await run(survivor);
  } finally {
    await survivor.close();
  }
  return { reports, kills: limits.length };
}

/** 1..max in strides with a seeded jitter, so every run hits the same varied kill points. */
function sample(max: number, stride: number, seed: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let at = 1; at <= max; at += stride) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(Math.min(max, at + (x % stride)));
  }
  return out;
}

test('two concurrent applies of one environment: one wins, the other gets a clear conflict error', async () => {
  project.write('models/marts/slow.sql', "MODEL (name marts.slow, kind FULL);\nSELECT customer_id, revenue, SYSTEM$WAIT(1500, 'MILLISECONDS') AS w FROM marts.customer_orders\n");
  const a = make();
  const b = make();
  try {
    const results = await Promise.allSettled([applyEnvironment(await open(a), 'pr_9'), applyEnvironment(await open(b), 'pr_9')]);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Both outcomes, with the refusals' reasons, so a failure says why.
    expect(results.map((r) => (r.status === 'fulfilled' ? 'applied' : `refused: ${String((r.reason as Error)?.message ?? r.reason)}`)).sort()).toEqual([
      'applied',
      expect.stringMatching(/^refused: /),
    ]);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    expect(String(lost[0]!.reason.message)).toMatch(/pr_9/);
    await assertConsistent(engine, project.dir);
    expect((await applyEnvironment(await open(b), 'pr_9')).plan.noop).toBe(true);
  } finally {
    await a.close();
    await b.close();
    project.remove('models/marts/slow.sql');
  }
});

/**
 * Engines whose first INSERT of environment `env`'s lease row waits until all of them have
 * reached it; then every row goes in at once, as when their INSERT ... WHERE NOT EXISTS statements
 * all check before any commits (inserts do not lock each other on Snowflake), and each INSERT runs
 * and finds its row there. The schedule the timing of a loaded machine only sometimes produces.
 */
function tiedLockTakers(n: number, env: string): Engine[] {
  const waiting: { params: unknown[]; go: () => void }[] = [];
  class TiedTaker extends SnowflakeEngine {
    private tied = false;
    override async query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
      if (!this.tied && /^INSERT INTO .*"LOCKS"/s.test(sql) && String(params?.[0]).endsWith(`:env:${env}`)) {
        this.tied = true;
        await new Promise<void>((go) => {
          waiting.push({ params: params!, go });
          if (waiting.length < n) return;
          // Each NOT EXISTS passes (it names no row), as it did before any row was committed.
          void Promise.all(waiting.map((w) => engine.query(sql, [w.params[0], w.params[1], `${String(w.params[0])}:none`]))).then(() => waiting.forEach((w) => w.go()));
        });
      }
      return super.query<R>(sql, params);
    }
  }
  return Array.from({ length: n }, () => new TiedTaker(standInConnection(h.standIn)));
}

test.each([2, 3])('%i applies of one environment whose lock rows go in at the same moment: still exactly one wins', async (n) => {
  const env = `pr_1${n}`;
  const takers = tiedLockTakers(n, env);
  try {
    const results = await Promise.allSettled(takers.map(async (e) => applyEnvironment(await open(e), env)));
    expect(results.map((r) => (r.status === 'fulfilled' ? 'applied' : `refused: ${String((r.reason as Error)?.message ?? r.reason)}`)).sort()).toEqual([
      'applied',
      ...Array<string>(n - 1).fill(`refused: environment ${env} is being applied by another run; retry when it finishes`),
    ]);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    await assertConsistent(engine, project.dir);
    expect((await applyEnvironment(await open(), env)).plan.noop).toBe(true);
  } finally {
    await Promise.all(takers.map((e) => e.close()));
  }
});

test('runs killed at sampled statements converge on re-run; a SWAP promotion is never seen half done', async () => {
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
  const pr = await killedAt(sample(100, 10, 7), async (e) => applyEnvironment(await open(e), 'pr_5'), () => assertConsistent(engine, project.dir));
  expect(pr.reports.every((r) => r.unfinalized.length <= 1)).toBe(true);
  expect(await count('SELECT count(*) AS n FROM stg__pr_5.orders')).toBe(6);

  const oldProd = await tablesOf('prod');
  const newProd = await tablesOf('pr_5');
  // The promotion runs ~70 statements; every one from the unfinalized record through the MARTS
  // swap (three changed views) is a kill point, the rest are sampled.
  const dense = Array.from({ length: 21 }, (_, i) => 25 + i);
  const promotion = await killedAt<InvariantReport & { prod: Pointing; schemas: Map<string, Pointing> }>(
    [...sample(24, 6, 3), ...dense, ...sample(24, 5, 5).map((x) => x + 45)],
    async (e) => applyEnvironment(await open(e), 'prod'),
    async () => {
      const schemas = await prodSchemasPointAt(oldProd, newProd);
      return { ...(await assertConsistent(engine, project.dir)), schemas, prod: await prodViewsPointAt(oldProd, newProd) };
    },
  );
  // Each prod schema holds only vde's views, so each is swapped in at once: a killed run may leave
  // STG new and MARTS old (prod unfinalized; the next run converges), never one schema half
  // repointed (MARTS changes three views).
  expect(promotion.reports.some((r) => r.unfinalized.includes('prod'))).toBe(true);
  expect(promotion.reports.flatMap((r) => [...r.schemas.values()]).filter((p) => p === 'mixed')).toEqual([]);
  expect(promotion.reports.filter((r) => r.prod === 'mixed' && !r.unfinalized.includes('prod'))).toEqual([]);
  expect(await prodViewsPointAt(oldProd, newProd)).toBe('new');
  expect(await count('SELECT count(*) AS n FROM stg.orders')).toBe(6);
  expect((await applyEnvironment(await open(), 'pr_5')).plan.noop).toBe(true);
  // No staging schema is left behind.
  expect((await engine.listSchemas('')).filter((s) => s.includes('$SWAP'))).toEqual([]);
}, 600_000);

test("the janitor's safety comes from the state alone: it drops an unreferenced table even if a user's view reads it", async () => {
  project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, max(amount) AS biggest');
  const r = await applyEnvironment(await open(), 'pr_6');
  const table = r.built.find((b) => b.name === 'marts.daily_revenue')!.physicalTable;
  // Against the documented rule (users' objects must read the virtual layer): Snowflake views are
  // not bound to tables, so nothing stops the drop and this view breaks.
  await engine.query(`CREATE VIEW public.my_report AS SELECT * FROM ${engine.dialect.qualify(table)}`);
  await invalidateEnvironment(await open(), 'pr_6');
  const janitor = await runJanitor(await open(), { ignoreTtl: true });
  expect(janitor.physicalTables.map((t) => t.relation)).toContainEqual(table);
  expect(await engine.relationExists(table)).toBeNull();
  await expect(engine.query('SELECT * FROM public.my_report')).rejects.toMatchObject({ kind: 'missing-relation' });
  // Prod never lost a table it references.
  await assertConsistent(engine, project.dir);
  project.edit('models/marts/daily_revenue.sql', ', max(amount) AS biggest', '');
});

test('PR applies, a promotion, an invalidate and the janitor at once: each succeeds or conflicts cleanly, and everything converges', async () => {
  project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, min(amount) AS smallest');
  await applyEnvironment(await open(), 'pr_20');
  const engines = Array.from({ length: 6 }, () => make());
  try {
    const runs: [string, (e: Engine) => Promise<unknown>][] = [
      ['apply pr_21', async (e) => applyEnvironment(await open(e), 'pr_21')],
      ['apply pr_22', async (e) => applyEnvironment(await open(e), 'pr_22')],
      ['apply pr_21 again', async (e) => applyEnvironment(await open(e), 'pr_21')],
      ['apply prod', async (e) => applyEnvironment(await open(e), 'prod')],
      ['invalidate pr_20', async (e) => invalidateEnvironment(await open(e), 'pr_20')],
      ['janitor', async (e) => runJanitor(await open(e), { ignoreTtl: true })],
    ];
    const results = await Promise.allSettled(runs.map(([, run], i) => run(engines[i]!)));
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [[runs[i]![0], r.reason as Error] as const] : []));
    // A loser gets a conflict naming what it lost to; nothing else may fail.
    for (const [what, err] of failures) {
      expect([what, err]).toEqual([what, expect.any(ConflictError)]);
    }
    await assertConsistent(engine, project.dir);
    // Re-running every loser converges; then each environment is a no-op.
    for (const [what] of failures) await runs.find(([w]) => w === what)![1](engine);
    // The janitor may have run before the invalidate: once more, now that pr_20 has expired.
    await runJanitor(await open(), { ignoreTtl: true });
    await assertConsistent(engine, project.dir);
    for (const env of ['pr_21', 'pr_22', 'prod']) expect((await applyEnvironment(await open(), env)).plan.noop).toBe(true);
    expect((await engine.query<{ SMALLEST: unknown }>('SELECT smallest FROM marts.daily_revenue')).rows.length).toBeGreaterThan(0);
    expect((await engine.listSchemas('')).filter((s) => s.includes('$SWAP') || s.endsWith('__PR_20'))).toEqual([]);
  } finally {
    await Promise.all(engines.map((e) => e.close()));
    project.edit('models/marts/daily_revenue.sql', ', min(amount) AS smallest', '');
  }
}, 600_000);
