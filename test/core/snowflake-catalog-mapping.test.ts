// environment_catalog_mapping on Snowflake (through the stand-in): an environment whose name
// matches a pattern gets its views in that database; its physical tables and vde's state stay in
// the connection's database, and the janitor drops the environment's schemas where they are.
import { applyEnvironment, invalidateEnvironment, openWorkspace, runJanitor } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import { SnowflakeDialect } from '../../src/engines/snowflake/dialect';
import type { Engine } from '../../src/engines/types';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { connect, standInConnection, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: Engine;
let admin: SfConnection;
let project: TestProject;
const messages: string[] = [];

const ws = () => openWorkspace({ projectDir: project.dir, engine, progress: (m) => messages.push(m) });

async function schemasIn(database: string): Promise<string[]> {
  const rows = await admin.query<{ name: string }>(`SHOW SCHEMAS IN DATABASE ${database}`);
  return rows.map((r) => r.name).filter((n) => n !== 'INFORMATION_SCHEMA' && n !== 'PUBLIC').sort();
}

beforeAll(async () => {
  h = await startStandIn();
  admin = await connect(h.standIn);
  await admin.query('CREATE DATABASE analytics_dev');
  engine = await createEngine(standInConnection(h.standIn), {
    // Written like vde.yaml's keys: a regex searched in the environment name, an unquoted database name.
    environmentCatalogMapping: [
      { pattern: '^pr_', database: 'analytics_dev' },
      { pattern: '^qa$', database: 'ANALYTICS_DEV' },
    ],
  });
  project = makeProject(shopFiles());
  await applyEnvironment(await ws(), 'prod');
});

afterAll(async () => {
  await admin?.close();
  await engine?.close();
  await h?.close();
  project?.cleanup();
});

test("an environment matching a pattern gets its views in the mapped database, prod keeps the connection's", async () => {
  const result = await applyEnvironment(await ws(), 'pr_1');
  expect(result.plan.models.map((m) => m.view.database)).toEqual(result.plan.models.map(() => 'ANALYTICS_DEV'));
  expect(await schemasIn('analytics_dev')).toEqual(['MARTS__PR_1', 'RAW__PR_1', 'STG__PR_1']);
  // Nothing of pr_1 in the connection's database: only prod's schemas, the physical layer and the state.
  expect((await schemasIn('vde')).filter((s) => s.endsWith('__PR_1'))).toEqual([]);
  // The views read the physical tables in the connection's database.
  expect(await admin.query('SELECT COUNT(*) AS n FROM analytics_dev.stg__pr_1.orders')).toEqual([{ N: 7 }]);
  expect(await admin.query('SELECT COUNT(*) AS n FROM vde.stg.orders')).toEqual([{ N: 7 }]);
  // A second apply of the same environment changes nothing and stays in the mapped database.
  await applyEnvironment(await ws(), 'pr_1');
  expect(await schemasIn('analytics_dev')).toEqual(['MARTS__PR_1', 'RAW__PR_1', 'STG__PR_1']);
});

test('a change promoted through a mapped environment: prod is swapped in the connection database', async () => {
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
  await applyEnvironment(await ws(), 'pr_2');
  expect(await admin.query('SELECT COUNT(*) AS n FROM analytics_dev.stg__pr_2.orders')).toEqual([{ N: 5 }]);
  const before = h.standIn.history.records.length;
  await applyEnvironment(await ws(), 'prod');
  const statements = h.standIn.history.records.slice(before).map((r) => r.queryText);
  expect(statements).toContain('ALTER SCHEMA "STG" SWAP WITH "STG__VDE$SWAP"');
  expect(await admin.query('SELECT COUNT(*) AS n FROM vde.stg.orders')).toEqual([{ N: 5 }]);
});

test('a promotion by SWAP inside a mapped database keeps the staging schema in that database', async () => {
  await applyEnvironment(await ws(), 'qa');
  project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, count(*) AS orders');
  const before = h.standIn.history.records.length;
  await applyEnvironment(await ws(), 'qa');
  const statements = h.standIn.history.records.slice(before).map((r) => r.queryText);
  expect(statements).toContain('ALTER SCHEMA "ANALYTICS_DEV"."MARTS__QA" SWAP WITH "ANALYTICS_DEV"."MARTS__QA__VDE$SWAP"');
  expect((await admin.query<{ ORDERS: number }>('SELECT orders FROM analytics_dev.marts__qa.daily_revenue')).length).toBeGreaterThan(0);
  expect(await schemasIn('analytics_dev')).toEqual(expect.arrayContaining(['MARTS__QA', 'RAW__QA', 'STG__QA']));
  expect((await schemasIn('analytics_dev')).filter((s) => s.includes('$'))).toEqual([]);
});

test("the janitor drops a mapped environment's schemas in its database, keeps one holding a user's table, and never touches prod", async () => {
  // A schema a crashed apply left (named for pr_1, no views) and one a user wrote into.
  await admin.query('CREATE SCHEMA analytics_dev.extra__pr_1');
  await admin.query('CREATE TABLE analytics_dev.marts__pr_1.analyst_notes (note VARCHAR)');
  await invalidateEnvironment(await ws(), 'pr_1');
  const r = await runJanitor(await ws(), { ignoreTtl: true });
  const pr1 = r.environments.find((e) => e.name === 'pr_1');
  expect(pr1?.schemasDropped).toEqual(['ANALYTICS_DEV.EXTRA__PR_1', 'ANALYTICS_DEV.RAW__PR_1', 'ANALYTICS_DEV.STG__PR_1']);
  expect(messages.some((m) => /janitor: kept schema ANALYTICS_DEV\.MARTS__PR_1: .*ANALYST_NOTES/.test(m))).toBe(true);
  expect((await schemasIn('analytics_dev')).filter((s) => s.endsWith('__PR_1'))).toEqual(['MARTS__PR_1']);
  expect(await admin.query('SELECT COUNT(*) AS n FROM vde.stg.orders')).toEqual([{ N: 5 }]);
  expect(await schemasIn('vde')).toEqual(expect.arrayContaining(['MARTS', 'RAW', 'STG']));
});

test('vde.yaml: environment_catalog_mapping reaches the engine a workspace opens', async () => {
  const own = makeProject(shopFiles());
  try {
    own.write(
      'vde.yaml',
      [
        'connection:',
        '  type: snowflake',
        `  account: ${h.standIn.account}`,
        '  user: vde',
        '  password: vde',
        '  database: vde',
        '  role: sysadmin',
        `  access_url: http://127.0.0.1:${h.standIn.port}`,
        'environment_catalog_mapping:',
        "  '^dev_': analytics_dev",
        '',
      ].join('\n'),
    );
    const w = await openWorkspace({ projectDir: own.dir });
    try {
      await applyEnvironment(w, 'dev_1');
    } finally {
      await w.close();
    }
    expect((await schemasIn('analytics_dev')).filter((s) => s.endsWith('__DEV_1'))).toEqual(['MARTS__DEV_1', 'RAW__DEV_1', 'STG__DEV_1']);
    expect(await admin.query('SELECT COUNT(*) AS n FROM analytics_dev.marts__dev_1.customer_orders')).toEqual([{ N: 4 }]);
  } finally {
    own.cleanup();
  }
});

test('patterns match from the start of the environment name, as SQLMesh reads them', () => {
  const d = new SnowflakeDialect(
    [
      { pattern: 'pr_', database: 'analytics_dev' },
      { pattern: 'prod$', database: 'analytics' },
    ],
    'vde',
  );
  expect(d.catalogFor('pr_1')).toBe('ANALYTICS_DEV');
  expect(d.catalogFor('prod')).toBe('ANALYTICS');
  // Searched anywhere, `pr_` would match `qa_pr_1` and `prod$` would match `preprod`.
  expect(d.catalogFor('qa_pr_1')).toBeUndefined();
  expect(d.catalogFor('preprod')).toBeUndefined();
  expect(d.mappedCatalogs).toEqual(['ANALYTICS_DEV', 'ANALYTICS']);
  expect(d.homeCatalog).toBe('VDE');
});

test('a mapping that now puts an existing environment elsewhere is refused: its views are not left behind', async () => {
  await applyEnvironment(await ws(), 'pr_5');
  // The same warehouse, the mapping edited so that pr_ environments go to the connection's database.
  const moved = await createEngine(standInConnection(h.standIn), { environmentCatalogMapping: [{ pattern: '^qa$', database: 'ANALYTICS_DEV' }] });
  try {
    const w = await openWorkspace({ projectDir: project.dir, engine: moved });
    const before = h.standIn.history.records.length;
    const err = await applyEnvironment(w, 'pr_5').catch((e: unknown) => e);
    expect((err as Error).name).toBe('RefusedError');
    expect((err as Error).message).toBe(
      "environment pr_5 has its views in database ANALYTICS_DEV, but environment_catalog_mapping now puts them in database VDE; vde does not move an environment. Put the mapping back, or (for an environment other than prod) invalidate it and run the janitor under the old mapping first",
    );
    const written = h.standIn.history.records.slice(before).filter((r) => !/^(SHOW|SELECT|ALTER SESSION|USE)\b/.test(r.queryText));
    expect(written.map((r) => r.queryText)).toEqual([]);
    // Under the unchanged mapping it applies as before.
    await applyEnvironment(await ws(), 'pr_5');
  } finally {
    await moved.close();
  }
});
