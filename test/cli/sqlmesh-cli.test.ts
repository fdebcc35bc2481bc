// What the CLI says about a SQLMesh project, against a real Postgres: which gateway it uses and
// why, what it leaves out, what it ignores (plan --verbose), audits (warnings, a blocking failure
// in text and --json), descriptions (vde env), and audits in vde diff's JSON and Markdown.
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, type TestProject } from '../support/project';
import { STACK_FRAME, vde } from '../support/cli';

let db: TestDatabase;
let project: TestProject;
const run = (...args: string[]) => vde(['--project', project.dir, ...args], {});

const STG = `MODEL (
  name staging.rides,
  owner analytics,
  cron '@daily',
  description 'One row per ride that was not cancelled',
  column_descriptions (fare = 'What the rider paid, in euros'),
  audits (
    not_null(columns := (id)),
    accepted_values_non_blocking(column := status, is_in := ('done'))
  )
);

SELECT * FROM (VALUES (1, 'done', 2.5), (2, 'disputed', 4.0)) AS v(id, status, fare)
`;

beforeAll(async () => {
  db = await freshDatabase('sqlmesh_cli');
  const u = new URL(db.url);
  project = makeProject({
    'config.yaml': `gateways:
  warehouse:
    connection:
      type: postgres
      host: ${u.hostname}
      port: ${u.port}
      user: ${decodeURIComponent(u.username)}
      password: ${decodeURIComponent(u.password)}
      database: ${u.pathname.slice(1)}
default_gateway: warehouse
model_defaults:
  dialect: postgres
`,
    'models/staging/rides.sql': STG,
    'models/staging/old.sql': 'MODEL (name staging.old, enabled false);\nSELECT 1 AS x',
    'models/ml/score.py': '@model("ml.score", columns={"x": "int"})\ndef execute(context):\n    pass\n',
  });
});
afterAll(async () => {
  project.cleanup();
  await db.drop();
});

test('vde plan says which gateway it connects through and why, lists left-out models, and with --verbose what it ignores', async () => {
  const r = await run('plan', 'prod', '--verbose');
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('note: connection: gateway warehouse (default_gateway in config.yaml), type postgres');
  expect(r.stdout).toContain('  models left out (2):');
  expect(r.stdout).toContain('    staging.old  models/staging/old.sql:1: enabled false');
  expect(r.stdout).toContain('    ml.score  models/ml/score.py:1: a Python model: vde runs no Python');
  expect(r.stdout).toContain("    staging.rides (models/staging/rides.sql): owner analytics (line 3), cron '@daily' (line 4)");
  expect(r.stdout).toContain("    staging.rides: not_null(columns := (id)), accepted_values_non_blocking(column := status, is_in := ('done'))");
  // Without --verbose: no ignored properties.
  const plain = await run('plan', 'prod');
  expect(plain.stdout).not.toContain('accepted and ignored');
  const json = JSON.parse((await run('plan', 'prod', '--json', '--verbose')).stdout) as { skipped: unknown[]; details: { models: { name: string; ignored: { name: string }[] }[] } };
  expect(json.skipped).toEqual([
    { name: 'staging.old', file: 'models/staging/old.sql', line: 1, reason: 'enabled false' },
    { name: 'ml.score', file: 'models/ml/score.py', line: 1, reason: 'a Python model: vde runs no Python' },
  ]);
  expect(json.details.models[0]!.ignored.map((i) => i.name)).toEqual(['owner', 'cron']);
});

test('vde apply runs the audits: a non-blocking one warns; a blocking one fails before the views move, in text and --json', async () => {
  const prod = await run('apply', 'prod');
  expect(prod.code).toBe(0);
  expect(prod.stdout).toContain('audits: 2 on 1 model: 1 non-blocking warning');
  expect(prod.stdout).toContain(
    "  warning: audit accepted_values_non_blocking(column := status, is_in := ('done')) of model staging.rides found 1 row (non-blocking; models/staging/rides.sql:9)",
  );
  expect(prod.stderr).toContain('warning: audit accepted_values_non_blocking');

  project.edit('models/staging/rides.sql', "(2, 'disputed', 4.0)", "(2, 'disputed', 4.0), (NULL, 'done', 1.0)");
  const failed = await run('apply', 'pr_1', '--json');
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/^error: models\/staging\/rides\.sql:8: blocking audit not_null\(columns := \(id\)\) of model staging\.rides failed: 1 row violates it$/m);
  expect(failed.stderr).not.toMatch(STACK_FRAME);
  const body = JSON.parse(failed.stdout) as { environment: string; applied: boolean; audits: unknown[] };
  expect(body).toMatchObject({ environment: 'pr_1', applied: false });
  expect(body.audits).toEqual([
    { model: 'staging.rides', audit: 'not_null', call: 'not_null(columns := (id))', blocking: true, status: 'failed', violations: 1, file: 'models/staging/rides.sql', line: 8 },
  ]);
  expect(JSON.parse((await run('envs', '--json')).stdout).environments.map((e: { name: string }) => e.name)).toEqual(['prod']);

  // Fixed: the PR applies, and its diff reports the non-blocking audit's rows.
  project.edit('models/staging/rides.sql', "(NULL, 'done', 1.0)", "(3, 'done', 1.0)");
  expect((await run('apply', 'pr_1')).code).toBe(0);
  const json = JSON.parse((await run('diff', 'prod', 'pr_1', '--format', 'json')).stdout) as { audits: { call: string; status: string; violations: number }[] };
  expect(json.audits.map((a) => [a.call, a.status, a.violations])).toEqual([
    ['not_null(columns := (id))', 'passed', 0],
    ["accepted_values_non_blocking(column := status, is_in := ('done'))", 'warning', 1],
  ]);
  const md = (await run('diff', 'prod', 'pr_1', '--format', 'markdown')).stdout;
  expect(md).toContain('**Audits**: 1 audit found rows');
  expect(md).toContain("- ⚠️ staging.rides: audit accepted_values_non_blocking(column := status, is_in := ('done')) found 1 row (non-blocking; models/staging/rides.sql:9)");
});

test('vde env shows descriptions and column descriptions, in text and --json', async () => {
  const text = await run('env', 'prod');
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('descriptions:\n  staging.rides: One row per ride that was not cancelled\n    fare: What the rider paid, in euros');
  const json = JSON.parse((await run('env', 'prod', '--json')).stdout) as { models: { name: string; description?: string; columnDescriptions?: Record<string, string> }[] };
  expect(json.models).toEqual([
    expect.objectContaining({ name: 'staging.rides', description: 'One row per ride that was not cancelled', columnDescriptions: { fare: 'What the rider paid, in euros' } }),
  ]);
});
