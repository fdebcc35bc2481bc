// The bundled action with an incremental model (issue 10): a PR environment builds only the
// `preview-window`, its comment says the diff was compared over that window and what promotion
// will backfill, and the merge backfills the rest into the PR's table before prod switches to it.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { stripMarker } from '../../src/github/comment';
import { GitHubStandIn, startGitHubStandIn } from '../support/github-stand-in';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { checkout, describeRun, pullRequestPayload, REPO, runAction, type Checkout, type PullRequestEvent, type RunResult } from './harness';

const FILE = 'models/marts/visits.sql';
// One row a day from the model's start (30 days before the run) to the last complete day.
const MODEL = `MODEL (
  name marts.visits,
  kind INCREMENTAL_BY_TIME_RANGE (time_column visit_date),
  start '30 days ago',
  cron '@daily',
  grain visit_date
);

SELECT CAST(d AS date) AS visit_date, 1 AS visits
FROM generate_series(CAST(@start_ds AS date), CAST(@end_ds AS date), INTERVAL '1 day') AS d
`;

let db: TestDatabase;
let client: pg.Client;
let gh: GitHubStandIn;
let repo: Checkout;

beforeAll(async () => {
  db = await freshDatabase('action_incr');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  gh = await startGitHubStandIn({ prefix: '/api/v3', token: 'test-token' });
  repo = checkout();
  repo.write(FILE, MODEL);
});

afterAll(async () => {
  await client.end();
  await gh.stop();
  await db.drop();
  repo.cleanup();
});

function action(eventName: string, payload: Record<string, unknown>, inputs: Record<string, string>): Promise<RunResult> {
  return runAction({ eventName, payload, inputs, apiUrl: gh.url, databaseUrl: db.url, checkout: repo });
}

function ok(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(describeRun(r));
  return r;
}

const pr = (event: PullRequestEvent) => action('pull_request', pullRequestPayload(event), { 'preview-window': '5d' });
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

test('the PR builds its preview window; the comment says so and what the merge backfills; the merge backfills the same table', async () => {
  ok(await action('push', {}, { command: 'promote' }));
  const full = await client.query<{ n: string }>('SELECT count(*) AS n FROM marts.visits');
  expect(full.rows[0]!.n).toBe('30');

  repo.edit(FILE, '1 AS visits', '2 AS visits');
  const opened = ok(await pr({ number: 7, action: 'opened' }));
  const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const window = `${day(today - 5 * 86_400_000)} → ${day(today)}`;
  const body = stripMarker(gh.commentsOf(REPO, 7)[0]!.body);
  expect(body).toContain(`compared over ${window} (preview window)`);
  expect(body).toContain('On merge: 25 daily intervals of `marts.visits` will be backfilled');
  expect(opened.summary).toContain('5 intervals processed');
  const preview = await client.query<{ n: string; v: string }>('SELECT count(*) AS n, sum(visits) AS v FROM marts__pr_7.visits');
  expect(preview.rows[0]).toEqual({ n: '5', v: '10' });
  // The diff compared the window only: no row of prod's history shows as removed.
  expect(body).not.toMatch(/marts\.visits — [^:]*: \+\d+ −[1-9]/);

  const merged = ok(await pr({ number: 7, action: 'closed', merged: true, mergeSha: 'a'.repeat(40) }));
  expect(merged.outputs.promoted).toBe('true');
  const promoted = await client.query<{ n: string; v: string }>('SELECT count(*) AS n, sum(visits) AS v FROM marts.visits');
  expect(promoted.rows[0]).toEqual({ n: '30', v: '60' });
  const after = stripMarker(gh.commentsOf(REPO, 7)[0]!.body);
  expect(after).toContain('Backfilled before `prod` switched to them');
  expect(after).toContain('`marts.visits`: 25 intervals');

  // On schedule, run-on-schedule runs prod's due intervals before the janitor (none are due yet).
  const scheduled = ok(await action('schedule', {}, { 'run-on-schedule': 'true' }));
  expect(scheduled.summary).toContain('### vde: run `prod`');
  expect(scheduled.summary).toContain('Nothing was due.');
  expect(scheduled.summary.indexOf('run `prod`')).toBeLessThan(scheduled.summary.indexOf('### vde: janitor'));
}, 300_000);
