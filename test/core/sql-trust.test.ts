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

describe('a SQL error names the model file, line and column (issue 7 §3)', () => {
  it.each([
    ['FULL', 'name shop.bad, kind FULL'],
    ['VIEW', 'name shop.bad, kind VIEW'],
  ])('%s model: the position is mapped back through reference rewriting', async (_kind, header) => {
    const p = project({
      'models/ok.sql': 'MODEL (name shop.ok, kind FULL);\nSELECT 1 AS id\n',
      // Two references before the error shift every later position of the rewritten SQL.
      'models/bad.sql': `-- a comment line\nMODEL (${header});\n\nSELECT a.id,\n       b.id AS other\nFROM shop.ok AS a JOIN "shop"."ok" AS b ON true\nWHERE a.id = 1 AND b.idd = 1\n`,
    });
    const err = await rejected(apply(p, 'prod'));
    expect(err).toBeInstanceOf(WarehouseError);
    const w = err as WarehouseError;
    expect(w.location).toEqual({ file: 'models/bad.sql', line: 7, column: 20 });
    expect(w.message).toContain('column b.idd does not exist');
    expect(w.message).toContain('--> models/bad.sql:7:20\n  7 | WHERE a.id = 1 AND b.idd = 1\n    |                    ^');
  });

  it('a syntax error on the first line of a query that starts after the header on the same line', async () => {
    const p = project({ 'models/bad.sql': 'MODEL (name shop.bad, kind FULL); SELECT 1 AS id FORM x\n' });
    const w = (await rejected(apply(p, 'prod'))) as WarehouseError;
    expect(w.location).toEqual({ file: 'models/bad.sql', line: 1, column: 50 });
    expect(w.message).toContain('syntax error at or near "FORM"');
  });

  it('on PGlite too', async () => {
    const p = project({ 'models/bad.sql': 'MODEL (name shop.bad, kind FULL);\nSELECT 1 AS id\nFORM x\n' });
    const lite = await createEngine({ type: 'pglite', path: 'memory://' });
    try {
      const w = (await rejected(applyEnvironment(await openWorkspace({ projectDir: p.dir, engine: lite }), 'prod'))) as WarehouseError;
      expect(w.location).toEqual({ file: 'models/bad.sql', line: 3, column: 1 });
    } finally {
      await lite.close();
    }
  });
});
