// The environment lifecycle, run identically on a real Postgres server and on embedded PGlite.
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import {
  applyEnvironment,
  describeEnvironment,
  invalidateEnvironment,
  listEnvironments,
  openWorkspace,
  planEnvironment,
  runJanitor,
  type Workspace,
} from '../../src/core/api';
import { ModelError, RefusedError } from '../../src/errors';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { standInConnection, startStandIn } from '../support/snowflake';

type Target = {
  label: string;
  open(): Promise<{ engine: Engine; done(): Promise<void> }>;
};

const targets: Target[] = [
  {
    label: 'postgres',
    async open() {
      const db: TestDatabase = await freshDatabase('lifecycle');
      const engine = await createEngine({ type: 'postgres', url: db.url });
      return { engine, done: async () => { await engine.close(); await db.drop(); } };
    },
  },
  {
    // DDL committing statement by statement and lease locks, as on Snowflake.
    label: 'postgres with autocommit DDL',
    async open() {
      const db: TestDatabase = await freshDatabase('lifecycle_ac');
      const engine = await createEngine({ type: 'postgres', url: db.url }, { env: { VDE_POSTGRES_DDL: 'autocommit' } });
      return { engine, done: async () => { await engine.close(); await db.drop(); } };
    },
  },
  {
    label: 'pglite',
    async open() {
      const engine = await createEngine({ type: 'pglite', path: 'memory://' });
      return { engine, done: () => engine.close() };
    },
  },
  {
    // Through the real snowflake-sdk against the loopback stand-in (docs/snowflake.md).
    label: 'snowflake (stand-in)',
    async open() {
      const h = await startStandIn();
      const engine = await createEngine(standInConnection(h.standIn));
      return { engine, done: async () => { await engine.close(); await h.close(); } };
    },
  },
];

async function count(engine: Engine, sql: string): Promise<number> {
  const r = await engine.query<{ n: string }>(sql);
  return Number(r.rows[0]?.n);
}

/** Every schema and relation in the warehouse (the state schema's included, its rows not). */
async function warehouseShape(engine: Engine): Promise<string[]> {
  const out: string[] = [];
  for (const s of await engine.listSchemas('')) {
    if (/^(pg_|information_schema$)/i.test(s)) continue;
    out.push(s);
    for (const r of await engine.listRelations(s)) out.push(`${s}.${r.name}:${r.kind}`);
  }
  return out.sort();
}

/** The SELECT a view stands for, as the warehouse stores it. */
async function viewSelect(engine: Engine, schema: string, name: string): Promise<string> {
  const n = (x: string) => engine.dialect.normalizeIdentifier(x);
  if (engine.type === 'snowflake') {
    const r = await engine.query<{ d: string }>('SELECT view_definition AS d FROM information_schema.views WHERE table_schema = :1 AND table_name = :2', [n(schema), n(name)]);
    const ddl = r.rows[0]?.d ?? '';
    return ddl.slice(ddl.search(/\bAS\s+SELECT\b/i));
  }
  const r = await engine.query<{ d: string }>(`SELECT pg_get_viewdef('${schema}.${name}'::regclass) AS d`);
  return r.rows[0]?.d ?? '';
}

describe.each(targets)('environment lifecycle on $label', (target) => {
  let engine: Engine;
  let done: () => Promise<void>;
  let project: TestProject;
  const open = (): Promise<Workspace> => openWorkspace({ projectDir: project.dir, engine });

  beforeAll(async () => {
    ({ engine, done } = await target.open());
    project = makeProject(shopFiles());
  });
  afterAll(async () => {
    await done();
    project.cleanup();
  });

  test('apply prod builds every model and creates one view per model', async () => {
    const ws = await open();
    const r = await applyEnvironment(ws, 'prod');
    expect(r.created).toBe(true);
    expect(r.built.map((b) => b.name).sort()).toEqual([
      'marts.customer_orders', 'marts.daily_revenue', 'marts.top_customers',
      'raw.customers', 'raw.orders', 'stg.customers', 'stg.orders',
    ]);
    expect(await count(engine, 'SELECT count(*) AS n FROM stg.orders')).toBe(7);
    expect(await count(engine, 'SELECT count(*) AS n FROM marts.top_customers')).toBe(4);
    const grace = await engine.query<{ name: string }>('SELECT name FROM raw.customers WHERE id = 2');
    expect(grace.rows[0]?.name).toBe('Grace, Admiral');
  });

  test('plan changes nothing and reports what a breaking edit would do', async () => {
    project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
    const before = await warehouseShape(engine);
    const plan = await planEnvironment(await open(), 'pr_1');
    expect(await warehouseShape(engine)).toEqual(before);
    const direct = plan.models.filter((m) => m.change === 'directly-modified');
    expect(direct.map((m) => [m.name, m.category])).toEqual([['stg.orders', 'breaking']]);
    expect(plan.models.filter((m) => m.change === 'indirectly-modified').map((m) => m.name).sort()).toEqual([
      'marts.customer_orders', 'marts.daily_revenue', 'marts.top_customers',
    ]);
    expect(plan.toBuild.map((s) => s.name).sort()).toEqual([
      'marts.customer_orders', 'marts.daily_revenue', 'marts.top_customers', 'stg.orders',
    ]);
  });

  test('apply pr_1 builds exactly the edited model and its descendants; the rest is shared with prod', async () => {
    const r = await applyEnvironment(await open(), 'pr_1');
    expect(r.built.map((b) => b.name).sort()).toEqual([
      'marts.customer_orders', 'marts.daily_revenue', 'marts.top_customers', 'stg.orders',
    ]);
    const detail = await describeEnvironment(await open(), 'pr_1');
    const shared = detail.models.filter((m) => m.sharedWithProd).map((m) => m.name).sort();
    expect(shared).toEqual(['raw.customers', 'raw.orders', 'stg.customers']);
    const view = detail.models.find((m) => m.name === 'stg.orders')!;
    expect(view.view).toBe(engine.dialect.normalizeIdentifier('stg__pr_1.orders'));
    // The PR sees the change, prod does not.
    expect(await count(engine, 'SELECT count(*) AS n FROM stg__pr_1.orders')).toBe(5);
    expect(await count(engine, 'SELECT count(*) AS n FROM stg.orders')).toBe(7);
    // An unchanged model in pr_1 is a view over prod's physical table.
    const def = await viewSelect(engine, 'stg__pr_1', 'customers');
    expect(def).toMatch(/SELECT/i);
    expect(def).toBe(await viewSelect(engine, 'stg', 'customers'));
  });

  test('re-applying an unchanged project is a no-op', async () => {
    const before = await warehouseShape(engine);
    // How fast is for bench/ (ratios side by side), never a timed test on a shared machine.
    const r = await applyEnvironment(await open(), 'pr_1');
    expect(r.plan.noop).toBe(true);
    expect(r.built).toEqual([]);
    expect(await warehouseShape(engine)).toEqual(before);
  });

  test('a model error names the file and line and leaves the warehouse unchanged', async () => {
    const before = await warehouseShape(engine);
    const original = project.read('models/marts/daily_revenue.sql');
    project.write('models/marts/daily_revenue.sql', 'MODEL (\n  name marts.daily_revenue,\n  kind FULL,\n  colour blue\n);\nSELECT 1\n');
    const err = await applyEnvironment(await open(), 'pr_2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toContain('models/marts/daily_revenue.sql:4');
    expect(await warehouseShape(engine)).toEqual(before);
    project.write('models/marts/daily_revenue.sql', original);
  });

  test('applying prod after the PR reuses its tables: zero rebuilds, and prod shows the change', async () => {
    const r = await applyEnvironment(await open(), 'prod');
    expect(r.built).toEqual([]);
    expect(r.plan.noop).toBe(false);
    expect(await count(engine, 'SELECT count(*) AS n FROM stg.orders')).toBe(5);
    const prod = await describeEnvironment(await open(), 'prod');
    const pr = await describeEnvironment(await open(), 'pr_1');
    expect(pr.models.every((m) => m.sharedWithProd)).toBe(true);
    expect(prod.models.map((m) => m.physicalTable).sort()).toEqual(pr.models.map((m) => m.physicalTable).sort());
  });

  test('a non-breaking edit rebuilds only that model (and VIEW children), not FULL descendants', async () => {
    project.edit('models/stg/customers.sql', 'name, country', 'name, country, upper(country) AS country_code');
    const r = await applyEnvironment(await open(), 'pr_3');
    const plan = r.plan;
    expect(plan.models.find((m) => m.name === 'stg.customers')?.category).toBe('non-breaking');
    expect(r.built.map((b) => b.name)).toEqual(['stg.customers']);
    const detail = await describeEnvironment(await open(), 'pr_3');
    expect(detail.models.find((m) => m.name === 'marts.customer_orders')?.sharedWithProd).toBe(true);
    expect(await count(engine, "SELECT count(*) AS n FROM stg__pr_3.customers WHERE country_code = 'US'")).toBe(2);
    project.edit('models/stg/customers.sql', ', upper(country) AS country_code', '');
  });

  test('invalidate + janitor removes the environment and every unreferenced table; prod still answers', async () => {
    await expect(invalidateEnvironment(await open(), 'prod')).rejects.toBeInstanceOf(RefusedError);
    await invalidateEnvironment(await open(), 'pr_1');
    await invalidateEnvironment(await open(), 'pr_3');
    const envs = await listEnvironments(await open());
    expect(envs.find((e) => e.name === 'pr_1')?.expired).toBe(true);
    expect(envs.find((e) => e.name === 'prod')?.expiresAt).toBeNull();

    const r = await runJanitor(await open(), { ignoreTtl: true });
    expect(r.environments.map((e) => e.name).sort()).toEqual(['pr_1', 'pr_3']);
    const schemas = await engine.listSchemas('');
    expect(schemas.filter((s) => /__pr_[13]$/i.test(s))).toEqual([]);
    // Dropped: prod's old stg.orders line (replaced on promotion) and pr_3's stg.customers.
    expect(r.physicalTables.map((t) => t.name).sort()).toEqual([
      'marts.customer_orders', 'marts.daily_revenue', 'marts.top_customers', 'stg.customers', 'stg.orders',
    ]);
    // Every physical table left is referenced by prod, and prod answers.
    const prod = await describeEnvironment(await open(), 'prod');
    const physical = new Set(prod.models.map((m) => m.physicalTable));
    for (const s of schemas.filter((s) => s.toLowerCase().startsWith('vde__'))) {
      for (const rel of await engine.listRelations(s)) expect(physical.has(`${s}.${rel.name}`)).toBe(true);
    }
    expect(await count(engine, 'SELECT count(*) AS n FROM marts.top_customers')).toBeGreaterThan(0);
    expect((await listEnvironments(await open())).map((e) => e.name)).toEqual(['prod']);
  });

  test('the janitor respects snapshot TTLs unless told to ignore them', async () => {
    project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) AS revenue, count(*) AS orders');
    await applyEnvironment(await open(), 'pr_4');
    project.edit('models/marts/daily_revenue.sql', ', count(*) AS orders', '');
    await invalidateEnvironment(await open(), 'pr_4');
    const r = await runJanitor(await open(), {});
    expect(r.environments.map((e) => e.name)).toEqual(['pr_4']);
    // The pr_4 table is unreferenced now but within its 7-day TTL: kept.
    expect(r.physicalTables).toEqual([]);
    const forced = await runJanitor(await open(), { ignoreTtl: true });
    expect(forced.physicalTables.map((t) => t.name)).toEqual(['marts.daily_revenue']);
  });
});

test('two models with identical queries are two snapshots with their own tables', async () => {
  const engine = await createEngine({ type: 'pglite', path: 'memory://' });
  const project = makeProject({
    'models/a.sql': 'MODEL (name stg.a, kind FULL);\nSELECT 1 AS x\n',
    'models/b.sql': 'MODEL (name stg.b, kind FULL);\nSELECT 1 AS x\n',
  });
  try {
    const r = await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'prod');
    const fps = r.plan.models.map((m) => m.snapshot.fingerprint);
    expect(new Set(fps).size).toBe(2);
    expect(r.built.map((b) => b.name).sort()).toEqual(['stg.a', 'stg.b']);
  } finally {
    await engine.close();
    project.cleanup();
  }
});
