// Audits run by apply, on a real Postgres (transactional DDL, and autocommit DDL with lease locks,
// as on Snowflake) and on PGlite: every built-in counts the rows SQLMesh's own query would, a
// blocking audit that finds rows fails the apply before any view moves and leaves the warehouse as
// it was, a non-blocking one warns, custom audits take parameters, and results are recorded with
// the table so that an apply reusing it does not run them again (but an edited audit runs).
import { applyEnvironment, diffEnvironments, invalidateEnvironment, listEnvironments, openWorkspace, planEnvironment, runJanitor, type Workspace } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { AuditError } from '../../src/errors';
import { freshDatabase } from '../support/pg';
import { BUILTINS } from '../support/audit-cases';
import { makeProject, type TestProject } from '../support/project';

interface Target {
  label: string;
  open(): Promise<{ engine: Engine; done(): Promise<void> }>;
}

const postgres = (label: string, env: NodeJS.ProcessEnv = {}): Target => ({
  label,
  async open() {
    const db = await freshDatabase('audits');
    const engine = await createEngine({ type: 'postgres', url: db.url }, { env });
    return {
      engine,
      done: async () => {
        await engine.close();
        await db.drop();
      },
    };
  },
});

const TARGETS: Target[] = [
  postgres('postgres'),
  postgres('postgres with autocommit DDL and lease locks', { VDE_POSTGRES_DDL: 'autocommit' }),
  {
    label: 'pglite',
    async open() {
      const engine = await createEngine({ type: 'pglite', path: 'memory://' });
      return { engine, done: () => engine.close() };
    },
  },
];

/** Every relation outside the system schemas, with its row count: what "the warehouse is unchanged" means. */
async function warehouse(engine: Engine): Promise<string[]> {
  const r = await engine.query<{ s: string; t: string; k: string }>(
    `SELECT table_schema AS s, table_name AS t, table_type AS k FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: string[] = [];
  for (const x of r.rows) {
    const n = await engine.query<{ n: string }>(`SELECT count(*) AS n FROM "${x.s}"."${x.t}"`);
    out.push(`${x.s}.${x.t} ${x.k} ${n.rows[0]!.n}`);
  }
  return out;
}

async function scalar(engine: Engine, sql: string): Promise<string> {
  const r = await engine.query<{ v: unknown }>(sql);
  return String(r.rows[0]!.v);
}

// Four rows chosen so that each built-in below finds a known number of them.
const FACTS = `MODEL (
  name t.facts,
  kind FULL,
  audits (
@AUDITS
  )
);

SELECT * FROM (VALUES
  (1, 'a', 10.0, 'GET', 'x@y.io', 'https://a.b/c', '123e4567-e89b-12d3-a456-426614174000', 1, 5),
  (2, 'b', 20.0, 'POST', 'bad-email', 'notaurl', 'not-a-uuid', 5, 8),
  (3, NULL, 30.0, 'FETCH', NULL, NULL, NULL, 9, 12),
  (3, '', 1000.0, 'GET', 'z@w.org', 'ftp://x.y', '123E4567-E89B-12D3-A456-426614174000', 11, 15)
) AS v(id, name, amount, method, email, url, uuid, lo, hi)
`;

const ORDERS = (rows: string, audits: string) => `MODEL (
  name s.orders,
  kind FULL,
  grain id,
  audits (${audits})
);

SELECT * FROM (VALUES ${rows}) AS v(id, customer, amount)
`;
const GOOD_ROWS = "(1, 'ada', 12.5), (2, 'bob', 30.0), (3, 'ada', 7.25)";
const REVENUE = `MODEL (name s.revenue, kind FULL, grain customer);

SELECT customer, sum(amount) AS revenue FROM s.orders GROUP BY customer
`;

describe.each(TARGETS)('audits on $label', (target) => {
  // A fresh database per test: each starts from an empty warehouse.
  let engine: Engine;
  let done: () => Promise<void>;
  let project: TestProject;
  beforeEach(async () => ({ engine, done } = await target.open()));
  afterEach(async () => {
    project?.cleanup();
    await done();
  });
  const open = (): Promise<Workspace> => openWorkspace({ projectDir: project.dir, engine, env: {} });

  test('every built-in audit finds the rows SQLMesh’s query finds', async () => {
    project = makeProject({ 'models/facts.sql': FACTS.replace('@AUDITS', () => BUILTINS.map(([call]) => `    ${call}`).join(',\n')) });
    const ws = await open();
    const applied = await applyEnvironment(ws, 'prod');
    await ws.close();
    expect(applied.audits.map((a) => [a.call, a.violations])).toEqual(BUILTINS);
    expect(applied.audits.every((a) => !a.blocking && !a.recorded && a.model === 't.facts' && a.file === 'models/facts.sql')).toBe(true);
    expect(applied.audits.map((a) => a.line)).toEqual(BUILTINS.map((_, i) => i + 5));
  });

  test('a blocking audit that finds rows fails the apply before any view moves; nothing of it is kept or recorded', async () => {
    project = makeProject({ 'models/orders.sql': ORDERS(GOOD_ROWS, 'not_null(columns := (id, amount))'), 'models/revenue.sql': REVENUE });
    const ws = await open();
    const prod = await applyEnvironment(ws, 'prod');
    await ws.close();
    expect(prod.audits.map((a) => [a.call, a.violations, a.blocking])).toEqual([['not_null(columns := (id, amount))', 0, true]]);
    const before = await warehouse(engine);

    project.edit('models/orders.sql', GOOD_ROWS, `${GOOD_ROWS}, (4, 'cy', NULL), (5, NULL, NULL)`);
    for (const env of ['pr_1', 'pr_1', 'prod']) {
      // Twice for pr_1: the failure is not recorded, so a second run audits again and fails again.
      const pr = await open();
      const err = await applyEnvironment(pr, env).catch((e: unknown) => e);
      await pr.close();
      expect(err).toBeInstanceOf(AuditError);
      const e = err as AuditError;
      expect(e.message).toMatch(/^models\/orders\.sql:5: blocking audit not_null\(columns := \(id, amount\)\) of model s\.orders failed: 2 rows violate it/);
      expect(e.message).toMatch(/No view or environment changed\./);
      expect(e.failures).toEqual([
        { model: 's.orders', audit: 'not_null', call: 'not_null(columns := (id, amount))', violations: 2, file: 'models/orders.sql', line: 5 },
      ]);
      // The failed table is gone, s.revenue was never built from it, no view moved.
      expect(await warehouse(engine)).toEqual(before);
      expect((await listEnvironments(await open())).map((x) => x.name)).toEqual(['prod']);
    }
    expect(await scalar(engine, 'SELECT count(*) AS v FROM s.orders WHERE amount IS NULL')).toBe('0');

    // The same rows under a non-blocking audit: a warning, and the environment is applied.
    project.edit('models/orders.sql', 'not_null(columns := (id, amount))', 'not_null_non_blocking(columns := (id, amount))');
    const pr = await open();
    const applied = await applyEnvironment(pr, 'pr_1');
    expect(applied.audits.map((a) => [a.call, a.violations, a.blocking, a.recorded])).toEqual([['not_null_non_blocking(columns := (id, amount))', 2, false, false]]);
    expect(applied.built.map((b) => b.name).sort()).toEqual(['s.orders', 's.revenue']);
    // The comment and `vde diff --format json` read the recorded result.
    const outcome = await diffEnvironments(pr, 'prod', 'pr_1', { samples: 0 });
    expect(outcome.audits.map((a) => [a.model, a.call, a.violations, a.recorded])).toEqual([['s.orders', 'not_null_non_blocking(columns := (id, amount))', 2, true]]);
    // The janitor forgets a dropped table's audit results with it.
    const version = applied.plan.models.find((m) => m.name === 's.orders')!.snapshot.version;
    const results = () => scalar(engine, `SELECT count(*) AS v FROM vde_state.audit_results WHERE version = '${version}'`);
    expect(await results()).toBe('1');
    await invalidateEnvironment(pr, 'pr_1');
    await runJanitor(pr, { ignoreTtl: true });
    expect(await results()).toBe('0');
    await pr.close();
  });

  test('an audit added or edited without a rebuild runs on the reused table; results are reused only for the same audit', async () => {
    project = makeProject({ 'models/orders.sql': ORDERS(GOOD_ROWS, ''), 'models/revenue.sql': REVENUE });
    const ws = await open();
    await applyEnvironment(ws, 'prod');
    await ws.close();
    const before = await warehouse(engine);

    project.edit('models/orders.sql', 'audits ()', 'audits (forall(criteria := (amount < 20)))');
    const plan = await planEnvironment(await open(), 'pr_1');
    expect(plan.toBuild).toEqual([]);
    expect(plan.noop).toBe(false);
    const err = await applyEnvironment(await open(), 'pr_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).message).toMatch(/blocking audit forall\(criteria := \(amount < 20\)\) of model s\.orders failed: 1 row violates it/);
    // The reused table is prod's: it stays, and so does everything else.
    expect(await warehouse(engine)).toEqual(before);

    project.edit('models/orders.sql', 'forall(criteria := (amount < 20))', 'forall(criteria := (amount < 20), blocking := false)');
    const first = await applyEnvironment(await open(), 'pr_1');
    expect(first.built).toEqual([]);
    expect(first.audits.map((a) => [a.call, a.violations, a.recorded])).toEqual([['forall(criteria := (amount < 20), blocking := false)', 1, false]]);
    // Another environment on the same table with the same audit: the recorded result, not a new run.
    const second = await applyEnvironment(await open(), 'pr_2');
    expect(second.audits.map((a) => [a.violations, a.recorded])).toEqual([[1, true]]);
    const again = await applyEnvironment(await open(), 'pr_2');
    expect(again.plan.noop).toBe(true);
    expect(again.audits.map((a) => [a.violations, a.recorded])).toEqual([[1, true]]);
    // Editing the audit makes it a new one: it runs.
    project.edit('models/orders.sql', 'amount < 20', 'amount < 40');
    const edited = await applyEnvironment(await open(), 'pr_2');
    expect(edited.plan.noop).toBe(false);
    expect(edited.audits.map((a) => [a.call, a.violations, a.recorded])).toEqual([['forall(criteria := (amount < 40), blocking := false)', 0, false]]);
  });

  test('custom audits: parameters over defaults, lists in @EACH, other models by name, inline audits, model_defaults', async () => {
    project = makeProject({
      'config.yaml': 'model_defaults:\n  dialect: postgres\n  audits:\n    - "number_of_rows(threshold := 1)"\n',
      'audits/checks.sql': `AUDIT (name at_most, defaults (threshold = 20), blocking false);
SELECT * FROM @this_model WHERE @column > @threshold;

AUDIT (name no_nulls_in, blocking false);
SELECT * FROM @this_model WHERE GREATEST(@EACH(@cols, c -> CASE WHEN c IS NULL THEN 1 ELSE 0 END)) > 0;

-- Every customer of an order must be a known customer.
AUDIT (name known_customers, blocking false);
SELECT o.* FROM @this_model AS o LEFT JOIN s.customers AS c ON c.name = o.customer WHERE c.name IS NULL;
`,
      'models/customers.sql': "MODEL (name s.customers, kind FULL);\n\nSELECT * FROM (VALUES ('ada'), ('bob')) AS v(name)\n",
      'models/orders.sql': `MODEL (
  name s.orders,
  kind FULL,
  audits (
    at_most(column := amount),
    at_most(column := amount, threshold := 10),
    no_nulls_in(cols := (customer, amount)),
    known_customers,
    local_check
  )
);

SELECT * FROM (VALUES ${GOOD_ROWS}, (4, 'cy', NULL)) AS v(id, customer, amount);

AUDIT (name local_check, blocking false);
SELECT * FROM @this_model WHERE id > 3;
`,
    });
    const applied = await applyEnvironment(await open(), 'prod');
    const orders = applied.audits.filter((a) => a.model === 's.orders');
    expect(orders.map((a) => [a.call, a.violations])).toEqual([
      ['number_of_rows(threshold := 1)', 0],
      ['at_most(column := amount)', 1],
      ['at_most(column := amount, threshold := 10)', 2],
      ['no_nulls_in(cols := (customer, amount))', 1],
      ['known_customers', 1],
      ['local_check', 1],
    ]);
    expect(orders[0]).toMatchObject({ file: 'config.yaml', line: 4 });
    expect(orders[1]).toMatchObject({ file: 'models/orders.sql', line: 5, definedIn: { file: 'audits/checks.sql', line: 1 } });
    expect(orders[5]).toMatchObject({ definedIn: { file: 'models/orders.sql', line: 15 } });
    // s.customers was built before s.orders' audits read it.
    expect(applied.audits.filter((a) => a.model === 's.customers').map((a) => a.call)).toEqual(['number_of_rows(threshold := 1)']);
  });
});
