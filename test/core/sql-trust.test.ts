// Issue 7 §1.1, §1.2, §1.9 and §3 end to end on a real Postgres: what the query body says must
// decide dependencies and change categories, and a SQL error must point at the model's line.
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { applyEnvironment, openWorkspace } from '../../src/core/api';
import { WarehouseError } from '../../src/errors';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, type TestProject } from '../support/project';
import { rejected } from '../project/helpers';

let db: TestDatabase;
let engine: Engine;
const projects: TestProject[] = [];

beforeEach(async () => {
  db = await freshDatabase('sqltrust');
  engine = await createEngine({ type: 'postgres', url: db.url });
});
afterEach(async () => {
  await engine.close();
  await db.drop();
  for (const p of projects.splice(0)) p.cleanup();
});

function project(files: Record<string, string>): TestProject {
  const p = makeProject({ 'vde.yaml': postgresConfig(db.url), ...files });
  projects.push(p);
  return p;
}
const apply = async (p: TestProject, env: string) => applyEnvironment(await openWorkspace({ projectDir: p.dir, engine }), env);
const total = async (sql: string) => Number((await engine.query<{ n: string }>(sql)).rows[0]!.n);

test('quoted references are dependencies: the reader follows its parent through PR and promotion', async () => {
  const p = project({
    'models/orders.sql': 'MODEL (name shop.orders, kind FULL);\nSELECT 10 AS amount UNION ALL SELECT 20\n',
    'models/a.sql': 'MODEL (name marts.a, kind FULL);\nSELECT sum(amount) AS n FROM "shop"."orders"\n',
    'models/b.sql': 'MODEL (name marts.b, kind FULL);\nSELECT sum(amount) AS n FROM shop."orders"\n',
  });
  const first = await apply(p, 'prod');
  expect(first.plan.models.find((m) => m.name === 'marts.a')?.snapshot.parents).toEqual(['shop.orders']);
  expect(await total('SELECT n FROM marts.a')).toBe(30);
  p.edit('models/orders.sql', 'SELECT 10 AS amount UNION ALL SELECT 20', 'SELECT 100 AS amount UNION ALL SELECT 200');
  await apply(p, 'pr_1');
  expect(await total('SELECT n FROM marts__pr_1.a')).toBe(300);
  expect(await total('SELECT n FROM marts__pr_1.b')).toBe(300);
  await apply(p, 'prod');
  expect(await total('SELECT n FROM marts.a')).toBe(300);
  expect(await total('SELECT n FROM marts.b')).toBe(300);
});

describe('an added projection that may change the row set is breaking: children follow it (issue 7 §1.2, §1.9)', () => {
  const child = 'MODEL (name shop.c, kind FULL);\nSELECT count(*) AS n, sum(id) AS s FROM shop.p\n';
  it.each([
    ['a set-returning function', 'SELECT id FROM generate_series(1, 3) AS g(id)', 'SELECT id, unnest(ARRAY[1, 2]) AS copy FROM generate_series(1, 3) AS g(id)', 'breaking', '6,12'],
    ['an aggregate without GROUP BY', 'SELECT 1 AS id FROM generate_series(1, 10)', 'SELECT 1 AS id, count(*) AS n_rows FROM generate_series(1, 10)', 'breaking', '1,1'],
    ['a column that shifts ORDER BY 1', 'SELECT id FROM generate_series(1, 10) AS g(id) ORDER BY 1 DESC LIMIT 3', 'SELECT 11 - id AS flipped, id FROM generate_series(1, 10) AS g(id) ORDER BY 1 DESC LIMIT 3', 'breaking', '3,6'],
    ['a window function (control: rows kept)', 'SELECT id FROM generate_series(1, 3) AS g(id)', 'SELECT id, count(*) OVER () AS w FROM generate_series(1, 3) AS g(id)', 'non-breaking', '3,6'],
  ])('%s', async (_what, before, after, category, counts) => {
    const p = project({ 'models/p.sql': `MODEL (name shop.p, kind FULL);\n${before}\n`, 'models/c.sql': child });
    await apply(p, 'prod');
    p.edit('models/p.sql', before, after);
    const r = await apply(p, 'pr_1');
    expect(r.plan.models.find((m) => m.name === 'shop.p')?.category).toBe(category);
    const row = (await engine.query<{ n: string; s: string }>('SELECT n, s FROM shop__pr_1.c')).rows[0]!;
    expect(`${row.n},${row.s}`).toBe(counts);
  });
});
