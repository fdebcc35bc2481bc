// Apply beside other runs, and apply refusing what it cannot do safely (issue 7 §1.3, §1.5, §1.7,
// §1.10, §1b, §2, §3), in both engine modes.
import { applyEnvironment, invalidateEnvironment, listEnvironments, openWorkspace, planEnvironment } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import { ConflictError, ModelError, NameError, RefusedError, WarehouseError } from '../../src/errors';
import { assertConsistent } from '../support/invariants';
import { POSTGRES_MODES } from '../support/modes';
import { makeProject, shopFiles } from '../support/project';
import { scenario, slowModel, until, type Scenario } from '../support/scenario';

/** Schemas and relations outside the catalogs: what a refused command must leave unchanged. */
async function catalog(s: Scenario): Promise<string[]> {
  const r = await s.engine.query<{ x: string }>(
    `SELECT n.nspname || '.' || coalesce(c.relname, '') AS x FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'v')
      WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ORDER BY 1`,
  );
  return r.rows.map((row) => row.x);
}

async function count(s: Scenario, sql: string): Promise<number> {
  return Number((await s.engine.query<{ n: string }>(sql)).rows[0]?.n);
}

describe.each(POSTGRES_MODES)('apply on $label', (mode) => {
  let s: Scenario;
  beforeEach(async () => {
    s = await scenario(mode, undefined, 'apply_safety');
  });
  afterEach(async () => {
    await s.close();
  });

  test('two PRs with the same change, applied at once, both succeed and build each table once', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
    s.project.write(...slowModel(1.5));
    const [a, b] = await Promise.all([
      applyEnvironment(await s.ws(s.newEngine()), 'pr_1'),
      applyEnvironment(await s.ws(s.newEngine()), 'pr_2'),
    ]);
    const builds = [...a.built, ...b.built].map((x) => x.name).sort();
    expect(builds).toEqual(['marts.customer_orders', 'marts.daily_revenue', 'marts.slow', 'marts.top_customers', 'stg.orders']);
    expect(await count(s, 'SELECT count(*) AS n FROM marts__pr_2.slow')).toBe(4);
    await assertConsistent(s.engine, s.project.dir);
  });

  test('an invalidation during an apply is not undone: the apply exits 3 and the environment stays invalidated', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    await applyEnvironment(await s.ws(), 'pr_7');
    s.project.write(...slowModel(1.5));
    const messages: string[] = [];
    const applying = applyEnvironment(await s.ws(s.newEngine(), messages), 'pr_7').catch((e: unknown) => e);
    await until(messages, /building/);
    await invalidateEnvironment(await s.ws(), 'pr_7');
    const err = await applying;
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/pr_7.*invalidated/);
    expect((await listEnvironments(await s.ws())).find((e) => e.name === 'pr_7')).toMatchObject({ expired: true });
    await assertConsistent(s.engine, s.project.dir);
  });

  test('a failed build leaves no state rows for unbuilt versions, no environment change, and says what it kept', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'returned'");
    s.project.edit('models/marts/daily_revenue.sql', 'sum(amount) AS revenue', 'sum(amount) / 0 AS revenue');
    const state = await stateOf(await s.ws());
    const rowsBefore = (await state.listSnapshots()).length;
    const err = await applyEnvironment(await s.ws(), 'pr_8').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as Error).message).toMatch(/division by zero \(models\/marts\/daily_revenue\.sql:3\)/);
    expect((err as Error).message).toMatch(/kept: \d table\(s\) this run finished \(stg\.orders/);
    expect((await listEnvironments(await s.ws())).map((e) => e.name)).toEqual(['prod']);
    // Rows only for versions whose tables exist and are recorded as built.
    const snapshots = await state.listSnapshots();
    const built = await state.builtVersions(snapshots.map((x) => x.name));
    expect(snapshots.filter((x) => !built.has(`${x.name}@${x.version}`)).map((x) => x.name)).toEqual([]);
    expect(snapshots.length).toBeGreaterThan(rowsBefore);
    await assertConsistent(s.engine, s.project.dir);
  });

  test('a grain naming a column the query does not produce fails the apply before any view moves, naming the file and line', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.edit('models/marts/daily_revenue.sql', 'grain order_date', 'grain order_day');
    const before = await catalog(s);
    const err = await applyEnvironment(await s.ws(), 'pr_9').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/^models\/marts\/daily_revenue\.sql:1: grain order_day of model marts\.daily_revenue is not a column of its query \(columns: order_date, revenue\)/);
    expect(await catalog(s)).toEqual(before);
    expect((await listEnvironments(await s.ws())).map((e) => e.name)).toEqual(['prod']);
  });

  test('a renamed state_schema with vde objects in the warehouse is refused, naming the old state schema; nothing is dropped', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.write('vde.yaml', 'state_schema: renamed_state\n');
    const statements: string[] = [];
    const watched = s.newEngine({ onStatement: (sql) => statements.push(sql) });
    const err = await applyEnvironment(await s.ws(watched), 'prod').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toMatch(/state schema renamed_state has no record of it\. vde state lives in vde_state: was state_schema renamed\? Set state_schema back to vde_state/);
    expect(statements.filter((sql) => /^\s*(DROP|ALTER)/i.test(sql) && /vde__/.test(sql))).toEqual([]);
    expect(await count(s, 'SELECT count(*) AS n FROM stg.orders')).toBe(7);
  });

  test('two projects in one database (own state schemas) lock their environments apart', async () => {
    await applyEnvironment(await s.ws(), 'prod');
    s.project.write(...slowModel(1.5));
    const messages: string[] = [];
    const first = applyEnvironment(await s.ws(s.newEngine(), messages), 'pr_1');
    await until(messages, /building/);
    // While the first project's pr_1 is locked, the second project's pr_1 applies.
    const second = makeProject({
      'vde.yaml': 'state_schema: other_state\n',
      'models/other/x.sql': 'MODEL (name other.x, kind FULL);\nSELECT 1 AS id\n',
    });
    try {
      const r = await applyEnvironment(await openWorkspace({ projectDir: second.dir, engine: s.newEngine() }), 'pr_1');
      expect(r.built.map((b) => b.name)).toEqual(['other.x']);
    } finally {
      second.cleanup();
    }
    expect((await first).built.map((b) => b.name)).toEqual(['marts.slow']);
  });
});

describe('names that would collide are refused before anything is written', () => {
  const mode = POSTGRES_MODES[0]!;
  test('an environment whose schemas would be the physical layer', async () => {
    const s = await scenario(mode, { ...shopFiles(), 'models/vde/x.sql': 'MODEL (name vde.x, kind FULL);\nSELECT 1 AS id\n' }, 'names');
    try {
      await applyEnvironment(await s.ws(), 'prod');
      const before = await catalog(s);
      // vde.x in pr_1 would live in vde__pr_1: the physical schema of a model schema pr_1.
      const err = await applyEnvironment(await s.ws(), 'pr_1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NameError);
      expect((err as Error).message).toBe(
        "environment pr_1 cannot hold model vde.x: its views would go to schema vde__pr_1, which is vde's physical layer; use another environment name",
      );
      // (A state schema with `__`, which could be an environment schema, is refused by vde.yaml's validation.)
      expect(await catalog(s)).toEqual(before);
    } finally {
      await s.close();
    }
  });

  test('two environments that would share one schema (a in _x, a_ in x): the second is refused, naming both', async () => {
    const s = await scenario(
      mode,
      {
        'models/a/t.sql': 'MODEL (name a.t, kind FULL);\nSELECT 1 AS id\n',
        'models/a_/t.sql': 'MODEL (name a_.t, kind FULL);\nSELECT 2 AS id\n',
      },
      'names',
    );
    try {
      await applyEnvironment(await s.ws(), '_x');
      const err = await applyEnvironment(await s.ws(), 'x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NameError);
      expect((err as Error).message).toBe(
        "environment x would put model a_.t in schema a___x, which already holds environment _x's model a.t; use another environment name",
      );
      expect((await s.engine.query('SELECT id FROM a___x.t')).rows).toEqual([{ id: 1 }]);
    } finally {
      await s.close();
    }
  });
});

test('a first apply that fails on an empty warehouse drops the empty physical schema it created, and names the state schema it kept', async () => {
  const s = await scenario(POSTGRES_MODES[0]!, { 'models/stg/x.sql': 'MODEL (name stg.x, kind FULL);\nSELECT 1 / 0 AS id\n' }, 'first_fail');
  try {
    const err = await applyEnvironment(await s.ws(), 'prod').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    // No position from the warehouse: the line the query starts on.
    expect((err as Error).message).toMatch(/division by zero \(models\/stg\/x\.sql:2\)/);
    expect((err as Error).message).toMatch(/\n  kept: the schemas it created: vde_state \(vde's state\)\. No view or environment changed\.$/);
    expect(await catalog(s)).toEqual([
      'public.',
      'vde_state.applies',
      'vde_state.audit_results',
      'vde_state.environments',
      'vde_state.intervals',
      'vde_state.locks',
      'vde_state.snapshots',
      'vde_state.versions',
    ]);
    const state = await stateOf(await s.ws());
    expect(await state.listSnapshots()).toEqual([]);
  } finally {
    await s.close();
  }
});
