// Issue 9 item 8: a model written in DuckDB's dialect (sqlmesh init's default) runs on Postgres and
// PGlite: transpiled after references are rewritten, before anything is written.
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { applyEnvironment, openWorkspace, type Workspace } from '../../src/core/api';
import { ModelError, WarehouseError } from '../../src/errors';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, type TestProject } from '../support/project';
import { rejected } from '../project/helpers';

const DUCKDB_MODEL = `MODEL (name shop.typed, kind FULL);
SELECT
  id,
  amount::DOUBLE AS amount,
  CAST(id AS STRING) AS label,
  CAST(amount AS INT64) AS whole,
  TRY_CAST('12' AS INTEGER) AS parsed,
  DATE '2024-01-31' + INTERVAL '1' DAY AS next_day,
  DATE '2024-01-31' - INTERVAL 1 DAY AS prev_day,
  NULL AS nothing,
FROM shop.raw
`;

let project: TestProject;
afterEach(() => project?.cleanup());

/** Opens a workspace whose models named in `dialects` are in that dialect (as the header will say). */
async function workspace(engine: Engine, dialects: Record<string, string>): Promise<Workspace> {
  const ws = await openWorkspace({ projectDir: project.dir, engine });
  const p = await ws.project();
  for (const [name, dialect] of Object.entries(dialects)) p.models.get(name)!.dialect = dialect;
  return ws;
}

describe.each(['postgres', 'pglite'])('DuckDB models on %s', (type) => {
  let db: TestDatabase | undefined;
  let engine: Engine;
  beforeAll(async () => {
    if (type === 'postgres') {
      db = await freshDatabase('dialects');
      engine = await createEngine({ type: 'postgres', url: db.url });
    } else engine = await createEngine({ type: 'pglite', path: 'memory://' });
  });
  afterAll(async () => {
    await engine.close();
    await db?.drop();
  });

  it('runs DuckDB-only syntax: ::DOUBLE, STRING/INT64, TRY_CAST, INTERVAL forms, untyped NULL, trailing comma', async () => {
    project = makeProject({
      ...(db ? { 'vde.yaml': postgresConfig(db.url) } : {}),
      'models/raw.sql': 'MODEL (name shop.raw, kind FULL);\nSELECT 1 AS id, 2.6 AS amount\n',
      'models/typed.sql': DUCKDB_MODEL,
    });
    const r = await applyEnvironment(await workspace(engine, { 'shop.typed': 'duckdb' }), 'prod');
    expect(r.built.map((b) => b.name).sort()).toEqual(['shop.raw', 'shop.typed']);
    const row = (await engine.query('SELECT * FROM shop.typed')).rows[0] as Record<string, unknown>;
    expect(row).toMatchObject({ id: 1, amount: 2.6, label: '1', whole: expect.anything(), parsed: 12, nothing: null });
    expect(Number(row.whole)).toBe(3);
    expect(new Date(row.next_day as string).toISOString().slice(0, 10)).toBe('2024-02-01');
    expect(new Date(row.prev_day as string).toISOString().slice(0, 10)).toBe('2024-01-30');
  });

  it('a query the transpiler cannot read fails before anything is written, naming the file and line', async () => {
    project = makeProject({
      ...(db ? { 'vde.yaml': postgresConfig(db.url) } : {}),
      'models/bad.sql': 'MODEL (name other.bad, kind FULL);\n\nSELECT a b c FROM t\n',
    });
    const err = await rejected(applyEnvironment(await workspace(engine, { 'other.bad': 'duckdb' }), 'pr_9'));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/^models\/bad\.sql:3: cannot transpile the query from dialect duckdb to postgres: /);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname = 'other__pr_9' OR nspname = 'vde__other'")).rows).toEqual([]);
  });

  it('GROUP BY ALL and ORDER BY ALL, which the transpiler keeps and Postgres cannot run, are refused at their line', async () => {
    for (const [query, line, what] of [
      ['SELECT id,\n  count(*) AS n\nFROM shop.raw\nGROUP BY ALL\n', 6, 'GROUP BY ALL'],
      ['SELECT id FROM shop.raw GROUP BY id\nORDER BY ALL;\n', 4, 'ORDER BY ALL'],
    ] as const) {
      project?.cleanup();
      project = makeProject({
        ...(db ? { 'vde.yaml': postgresConfig(db.url) } : {}),
        'models/raw.sql': 'MODEL (name shop.raw, kind FULL);\nSELECT 1 AS id\n',
        'models/all.sql': `MODEL (name fourth.by_all, kind FULL);\n\n${query}`,
      });
      const err = await rejected(applyEnvironment(await workspace(engine, { 'fourth.by_all': 'duckdb' }), 'pr_8'));
      expect(err.message).toBe(`models/all.sql:${line}: ${what} (dialect duckdb) has no postgres equivalent the transpiler writes: list the ${what.startsWith('GROUP') ? 'grouping' : 'ordering'} columns instead`);
      expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname LIKE 'fourth%' OR nspname LIKE '%pr_8'")).rows).toEqual([]);
    }
    // Postgres's own `GROUP BY ALL a` (a set quantifier) is not DuckDB's shorthand: it runs.
    project.cleanup();
    project = makeProject({
      ...(db ? { 'vde.yaml': postgresConfig(db.url) } : {}),
      'models/raw.sql': 'MODEL (name shop.raw, kind FULL);\nSELECT 1 AS id\n',
      'models/all.sql': 'MODEL (name fourth.by_all, kind FULL);\nSELECT id, count(*) AS n FROM shop.raw GROUP BY ALL id\n',
    });
    const ok = await applyEnvironment(await workspace(engine, { 'fourth.by_all': 'duckdb' }), 'pr_8');
    expect(ok.built.map((b) => b.name)).toContain('fourth.by_all');
  });

  it('a warehouse error in transpiled SQL names the file and shows the transpiled line', async () => {
    project = makeProject({
      ...(db ? { 'vde.yaml': postgresConfig(db.url) } : {}),
      'models/missing.sql': 'MODEL (name third.missing, kind FULL);\nSELECT no_such_column, FROM (SELECT 1 AS id) AS t\n',
    });
    const err = (await rejected(applyEnvironment(await workspace(engine, { 'third.missing': 'duckdb' }), 'prod'))) as WarehouseError;
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.message).toContain('in models/missing.sql (dialect duckdb, transpiled for postgres; the query starts at line 2), here in the transpiled SQL:\n  SELECT no_such_column FROM');
  });
});
