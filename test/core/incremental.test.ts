// Incremental models end to end (issue 10), on Postgres, Postgres with autocommit DDL (as on
// Snowflake) and PGlite: batches recorded one by one, `vde run` picking up due intervals,
// lookback, unique-key merges, appends, a PR's preview window, promotion backfilling the same
// table, the diff over the window, FULL children consistent with their windowed parent, and
// forward-only changes.
import { applyEnvironment, describeEnvironment, diffEnvironments, openWorkspace, planEnvironment, runEnvironment } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { AuditError, ModelError, RefusedError } from '../../src/errors';
import { renderMarkdown } from '../../src/diff/report/markdown';
import { freshDatabase } from '../support/pg';
import { cleanEvents, createSource, incrementalFiles, JAN, relationRows, rows } from '../support/incremental';
import { makeProject, type TestProject } from '../support/project';
import { engineTargets, type EngineTarget } from '../support/targets';

/** `only`: the tests (by name prefix) a target runs; absent: all of them. */
const [postgres, pglite] = engineTargets('incr');
const targets: (EngineTarget & { only?: string[]; shared?: boolean })[] = [
  postgres!,
  {
    label: 'postgres with autocommit DDL',
    // DDL outside transactions (as on Snowflake) matters where tables are created or altered.
    only: ['each batch', 'a PR builds', 'forward-only:'],
    async open() {
      const db = await freshDatabase('incr_ac');
      const engine = await createEngine({ type: 'postgres', url: db.url }, { env: { VDE_POSTGRES_DDL: 'autocommit' } });
      return { engine, done: async () => { await engine.close(); await db.drop(); } };
    },
  },
  { ...pglite!, shared: true },
];

/** Drops every schema a test made (PGlite shared by the tests of a target). */
async function emptyDatabase(engine: Engine): Promise<void> {
  const schemas = await engine.query<{ n: string }>(`SELECT nspname AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')`);
  for (const { n } of schemas.rows) await engine.query(`DROP SCHEMA "${n}" CASCADE`);
}

/** The aggregate a clean build of marts.item_totals holds over [from, to) (January days). */
function cleanTotals(engine: Engine, from: number, to: number, factor = 1): Promise<Record<string, unknown>[]> {
  return rows(
    engine,
    `SELECT item_id, count(*) AS events, sum(amount * ${factor}) AS amount FROM src.events
      WHERE event_date >= DATE '2024-01-01' + ${from - 1} AND event_date < DATE '2024-01-01' + ${to - 1} GROUP BY item_id ORDER BY item_id`,
  );
}

function cleanDaily(engine: Engine, from: number, to: number, factor = 1): Promise<Record<string, unknown>[]> {
  return rows(
    engine,
    `SELECT event_date, count(*) AS events, sum(amount * ${factor}) AS amount FROM src.events
      WHERE event_date >= DATE '2024-01-01' + ${from - 1} AND event_date < DATE '2024-01-01' + ${to - 1} GROUP BY event_date ORDER BY event_date`,
  );
}

async function dataRows(engine: Engine, name: string): Promise<{ start: string; end: string }[]> {
  const r = await engine.query<{ s: Date; e: Date }>(`SELECT start_ts AS s, end_ts AS e FROM vde_state.intervals WHERE name = $1 AND kind = 'data' ORDER BY start_ts, end_ts`, [name]);
  return r.rows.map((x) => ({ start: new Date(x.s).toISOString().slice(0, 10), end: new Date(x.e).toISOString().slice(0, 10) }));
}

describe.each(targets)('incremental models on $label', (target) => {
  let engine: Engine;
  let done: () => Promise<void>;
  let project: TestProject;
  // An in-memory PGlite takes seconds to start on a loaded machine: one per target, emptied
  // between tests; a Postgres database is cheap, one per test.
  beforeAll(async () => {
    if (target.shared) ({ engine, done } = await target.open());
  });
  afterAll(async () => {
    if (target.shared) await done();
  });
  beforeEach(async () => {
    if (!target.shared) ({ engine, done } = await target.open());
  });
  afterEach(async () => {
    if (target.shared) await emptyDatabase(engine);
    else await done();
    project.cleanup();
  });
  const ws = () => openWorkspace({ projectDir: project.dir, engine });
  const test = (name: string, fn: () => Promise<void>) => (!target.only || target.only.some((o) => name.startsWith(o)) ? globalThis.test(name, fn) : undefined);

  test('each batch is recorded as it commits; vde run picks up newly due intervals and refreshes the FULL child', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1 }));
    await createSource(engine);
    const plan = await planEnvironment(await ws(), 'prod', { executionTime: JAN(11, 6) });
    const events = plan.models.find((m) => m.name === 'marts.events')!;
    expect(events.intervals).toMatchObject({ unit: 'day', intervals: 10, window: false });
    expect(events.intervals!.batches).toHaveLength(10);
    // marts.daily has no batch_size: all its missing intervals in one batch (SQLMesh's default).
    expect(plan.models.find((m) => m.name === 'marts.daily')!.intervals!.batches).toEqual([{ start: JAN(1).getTime(), end: JAN(11).getTime() }]);

    const prod = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(11, 6) });
    expect(prod.processed.map((p) => [p.name, p.batches, p.intervals])).toEqual([
      ['marts.events', 10, 10],
      ['marts.daily', 1, 10],
    ]);
    expect(await dataRows(engine, 'marts.events')).toEqual(Array.from({ length: 10 }, (_, i) => ({ start: `2024-01-${String(i + 1).padStart(2, '0')}`, end: `2024-01-${String(i + 2).padStart(2, '0')}` })));
    expect(await relationRows(engine, 'marts.events', 'id')).toEqual(await cleanEvents(engine, 1, 11));
    expect(await relationRows(engine, 'marts.item_totals', 'item_id')).toEqual(await cleanTotals(engine, 1, 11));
    expect(await relationRows(engine, 'marts.daily', 'event_date')).toEqual(await cleanDaily(engine, 1, 11));
    const before = (await describeEnvironment(await ws(), 'prod')).models.map((m) => m.physicalTable);

    // Three days later: three intervals are due; the FULL child follows.
    const ran = await runEnvironment(await ws(), 'prod', { executionTime: JAN(14, 1) });
    expect(ran.processed.map((p) => [p.name, p.intervals])).toEqual([
      ['marts.events', 3],
      ['marts.daily', 3],
    ]);
    expect(ran.refreshed).toEqual(['marts.item_totals']);
    expect(ran.built).toEqual([]);
    expect(await relationRows(engine, 'marts.events', 'id')).toEqual(await cleanEvents(engine, 1, 14));
    expect(await relationRows(engine, 'marts.item_totals', 'item_id')).toEqual(await cleanTotals(engine, 1, 14));
    expect(await relationRows(engine, 'marts.daily', 'event_date')).toEqual(await cleanDaily(engine, 1, 14));
    // Same versions, same tables: a run never changes what the environment points at.
    const detail = await describeEnvironment(await ws(), 'prod');
    expect(detail.models.map((m) => m.physicalTable)).toEqual(before);
    expect(detail.models.find((m) => m.name === 'marts.events')!.filled).toEqual([{ start: JAN(1).getTime(), end: JAN(14).getTime() }]);

    const again = await runEnvironment(await ws(), 'prod', { executionTime: JAN(14, 23) });
    expect(again.processed).toEqual([]);
    expect(again.refreshed).toEqual([]);
  });

  test('lookback reprocesses the intervals before a missing one (late rows arrive), and only those', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1, lookback: 2 }));
    await createSource(engine);
    await applyEnvironment(await ws(), 'prod', { executionTime: JAN(11, 6) });
    await engine.query("INSERT INTO src.events VALUES (9001, 1, DATE '2024-01-09', 100), (9002, 1, DATE '2024-01-05', 100)");
    const ran = await runEnvironment(await ws(), 'prod', { executionTime: JAN(12, 6) });
    // Jan 11 is due; lookback 2 takes Jan 9 and 10 again.
    expect(ran.processed.find((p) => p.name === 'marts.events')).toMatchObject({ intervals: 3, batches: 3 });
    const ids = (await rows(engine, 'SELECT id FROM marts.events WHERE id > 9000 ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual(['9001']);
    const expected = (await cleanEvents(engine, 1, 12)).filter((r) => r.id !== '9002');
    expect(await relationRows(engine, 'marts.events', 'id')).toEqual(expected);
  });

  test('audits run on the rows the batches wrote, not on the empty table; intervals that fail a blocking audit are processed again by the next run', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1 }));
    project.edit('models/marts/events.sql', '  grain id\n', '  grain id,\n  audits (forall(criteria := (amount < 1000)))\n');
    await createSource(engine);
    await engine.query("INSERT INTO src.events VALUES (9001, 1, DATE '2024-01-03', 5000)");
    // The bad row is in the history: the apply fails on the audit, prod is never created.
    await expect(applyEnvironment(await ws(), 'prod', { executionTime: JAN(6, 1) })).rejects.toThrow(AuditError);
    expect(await engine.relationExists({ schema: 'marts', name: 'events' })).toBeNull();

    // The source is fixed: the same apply processes the failed intervals again and passes.
    await engine.query('DELETE FROM src.events WHERE id = 9001');
    const ok = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(6, 1) });
    expect(ok.processed.find((p) => p.name === 'marts.events')).toMatchObject({ intervals: 5 });
    expect(ok.audits.filter((a) => a.model === 'marts.events').map((a) => [a.violations, a.recorded])).toEqual([[0, false]]);
    expect(await relationRows(engine, 'marts.events', 'id')).toEqual(await cleanEvents(engine, 1, 6));

    // A late row breaks the audit in the next run's batch; every run fails until it is fixed.
    await engine.query("INSERT INTO src.events VALUES (9002, 1, DATE '2024-01-06', 5000)");
    await expect(runEnvironment(await ws(), 'prod', { executionTime: JAN(7, 1) })).rejects.toThrow(AuditError);
    await expect(runEnvironment(await ws(), 'prod', { executionTime: JAN(7, 1) })).rejects.toThrow(AuditError);
    await engine.query('DELETE FROM src.events WHERE id = 9002');
    const fixed = await runEnvironment(await ws(), 'prod', { executionTime: JAN(7, 1) });
    expect(fixed.processed.find((p) => p.name === 'marts.events')).toMatchObject({ intervals: 1 });
    expect(await relationRows(engine, 'marts.events', 'id')).toEqual(await cleanEvents(engine, 1, 7));
  });

  test('a child interval waits until every incremental model it reads holds it (a parent whose cron fires later)', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1 }));
    project.edit('models/marts/events.sql', "cron '@daily'", "cron '0 3 * * *'");
    await createSource(engine);
    // At 01:00 the parent's Jan 10 is not complete yet (its cron fires at 03:00): the child stops at Jan 9.
    const early = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(11, 1) });
    expect(early.processed.map((p) => [p.name, p.intervals])).toEqual([
      ['marts.events', 9],
      ['marts.daily', 9],
    ]);
    const later = await runEnvironment(await ws(), 'prod', { executionTime: JAN(11, 4) });
    expect(later.processed.map((p) => [p.name, p.intervals])).toEqual([
      ['marts.events', 1],
      ['marts.daily', 1],
    ]);
    expect(await relationRows(engine, 'marts.daily', 'event_date')).toEqual(await cleanDaily(engine, 1, 11));
  });

  test('a unique-key model merges each batch: matched rows are updated, new ones inserted', async () => {
    project = makeProject({
      'models/crm/customers.sql':
        "MODEL (\n  name crm.customers,\n  kind INCREMENTAL_BY_UNIQUE_KEY (unique_key (id), batch_size 1),\n  start '2024-01-01',\n  grain id\n);\n\n" +
        'SELECT id, name, updated_at FROM src.customer_updates WHERE updated_at BETWEEN @start_ts AND @end_ts\n',
    });
    await engine.query('CREATE SCHEMA IF NOT EXISTS src');
    await engine.query('CREATE TABLE src.customer_updates (id int, name text, updated_at timestamp)');
    await engine.query(
      "INSERT INTO src.customer_updates VALUES (1, 'Ada', '2024-01-01 10:00'), (2, 'Grace', '2024-01-01 11:00'), (2, 'Grace Hopper', '2024-01-02 09:00'), (3, 'Linus', '2024-01-02 12:00')",
    );
    const r = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(3, 1) });
    expect(r.processed).toMatchObject([{ name: 'crm.customers', batches: 2, intervals: 2 }]);
    expect(await rows(engine, 'SELECT id, name FROM crm.customers ORDER BY id')).toEqual([
      { id: '1', name: 'Ada' },
      { id: '2', name: 'Grace Hopper' },
      { id: '3', name: 'Linus' },
    ]);
    await engine.query("INSERT INTO src.customer_updates VALUES (1, 'Ada Lovelace', '2024-01-03 08:00')");
    await runEnvironment(await ws(), 'prod', { executionTime: JAN(4, 1) });
    expect(await rows(engine, 'SELECT id, name FROM crm.customers ORDER BY id')).toEqual([
      { id: '1', name: 'Ada Lovelace' },
      { id: '2', name: 'Grace Hopper' },
      { id: '3', name: 'Linus' },
    ]);
  });

  test('an unmanaged model appends one batch per run', async () => {
    project = makeProject({
      'models/log/appended.sql':
        "MODEL (name log.appended, kind INCREMENTAL_UNMANAGED, start '2024-01-01');\n\nSELECT id, event_date FROM src.events WHERE event_date BETWEEN @start_ds AND @end_ds\n",
    });
    await createSource(engine);
    const first = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(3, 1) });
    expect(first.processed).toMatchObject([{ batches: 1, intervals: 2 }]);
    await runEnvironment(await ws(), 'prod', { executionTime: JAN(5, 1) });
    expect(await rows(engine, 'SELECT count(*) AS n, count(DISTINCT id) AS d FROM log.appended')).toEqual([{ n: '12', d: '12' }]);
  });

  test('a PR builds its preview window only; the diff compares over it; promotion backfills the same table and builds nothing twice', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1, config: 'preview_window: 3d\n' }));
    await createSource(engine);
    const at = { executionTime: JAN(21, 6) };
    await applyEnvironment(await ws(), 'prod', at);
    const prodBefore = await relationRows(engine, 'marts.events', 'id');

    project.edit('models/marts/events.sql', 'SELECT id, item_id, event_date, amount', 'SELECT id, item_id, event_date, amount * 2 AS amount');
    const pr = await applyEnvironment(await ws(), 'pr_1', at);
    const events = pr.plan.models.find((m) => m.name === 'marts.events')!;
    expect(events.intervals).toMatchObject({ window: true, intervals: 3, promotionBackfill: 17 });
    expect(events.intervals!.target).toEqual({ start: JAN(18).getTime(), end: JAN(21).getTime() });
    expect(pr.processed.map((p) => [p.name, p.intervals])).toEqual([
      ['marts.events', 3],
      ['marts.daily', 3],
    ]);
    // The PR environment holds the window; prod is untouched.
    const window = (await cleanEvents(engine, 18, 21)).map((r) => ({ ...r, amount: String(Number(r.amount) * 2) }));
    expect((await relationRows(engine, 'marts__pr_1.events', 'id')).map((r) => ({ ...r, amount: String(Number(r.amount)) }))).toEqual(window);
    expect(await relationRows(engine, 'marts.events', 'id')).toEqual(prodBefore);
    // The FULL child of the windowed parent is consistent with it: computed over the window.
    expect(await relationRows(engine, 'marts__pr_1.item_totals', 'item_id')).toEqual(await rows(engine, 'SELECT item_id, count(*) AS events, sum(amount) AS amount FROM marts__pr_1.events GROUP BY item_id ORDER BY item_id'));
    expect(await relationRows(engine, 'marts__pr_1.daily', 'event_date')).toEqual(await cleanDaily(engine, 18, 21, 2));

    // The diff: only the window is compared, so nothing before it shows as removed.
    const { result, lineage } = await diffEnvironments(await ws(), 'prod', 'pr_1', { samples: 0 });
    const d = result.models.find((m) => m.model === 'marts.events')!;
    expect(d.window).toEqual({ start: JAN(18).toISOString(), end: JAN(21).toISOString(), label: 'preview window' });
    expect(d.rows).toMatchObject({ from: 9, to: 9, added: 0, removed: 0, changed: 9 });
    expect(result.models.find((m) => m.model === 'marts.daily')!.rows).toMatchObject({ from: 3, to: 3, added: 0, removed: 0, changed: 3 });
    expect(result.models.find((m) => m.model === 'marts.item_totals')!.warnings.join(' ')).toMatch(/built in pr_1 from marts\.events \(2024-01-18 → 2024-01-21\), which pr_1 holds only a window of/);
    const md = renderMarkdown(result, lineage, { maxChars: 60000, title: 'vde' });
    expect(md).toContain('compared over 2024-01-18 → 2024-01-21 (preview window)');

    // Promotion: the PR's tables, backfilled from the model's start, before prod's views move.
    const prTables = new Map(pr.plan.models.map((m) => [m.name, `${m.snapshot.physicalTable.schema}.${m.snapshot.physicalTable.name}`]));
    const promoted = await applyEnvironment(await ws(), 'prod', at);
    expect(promoted.built).toEqual([]);
    expect(promoted.processed.map((p) => [p.name, p.intervals])).toEqual([
      ['marts.events', 17],
      ['marts.daily', 17],
    ]);
    expect(promoted.refreshed).toEqual(['marts.item_totals']);
    for (const m of promoted.plan.models) expect(`${m.snapshot.physicalTable.schema}.${m.snapshot.physicalTable.name}`).toBe(prTables.get(m.name));
    expect((await relationRows(engine, 'marts.events', 'id')).map((r) => ({ ...r, amount: String(Number(r.amount)) }))).toEqual(
      (await cleanEvents(engine, 1, 21)).map((r) => ({ ...r, amount: String(Number(r.amount) * 2) })),
    );
    expect(await relationRows(engine, 'marts.item_totals', 'item_id')).toEqual(await cleanTotals(engine, 1, 21, 2));
    expect(await relationRows(engine, 'marts.daily', 'event_date')).toEqual(await cleanDaily(engine, 1, 21, 2));
    // Every interval of the promoted version was processed exactly once.
    const version = promoted.plan.models.find((m) => m.name === 'marts.events')!.snapshot.version;
    const recorded = await engine.query<{ n: string; d: string }>(
      "SELECT count(*) AS n, count(DISTINCT start_ts) AS d FROM vde_state.intervals WHERE name = 'marts.events' AND version = $1 AND kind = 'data'",
      [version],
    );
    expect(recorded.rows[0]).toEqual({ n: '20', d: '20' });
  });

  test('--start/--end set a PR window; prod refuses them', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1 }));
    await createSource(engine);
    await applyEnvironment(await ws(), 'prod', { executionTime: JAN(21, 6) });
    project.edit('models/marts/events.sql', 'SELECT id, item_id', 'SELECT id, item_id + 10 AS item_id');
    const pr = await applyEnvironment(await ws(), 'pr_2', { executionTime: JAN(21, 6), start: JAN(5).getTime(), end: JAN(7).getTime() });
    expect(pr.plan.models.find((m) => m.name === 'marts.events')!.intervals).toMatchObject({ intervals: 2, window: true, promotionBackfill: 18 });
    expect(await rows(engine, 'SELECT min(event_date) AS a, max(event_date) AS b FROM marts__pr_2.events')).toEqual([{ a: '2024-01-05', b: '2024-01-06' }]);
    await expect(applyEnvironment(await ws(), 'prod', { start: JAN(5).getTime() })).rejects.toThrow(RefusedError);
  });

  test('forward-only: prod keeps its table and gets the new column from the next interval on; the PR previews on its own table', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1, config: 'preview_window: 2d\n' }));
    project.edit('models/marts/events.sql', 'time_column event_date, batch_size 1', 'time_column event_date, batch_size 1, forward_only true');
    await createSource(engine);
    const prod = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(11, 6) });
    const prodTable = prod.plan.models.find((m) => m.name === 'marts.events')!.snapshot.physicalTable;

    project.edit('models/marts/events.sql', 'SELECT id, item_id, event_date, amount', 'SELECT id, item_id, event_date, amount, amount * 10 AS big');
    const pr = await applyEnvironment(await ws(), 'pr_3', { executionTime: JAN(13, 6) });
    const preview = pr.plan.models.find((m) => m.name === 'marts.events')!;
    expect(preview.forwardOnly).toBe('preview');
    expect(preview.snapshot.physicalTable).not.toEqual(prodTable);
    expect(await rows(engine, 'SELECT count(*) AS n, min(event_date) AS a FROM marts__pr_3.events')).toEqual([{ n: '6', a: '2024-01-11' }]);
    expect((await engine.listColumns(prodTable)).map((c) => c.name)).not.toContain('big');

    const promoted = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(13, 6) });
    const kept = promoted.plan.models.find((m) => m.name === 'marts.events')!;
    expect(kept.forwardOnly).toBe('keep');
    expect(kept.snapshot.physicalTable).toEqual(prodTable);
    expect(promoted.processed.find((p) => p.name === 'marts.events')).toMatchObject({ intervals: 2 });
    expect(await rows(engine, 'SELECT event_date, count(big) AS with_big, count(*) AS n FROM marts.events GROUP BY event_date HAVING event_date >= DATE \'2024-01-10\' ORDER BY event_date')).toEqual([
      { event_date: '2024-01-10', with_big: '0', n: '3' },
      { event_date: '2024-01-11', with_big: '3', n: '3' },
      { event_date: '2024-01-12', with_big: '3', n: '3' },
    ]);
    // Applying again changes nothing: the forward-only snapshot is prod's now.
    expect((await applyEnvironment(await ws(), 'prod', { executionTime: JAN(13, 6) })).plan.noop).toBe(true);

    // A change that cannot be applied to the rows already there is refused, naming the model.
    project.edit('models/marts/events.sql', 'SELECT id, item_id, event_date, amount, amount * 10 AS big', 'SELECT id, event_date, amount, amount * 10 AS big');
    const refused = applyEnvironment(await ws(), 'prod', { executionTime: JAN(13, 6) });
    await expect(refused).rejects.toThrow(ModelError);
    await expect(refused).rejects.toThrow(/models\/marts\/events\.sql:3: a forward-only change keeps the existing table, and column item_id is no longer in the query/);
    expect(await rows(engine, 'SELECT count(*) AS n FROM marts.events')).toEqual([{ n: '36' }]);
  });

  test('vde apply prod --forward-only keeps the table of a model without the flag', async () => {
    project = makeProject(incrementalFiles({ batchSize: 1 }));
    await createSource(engine);
    const prod = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(6, 6) });
    const table = prod.plan.models.find((m) => m.name === 'marts.events')!.snapshot.physicalTable;
    project.edit('models/marts/events.sql', 'SELECT id, item_id, event_date, amount', "SELECT id, item_id, event_date, amount, 'v2' AS note");
    const kept = await applyEnvironment(await ws(), 'prod', { executionTime: JAN(7, 6), forwardOnly: true });
    expect(kept.plan.models.find((m) => m.name === 'marts.events')!.snapshot.physicalTable).toEqual(table);
    expect(kept.built.map((b) => b.name)).toEqual([]);
    expect(await rows(engine, 'SELECT note, count(*) AS n FROM marts.events GROUP BY note ORDER BY note')).toEqual([
      { note: 'v2', n: '3' },
      { note: 'null', n: '15' },
    ]);
  });
});
