// The state schema: migrations from an existing v1 schema, migrations under a lock, and the rule
// that the core and the state store write no engine-specific SQL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEnvironment, listEnvironments, openWorkspace } from '../../src/core/api';
import { stateOf } from '../../src/core/workspace';
import { ConflictError } from '../../src/errors';
import type { Engine } from '../../src/engines/types';
import { SCHEMA_VERSION } from '../../src/state/migrations';
import { StateStore } from '../../src/state/store';
import { POSTGRES_MODES, postgresEngine } from '../support/modes';
import { freshDatabase } from '../support/pg';
import { makeProject, shopFiles } from '../support/project';

/** The v1 state schema exactly as vde 0.1 created it, with one environment in it. */
const V1 = [
  'CREATE SCHEMA vde_state',
  'CREATE TABLE vde_state.versions (schema_version bigint NOT NULL)',
  `CREATE TABLE vde_state.environments (name text PRIMARY KEY, snapshots jsonb NOT NULL, plan_id text NOT NULL,
     previous_plan_id text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, expires_at timestamptz, finalized_at timestamptz)`,
  `CREATE TABLE vde_state.snapshots (name text NOT NULL, fingerprint text PRIMARY KEY, version text NOT NULL, kind text NOT NULL,
     physical_table jsonb NOT NULL, parents jsonb NOT NULL, definition jsonb NOT NULL, created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL, ttl bigint NOT NULL)`,
  `CREATE TABLE vde_state.intervals (name text NOT NULL, version text NOT NULL, start_ts timestamptz NOT NULL,
     end_ts timestamptz NOT NULL, PRIMARY KEY (name, version))`,
  'INSERT INTO vde_state.versions VALUES (1)',
  `INSERT INTO vde_state.intervals VALUES ('gone.model', 'v0', '2024-01-01', '2024-01-02')`,
  `INSERT INTO vde_state.environments VALUES ('pr_old', '[]', 'plan-1', NULL, now(), now(), now() + interval '1 day', now())`,
];

test('an existing v1 state schema is read as it is, and upgraded to v4 by the first write, keeping its rows (keyed intervals become `built` rows)', async () => {
  const db = await freshDatabase('state_v1');
  const engine = postgresEngine(db.url, POSTGRES_MODES[0]!);
  const project = makeProject(shopFiles());
  try {
    for (const sql of V1) await engine.query(sql);
    const ws = () => openWorkspace({ projectDir: project.dir, engine });
    // A read does not migrate.
    expect((await listEnvironments(await ws())).map((e) => e.name)).toEqual(['pr_old']);
    expect((await engine.query('SELECT schema_version AS v FROM vde_state.versions')).rows).toEqual([{ v: '1' }]);
    await applyEnvironment(await ws(), 'prod');
    expect(SCHEMA_VERSION).toBe(4);
    expect((await engine.query('SELECT schema_version AS v FROM vde_state.versions')).rows).toEqual([{ v: '4' }]);
    const tables = await engine.listRelations('vde_state');
    expect(tables.map((t) => t.name).sort()).toEqual(['applies', 'audit_results', 'environments', 'intervals', 'locks', 'snapshots', 'versions']);
    const kept = await engine.query(`SELECT kind, start_ts FROM vde_state.intervals WHERE name = 'gone.model'`);
    expect(kept.rows).toEqual([{ kind: 'built', start_ts: new Date('2024-01-01T00:00:00Z') }]);
    expect((await listEnvironments(await ws())).map((e) => e.name)).toEqual(['pr_old', 'prod']);
    const old = await (await stateOf(await ws())).getEnvironment('pr_old');
    expect(old).toMatchObject({ planId: 'plan-1', previousSnapshots: null });
  } finally {
    await engine.close();
    await db.drop();
    project.cleanup();
  }
});

describe.each(POSTGRES_MODES)('on $label', (mode) => {
  test('concurrent first applies on an empty warehouse: the state schema is created once, every apply succeeds or exits 3', async () => {
    const db = await freshDatabase('state_race');
    const project = makeProject(shopFiles());
    const engines = Array.from({ length: 4 }, () => postgresEngine(db.url, mode));
    try {
      const results = await Promise.allSettled(
        engines.map(async (engine, i) => applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), `pr_${i % 2}`)),
      );
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      }
      // One per environment at least wins; both PRs share one build of every model.
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
      const envs = await engines[0]!.query<{ name: string }>('SELECT name FROM vde_state.environments ORDER BY name');
      expect(envs.rows.map((r) => r.name)).toEqual(['pr_0', 'pr_1']);
      const versions = await engines[0]!.query<{ v: string }>('SELECT schema_version AS v FROM vde_state.versions');
      expect(versions.rows).toEqual([{ v: '4' }]);
    } finally {
      for (const e of engines) await e.close();
      await db.drop();
      project.cleanup();
    }
  });
});

test('the core and the state store write no engine-specific SQL', () => {
  const root = join(process.cwd(), 'src');
  const postgresOnly = /ON CONFLICT|pg_catalog|pg_try|pg_advisory|::[a-z]|\bjsonb\b|\btimestamptz\b|\bRETURNING\b|\bILIKE\b|(?<!Date\.)\bnow\(\)/i;
  const offenders: string[] = [];
  for (const dir of ['core', 'state']) {
    for (const file of readdirSync(join(root, dir))) {
      const text = readFileSync(join(root, dir, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (postgresOnly.test(line) && !/^\s*(\/\/|\*)/.test(line)) offenders.push(`${dir}/${file}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  expect(offenders).toEqual([]);
});

test('reads of many keys: one statement where the dialect binds a text[] parameter, IN lists of at most 1,000 otherwise; the same answers', async () => {
  const db = await freshDatabase('state_many_keys');
  const engine = postgresEngine(db.url, POSTGRES_MODES[0]!);
  const project = makeProject(shopFiles());
  try {
    await applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'prod');
    const prod = (await (await stateOf(await openWorkspace({ projectDir: project.dir, engine }))).getEnvironment('prod'))!;
    const known = prod.snapshots.map((r) => r.fingerprint);
    const names = prod.snapshots.map((r) => r.name);
    const missing = Array.from({ length: 2500 }, (_, i) => `missing-${i}`);
    // The same engine seen through a dialect without textIn (as Snowflake's is).
    const noArrays = new Proxy(engine.dialect, {
      get: (t, k) => (k === 'textIn' ? undefined : typeof Reflect.get(t, k) === 'function' ? (Reflect.get(t, k) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, k)),
    });
    const inLists = new Proxy(engine, { get: (t, k) => (k === 'dialect' ? noArrays : typeof Reflect.get(t, k) === 'function' ? (Reflect.get(t, k) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, k)) }) as Engine;
    expect(engine.dialect.textIn).toBeDefined();
    const reads = async (e: Engine) => {
      const state = await new StateStore(e, 'vde_state').open();
      const before = engine.stats.statements;
      const versions = await state.getVersions([...missing.slice(0, 1200), ...known, ...missing.slice(1200)]);
      const afterVersions = engine.stats.statements;
      const snapshots = await state.getSnapshots([...known, ...missing]);
      const built = await state.builtVersions([...names, ...missing]);
      return { versions, snapshots: [...snapshots.keys()].sort(), built, statements: [afterVersions - before, engine.stats.statements - afterVersions] };
    };
    const one = await reads(engine);
    const lists = await reads(inLists);
    expect(one.versions).toEqual(new Map(prod.snapshots.map((r) => [r.fingerprint, r.version])));
    expect(one.snapshots).toEqual([...known].sort());
    expect(one.built.size).toBe(known.length);
    expect(lists.versions).toEqual(one.versions);
    expect(lists.snapshots).toEqual(one.snapshots);
    expect(lists.built).toEqual(one.built);
    // getVersions, then getSnapshots + builtVersions.
    expect(one.statements).toEqual([1, 2]);
    const n = known.length + missing.length;
    expect(lists.statements).toEqual([Math.ceil(n / 1000), Math.ceil(n / 500) + Math.ceil(n / 1000)]);
  } finally {
    await engine.close();
    await db.drop();
    project.cleanup();
  }
});
