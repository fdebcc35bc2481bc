// The bundled CLI (dist/cli.js) as a user runs it, against a real Postgres and a copy of examples/.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { readFileSync } from 'node:fs';

const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version;
import { copyExamples, postgresConfig, type TestProject } from '../support/project';

const CLI = join(process.cwd(), 'dist', 'cli.js');

let db: TestDatabase;
let project: TestProject;
let client: pg.Client;

function vde(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '--project', project.dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VDE_DATABASE_URL: db.url },
    timeout: 60000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = vde(...args);
  if (r.code !== 0) throw new Error(`vde ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Every schema, relation and row count outside pg's own schemas: "did anything change?" */
async function warehouse(): Promise<string[]> {
  const rels = await client.query<{ s: string; t: string; k: string }>(
    `SELECT table_schema AS s, table_name AS t, table_type AS k FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: string[] = [];
  for (const r of rels.rows) {
    const n = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${r.s}"."${r.t}"`);
    out.push(`${r.s}.${r.t} ${r.k} ${n.rows[0]?.n}`);
  }
  return out;
}

async function rows(sql: string): Promise<number> {
  return Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
}

beforeAll(async () => {
  db = await freshDatabase('cli');
  project = copyExamples();
  project.write('vde.yaml', postgresConfig('${VDE_DATABASE_URL}', 'environment_ttl: 2d\n'));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
  project.cleanup();
});

test('--help lists every command', () => {
  const r = vde('--help');
  expect(r.code).toBe(0);
  for (const cmd of ['plan', 'apply', 'envs', 'env', 'invalidate', 'janitor', 'diff', 'comment', 'demo']) {
    expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  }
});

test('on a fresh warehouse, plan, envs and janitor change nothing', async () => {
  const schemas = async () =>
    (await client.query<{ n: string }>("SELECT nspname AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1")).rows.map((r) => r.n);
  const before = await schemas();
  const plan = JSON.parse(ok('plan', 'prod', '--json'));
  expect(plan.added).toHaveLength(9);
  expect(plan.build).toHaveLength(9);
  expect(JSON.parse(ok('envs', '--json'))).toEqual({ vdeVersion: VERSION, environments: [] });
  expect(JSON.parse(ok('janitor', '--json'))).toEqual({ vdeVersion: VERSION, environments: [], physicalTables: [], kept: [], skipped: [] });
  expect(await schemas()).toEqual(before);
  expect(before).not.toContain('vde_state');
});

test('apply prod builds every model', () => {
  const out = JSON.parse(ok('apply', 'prod', '--json'));
  expect(Object.keys(out)[0]).toBe('vdeVersion');
  expect(out.vdeVersion).toBe(VERSION);
  expect(out.created).toBe(true);
  expect(out.built).toHaveLength(9);
  expect(out.views).toHaveLength(9);
});

test('a breaking upstream edit: pr_1 builds exactly that model and its descendants, shares the rest, leaves prod alone', async () => {
  const prodBefore = await rows('SELECT count(*) AS n FROM stg.orders');
  project.edit('models/staging/stg_orders.sql', 'FROM raw.orders AS o', "FROM raw.orders AS o\nWHERE lower(trim(o.status)) <> 'returned'");
  const plan = JSON.parse(ok('plan', 'pr_1', '--json'));
  expect(plan.directlyModified).toEqual([{ name: 'stg.orders', category: 'breaking' }]);

  const out = JSON.parse(ok('apply', 'pr_1', '--json'));
  const descendants = ['marts.customer_lifetime_value', 'marts.customer_orders', 'marts.revenue_daily', 'stg.orders'];
  expect(out.built.map((b: { name: string }) => b.name).sort()).toEqual(descendants);

  const env = JSON.parse(ok('env', 'pr_1', '--json'));
  for (const m of env.models) {
    expect(m.sharedWithProd).toBe(!descendants.includes(m.name));
    expect(m.view).toBe(`${m.name.split('.')[0]}__pr_1.${m.name.split('.')[1]}`);
  }
  // Shared models really are views over prod's physical table.
  const def = await client.query<{ d: string }>("SELECT pg_get_viewdef('stg__pr_1.customers'::regclass) AS d");
  const stgCustomers = env.models.find((m: { name: string }) => m.name === 'stg.customers');
  expect(def.rows[0]?.d).toContain(stgCustomers.physicalTable.split('.')[1]);

  expect(await rows('SELECT count(*) AS n FROM stg.orders')).toBe(prodBefore);
  expect(await rows('SELECT count(*) AS n FROM stg__pr_1.orders')).toBeLessThan(prodBefore);
});

test('apply prod afterwards builds nothing new, and prod shows the change', async () => {
  const pr = await rows('SELECT count(*) AS n FROM stg__pr_1.orders');
  const out = JSON.parse(ok('apply', 'prod', '--json'));
  expect(out.built).toEqual([]);
  expect(await rows('SELECT count(*) AS n FROM stg.orders')).toBe(pr);
  const env = JSON.parse(ok('env', 'pr_1', '--json'));
  expect(env.models.every((m: { sharedWithProd: boolean }) => m.sharedWithProd)).toBe(true);
});

test('every --json output starts with the version of vde, the diff report included', () => {
  for (const args of [['plan', 'pr_1', '--json'], ['env', 'prod', '--json'], ['envs', '--json'], ['diff', 'prod', 'pr_1', '--format', 'json']]) {
    const out = JSON.parse(ok(...args));
    expect(Object.keys(out)[0]).toBe('vdeVersion');
    expect(out.vdeVersion).toBe(VERSION);
  }
});

test('envs lists environments with ISO timestamps; prod never expires', () => {
  const envs = JSON.parse(ok('envs', '--json')).environments;
  expect(envs.map((e: { name: string }) => e.name)).toEqual(['pr_1', 'prod']);
  const pr1 = envs.find((e: { name: string }) => e.name === 'pr_1');
  expect(Object.keys(pr1).sort()).toEqual(['createdAt', 'expired', 'expiresAt', 'finalizedAt', 'models', 'name', 'updatedAt']);
  expect(pr1.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  // environment_ttl: 2d from vde.yaml
  const ttl = Date.parse(pr1.expiresAt) - Date.parse(pr1.finalizedAt);
  expect(ttl).toBe(2 * 24 * 3600 * 1000);
  expect(pr1.expired).toBe(false);
  expect(envs.find((e: { name: string }) => e.name === 'prod').expiresAt).toBeNull();
});

test('invalidate prod is refused with a non-zero exit', () => {
  const r = vde('invalidate', 'prod');
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/prod cannot be invalidated/);
});

test('invalidate pr_1 && janitor --ignore-ttl removes every *__pr_1 schema and every unused physical table', async () => {
  ok('invalidate', 'pr_1');
  const report = JSON.parse(ok('janitor', '--ignore-ttl', '--json'));
  expect(report.environments.map((e: { name: string }) => e.name)).toEqual(['pr_1']);
  // The four tables prod used before the promotion are unused now.
  expect(report.physicalTables).toHaveLength(4);
  const schemas = await client.query<{ s: string }>("SELECT nspname AS s FROM pg_namespace WHERE nspname LIKE '%\\_\\_pr\\_1'");
  expect(schemas.rows).toEqual([]);
  const prod = JSON.parse(ok('env', 'prod', '--json'));
  const used = new Set(prod.models.map((m: { physicalTable: string }) => m.physicalTable));
  const physical = await client.query<{ q: string }>(
    "SELECT table_schema || '.' || table_name AS q FROM information_schema.tables WHERE table_schema LIKE 'vde\\_\\_%'",
  );
  for (const r of physical.rows) expect(used.has(r.q)).toBe(true);
  expect(await rows('SELECT count(*) AS n FROM marts.customer_lifetime_value')).toBe(12);
});

describe('bad input: a clear error naming the file and line, a non-zero exit, no change to the warehouse', () => {
  const cases: { label: string; setup: () => void; undo: () => void; expect: RegExp }[] = [];
  let saved = '';
  const file = 'models/marts/revenue_daily.sql';
  const replaceFile = (path: string, text: string) => ({
    setup: () => {
      saved = project.read(path);
      project.write(path, text);
    },
    undo: () => project.write(path, saved),
  });
  cases.push({
    label: 'an unparseable header',
    ...replaceFile(file, 'MODEL (\n  name marts.revenue_daily\n  kind FULL\n);\nSELECT 1 AS x\n'),
    expect: /models\/marts\/revenue_daily\.sql:3/,
  });
  cases.push({
    label: 'an unknown property',
    ...replaceFile(file, 'MODEL (\n  name marts.revenue_daily,\n  kind FULL,\n  partition_by x\n);\nSELECT 1 AS x\n'),
    expect: /models\/marts\/revenue_daily\.sql:4/,
  });
  cases.push({
    label: 'a duplicate model name',
    setup: () => project.write('models/marts/copy.sql', 'MODEL (name stg.orders, kind FULL);\nSELECT 1 AS x\n'),
    undo: () => project.remove('models/marts/copy.sql'),
    expect: /stg\.orders.*models\/(marts\/copy|staging\/stg_orders)\.sql:1|models\/(marts\/copy|staging\/stg_orders)\.sql:1.*stg\.orders/s,
  });
  cases.push({
    label: 'a cycle, naming the loop',
    setup: () => {
      project.write('models/marts/a.sql', 'MODEL (name marts.a, kind FULL);\nSELECT * FROM marts.b\n');
      project.write('models/marts/b.sql', 'MODEL (name marts.b, kind FULL);\nSELECT * FROM marts.a\n');
    },
    undo: () => {
      project.remove('models/marts/a.sql');
      project.remove('models/marts/b.sql');
    },
    expect: /models\/marts\/[ab]\.sql:2.*marts\.a -> marts\.b -> marts\.a|marts\.b -> marts\.a -> marts\.b/s,
  });
  cases.push({
    label: 'a missing seed file',
    setup: () => project.write('models/seeds/extra.sql', "MODEL (\n  name raw.extra,\n  kind SEED (path 'nope.csv'),\n  columns (id int)\n);\n"),
    undo: () => project.remove('models/seeds/extra.sql'),
    expect: /models\/seeds\/extra\.sql:3/,
  });
  cases.push({
    label: 'a bad vde.yaml',
    setup: () => {
      saved = project.read('vde.yaml');
      project.write('vde.yaml', saved.replace('environment_ttl: 2d', 'environment_ttl: soon'));
    },
    undo: () => project.write('vde.yaml', saved),
    expect: /vde\.yaml:\d+: environment_ttl/,
  });
  cases.push({
    label: 'a missing environment variable',
    setup: () => {
      saved = project.read('vde.yaml');
      project.write('vde.yaml', saved.replace('${VDE_DATABASE_URL}', '${VDE_NOT_SET_ANYWHERE}'));
    },
    undo: () => project.write('vde.yaml', saved),
    expect: /VDE_NOT_SET_ANYWHERE.*vde\.yaml:3|vde\.yaml:3.*VDE_NOT_SET_ANYWHERE/s,
  });

  test.each(cases)('$label', async (c) => {
    const before = await warehouse();
    c.setup();
    try {
      const r = vde('apply', 'pr_2');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(c.expect);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      c.undo();
    }
    expect(await warehouse()).toEqual(before);
  });
});
