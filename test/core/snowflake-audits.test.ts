// Audits on Snowflake (through the stand-in and the real snowflake-sdk): every built-in finds the
// rows it finds on Postgres (regular expressions match anywhere in the text, as Postgres's `~`
// does), a blocking audit that finds rows fails the apply with nothing kept and no view moved
// (DDL commits statement by statement there), and results are recorded in VDE_STATE.
import { applyEnvironment, diffEnvironments, listEnvironments, openWorkspace, type Workspace } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { AuditError } from '../../src/errors';
import { BUILTINS } from '../support/audit-cases';
import { makeProject, type TestProject } from '../support/project';
import { connect, standInConnection, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

// The four rows of test/core/audits.test.ts, in SQL Snowflake reads.
const FACTS = `MODEL (
  name t.facts,
  kind FULL,
  audits (
@AUDITS
  )
);

SELECT 1 AS id, 'a' AS name, 10.0 AS amount, 'GET' AS method, 'x@y.io' AS email, 'https://a.b/c' AS url, '123e4567-e89b-12d3-a456-426614174000' AS uuid, 1 AS lo, 5 AS hi
UNION ALL SELECT 2, 'b', 20.0, 'POST', 'bad-email', 'notaurl', 'not-a-uuid', 5, 8
UNION ALL SELECT 3, NULL, 30.0, 'FETCH', NULL, NULL, NULL, 9, 12
UNION ALL SELECT 3, '', 1000.0, 'GET', 'z@w.org', 'ftp://x.y', '123E4567-E89B-12D3-A456-426614174000', 11, 15
`;

const ORDERS = (rows: string, audits: string) => `MODEL (
  name s.orders,
  kind FULL,
  grain id,
  audits (${audits})
);

SELECT 1 AS id, 'ada' AS customer, 12.5 AS amount UNION ALL SELECT 2, 'bob', 30.0${rows}
`;

let h: StandInHandle;
let engine: Engine;
let admin: SfConnection;
let project: TestProject | undefined;

beforeAll(async () => {
  h = await startStandIn();
  admin = await connect(h.standIn);
});

afterAll(async () => {
  await admin?.close();
  await h?.close();
});

beforeEach(async () => {
  // A database per test: each starts from an empty warehouse.
  const db = `AUDITS_${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  await admin.query(`CREATE DATABASE ${db}`);
  engine = await createEngine({ ...standInConnection(h.standIn), database: db });
});

afterEach(async () => {
  project?.cleanup();
  await engine?.close();
});

const open = (): Promise<Workspace> => openWorkspace({ projectDir: project!.dir, engine, env: {} });

/** Every schema and relation of the engine's database, with row counts. */
async function warehouse(): Promise<string[]> {
  const out: string[] = [];
  for (const s of await engine.listSchemas('')) {
    for (const r of await engine.listRelations(s)) {
      const n = await engine.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM "${s}"."${r.name}"`);
      out.push(`${s}.${r.name} ${r.kind} ${String(n.rows[0]?.n)}`);
    }
  }
  return out.sort();
}

test('every built-in audit finds the rows it finds on Postgres', async () => {
  project = makeProject({ 'models/facts.sql': FACTS.replace('@AUDITS', () => BUILTINS.map(([call]) => `    ${call}`).join(',\n')) });
  const applied = await applyEnvironment(await open(), 'prod');
  expect(applied.audits.map((a) => [a.call, a.violations])).toEqual(BUILTINS);
  // The audit queries ran on Snowflake's SQL: regular expressions through REGEXP_INSTR.
  expect(h.standIn.history.records.some((r) => /REGEXP_INSTR\(/.test(r.queryText))).toBe(true);
});

test('a blocking audit that finds rows fails the apply: the table it built is dropped, no view moved, nothing recorded', async () => {
  project = makeProject({ 'models/orders.sql': ORDERS('', 'not_null(columns := (id, amount))') });
  const prod = await applyEnvironment(await open(), 'prod');
  expect(prod.audits.map((a) => [a.call, a.violations, a.blocking])).toEqual([['not_null(columns := (id, amount))', 0, true]]);
  const before = await warehouse();
  expect(before).toEqual(expect.arrayContaining(['S.ORDERS view 2']));

  project.edit('models/orders.sql', "30.0\n", "30.0 UNION ALL SELECT 3, 'cy', NULL\n");
  for (const env of ['pr_1', 'prod']) {
    const err = await applyEnvironment(await open(), env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).message).toMatch(/^models\/orders\.sql:5: blocking audit not_null\(columns := \(id, amount\)\) of model s\.orders failed: 1 row violates it/);
    expect(await warehouse()).toEqual(before);
    expect((await listEnvironments(await open())).map((x) => x.name)).toEqual(['prod']);
  }

  // Non-blocking: a warning, the environment is applied, and the diff reads the recorded result.
  project.edit('models/orders.sql', 'not_null(columns := (id, amount))', 'not_null_non_blocking(columns := (id, amount))');
  const ws = await open();
  const applied = await applyEnvironment(ws, 'pr_1');
  expect(applied.audits.map((a) => [a.violations, a.blocking, a.recorded])).toEqual([[1, false, false]]);
  const outcome = await diffEnvironments(ws, 'prod', 'pr_1', { samples: 0 });
  expect(outcome.audits.map((a) => [a.model, a.violations, a.recorded])).toEqual([['s.orders', 1, true]]);
  const version = applied.plan.models.find((m) => m.name === 's.orders')!.snapshot.version;
  const stored = await engine.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM VDE_STATE.AUDIT_RESULTS WHERE VERSION = '${version}'`);
  expect(Number(stored.rows[0]?.n)).toBe(1);
});
