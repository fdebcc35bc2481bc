// A real `vde apply` process on Snowflake (the CLI bundle, its snowflake-sdk chunk and the
// stand-in) killed with SIGKILL in the middle of its builds: nothing of the environment is
// visible, prod answers with its old data, and a re-run converges reusing the finished tables
// (the killed run's lease is taken over because its process is gone).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { connect, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

const CLI = join(process.cwd(), 'dist', 'cli.js');
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
function vde(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--project', project.dir, ...args], { env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('SIGKILL during apply leaves prod intact and pr_1 absent, and the re-run converges', async () => {
  const first = await vde('apply', 'prod');
  expect(first.stderr).not.toMatch(/error/i);
  expect(first.status).toBe(0);
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
  project.write('models/marts/slow.sql', 'MODEL (name marts.slow, kind FULL);\nSELECT customer_id, revenue, SYSTEM$WAIT(4) AS w FROM marts.customer_orders\n');
  const child = spawn(process.execPath, [CLI, '--project', project.dir, 'apply', 'pr_1'], { env: env() });
  let stderr = '';
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/built stg\.orders/.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGKILL'), 300);
    });
    child.on('close', () => resolve());
  });
  expect(child.signalCode).toBe('SIGKILL');

  // Nothing of pr_1 is visible: no record, no views; prod answers with its old data.
  expect(await admin.query('SELECT name FROM vde_state.environments ORDER BY name')).toEqual([{ NAME: 'prod' }]);
  expect(await admin.query("SHOW SCHEMAS LIKE 'STG\\\\_\\\\_PR\\\\_1'")).toEqual([]);
  expect(await admin.query('SELECT COUNT(*) AS n FROM stg.orders')).toEqual([{ N: 7 }]);

  // The re-run finishes, reusing what the killed run built.
  const again = await vde('apply', 'pr_1', '--json');
  expect(again.stderr).not.toMatch(/error/i);
  expect(again.status).toBe(0);
  const built = (JSON.parse(again.stdout) as { built: { name: string }[] }).built.map((b) => b.name);
  expect(built).not.toContain('stg.orders');
  expect(built).toContain('marts.slow');
  expect(await admin.query('SELECT COUNT(*) AS n FROM stg__pr_1.orders')).toEqual([{ N: 5 }]);
  expect((await admin.query('SELECT * FROM marts__pr_1.slow')).length).toBeGreaterThan(0);
});
