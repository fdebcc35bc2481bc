// SQLMesh-layout fixture projects (test/fixtures/, written for vde) through the whole lifecycle:
// plan, apply prod, a PR edit, apply the PR, diff, promote. On Postgres and on PGlite.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyEnvironment, diffEnvironments, openWorkspace, planEnvironment } from '../../src/core/api';
import type { Engine } from '../../src/engines/types';
import { loadProject } from '../../src/project/loader';
import { engineTargets } from '../support/targets';

const FIXTURES = resolve(process.cwd(), 'test/fixtures');

const targets = engineTargets('sqlmesh_fixture');

function copyFixture(name: string, from = FIXTURES): string {
  const dir = mkdtempSync(join(tmpdir(), `vde-${name}-`));
  cpSync(join(from, name), dir, { recursive: true });
  return dir;
}

const EXAMPLES = resolve(process.cwd(), 'examples');

function edit(dir: string, file: string, from: string, to: string): void {
  const p = join(dir, file);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(p, text.replace(from, to));
}

async function rows<T>(engine: Engine, sql: string): Promise<T[]> {
  return (await engine.query<T & Record<string, unknown>>(sql)).rows as T[];
}

describe('the sqlmesh-shop fixture loads as SQLMesh reads it', () => {
  test('config.yaml variables, defaults and the gateway vde used', async () => {
    const p = await loadProject(join(FIXTURES, 'sqlmesh-shop'), {});
    expect(p.config.variables).toEqual({ min_order_amount: 20, home_country: 'NL' });
    expect(p.config.modelDefaults).toMatchObject({ dialect: 'duckdb', start: '2024-01-01', cron: '@daily' });
    expect(p.config.connection.type).toBe('pglite');
    expect(p.config.notes[0]).toMatch(/gateway local \(default_gateway in config\.yaml\) is a DuckDB database; vde runs it on its embedded PGlite/);
    expect(p.models.get('raw.orders')!.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'customer_id', type: 'bigint' },
      { name: 'amount', type: 'double precision' },
      { name: 'status', type: 'text' },
      { name: 'ordered_at', type: 'timestamp' },
    ]);
    expect(p.models.get('staging.stg_orders')!.kind).toEqual({ name: 'VIEW' });
    expect(p.models.get('staging.stg_orders')!.audits.map((a) => a.name)).toEqual(['assert_positive_amount']);
    expect(p.models.get('marts.customer_revenue')!.ignoredProperties.map((i) => i.name)).toEqual(['cron', 'stamp', 'partitioned_by']);
    expect(p.models.get('marts.large_orders')!.parents).toEqual(['raw.customers', 'staging.stg_orders']);
  });
});

describe.each(targets)('SQLMesh fixtures on $label', (target) => {
  let engine: Engine;
  let done: () => Promise<void>;
  beforeAll(async () => ({ engine, done } = await target.open()));
  afterAll(() => done());

  test('sqlmesh-shop: plan, apply, PR edit, diff, promote', async () => {
    const dir = copyFixture('sqlmesh-shop');
    try {
      const ws = await openWorkspace({ projectDir: dir, engine });
      const plan = await planEnvironment(ws, 'prod');
      expect(plan.toBuild.map((s) => s.name).sort()).toEqual(['marts.customer_revenue', 'marts.large_orders', 'raw.customers', 'raw.orders', 'staging.stg_orders']);
      await applyEnvironment(ws, 'prod');
      const revenue = await rows<{ customer_id: string; revenue: string; paid_orders: string }>(engine, 'SELECT customer_id, revenue, paid_orders FROM marts.customer_revenue ORDER BY customer_id');
      expect(revenue.map((r) => [Number(r.customer_id), Number(r.revenue), Number(r.paid_orders)])).toEqual([
        [1, 37.5, 2],
        [2, 19.99, 1],
        [3, 8.75, 1],
        [4, 61.2, 1],
        [5, 33.3, 1],
      ]);
      // @VAR('min_order_amount', 10) and @home_country come from config.yaml's variables.
      const large = await rows<{ order_id: string; is_home_country: boolean }>(engine, 'SELECT order_id, is_home_country FROM marts.large_orders ORDER BY order_id');
      expect(large.map((r) => [Number(r.order_id), r.is_home_country])).toEqual([
        [100, true],
        [102, false],
        [104, true],
        [106, false],
      ]);
      const chloe = await rows<{ name: string; signed_up_on: unknown }>(engine, 'SELECT name, signed_up_on FROM raw.customers WHERE id = 3');
      expect(chloe[0]!.name).toBe('Chloé');

      // The PR: returned orders no longer count as orders at all (breaking for stg_orders).
      edit(dir, 'models/staging/stg_orders.sql', "WHERE o.status <> 'cancelled'", "WHERE o.status NOT IN ('cancelled', 'returned')");
      const pr = await openWorkspace({ projectDir: dir, engine });
      const applied = await applyEnvironment(pr, 'pr_1');
      expect(applied.built.map((b) => b.name).sort()).toEqual(['marts.customer_revenue', 'marts.large_orders', 'staging.stg_orders']);
      const outcome = await diffEnvironments(pr, 'prod', 'pr_1', { samples: 0 });
      const stg = outcome.result.models.find((m) => m.model === 'staging.stg_orders')!;
      expect(stg.rows).toMatchObject({ from: 7, to: 6, removed: 1, added: 0 });
      const mart = outcome.result.models.find((m) => m.model === 'marts.customer_revenue')!;
      expect(mart.rows).toMatchObject({ from: 5, to: 5, changed: 0 });

      // Merge: prod reuses the PR's tables.
      const promoted = await applyEnvironment(pr, 'prod');
      expect(promoted.built).toEqual([]);
      const stgRows = await rows<{ n: string }>(engine, 'SELECT count(*) AS n FROM staging.stg_orders');
      expect(Number(stgRows[0]!.n)).toBe(6);
      await pr.close();
      await ws.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('sqlmesh-external: external models are read, never built', async () => {
    const dir = copyFixture('sqlmesh-external');
    try {
      await engine.query('CREATE SCHEMA IF NOT EXISTS app');
      await engine.query('DROP TABLE IF EXISTS app.events');
      await engine.query('DROP TABLE IF EXISTS app.users');
      await engine.query('CREATE TABLE app.users (id bigint, email text, active boolean)');
      await engine.query("INSERT INTO app.users VALUES (1, 'a@x.io', true), (2, 'b@x.io', false), (3, 'c@x.io', true)");
      await engine.query('CREATE TABLE app.events (id bigint, user_id bigint, kind text, happened_at timestamp)');
      await engine.query(
        "INSERT INTO app.events VALUES (1, 1, 'login', '2024-05-01 08:00'), (2, 1, 'click', '2024-05-01 08:01'), (3, 3, 'login', '2024-05-02 09:00'), (4, 2, 'login', '2024-05-02 10:00')",
      );
      const ws = await openWorkspace({ projectDir: dir, engine, env: {} });
      const project = await ws.project();
      expect([...project.externals.keys()]).toEqual(['app.events', 'app.users']);
      const plan = await planEnvironment(ws, 'prod');
      expect(plan.toBuild.map((s) => s.name).sort()).toEqual(['analytics.active_users', 'analytics.daily_events', 'analytics.user_activity']);
      await applyEnvironment(ws, 'prod');
      const activity = await rows<{ user_id: string; events: string }>(engine, 'SELECT user_id, events FROM analytics.user_activity ORDER BY user_id');
      expect(activity.map((r) => [Number(r.user_id), Number(r.events)])).toEqual([
        [1, 2],
        [3, 1],
      ]);
      // The external tables are untouched: still the app's own tables, in the app's schema.
      const kinds = await rows<{ table_type: string }>(engine, "SELECT table_type FROM information_schema.tables WHERE table_schema = 'app' ORDER BY table_name");
      expect(kinds.map((k) => k.table_type)).toEqual(['BASE TABLE', 'BASE TABLE']);

      edit(dir, 'models/analytics/daily_events.sql', 'COUNT(*) AS events', 'COUNT(*) AS events,\n  COUNT(DISTINCT user_id) AS users');
      const pr = await openWorkspace({ projectDir: dir, engine, env: {} });
      const applied = await applyEnvironment(pr, 'pr_2');
      expect(applied.built.map((b) => b.name)).toEqual(['analytics.daily_events']);
      const outcome = await diffEnvironments(pr, 'prod', 'pr_2', { samples: 0 });
      const daily = outcome.result.models.find((m) => m.model === 'analytics.daily_events')!;
      expect(daily.schema.added.map((c) => c.name)).toEqual(['users']);
      expect(daily.rows).toMatchObject({ from: 3, to: 3, changed: 0 });
      await applyEnvironment(pr, 'prod');
      const users = await rows<{ users: string }>(engine, "SELECT users FROM analytics.daily_events WHERE kind = 'login' AND event_date = '2024-05-02'");
      expect(Number(users[0]!.users)).toBe(2);
      await pr.close();
      await ws.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('examples/sqlmesh: the demo lifecycle (a breaking and a non-breaking edit)', async () => {
    const dir = copyFixture('sqlmesh', EXAMPLES);
    try {
      const ws = await openWorkspace({ projectDir: dir, engine, env: {} });
      const prod = await applyEnvironment(ws, 'prod');
      expect(prod.built.map((b) => b.name).sort()).toEqual([
        'marts.bike_utilization',
        'marts.long_rides',
        'marts.station_daily',
        'raw.bikes',
        'raw.rides',
        'raw.stations',
        'staging.stg_rides',
      ]);
      // Its audits ran: the blocking ones pass, the non-blocking one finds the disputed rides.
      expect(prod.audits.map((a) => [a.model, a.audit, a.violations])).toEqual([
        ['raw.rides', 'not_null', 0],
        ['raw.rides', 'unique_values', 0],
        ['raw.rides', 'accepted_values', 0],
        ['staging.stg_rides', 'assert_positive_minutes', 0],
        ['staging.stg_rides', 'not_accepted_values', 9],
        ['marts.station_daily', 'not_null', 0],
        ['marts.station_daily', 'accepted_range', 0],
      ]);
      const bikes = await rows<{ n: string }>(engine, 'SELECT count(*) AS n FROM marts.bike_utilization WHERE electric');
      expect(Number(bikes[0]!.n)).toBe(3);
      // long_rides reads @VAR('long_ride_minutes', 30) from config.yaml.
      const long = await rows<{ n: string }>(engine, 'SELECT count(*) AS n FROM marts.long_rides');
      const expected = await rows<{ n: string }>(engine, 'SELECT count(*) AS n FROM staging.stg_rides WHERE minutes >= 30');
      expect(Number(long[0]!.n)).toBe(Number(expected[0]!.n));
      expect(Number(long[0]!.n)).toBeGreaterThan(0);
      edit(dir, 'models/staging/stg_rides.sql', "WHERE status <> 'cancelled'", "WHERE status NOT IN ('cancelled', 'disputed')");
      edit(dir, 'models/marts/station_daily.sql', 'SUM(r.minutes) AS ride_minutes,', 'SUM(r.minutes) AS ride_minutes,\n  COUNT(DISTINCT r.bike_id) AS bikes,');
      const pr = await openWorkspace({ projectDir: dir, engine, env: {} });
      const applied = await applyEnvironment(pr, 'pr_1');
      expect(applied.built.map((b) => b.name).sort()).toEqual(['marts.bike_utilization', 'marts.long_rides', 'marts.station_daily', 'staging.stg_rides']);
      const outcome = await diffEnvironments(pr, 'prod', 'pr_1', { samples: 0 });
      const stg = outcome.result.models.find((m) => m.model === 'staging.stg_rides')!;
      expect(stg.rows).toMatchObject({ from: 43, to: 34, removed: 9, added: 0 });
      const daily = outcome.result.models.find((m) => m.model === 'marts.station_daily')!;
      expect(daily.schema.added.map((c) => c.name)).toEqual(['bikes']);
      await applyEnvironment(pr, 'prod');
      await pr.close();
      await ws.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
