// A real `vde apply` process on Snowflake (the CLI bundle, its snowflake-sdk chunk and the
// stand-in) killed with SIGKILL in the middle of its builds: nothing of the environment is
// visible, prod answers with its old data, and a re-run converges reusing the finished tables
// (the killed run's lease is taken over because its process is gone). Then promotions killed by
// the crash harness's switch (VDE_TEST_SIGKILL_AT, src/engines/kill-switch.ts) at points across
// their statements: prod reads the old or the new version per schema, and the re-run converges.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import { spawnCli, startCli } from '../support/cli';
import { assertConsistent } from '../support/invariants';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { connect, standInConnection, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let project: TestProject;
let admin: SfConnection;

beforeAll(async () => {
  h = await startStandIn();
  admin = await connect(h.standIn);
  project = makeProject({
    ...shopFiles(),
    'vde.yaml':
      'connection:\n  type: snowflake\n  account: STANDIN\n  user: vde\n  password: ${SF_PASSWORD}\n  database: VDE\n  warehouse: COMPUTE_WH\n' +
      `  host: 127.0.0.1\n  port: ${h.standIn.port}\n  protocol: http\n`,
  });
});

afterAll(async () => {
  await admin?.close();
  await h?.close();
  project?.cleanup();
});

const env = () => ({ ...process.env, SF_PASSWORD: 'vde' });

/** Runs the CLI without blocking this process (the stand-in answers from it). */
async function vde(...args: [...string[]] | [...string[], Record<string, string>]) {
  const extra = typeof args[args.length - 1] === 'object' ? (args.pop() as Record<string, string>) : {};
  return spawnCli(['--project', project.dir, ...(args as string[])], { env: { ...env(), ...extra } });
}

test('SIGKILL during apply leaves prod intact and pr_1 absent, and the re-run converges', async () => {
  const first = await vde('apply', 'prod');
  expect(first.stderr).not.toMatch(/error/i);
  expect(first.code).toBe(0);
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
  project.write('models/marts/slow.sql', 'MODEL (name marts.slow, kind FULL);\nSELECT customer_id, revenue, SYSTEM$WAIT(4) AS w FROM marts.customer_orders\n');
  const run = startCli(['--project', project.dir, 'apply', 'pr_1'], { env: env() });
  await run.until(/built stg\.orders/);
  setTimeout(() => run.child.kill('SIGKILL'), 300);
  expect((await run.done).signal).toBe('SIGKILL');

  // Nothing of pr_1 is visible: no record, no views; prod answers with its old data.
  expect(await admin.query('SELECT name FROM vde_state.environments ORDER BY name')).toEqual([{ NAME: 'prod' }]);
  expect(await admin.query("SHOW SCHEMAS LIKE 'STG\\\\_\\\\_PR\\\\_1'")).toEqual([]);
  expect(await admin.query('SELECT COUNT(*) AS n FROM stg.orders')).toEqual([{ N: 7 }]);

  // The re-run finishes, reusing what the killed run built.
  const again = await vde('apply', 'pr_1', '--json');
  expect(again.stderr).not.toMatch(/error/i);
  expect(again.code).toBe(0);
  const built = (JSON.parse(again.stdout) as { built: { name: string }[] }).built.map((b) => b.name);
  expect(built).not.toContain('stg.orders');
  expect(built).toContain('marts.slow');
  expect(await admin.query('SELECT COUNT(*) AS n FROM stg__pr_1.orders')).toEqual([{ N: 5 }]);
  expect((await admin.query('SELECT * FROM marts__pr_1.slow')).length).toBeGreaterThan(0);
}, 600_000);

test('promotions killed with SIGKILL (VDE_TEST_SIGKILL_AT) across their statements: prod reads old or new per schema, and the re-run converges', async () => {
  // The slow model of the test above (when it ran) would only slow every rebuild down.
  if (existsSync(join(project.dir, 'models/marts/slow.sql'))) project.remove('models/marts/slow.sql');
  const engine = new SnowflakeEngine(standInConnection(h.standIn));
  // The invariant checks open the project in this process: its vde.yaml reads the password from here.
  process.env.SF_PASSWORD = 'vde';
  const ordersSql = (filter: string) =>
    `MODEL (name stg.orders, kind FULL, grain order_id);\n\nSELECT id AS order_id, customer_id, amount, status, ordered_on\nFROM raw.orders\n${filter}\n`;
  const prodCount = async () => Number((await admin.query<{ N: unknown }>('SELECT COUNT(*) AS n FROM stg.orders'))[0]?.N);
  // Both marts read stg.orders: equal revenue means MARTS reads one version throughout.
  const martsRevenue = async () =>
    (await admin.query<{ A: unknown; B: unknown }>('SELECT (SELECT SUM(revenue) FROM marts.customer_orders) AS a, (SELECT SUM(revenue) FROM marts.daily_revenue) AS b'))[0]!;
  const landed: string[] = [];
  try {
    // The reference promotion (pr_1's change): how many statements a promotion sends.
    project.write('models/stg/orders.sql', ordersSql("WHERE status <> 'cancelled'"));
    const before = h.standIn.history.records.length;
    expect((await vde('apply', 'prod')).code).toBe(0);
    const total = h.standIn.history.records.length - before;
    expect(await prodCount()).toBe(5);

    const steps: [string, number, number][] = [
      ["WHERE status <> 'returned'", 6, 0.55],
      ["WHERE status = 'paid'", 4, 0.75],
      ['-- every order counts', 7, 0.9],
    ];
    let old = 5;
    for (const [i, [filter, next, at]] of steps.entries()) {
      project.write('models/stg/orders.sql', ordersSql(filter));
      expect((await vde('apply', `pr_${30 + i}`)).code).toBe(0);
      const point = Math.max(1, Math.round(total * at));
      const killed = await vde('apply', 'prod', { VDE_TEST_SIGKILL_AT: String(point) });
      // A promotion shorter than the reference may end before the point: then it simply finished.
      if (killed.signal !== 'SIGKILL') expect(killed.code).toBe(0);
      else landed.push(/vde-test: SIGKILL before statement \d+: (.*)/.exec(killed.stderr)?.[1] ?? '(unknown)');
      expect([old, next]).toContain(await prodCount());
      const m = await martsRevenue();
      expect(Number(m.A)).toBeCloseTo(Number(m.B), 2);
      await assertConsistent(engine, project.dir);

      const again = await vde('apply', 'prod');
      expect(again.stderr).not.toMatch(/error/i);
      expect(again.code).toBe(0);
      expect(await prodCount()).toBe(next);
      expect((await assertConsistent(engine, project.dir)).unfinalized).toEqual([]);
      expect(await admin.query("SHOW SCHEMAS LIKE '%$SWAP%'")).toEqual([]);
      old = next;
    }
    process.stderr.write(`SIGKILL points: ${landed.join(' | ')}\n`);
    expect(landed.length).toBeGreaterThanOrEqual(2);
    expect(landed.every((s) => s !== '(unknown)')).toBe(true);
  } finally {
    delete process.env.SF_PASSWORD;
    await engine.close();
  }
}, 600_000);
