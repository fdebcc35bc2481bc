// SQLMesh projects run unchanged (issue 9 items 6-8): a `sqlmesh init`-style project in DuckDB's
// dialect and a project with Jinja wrappers and config.yaml variables, through plan, apply, a PR
// edit, diff and promotion, on Postgres and PGlite.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { applyEnvironment, diffEnvironments, openWorkspace, runEnvironment } from '../../src/core/api';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, type TestProject } from '../support/project';

function fixture(name: string): TestProject {
  const p = makeProject({});
  cpSync(join(process.cwd(), 'test', 'fixtures', name), p.dir, { recursive: true });
  return p;
}

describe.each(['postgres', 'pglite'])('on %s', (type) => {
  let db: TestDatabase | undefined;
  let engine: Engine;
  let project: TestProject;
  beforeEach(async () => {
    if (type === 'postgres') {
      db = await freshDatabase('sqlmesh');
      engine = await createEngine({ type: 'postgres', url: db.url });
    } else engine = await createEngine({ type: 'pglite', path: 'memory://' });
  });
  afterEach(async () => {
    await engine.close();
    await db?.drop();
    project.cleanup();
  });
  const ws = () => openWorkspace({ projectDir: project.dir, engine });
  const rows = async (sql: string) => (await engine.query(sql)).rows;

  it('a sqlmesh init-style DuckDB project runs unchanged: the INCREMENTAL_BY_TIME_RANGE model (@start_date/@end_date) is processed by interval', async () => {
    project = fixture('sqlmesh-duckdb');
    const at = { executionTime: new Date('2024-01-04T06:00:00Z') };
    const prod = await applyEnvironment(await ws(), 'prod', at);
    expect(prod.built.map((b) => b.name).sort()).toEqual(['shop_example.daily_events', 'shop_example.events', 'shop_example.item_totals']);
    // From the model's start to the last complete day: Jan 1-3, one batch (no batch_size).
    expect(prod.processed).toMatchObject([{ name: 'shop_example.daily_events', batches: 1, intervals: 3 }]);
    expect(await rows('SELECT count(*)::int AS n, max(event_date)::text AS last FROM shop_example.daily_events')).toEqual([{ n: 4, last: '2024-01-03' }]);
    // Two days later, the next intervals are due; the FULL child reads them.
    const ran = await runEnvironment(await ws(), 'prod', { executionTime: new Date('2024-01-06T06:00:00Z') });
    expect(ran.processed).toMatchObject([{ name: 'shop_example.daily_events', intervals: 2 }]);
    expect(ran.refreshed).toEqual(['shop_example.item_totals']);
    const later = { executionTime: new Date('2024-01-06T06:00:00Z') };
    expect(await rows('SELECT item_id, num_events FROM shop_example.item_totals ORDER BY item_id')).toEqual([
      { item_id: 10, num_events: '2' },
      { item_id: 11, num_events: '1' },
      { item_id: 12, num_events: '3' },
    ]);

    // A PR adds an aggregate to the grouped model (DuckDB syntax, trailing comma): non-breaking.
    project.edit('models/item_totals.sql', 'MAX(event_date)::DATE AS last_seen,', 'MAX(event_date)::DATE AS last_seen,\n  MIN(event_date)::DATE AS first_seen,');
    const pr = await applyEnvironment(await ws(), 'pr_1', later);
    expect(pr.plan.models.filter((m) => m.change === 'directly-modified').map((m) => [m.name, m.category])).toEqual([['shop_example.item_totals', 'non-breaking']]);
    const { result } = await diffEnvironments(await ws(), 'prod', 'pr_1', { samples: 0 });
    const diff = result.models.find((m) => m.model === 'shop_example.item_totals')!;
    expect(diff.schema.added.map((c) => c.name)).toEqual(['first_seen']);
    expect(diff.rows).toMatchObject({ from: 3, to: 3, added: 0, removed: 0 });

    await applyEnvironment(await ws(), 'prod', later);
    expect(await rows("SELECT item_id, to_char(first_seen, 'YYYY-MM-DD') AS f FROM shop_example.item_totals ORDER BY item_id")).toEqual([
      { item_id: 10, f: '2024-01-01' },
      { item_id: 11, f: '2024-01-02' },
      { item_id: 12, f: '2024-01-03' },
    ]);
  });

  it('Jinja wrappers, pre-statements, @DEF/@IF and config.yaml variables; a variable change is a breaking change', async () => {
    project = fixture('sqlmesh-jinja');
    const prod = await applyEnvironment(await ws(), 'prod');
    // The post-statement ran after the build, on the physical table (@this_model / this_model).
    const physical = prod.plan.models.find((m) => m.name === 'finance.totals')!.snapshot.physicalTable;
    expect(await rows(`SELECT obj_description('"${physical.schema}"."${physical.name}"'::regclass, 'pg_class') AS c`)).toEqual([{ c: 'totals per currency, gross at 0.2' }]);
    expect(await rows('SELECT currency, net::text AS net, gross::text AS gross FROM finance.totals ORDER BY currency')).toEqual([
      { currency: 'eur', net: '120.0', gross: '144.00' },
      { currency: 'usd', net: '90.0', gross: '108.00' },
    ]);
    expect(await rows('SELECT count(*)::int AS n, sum(gross)::text AS g FROM finance.by_macro')).toEqual([{ n: 5, g: '240.00' }]);

    project.edit('config.yaml', 'vat_rate: 0.2', 'vat_rate: 0.25');
    const pr = await applyEnvironment(await ws(), 'pr_2');
    expect(pr.plan.models.filter((m) => m.change === 'directly-modified').map((m) => [m.name, m.category]).sort()).toEqual([
      ['finance.by_macro', 'breaking'],
      ['finance.totals', 'breaking'],
    ]);
    const { result } = await diffEnvironments(await ws(), 'prod', 'pr_2', { samples: 0 });
    expect(result.models.find((m) => m.model === 'finance.totals')!.rows).toMatchObject({ from: 2, to: 2, changed: 2 });
    await applyEnvironment(await ws(), 'prod');
    expect(await rows("SELECT gross::text AS gross FROM finance.totals WHERE currency = 'eur'")).toEqual([{ gross: '150.00' }]);
  });
});
