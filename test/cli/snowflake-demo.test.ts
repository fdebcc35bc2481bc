// The README's demo on Snowflake: `vde demo --connection examples/connections/snowflake-stand-in.yaml`
// against the stand-in runs the same lifecycle, with the same numbers, as on PGlite.
import { spawnCli } from '../support/cli';
import { startStandIn, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
beforeAll(async () => {
  h = await startStandIn();
});
afterAll(async () => {
  await h?.close();
});

const demo = (...args: string[]) => spawnCli(['demo', ...args], { env: { ...process.env, SNOWFLAKE_STAND_IN: h.standIn.url } });

test('vde demo --connection runs the PR lifecycle on the Snowflake stand-in', async () => {
  const r = await demo('--connection', 'examples/connections/snowflake-stand-in.yaml');
  expect(r.stderr).toBe(r.stderr.replace(/\n\s+at /g, '')); // progress only, no stack
  expect(r.code).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/on the connection of examples\/connections\/snowflake-stand-in\.yaml \(type snowflake\)/);
  expect(out).toMatch(/prod created: 9 built, 9 views/);
  expect(out).toMatch(/pr_1 created: 4 built, 9 views/);
  expect(out).toMatch(/STG__PR_1\.CUSTOMERS\s+\S+\s+yes/i);
  expect(out).toMatch(/^stg\.orders\s+breaking\s+40\s+36\s+0\s+4\s+0/m);
  expect(out).toMatch(/prod updated: 0 built, 9 views/);
  expect(out).toMatch(/removed environment pr_1/);
  const envs = out.trimEnd().split('\n').slice(-3);
  expect(envs[2]).toMatch(/^prod\s+9\s+\S+\s+never\s+active$/);
  // Every statement ran on the stand-in, tagged with the command and environment.
  expect(h.standIn.history.records.length).toBeGreaterThan(100);
}, 600_000);
