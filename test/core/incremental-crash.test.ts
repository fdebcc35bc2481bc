// Crash safety of incremental models (issue 10): a process that dies between two batches, or inside
// a batch (after its rows are written but before its interval is recorded, or before its COMMIT),
// leaves only whole recorded intervals behind, and the same command re-run ends with exactly the
// data of an uninterrupted run.
//   - Postgres (both engine modes): the bundled CLI (dist/cli.js) SIGKILLs itself before a chosen
//     statement (VDE_TEST_SIGKILL_AT, src/engines/kill-switch.ts). The statement numbers come from
//     an uninterrupted in-process run of the same command, and each kill checks that it landed on
//     the statement it aimed at.
//   - PGlite (in-process, one session): the same points, as a statement that fails there (the
//     process survives, the transaction is lost as in a crash).
//   - PGlite on disk: the bundled CLI SIGKILLed at the same points; a new process re-runs on the
//     data directory as the crash left it (with the dead process's lock file), and a copy of that
//     crashed directory is opened here to check what was recorded.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyEnvironment, describeEnvironment, openWorkspace } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { spawnCli, vde } from '../support/cli';
import { POSTGRES_MODES, postgresEngine } from '../support/modes';
import { freshDatabase } from '../support/pg';
import { createSource, incrementalFiles, rows } from '../support/incremental';
import { makeProject, postgresConfig, type TestProject } from '../support/project';

const EXECUTION = '2024-01-11T06:00:00Z';
const ARGS = (dir: string) => ['--project', dir, '--quiet', 'apply', 'prod', '--execution-time', EXECUTION];

interface Point {
  label: string;
  /** 0-based index into the uninterrupted run's statements. */
  index: number;
  /** What the statement there must look like. */
  expect: RegExp;
}

/**
 * The kill points in an uninterrupted run's statements: inside marts.events' second batch (before
 * its interval record, before its COMMIT) and between its second and third batch.
 */
function killPoints(statements: string[]): Point[] {
  const batches: number[] = [];
  statements.forEach((sql, i) => {
    if (sql === 'BEGIN' && /^DELETE FROM "vde__marts"\."marts__events__/.test(statements[i + 1] ?? '')) batches.push(i);
  });
  expect(batches.length).toBe(10);
  const second = batches[1]!;
  const record = statements.findIndex((s, i) => i > second && /^INSERT INTO "vde_state"\."intervals"/.test(s));
  const commit = statements.findIndex((s, i) => i > record && s === 'COMMIT');
  return [
    { label: 'inside a batch, rows written, interval not recorded', index: record, expect: /^INSERT INTO "vde_state"\."intervals"/ },
    { label: 'inside a batch, before its COMMIT', index: commit, expect: /^COMMIT$/ },
    { label: 'between two batches', index: batches[2]!, expect: /^BEGIN$/ },
  ];
}

/** What prod holds: every model's rows and every incremental model's filled ranges. */
async function snapshotOf(engine: Engine, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const ws = await openWorkspace({ projectDir: dir, engine, env });
  const detail = await describeEnvironment(ws, 'prod');
  return {
    models: detail.models.map((m) => [m.name, m.physicalTable, m.filled ?? null]),
    events: await rows(engine, 'SELECT * FROM marts.events ORDER BY id'),
    totals: await rows(engine, 'SELECT * FROM marts.item_totals ORDER BY item_id'),
    daily: await rows(engine, 'SELECT * FROM marts.daily ORDER BY event_date'),
  };
}

/**
 * Right after a crash: the events table holds exactly the source rows of the intervals the state
 * records for it (a recorded interval is committed; nothing unrecorded is half there).
 */
async function recordedMeansCommitted(engine: Engine): Promise<number> {
  const snap = await engine.query<{ version: string; physical_table: unknown }>(`SELECT version, physical_table FROM vde_state.snapshots WHERE name = 'marts.events'`);
  let recorded = 0;
  for (const s of snap.rows) {
    const t = (typeof s.physical_table === 'string' ? JSON.parse(s.physical_table) : s.physical_table) as { schema: string; name: string };
    if (!(await engine.relationExists(t))) continue;
    const ranges = await engine.query<{ s: Date; e: Date }>(
      `SELECT start_ts AS s, end_ts AS e FROM vde_state.intervals WHERE name = 'marts.events' AND version = $1 AND kind = 'data'`,
      [s.version],
    );
    recorded += ranges.rows.length;
    const inRanges = (col: string) =>
      ranges.rows.length ? ranges.rows.map((r) => `(${col} >= '${new Date(r.s).toISOString()}' AND ${col} < '${new Date(r.e).toISOString()}')`).join(' OR ') : 'false';
    const table = await rows(engine, `SELECT id, item_id, event_date, amount FROM "${t.schema}"."${t.name}" ORDER BY id`);
    const source = await rows(engine, `SELECT id, item_id, event_date, amount FROM src.events WHERE ${inRanges('event_date')} ORDER BY id`);
    expect(table).toEqual(source);
  }
  return recorded;
}

let project: TestProject;
beforeAll(() => {
  project = makeProject({ ...incrementalFiles({ batchSize: 1 }), 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
});
afterAll(() => project.cleanup());

describe.each(POSTGRES_MODES)('a vde process killed during incremental batches on $label', (mode) => {
  test('between batches and inside a batch: recorded intervals are committed, and the re-run converges to the uninterrupted run', async () => {
    const envFor = (url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, ...mode.env, VDE_DATABASE_URL: url, ...extra });
    // The uninterrupted run, in process, recording its statements.
    const ref = await freshDatabase('incr_crash_ref');
    const statements: string[] = [];
    let expected: unknown;
    const refEngine = postgresEngine(ref.url, mode);
    try {
      await createSource(refEngine, 20);
      const ws = await openWorkspace({ projectDir: project.dir, env: envFor(ref.url), onStatement: (sql) => statements.push(sql.replace(/\s+/g, ' ').trim()) });
      try {
        await applyEnvironment(ws, 'prod', { executionTime: new Date(EXECUTION) });
      } finally {
        await ws.close();
      }
      expected = await snapshotOf(refEngine, project.dir, envFor(ref.url));
    } finally {
      await refEngine.close();
      await ref.drop();
    }

    for (const point of killPoints(statements)) {
      const db = await freshDatabase('incr_crash');
      const engine = postgresEngine(db.url, mode);
      try {
        await createSource(engine, 20);
        const killed = await spawnCli(ARGS(project.dir), { env: envFor(db.url, { VDE_TEST_SIGKILL_AT: String(point.index + 1) }) });
        expect({ point: point.label, signal: killed.signal }).toEqual({ point: point.label, signal: 'SIGKILL' });
        const landed = /vde-test: SIGKILL before statement \d+: (.*)/.exec(killed.stderr)?.[1] ?? '';
        expect({ point: point.label, landed }).toEqual({ point: point.label, landed: expect.stringMatching(point.expect) });
        // Batch 1 is committed in every case; batch 2 only when the kill came after its COMMIT.
        expect(await recordedMeansCommitted(engine)).toBe(point.label === 'between two batches' ? 2 : 1);
        const again = await vde(ARGS(project.dir), envFor(db.url));
        expect({ point: point.label, code: again.code, stderr: again.stderr }).toEqual({ point: point.label, code: 0, stderr: '' });
        expect(await snapshotOf(engine, project.dir, envFor(db.url))).toEqual(expected);
      } finally {
        await engine.close();
        await db.drop();
      }
    }
  }, 600_000);
});

test('PGlite: a statement failing inside a batch or between batches loses at most that batch, and the re-run converges', async () => {
  const local = makeProject(incrementalFiles({ batchSize: 1 }));
  // One PGlite (they start slowly on a loaded machine), emptied before each run.
  let n = 0;
  let failAt: number | null = null;
  const statements: string[] = [];
  const engine = await createEngine(
    { type: 'pglite', path: 'memory://' },
    {
      onStatement: (sql) => {
        statements.push(sql.replace(/\s+/g, ' ').trim());
        if (++n === failAt) throw new Error(`injected failure before statement ${n}: ${sql.slice(0, 60)}`);
      },
    },
  );
  const fresh = async (at: number | null) => {
    failAt = null;
    const schemas = await engine.query<{ s: string }>(`SELECT nspname AS s FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')`);
    for (const { s } of schemas.rows) await engine.query(`DROP SCHEMA "${s}" CASCADE`);
    await createSource(engine, 20);
    n = 0;
    statements.length = 0;
    failAt = at;
  };
  const apply = async () => applyEnvironment(await openWorkspace({ projectDir: local.dir, engine }), 'prod', { executionTime: new Date(EXECUTION) });
  try {
    await fresh(null);
    await apply();
    const expected = await snapshotOf(engine, local.dir);
    const points = killPoints([...statements]);
    for (const point of points) {
      await fresh(point.index + 1);
      await expect(apply()).rejects.toThrow(/injected failure/);
      expect(statements[point.index]).toMatch(point.expect);
      failAt = null;
      expect(await recordedMeansCommitted(engine)).toBe(point.label === 'between two batches' ? 2 : 1);
      await apply();
      expect(await snapshotOf(engine, local.dir)).toEqual(expected);
    }
  } finally {
    await engine.close();
    local.cleanup();
  }
}, 600_000);

test('PGlite on disk: a vde process SIGKILLed inside a batch or between batches leaves a directory that reopens, and a new process converges', async () => {
  const local = makeProject({ ...incrementalFiles({ batchSize: 1 }), 'vde.yaml': 'connection:\n  type: pglite\n  path: db\n' });
  const template = join(local.dir, 'template');
  const db = join(local.dir, 'db');
  const crashCopy = join(local.dir, 'crashed');
  try {
    // The source data, once, in a data directory each kill point starts from a copy of.
    const source = await createEngine({ type: 'pglite', path: template });
    try {
      await createSource(source, 20);
    } finally {
      await source.close();
    }
    // The uninterrupted run, in process and in memory, recording its statements.
    const statements: string[] = [];
    const ref = await createEngine({ type: 'pglite', path: 'memory://' }, { onStatement: (sql) => void statements.push(sql.replace(/\s+/g, ' ').trim()) });
    let expected: unknown;
    try {
      await createSource(ref, 20);
      statements.length = 0;
      await applyEnvironment(await openWorkspace({ projectDir: local.dir, engine: ref }), 'prod', { executionTime: new Date(EXECUTION) });
      expected = await snapshotOf(ref, local.dir);
    } finally {
      await ref.close();
    }

    for (const point of killPoints(statements)) {
      rmSync(db, { recursive: true, force: true });
      rmSync(`${db}.lock`, { force: true });
      cpSync(template, db, { recursive: true });
      const killed = await spawnCli(ARGS(local.dir), { env: { ...process.env, VDE_TEST_SIGKILL_AT: String(point.index + 1) } });
      expect({ point: point.label, signal: killed.signal }).toEqual({ point: point.label, signal: 'SIGKILL' });
      const landed = /vde-test: SIGKILL before statement \d+: (.*)/.exec(killed.stderr)?.[1] ?? '';
      expect({ point: point.label, landed }).toEqual({ point: point.label, landed: expect.stringMatching(point.expect) });
      // The dead process's lock is still there: the re-run goes through the stale-lock takeover.
      expect(existsSync(`${db}.lock`)).toBe(true);
      // What the crash left, as a copy this process opens (the re-run below gets the original, as a
      // user's next command would).
      rmSync(crashCopy, { recursive: true, force: true });
      cpSync(db, crashCopy, { recursive: true });
      const again = await spawnCli(ARGS(local.dir));
      expect({ point: point.label, code: again.code, signal: again.signal, stderr: again.stderr }).toEqual({ point: point.label, code: 0, signal: null, stderr: '' });
      const crashed = await createEngine({ type: 'pglite', path: crashCopy });
      try {
        expect(await recordedMeansCommitted(crashed)).toBe(point.label === 'between two batches' ? 2 : 1);
      } finally {
        await crashed.close();
      }
      const after = await createEngine({ type: 'pglite', path: db });
      try {
        expect(await snapshotOf(after, local.dir)).toEqual(expected);
      } finally {
        await after.close();
      }
    }
  } finally {
    local.cleanup();
  }
}, 600_000);
