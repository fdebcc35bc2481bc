// Grants on prod's views survive a promotion on Snowflake (through the stand-in's grant
// tracking): by SWAP where vde owns the schema, view by view with COPY GRANTS where it does not —
// and the output says which.
import { applyEnvironment, openWorkspace } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { connect, standInConnection, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: Engine;
let admin: SfConnection;
let project: TestProject;
const notices: string[] = [];

beforeAll(async () => {
  h = await startStandIn({ roles: ['REPORTER', 'FINANCE'] });
  engine = await createEngine(standInConnection(h.standIn), { notice: (m) => notices.push(m) });
  admin = await connect(h.standIn);
  project = makeProject(shopFiles());
  await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'prod');
  await admin.query('GRANT USAGE ON SCHEMA marts TO ROLE reporter');
  await admin.query('GRANT SELECT ON VIEW marts.customer_orders TO ROLE reporter');
  await admin.query('GRANT SELECT ON VIEW marts.daily_revenue TO ROLE finance WITH GRANT OPTION');
  await admin.query('GRANT SELECT ON FUTURE VIEWS IN SCHEMA marts TO ROLE reporter');
});

afterAll(async () => {
  await admin?.close();
  await engine?.close();
  await h?.close();
  project?.cleanup();
});

async function grants(kind: string, name: string): Promise<string[]> {
  const rows = await admin.query<{ privilege: string; grantee_name: string; grant_option: string }>(`SHOW GRANTS ON ${kind} ${name}`);
  return rows.map((r) => `${r.privilege}:${r.grantee_name}${r.grant_option === 'true' && r.privilege !== 'OWNERSHIP' ? '+' : ''}`).sort();
}

async function promote(edit: () => void, pr: string): Promise<void> {
  edit();
  const ws = () => openWorkspace({ projectDir: project.dir, engine, progress: (m) => notices.push(m) });
  await applyEnvironment(await ws(), pr);
  await applyEnvironment(await ws(), 'prod');
}

test('a promotion by SWAP keeps the grants on the prod schema, on its views and its future grants', async () => {
  const before = { schema: await grants('SCHEMA', 'marts'), orders: await grants('VIEW', 'marts.customer_orders'), revenue: await grants('VIEW', 'marts.daily_revenue') };
  expect(before.orders).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  const swaps = h.standIn.history.records.length;
  await promote(() => project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'"), 'pr_1');
  const statements = h.standIn.history.records.slice(swaps).map((r) => r.queryText);
  expect(statements).toContain('ALTER SCHEMA "MARTS" SWAP WITH "MARTS__VDE$SWAP"');
  // The views now read the PR's tables ...
  expect(await admin.query('SELECT COUNT(*) AS n FROM stg.orders')).toEqual([{ N: 5 }]);
  // ... and every grant is where it was.
  expect(await grants('SCHEMA', 'marts')).toEqual(before.schema);
  expect(await grants('VIEW', 'marts.customer_orders')).toEqual(before.orders);
  expect(await grants('VIEW', 'marts.daily_revenue')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:FINANCE+']);
  const future = await admin.query<{ privilege: string; grantee_name: string }>('SHOW FUTURE GRANTS IN SCHEMA marts');
  expect(future.map((r) => `${r.privilege}:${r.grantee_name}`)).toEqual(['SELECT:REPORTER']);
  expect(notices.filter((n) => /one by one/.test(n))).toEqual([]);
});

test("a prod schema holding a user's own object is repointed view by view with COPY GRANTS, and the output says why", async () => {
  await admin.query('CREATE TABLE marts.analyst_notes (note VARCHAR)');
  await promote(() => project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, count(*) AS orders'), 'pr_2');
  expect(notices.some((n) => /MARTS: views repointed one by one \(not swapped in at once\): it holds 1 object\(s\) vde does not manage: ANALYST_NOTES \(table\)/.test(n))).toBe(true);
  expect(await admin.query('SELECT COUNT(*) AS n FROM marts.analyst_notes')).toEqual([{ N: 0 }]);
  expect(await grants('VIEW', 'marts.customer_orders')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  expect(await grants('VIEW', 'marts.daily_revenue')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:FINANCE+']);
  expect((await admin.query<{ ORDERS: number }>('SELECT orders FROM marts.daily_revenue')).length).toBeGreaterThan(0);
});
