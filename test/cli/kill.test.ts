// A real `vde apply` process killed with SIGKILL in the middle of its builds: the environment must
// never point at a missing table, and a re-run converges. Once per engine mode: the second makes
// the process commit each DDL statement on its own and lock with lease rows (the killed run's
// lease is taken over because its process is gone).
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { CLI, startCli } from '../support/cli';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { POSTGRES_MODES } from '../support/modes';
import { makeProject, postgresConfig, shopFiles, type TestProject } from '../support/project';

describe.each(POSTGRES_MODES)('on $label', (mode) => {
  let db: TestDatabase;
  let project: TestProject;

  beforeAll(async () => {
    db = await freshDatabase('kill');
    project = makeProject({ ...shopFiles(), 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
  });
  afterAll(async () => {
    await db.drop();
    project.cleanup();
  });

  const env = () => ({ ...process.env, ...mode.env, VDE_DATABASE_URL: db.url });

  function vde(...args: string[]) {
    return spawnSync(process.execPath, [CLI, '--project', project.dir, ...args], { encoding: 'utf8', env: env(), timeout: 60000 });
  }

  test('SIGKILL during apply leaves prod intact and pr_1 absent, and the re-run converges', async () => {
    expect(vde('apply', 'prod').status).toBe(0);
    // A breaking upstream edit plus a slow descendant, so the kill lands between builds.
    project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
    project.write(
      'models/marts/slow.sql',
      'MODEL (name marts.slow, kind FULL);\nSELECT customer_id, revenue FROM marts.customer_orders, (SELECT pg_sleep(3)) AS s\n',
    );
    const run = startCli(['--project', project.dir, 'apply', 'pr_1'], { env: env() });
    // Killed once at least one table of pr_1 is built and the slow one is running.
    await run.until(/built stg\.orders/);
    setTimeout(() => run.child.kill('SIGKILL'), 300);
    expect((await run.done).signal).toBe('SIGKILL');

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      // Nothing of pr_1 is visible: no record, no views; prod answers with its old data.
      const envs = await c.query<{ name: string }>('SELECT name FROM vde_state.environments ORDER BY name');
      expect(envs.rows.map((r) => r.name)).toEqual(['prod']);
      expect((await c.query("SELECT 1 FROM pg_namespace WHERE nspname = 'stg__pr_1'")).rowCount).toBe(0);
      expect(Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM stg.orders')).rows[0]?.n)).toBe(7);

      // The re-run finishes, reusing what the killed run built.
      const again = vde('apply', 'pr_1', '--json');
      expect(again.stderr).not.toMatch(/error/);
    expect(again.status).toBe(0);
      const out = JSON.parse(again.stdout);
      expect(out.built.map((b: { name: string }) => b.name)).not.toContain('stg.orders');
      expect(out.built.map((b: { name: string }) => b.name)).toContain('marts.slow');
      expect(Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM stg__pr_1.orders')).rows[0]?.n)).toBe(5);
      expect((await c.query('SELECT * FROM marts__pr_1.slow')).rowCount).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  });
});
