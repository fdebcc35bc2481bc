// The action never writes a secret into its log, the job summary or the PR comment (issue 7 §2).
// The runner masks what the action registers (::add-mask::) in the log only; the summary and the
// comment are vde's own responsibility, and so are secrets the runner was never told about.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { GitHubStandIn, startGitHubStandIn } from '../support/github-stand-in';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { checkout, pullRequestPayload, REPO, runAction, type Checkout, type RunResult } from './harness';

const SECRET = 'Hx9-vde-Action-S3cret';
let db: TestDatabase;
let gh: GitHubStandIn;
let repo: Checkout;

beforeAll(async () => {
  db = await freshDatabase('action_secrets');
  gh = await startGitHubStandIn({ token: 'test-token' });
  repo = checkout();
});
afterAll(async () => {
  await gh.stop();
  await db.drop();
  repo.cleanup();
});

/** Everything a person can read after the run, without the runner's own ::add-mask:: commands. */
function readable(r: RunResult, issue: number): string {
  const log = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  const comments = gh.commentsOf(REPO, issue).map((c) => c.body).join('\n');
  return `${log}\n${r.summary}\n${comments}`;
}

test('a rejected password: the log, summary and failure comment name the host, never the password', async () => {
  const u = new URL(db.url);
  u.password = SECRET;
  const r = await runAction({
    eventName: 'pull_request',
    payload: pullRequestPayload({ number: 5, action: 'opened' }),
    apiUrl: gh.url,
    databaseUrl: u.toString(),
    checkout: repo,
  });
  expect(r.code).not.toBe(0);
  const text = readable(r, 5);
  expect(text).toMatch(/cannot connect to Postgres at 127\.0\.0\.1:\d+/);
  expect(gh.commentsOf(REPO, 5)[0]!.body).toMatch(/could not build/);
  expect(text).not.toContain(SECRET);
  expect(r.stdout).toContain(`::add-mask::${SECRET}`);
});

test('a secret the runner was never told about (a URL with a password inside a model) is masked by shape', async () => {
  repo.write(
    'models/marts/leaky.sql',
    `MODEL (name marts.leaky, kind FULL);\nSELECT 'postgres://admin:${SECRET}@db.internal/x'::text AS dsn, no_such_column FROM stg.orders\n`,
  );
  try {
    const r = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayload({ number: 6, action: 'opened' }),
      apiUrl: gh.url,
      databaseUrl: db.url,
      checkout: repo,
    });
    expect(r.code).not.toBe(0);
    const text = readable(r, 6);
    expect(text).toMatch(/no_such_column/);
    expect(text).toContain('postgres://admin:***@db.internal/x');
    expect(text).not.toContain(SECRET);
  } finally {
    repo.remove('models/marts/leaky.sql');
  }
});
