// What the CLI says about incremental models, against a real Postgres: `vde plan` lists the
// intervals each model would process (and, for a PR window, what promotion backfills), `vde env`
// the filled ranges, `vde run --execution-time` what became due; bad time flags name the flag.
import { createEngine } from '../../src/engines';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { createSource, incrementalFiles } from '../support/incremental';
import { makeProject, postgresConfig, type TestProject } from '../support/project';
import { STACK_FRAME, vde } from '../support/cli';

let db: TestDatabase;
let project: TestProject;
const run = (...args: string[]) => vde(['--project', project.dir, ...args], {});

beforeAll(async () => {
  db = await freshDatabase('incr_cli');
  project = makeProject({ ...incrementalFiles({ batchSize: 1 }), 'vde.yaml': postgresConfig(db.url, 'preview_window: 3d\n') });
  const engine = await createEngine({ type: 'postgres', url: db.url });
  try {
    await createSource(engine, 30);
  } finally {
    await engine.close();
  }
});

afterAll(async () => {
  await db.drop();
  project.cleanup();
});

test('plan shows intervals per model, apply processes them, env shows filled ranges, run picks up what became due', async () => {
  const plan = await run('plan', 'prod', '--execution-time', '2024-01-11 06:00');
  expect(plan.code).toBe(0);
  expect(plan.stdout).toContain('marts.events: 2024-01-01 → 2024-01-11, 10 daily intervals in 10 batches');
  expect(plan.stdout).toContain('marts.daily: 2024-01-01 → 2024-01-11, 10 daily intervals in 1 batch');

  const apply = await run('apply', 'prod', '--execution-time', '2024-01-11 06:00');
  expect(apply.code).toBe(0);
  expect(apply.stdout).toMatch(/prod created: 3 built, 20 intervals in 11 batches, 3 views/);

  const env = await run('env', 'prod');
  expect(env.stdout).toContain('filled intervals (end exclusive):');
  expect(env.stdout).toContain('  marts.events: 2024-01-01 → 2024-01-11');

  const ran = await run('run', '--execution-time', '2024-01-13T06:00:00Z');
  expect(ran.code).toBe(0);
  expect(ran.stdout).toContain('marts.events: 2 intervals in 2 batches');
  expect(ran.stdout).toContain('marts.item_totals: refreshed in place');
  const json = JSON.parse((await run('run', '--execution-time', '2024-01-14 06:00', '--json')).stdout);
  expect(json.processed.map((p: { name: string; intervals: number }) => [p.name, p.intervals])).toEqual([
    ['marts.events', 1],
    ['marts.daily', 1],
  ]);
  expect((await run('run', '--execution-time', '2024-01-14 07:00')).stdout).toContain('prod: nothing due');
});

test('a PR plan shows its window and what promotion backfills; --start/--end override preview_window', async () => {
  project.edit('models/marts/events.sql', 'SELECT id, item_id, event_date, amount', 'SELECT id, item_id, event_date, amount * 2 AS amount');
  const plan = await run('plan', 'pr_1', '--execution-time', '2024-01-14 06:00');
  expect(plan.stdout).toContain('marts.events: 2024-01-11 → 2024-01-14, 3 daily intervals in 3 batches (preview window 2024-01-11 → 2024-01-14; on promotion: 10 daily intervals backfilled)');
  const ranged = await run('plan', 'pr_1', '--execution-time', '2024-01-14 06:00', '--start', '2024-01-02', '--end', '2024-01-03');
  expect(ranged.stdout).toContain('marts.events: 2024-01-02 → 2024-01-04, 2 daily intervals in 2 batches (preview window 2024-01-02 → 2024-01-04; on promotion: 11 daily intervals backfilled)');
  project.edit('models/marts/events.sql', 'amount * 2 AS amount', 'amount');
});

test('bad time flags: an error naming the flag, no stack trace', async () => {
  for (const [args, message] of [
    [['apply', 'pr_2', '--start', 'last tuesday'], /--start/],
    [['apply', 'pr_2', '--start', '2024-01-05', '--end', '2024-01-03'], /--end.*must be after --start/],
    [['run', '--execution-time', 'soon'], /--execution-time/],
    [['apply', 'prod', '--start', '2024-01-05'], /prod/],
  ] as const) {
    const r = await run(...args);
    expect(r.code).not.toBe(0);
    // The first line says what is wrong (commander adds a usage hint below a bad flag).
    expect(r.stderr.trim().split('\n')[0]).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  }
});
