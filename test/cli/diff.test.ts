// `vde diff prod pr_7 --format json` on a real Postgres with the example project: a breaking edit
// upstream that removes rows, and a new column downstream. Every expected number is computed
// independently from the raw seed data, not from the differ's own SQL.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { CLI, spawnCli } from '../support/cli';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { copyExamples, postgresConfig, type TestProject } from '../support/project';
import { GitHubStandIn, startGitHubStandIn } from '../support/github-stand-in';

let db: TestDatabase;
let project: TestProject;
let client: pg.Client;

function vdeRaw(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, '--project', project.dir, '--quiet', ...args], {
    encoding: 'utf8',
    env: { ...process.env, VDE_DATABASE_URL: db.url },
    timeout: 60000,
  });
}

function vde(...args: string[]): string {
  const r = vdeRaw(...args);
  if (r.status !== 0) throw new Error(`vde ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

async function scalar(sql: string): Promise<number> {
  return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
}

interface ModelDiffJson {
  model: string;
  category: string;
  on: string[];
  schema: { added: { name: string; type: string }[]; removed: unknown[]; typeChanged: unknown[] };
  rows: { from: number; to: number; added: number; removed: number; changed: number; unchanged: number };
  columns: { name: string; changed: number; matchPct: number }[];
}

let report: { from: string; to: string; models: ModelDiffJson[] };
const byName = (name: string) => report.models.find((m) => m.model === name)!;
const column = (m: ModelDiffJson, name: string) => m.columns.find((c) => c.name === name)!;

// Raw facts about the seed data, from prod's raw.orders (status normalized as staging does).
const CANCELLED = "lower(trim(status)) = 'cancelled'";

beforeAll(async () => {
  db = await freshDatabase('diff');
  project = copyExamples();
  project.write('vde.yaml', postgresConfig('${VDE_DATABASE_URL}'));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // A model whose column is a quoted, mixed-case identifier (for --on Id).
  project.write('models/marts/cased.sql', 'MODEL (name marts.cased, kind FULL);\n\nSELECT o.order_id AS "Id", o.status FROM stg.orders AS o\n');
  vde('apply', 'prod');
  project.edit('models/staging/stg_orders.sql', 'FROM raw.orders AS o', `FROM raw.orders AS o\nWHERE NOT (lower(trim(o.status)) = 'cancelled')`);
  project.edit('models/marts/customer_orders.sql', '0)::numeric(12, 2) AS net_revenue', '0)::numeric(12, 2) AS net_revenue,\n  count(DISTINCT o.order_date) AS active_days');
  vde('apply', 'pr_7');
  report = JSON.parse(vde('diff', 'prod', 'pr_7', '--format', 'json'));
});
afterAll(async () => {
  await client.end();
  await db.drop();
  project.cleanup();
});

test('the report covers exactly the models whose tables differ', () => {
  expect(report.from).toBe('prod');
  expect(report.to).toBe('pr_7');
  expect(report.models.map((m) => m.model).sort()).toEqual([
    'marts.cased',
    'marts.customer_lifetime_value',
    'marts.customer_orders',
    'marts.revenue_daily',
    'stg.orders',
  ]);
  // Unchanged models are absent.
  for (const name of ['raw.customers', 'raw.orders', 'raw.payments', 'stg.customers', 'stg.payments']) {
    expect(report.models.find((m) => m.model === name)).toBeUndefined();
  }
});

test('upstream: the removed rows of stg.orders, exactly', async () => {
  const m = byName('stg.orders');
  const total = await scalar('SELECT count(*) AS n FROM raw.orders');
  const cancelled = await scalar(`SELECT count(*) AS n FROM raw.orders WHERE ${CANCELLED}`);
  expect(cancelled).toBeGreaterThan(0);
  expect(m.category).toBe('breaking');
  expect(m.on).toEqual(['order_id']);
  expect(m.rows).toEqual({ from: total, to: total - cancelled, added: 0, removed: cancelled, changed: 0, unchanged: total - cancelled });
  expect(m.columns.every((c) => c.changed === 0 && c.matchPct === 100)).toBe(true);
});

test('downstream revenue_daily: days that only had cancelled orders are removed, mixed days change', async () => {
  const m = byName('marts.revenue_daily');
  const perDay = `SELECT order_date, count(*) FILTER (WHERE ${CANCELLED}) AS c, count(*) AS n FROM raw.orders GROUP BY order_date`;
  const days = await scalar(`SELECT count(*) AS n FROM (${perDay}) d`);
  const onlyCancelled = await scalar(`SELECT count(*) AS n FROM (${perDay}) d WHERE c = n`);
  const mixed = await scalar(`SELECT count(*) AS n FROM (${perDay}) d WHERE c > 0 AND c < n`);
  expect(m.category).toBe('indirect');
  expect(m.rows).toEqual({ from: days, to: days - onlyCancelled, added: 0, removed: onlyCancelled, changed: mixed, unchanged: days - onlyCancelled - mixed });
  expect(column(m, 'orders').changed).toBe(mixed);
  expect(column(m, 'cancelled_orders').changed).toBe(mixed);
  expect(column(m, 'returned_orders').changed).toBe(0);
  expect(column(m, 'net_revenue').changed).toBe(0);
});

test('downstream customer_orders: the new column in schema.added, the changed rows and columns, exactly', async () => {
  const m = byName('marts.customer_orders');
  expect(m.category).toBe('non-breaking');
  expect(m.schema.added).toEqual([{ name: 'active_days', type: 'bigint' }]);
  expect(m.schema.removed).toEqual([]);
  expect(m.schema.typeChanged).toEqual([]);
  // Every customer with a cancelled order loses it from order_count; nothing else about them
  // that counts revenue changes, because cancelled orders were already voided.
  const customers = await scalar('SELECT count(*) AS n FROM raw.customers');
  const affected = await scalar(`SELECT count(DISTINCT customer_id) AS n FROM raw.orders WHERE ${CANCELLED}`);
  const lastDateMoves = await scalar(
    `SELECT count(*) AS n FROM (SELECT customer_id, max(order_date) AS a, max(order_date) FILTER (WHERE NOT ${CANCELLED}) AS b
       FROM raw.orders GROUP BY customer_id) x WHERE a IS DISTINCT FROM b`,
  );
  const firstDateMoves = await scalar(
    `SELECT count(*) AS n FROM (SELECT customer_id, min(order_date) AS a, min(order_date) FILTER (WHERE NOT ${CANCELLED}) AS b
       FROM raw.orders GROUP BY customer_id) x WHERE a IS DISTINCT FROM b`,
  );
  expect(m.rows).toEqual({ from: customers, to: customers, added: 0, removed: 0, changed: affected, unchanged: customers - affected });
  expect(column(m, 'order_count').changed).toBe(affected);
  expect(column(m, 'order_count').matchPct).toBeCloseTo((100 * (customers - affected)) / customers, 2);
  expect(column(m, 'last_order_date').changed).toBe(lastDateMoves);
  expect(column(m, 'first_order_date').changed).toBe(firstDateMoves);
  expect(column(m, 'completed_order_count').changed).toBe(0);
  expect(column(m, 'net_revenue').changed).toBe(0);
  // The added column is not a common column, so it is not compared.
  expect(m.columns.find((c) => c.name === 'active_days')).toBeUndefined();
});

test('markdown output renders the summary, a mermaid graph, and no raw values', () => {
  const md = vde('diff', 'prod', 'pr_7', '--format', 'markdown');
  expect(md.startsWith('<!-- vde:report')).toBe(true);
  expect(md).toMatch(/```mermaid\ngraph LR/);
  expect(md).toMatch(/\| Model \| Category \|/);
  expect(md.length).toBeLessThanOrEqual(65536);
});

describe('flags', () => {
  test('--on Id resolves the quoted column case-exactly', async () => {
    const m = (JSON.parse(vde('diff', 'prod', 'pr_7', '--model', 'marts.cased', '--on', 'Id', '--format', 'json')) as typeof report)
      .models[0] as ModelDiffJson & { warnings: string[] };
    const cancelled = await scalar(`SELECT count(*) AS n FROM raw.orders WHERE ${CANCELLED}`);
    expect(m.on).toEqual(['Id']);
    expect(m.warnings).toEqual([]);
    expect(m.rows).toMatchObject({ removed: cancelled, added: 0, changed: 0 });
  });

  test('--on naming a column no side has is an error naming the flag, with no report', () => {
    const r = vdeRaw('diff', 'prod', 'pr_7', '--on', 'nope');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --on nope: model [a-z_.]+ has no column "nope" \(neither in prod nor in pr_7; its columns: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--exit-code: 1 when a compared model differs, 0 when nothing differs', () => {
    expect(vdeRaw('diff', 'prod', 'pr_7', '--exit-code', '--samples', '0').status).toBe(1);
    expect(vdeRaw('diff', 'prod', 'pr_7').status).toBe(0);
    expect(vdeRaw('diff', 'prod', 'prod', '--exit-code').status).toBe(0);
  });

  test("--where can only read: nextval() fails every model, clearly, and the sequence does not move", async () => {
    await client.query('CREATE SEQUENCE IF NOT EXISTS public.x_seq');
    const r = vdeRaw('diff', 'prod', 'pr_7', '--where', "nextval('public.x_seq') > 0", '--format', 'json');
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { models: { error?: string }[] };
    expect(json.models.length).toBeGreaterThan(0);
    for (const m of json.models) expect(m.error).toMatch(/cannot execute nextval\(\) in a read-only transaction/);
    expect(r.stderr).toMatch(/^error: \d+ of \d+ models could not be compared \([a-z_.]+: cannot execute nextval\(\) in a read-only transaction\)/);
    const seq = await client.query<{ is_called: boolean }>('SELECT is_called FROM public.x_seq');
    expect(seq.rows[0]?.is_called).toBe(false);
  });
});

describe('vde comment posts the same sticky comment from any CI system', () => {
  let gh: GitHubStandIn;
  beforeAll(async () => {
    gh = await startGitHubStandIn({ token: 'ci-token' });
    gh.seedComments('acme/warehouse', 7, ['LGTM', '<!-- not ours -->']);
  });
  afterAll(() => gh.stop());

  const comment = (...extra: string[]) =>
    // A child process, so this process's event loop keeps answering as the GitHub stand-in.
    spawnCli(['--project', project.dir, '--quiet', 'comment', '--repo', 'acme/warehouse', '--pr', '7', '--api-url', gh.url, ...extra], {
      env: { ...process.env, VDE_DATABASE_URL: db.url, GITHUB_TOKEN: 'ci-token' },
    });

  test('creates it once, then finds it and skips an unchanged edit', async () => {
    const first = await comment();
    expect(first.code).toBe(0);
    const ours = gh.commentsOf('acme/warehouse', 7).filter((c) => c.body.startsWith('<!-- vde:report'));
    expect(ours).toHaveLength(1);
    expect(first.stdout.trim()).toBe(`https://github.example/acme/warehouse/pull/7#issuecomment-${ours[0]!.id}`);
    expect(ours[0]!.body).toMatch(/\| stg\.orders \| breaking \|/);
    gh.clearRequests();
    const second = await comment();
    expect(second.code).toBe(0);
    expect(gh.writes()).toEqual([]);
    expect(gh.commentsOf('acme/warehouse', 7)).toHaveLength(3);
  });

  test('without a token it says what is missing and exits non-zero', async () => {
    const r = await spawnCli(['--project', project.dir, 'comment', '--repo', 'acme/warehouse', '--pr', '7', '--api-url', gh.url], {
      env: { ...process.env, VDE_DATABASE_URL: db.url, GITHUB_TOKEN: '' },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/GitHub token/);
  });
});

describe('progress and exit status (unit)', () => {
  test('diffProgress stays silent for quick diffs, then prints one line per model', async () => {
    const { diffProgress } = await import('../../src/cli/diff-output');
    const lines: string[] = [];
    const model = { model: 'marts.orders', rows: { added: 1200, removed: 4, changed: 0 } } as never;
    diffProgress((l) => lines.push(l), 60_000)({ index: 0, total: 3, model, ms: 5 });
    expect(lines).toEqual([]);
    diffProgress((l) => lines.push(l), 0)({ index: 1, total: 3, model, ms: 2100 });
    expect(lines).toEqual(['[2/3] marts.orders: 1,204 rows differ (2.1 s)']);
  });
});
