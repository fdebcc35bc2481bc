// The bundled action end to end: real Postgres, the real Octokit in dist/index.js talking to a
// loopback GitHub REST stand-in, the runner's environment, outputs and job summary.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { stripMarker } from '../../src/github/comment';
import { GitHubStandIn, startGitHubStandIn } from '../support/github-stand-in';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { checkout, describeRun, pullRequestPayload, REPO, runAction, type Checkout, type PullRequestEvent, type RunResult } from './harness';

const MERGE_SHA = '9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6';

// A non-breaking edit (a new column) of one mart, and a brand-new model.
const EDIT_FILE = 'models/marts/revenue_daily.sql';
const EDIT_FROM = 'sum(o.amount)::numeric(12, 2) AS gross_revenue,';
const EDIT_TO = 'sum(o.amount)::numeric(12, 2) AS gross_revenue,\n  avg(o.amount)::numeric(12, 2) AS average_order_amount,';
const NEW_MODEL_FILE = 'models/marts/order_status_counts.sql';
const NEW_MODEL = `MODEL (
  name marts.order_status_counts,
  kind FULL,
  grain status
);

SELECT o.status, count(*) AS orders
FROM stg.orders AS o
GROUP BY o.status
`;

interface Env {
  db: TestDatabase;
  client: pg.Client;
  gh: GitHubStandIn;
  repo: Checkout;
}

async function setup(label: string): Promise<Env> {
  const db = await freshDatabase(label);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const gh = await startGitHubStandIn({ prefix: '/api/v3', token: 'test-token' });
  return { db, client, gh, repo: checkout() };
}

async function teardown(e: Env | undefined): Promise<void> {
  if (!e) return;
  await e.client.end();
  await e.gh.stop();
  await e.db.drop();
  e.repo.cleanup();
}

function action(e: Env, eventName: string, payload: Record<string, unknown> = {}, inputs: Record<string, string> = {}, runId?: string) {
  return runAction({ eventName, payload, inputs, apiUrl: e.gh.url, databaseUrl: e.db.url, checkout: e.repo, ...(runId ? { runId } : {}) });
}

function pr(e: Env, event: PullRequestEvent, inputs: Record<string, string> = {}, runId?: string) {
  return action(e, 'pull_request', pullRequestPayload(event), inputs, runId);
}

function ok(r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(describeRun(r));
  return r;
}

/** `prod` from the checked-out code (a run with command: promote on a push). */
async function bootstrapProd(e: Env): Promise<void> {
  const r = ok(await action(e, 'push', {}, { command: 'promote' }));
  expect(r.outputs).toMatchObject({ environment: 'prod', promoted: 'true', 'skipped-reason': '' });
}

async function schemas(e: Env, like = '%'): Promise<string[]> {
  const r = await e.client.query<{ s: string }>(
    `SELECT schema_name AS s FROM information_schema.schemata
     WHERE schema_name LIKE $1 AND schema_name NOT LIKE 'pg\\_%' AND schema_name <> 'information_schema' ORDER BY 1`,
    [like],
  );
  return r.rows.map((x) => x.s);
}

/** Prod's views and their definitions: "was prod touched?" */
async function prodViews(e: Env): Promise<string[]> {
  const r = await e.client.query<{ s: string; t: string; d: string }>(
    `SELECT table_schema AS s, table_name AS t, view_definition AS d FROM information_schema.views
     WHERE table_schema NOT LIKE '%\\_\\_%' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  return r.rows.map((x) => `${x.s}.${x.t}: ${x.d}`);
}

/** Every relation with its kind and row count. */
async function warehouse(e: Env): Promise<string[]> {
  const rels = await e.client.query<{ s: string; t: string; k: string }>(
    `SELECT table_schema AS s, table_name AS t, table_type AS k FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: string[] = [];
  for (const r of rels.rows) {
    const n = await e.client.query<{ n: string }>(`SELECT count(*) AS n FROM "${r.s}"."${r.t}"`);
    out.push(`${r.s}.${r.t} ${r.k} ${n.rows[0]?.n}`);
  }
  return out;
}

describe('pull request lifecycle: opened → synchronize → merged', () => {
  let e: Env;
  beforeAll(async () => {
    e = await setup('action_merge');
    await bootstrapProd(e);
  });
  afterAll(() => teardown(e));

  test('opened: applies pr_12, posts one comment, writes the summary and outputs', async () => {
    e.repo.edit(EDIT_FILE, EDIT_FROM, EDIT_TO);
    const r = ok(await pr(e, { number: 12, action: 'opened' }));
    expect(r.outputs.environment).toBe('pr_12');
    expect(r.outputs.created).toBe('true');
    expect(r.outputs.promoted).toBe('false');
    expect(JSON.parse(r.outputs['changed-models']!)).toEqual(['marts.revenue_daily']);
    expect(r.outputs['skipped-reason']).toBe('');

    const comments = e.gh.commentsOf(REPO, 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/^<!-- vde:report sha256=[0-9a-f]{64} -->\n/);
    expect(comments[0]!.body).toContain('pr_12');
    expect(comments[0]!.body).toContain('revenue');
    expect(r.outputs['comment-url']).toBe(`https://github.example/${REPO}/pull/12#issuecomment-${comments[0]!.id}`);
    expect(r.summary).toContain('revenue');
    expect(r.summary).toContain('pr_12');
    expect(await schemas(e, '%\\_\\_pr\\_12')).toContain('marts__pr_12');
    // The token went to the stand-in, and was masked in the log.
    expect(e.gh.requests[0]!.headers.authorization).toBe('token test-token');
    expect(r.stdout).toContain('::add-mask::test-token');
  });

  test('synchronize: the same comment is edited, never a second one', async () => {
    e.repo.write(NEW_MODEL_FILE, NEW_MODEL);
    e.gh.clearRequests();
    const r = ok(await pr(e, { number: 12, action: 'synchronize', headSha: 'd'.repeat(40) }, {}, 'run-2'));
    expect(r.outputs.created).toBe('false');
    expect(JSON.parse(r.outputs['changed-models']!)).toEqual(['marts.order_status_counts', 'marts.revenue_daily']);
    const comments = e.gh.commentsOf(REPO, 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('order');
    expect(e.gh.writes().map((w) => w.method)).toEqual(['PATCH']);

    // A re-run of the same run with nothing new leaves the comment alone.
    e.gh.clearRequests();
    ok(await pr(e, { number: 12, action: 'synchronize', headSha: 'd'.repeat(40) }, {}, 'run-2'));
    expect(e.gh.writes()).toEqual([]);
  });

  test('closed + merged: prod promoted, pr_12 gone, comment says so with the merge sha', async () => {
    const before = await prodViews(e);
    const r = ok(await pr(e, { number: 12, action: 'closed', merged: true, mergeSha: MERGE_SHA }));
    expect(r.outputs.promoted).toBe('true');
    expect(r.outputs.environment).toBe('prod');
    expect(JSON.parse(r.outputs['changed-models']!)).toEqual(['marts.order_status_counts', 'marts.revenue_daily']);

    expect(await schemas(e, '%\\_\\_pr\\_12')).toEqual([]);
    const after = await prodViews(e);
    expect(after).not.toEqual(before);
    const cols = await e.client.query(`SELECT average_order_amount FROM marts.revenue_daily LIMIT 1`);
    expect(cols.fields.map((f) => f.name)).toEqual(['average_order_amount']);
    const statuses = await e.client.query<{ n: string }>(`SELECT count(*) AS n FROM marts.order_status_counts`);
    expect(Number(statuses.rows[0]!.n)).toBeGreaterThan(0);
    const envs = await e.client.query<{ name: string }>(`SELECT name FROM vde_state.environments ORDER BY 1`);
    expect(envs.rows.map((x) => x.name)).toEqual(['prod']);

    const comments = e.gh.commentsOf(REPO, 12);
    expect(comments).toHaveLength(1);
    const body = stripMarker(comments[0]!.body);
    expect(body).toContain('promoted');
    expect(body).toContain(MERGE_SHA);
    expect(body).toContain('`marts.order_status_counts`');
    expect(body).toMatch(/`pr_12` is gone/);
    expect(r.summary).toContain(MERGE_SHA);
  });
});

describe('closed without merging', () => {
  let e: Env;
  beforeAll(async () => {
    e = await setup('action_close');
    await bootstrapProd(e);
  });
  afterAll(() => teardown(e));

  test('opened → closed: the environment is gone, prod untouched, the comment says so', async () => {
    const prodBefore = await prodViews(e);
    e.repo.edit(EDIT_FILE, EDIT_FROM, EDIT_TO);
    ok(await pr(e, { number: 13, action: 'opened' }));
    expect(await schemas(e, '%\\_\\_pr\\_13')).not.toEqual([]);

    const r = ok(await pr(e, { number: 13, action: 'closed', merged: false }));
    expect(r.outputs).toMatchObject({ environment: 'pr_13', promoted: 'false', 'skipped-reason': '' });
    expect(await schemas(e, '%\\_\\_pr\\_13')).toEqual([]);
    expect(await prodViews(e)).toEqual(prodBefore);
    const comments = e.gh.commentsOf(REPO, 13);
    expect(comments).toHaveLength(1);
    expect(stripMarker(comments[0]!.body)).toMatch(/closed without merging/);
    expect(stripMarker(comments[0]!.body)).toMatch(/`pr_13` is gone/);
  });

  test('closing a PR that never had an environment posts nothing', async () => {
    const r = ok(await pr(e, { number: 14, action: 'closed', merged: false }));
    expect(r.outputs.environment).toBe('pr_14');
    expect(e.gh.commentsOf(REPO, 14)).toEqual([]);
  });
});

describe('events that do not touch the warehouse', () => {
  let e: Env;
  beforeEach(async () => {
    e = await setup('action_fork');
  });
  afterEach(() => teardown(e));

  test('a fork PR: no schema, no GitHub call, exit 0, skipped-reason=fork', async () => {
    e.repo.edit(EDIT_FILE, EDIT_FROM, EDIT_TO);
    const r = await pr(e, { number: 15, action: 'opened', fork: true });
    expect(r.code).toBe(0);
    expect(r.outputs['skipped-reason']).toBe('fork');
    expect(r.outputs.environment).toBe('');
    expect(r.summary).toMatch(/fork/);
    expect(r.summary).toContain('allow-forks');
    expect(await schemas(e)).toEqual(['public']);
    expect(e.gh.requests).toEqual([]);
  });

  test('an unsupported event: a notice and exit 0', async () => {
    const r = await action(e, 'issues', { action: 'opened' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/::notice::.*issues/);
    expect(r.outputs['skipped-reason']).toBe('unsupported-event');
    expect(await schemas(e)).toEqual(['public']);
  });

  test('a labeled PR: nothing to do', async () => {
    const r = await pr(e, { number: 16, action: 'labeled' });
    expect(r.code).toBe(0);
    expect(r.outputs['skipped-reason']).toBe('unsupported-event');
    expect(await schemas(e)).toEqual(['public']);
  });

  test('a bad input names the input', async () => {
    const r = await pr(e, { number: 17, action: 'opened' }, { 'diff-samples': 'lots' });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('Input "diff-samples"');
    expect(await schemas(e)).toEqual(['public']);
  });
});

describe('janitor, pagination and model errors', () => {
  let e: Env;
  beforeAll(async () => {
    e = await setup('action_misc');
    await bootstrapProd(e);
  });
  afterAll(() => teardown(e));

  test('schedule: the janitor removes expired environments only', async () => {
    e.repo.edit(EDIT_FILE, EDIT_FROM, EDIT_TO);
    ok(await pr(e, { number: 21, action: 'opened' }, { comment: 'false' }));
    ok(await pr(e, { number: 22, action: 'opened' }, { comment: 'false' }));
    e.repo.edit(EDIT_FILE, EDIT_TO, EDIT_FROM);
    expect(e.gh.requests).toEqual([]);
    await e.client.query(`UPDATE vde_state.environments SET expires_at = now() - interval '1 day' WHERE name = 'pr_21'`);

    const r = ok(await action(e, 'schedule', { schedule: '0 3 * * *' }));
    expect(r.outputs.environment).toBe('');
    expect(await schemas(e, '%\\_\\_pr\\_21')).toEqual([]);
    expect(await schemas(e, '%\\_\\_pr\\_22')).not.toEqual([]);
    const envs = await e.client.query<{ name: string }>(`SELECT name FROM vde_state.environments ORDER BY 1`);
    expect(envs.rows.map((x) => x.name)).toEqual(['pr_22', 'prod']);
    expect(r.summary).toContain('pr_21');
  });

  test('the sticky comment is found on page 3 of the PR comments', async () => {
    e.gh.seedComments(REPO, 30, Array.from({ length: 230 }, (_, i) => `review chatter ${i}`));
    const [ours] = e.gh.seedComments(REPO, 30, ['<!-- vde:report sha256=0000 -->\nan old report'], 'github-actions[bot]');
    e.gh.seedComments(REPO, 30, Array.from({ length: 20 }, (_, i) => `more chatter ${i}`));
    e.gh.clearRequests();

    const r = ok(await pr(e, { number: 30, action: 'opened' }));
    const lists = e.gh.requests.filter((q) => q.method === 'GET');
    expect(lists.map((q) => q.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(e.gh.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /repos/${REPO}/issues/comments/${ours!.id}`]);
    expect(e.gh.commentsOf(REPO, 30)).toHaveLength(251);
    expect(r.outputs['comment-url']).toContain(`issuecomment-${ours!.id}`);
  });

  test('a query the warehouse rejects fails the step naming the model and the statement', async () => {
    e.repo.write('models/marts/bad_column.sql', 'MODEL (\n  name marts.bad_column,\n  kind FULL\n);\n\nSELECT o.no_such_column FROM stg.orders AS o\n');
    try {
      const r = await pr(e, { number: 41, action: 'opened' });
      expect(r.code).not.toBe(0);
      const failure = r.stdout.split('\n').find((l) => l.startsWith('::error')) ?? '';
      expect(failure).toMatch(/^::error file=warehouse\/models\/marts\/bad_column\.sql,line=6::/);
      expect(failure).toContain('marts.bad_column');
      expect(failure).toContain('no_such_column');
      expect(failure).toMatch(/statement: .*SELECT/);
    } finally {
      e.repo.remove('models/marts/bad_column.sql');
    }
  });

  test('a missing connection variable is annotated on vde.yaml', async () => {
    const r = await runAction({
      eventName: 'pull_request',
      payload: pullRequestPayload({ number: 42, action: 'opened' }),
      apiUrl: e.gh.url,
      databaseUrl: e.db.url,
      checkout: e.repo,
      unset: ['VDE_DATABASE_URL'],
    });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/^::error file=warehouse\/vde\.yaml,line=3::.*VDE_DATABASE_URL/m);
  });

  test('a model with a syntax error: an annotation on the file, non-zero exit, warehouse unchanged', async () => {
    const before = await warehouse(e);
    e.repo.write('models/marts/broken.sql', 'MODEL (\n  name marts.broken\n  kind FULL\n);\n\nSELECT 1 AS x\n');
    try {
      const r = await pr(e, { number: 40, action: 'opened' });
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(/^::error file=warehouse\/models\/marts\/broken\.sql,line=\d+(,col=\d+)?::/m);
      expect(r.summary).toContain('vde: failed');
      expect(r.summary).toContain('broken.sql');
      expect(await warehouse(e)).toEqual(before);
      expect(r.outputs.environment).toBe('pr_40');
      const comments = e.gh.commentsOf(REPO, 40);
      expect(comments).toHaveLength(1);
      expect(stripMarker(comments[0]!.body)).toMatch(/could not build/);
    } finally {
      e.repo.remove('models/marts/broken.sql');
    }
  });
});
