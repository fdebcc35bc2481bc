// The janitor: drops expired environments' views and schemas, then physical tables that nothing
// references. Its safety comes from the state alone (DESIGN rule 6, docs/engines.md), never from
// an engine refusing a drop:
//   - an expired environment is re-read under its lock and removed only if it is still the
//     version that was found expired (compare-and-set on plan id and expiry), so an apply that
//     revived it in between keeps it;
//   - a physical table is dropped only if no environment (finalized or not, including what an
//     unfinalized one's views may still point at) and no apply in flight references it, under the
//     sweep lock that applies take to register their tables; it is dropped and then forgotten,
//     and an apply verifies that a table it reuses exists, so a crash between the two is harmless;
//   - it never drops a schema of the physical layer or the state schema, nor another
//     environment's schema; and a schema only when empty.

import type { Engine, Relation } from '../engines/types';
import { ConflictError, RefusedError, WarehouseError } from '../errors';
import { environmentName } from '../project/names';
import { relationKey, type StateStore } from '../state/store';
import type { Workspace } from './api';
import { isExpired } from './environment';
import { isPhysicalSchema, PROD, viewRelation } from './naming';
import type { EnvironmentRecord, JanitorResult, SnapshotRef } from './types';
import { forWrites, stateOf, tagCommand } from './workspace';

export interface JanitorOptions {
  /** Drop unreferenced physical tables even if their snapshot TTL has not passed. */
  ignoreTtl?: boolean;
  /** Only clean this environment (if it is expired). */
  env?: string;
}

/** How long the sweep waits for applies registering their tables (short critical sections). */
const SWEEP_WAIT_MS = 5 * 60 * 1000;

export async function runJanitor(ws: Workspace, opts: JanitorOptions = {}): Promise<JanitorResult> {
  const only = opts.env === undefined ? undefined : environmentName(opts.env);
  tagCommand(ws, 'janitor', only);
  const result: JanitorResult = { environments: [], physicalTables: [], kept: [], skipped: [] };
  let state = await stateOf(ws);
  const noSuchEnvironment = () => new RefusedError(`no environment named ${only} (--env ${opts.env})`, only);
  if (state.empty) {
    if (only !== undefined) throw noSuchEnvironment();
    return result;
  }
  await forWrites(ws);
  state = await stateOf(ws);
  const engine = await ws.engine();
  await state.migrate();

  const envs = await state.listEnvironments();
  if (only !== undefined && !envs.some((e) => e.name === only)) throw noSuchEnvironment();
  const now = new Date();
  const expired = envs.filter((e) => isExpired(e, now) && (only === undefined || e.name === only));
  if (only !== undefined && expired.length === 0) ws.progress(`janitor: ${only} has not expired; nothing to remove`);
  // One catalog read serves every expired environment's search for leftover schemas.
  const schemas = expired.length ? await engine.listSchemas('') : [];
  for (const env of expired) {
    let lock;
    try {
      lock = await state.lock(`env:${env.name}`, {
        waitMs: 0,
        what: `environment ${env.name}`,
        busyMessage: `environment ${env.name} is being applied by another run; retry when it finishes`,
        environment: env.name,
      });
    } catch (err) {
      if (!(err instanceof ConflictError) || only !== undefined) throw err;
      result.skipped.push({ name: env.name, reason: 'an apply holds it' });
      ws.progress(`janitor: skipped ${env.name}: an apply holds it; a later run removes it if it stays expired`);
      continue;
    }
    try {
      const fresh = await state.getEnvironment(env.name);
      if (!fresh || !sameVersion(fresh, env) || !isExpired(fresh, new Date())) {
        result.skipped.push({ name: env.name, reason: 'applied again since it expired' });
        ws.progress(`janitor: kept ${env.name}: it was applied again since it expired`);
        continue;
      }
      const others = envs.filter((e) => e.name !== env.name);
      const dropped = await dropEnvironment(ws, engine, state, fresh, schemas, others);
      if (!dropped) {
        result.skipped.push({ name: env.name, reason: 'changed while its views were dropped' });
        continue;
      }
      result.environments.push(dropped);
      ws.progress(`janitor: removed environment ${env.name} (${dropped.viewsDropped} views, ${dropped.schemasDropped.length} schemas)`);
    } finally {
      await lock.release();
    }
  }

  await sweepPhysical(ws, engine, state, now, !!opts.ignoreTtl, result);
  if (result.physicalTables.length) ws.progress(`janitor: dropped ${result.physicalTables.length} unreferenced physical tables`);
  return result;
}

function sameVersion(a: EnvironmentRecord, b: EnvironmentRecord): boolean {
  return a.planId === b.planId && (a.expiresAt?.getTime() ?? null) === (b.expiresAt?.getTime() ?? null);
}

/** The views an environment record may have: its models', plus earlier ones while unfinalized. */
function refsOf(env: EnvironmentRecord): SnapshotRef[] {
  return [...env.snapshots, ...(env.previousSnapshots ?? [])];
}

function viewsOf(engine: Engine, env: EnvironmentRecord): Relation[] {
  const byKey = new Map<string, Relation>();
  for (const r of refsOf(env)) {
    const [schema = '', table = ''] = r.name.split('.');
    const view = viewRelation(engine.dialect, { schema, table }, env.name);
    byKey.set(relationKey(view), view);
  }
  return [...byKey.values()];
}

async function dropEnvironment(
  ws: Workspace,
  engine: Engine,
  state: StateStore,
  env: EnvironmentRecord,
  schemas: string[],
  others: EnvironmentRecord[],
): Promise<JanitorResult['environments'][number] | null> {
  if (env.name === PROD) throw new Error('unreachable: prod never expires');
  const views = viewsOf(engine, env);
  let viewsDropped = 0;
  if (engine.capabilities.transactionalDdl) {
    await engine.transaction(async (tx) => {
      for (const v of views) if (await engine.dropView(tx, v)) viewsDropped++;
    });
  } else {
    for (const v of views) if (await engine.dropView(engine, v)) viewsDropped++;
  }
  // Schemas named for this environment, including any a crashed apply left without a record.
  // A prefix containing `__` belongs to another environment whose name ends like this one; the
  // physical layer, the state schema and other environments' schemas are never candidates.
  // Schemas are keyed with their database: environment_catalog_mapping may put an environment's
  // views in another database than the connection's (undefined: the connection's).
  const key = (database: string | undefined, schema: string) => `${database ?? ''}\0${schema}`;
  const protectedSchemas = new Set([key(undefined, state.schema), ...others.flatMap((o) => viewsOf(engine, o).map((v) => key(v.database, v.schema)))]);
  const suffix = engine.dialect.normalizeIdentifier(`__${env.name}`);
  const isLeftover = (s: string) => {
    const prefix = s.slice(0, -suffix.length);
    return s.endsWith(suffix) && prefix.length > 0 && !prefix.includes('__');
  };
  const candidates = new Map<string, { database: string | undefined; schema: string }>();
  for (const v of views) candidates.set(key(v.database, v.schema), { database: v.database, schema: v.schema });
  for (const database of new Set(views.map((v) => v.database))) {
    const listed = database === undefined ? schemas : await engine.listSchemas('', database);
    for (const schema of listed.filter(isLeftover)) candidates.set(key(database, schema), { database, schema });
  }
  const schemasDropped: string[] = [];
  for (const [k, { database, schema }] of [...candidates].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (isPhysicalSchema(schema) || protectedSchemas.has(k)) continue;
    const name = database !== undefined ? `${database}.${schema}` : schema;
    // Never CASCADE: a schema still holding a user's own object stays, and the janitor says so.
    try {
      if (await engine.dropSchema(engine, schema, database)) schemasDropped.push(name);
    } catch (err) {
      ws.progress(`janitor: kept schema ${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!(await state.deleteEnvironment(env.name, { planId: env.planId, expiresAt: env.expiresAt }))) return null;
  return { name: env.name, schemasDropped, viewsDropped };
}

interface Candidate {
  name: string;
  version: string;
  relation: Relation;
  kind: string;
  expiresAt: number;
  createdAt: number;
}

/** Drops unreferenced physical tables past their TTL, under the sweep lock (see the header). */
async function sweepPhysical(
  ws: Workspace,
  engine: Engine,
  state: StateStore,
  now: Date,
  ignoreTtl: boolean,
  result: JanitorResult,
): Promise<void> {
  const sweep = await state.lock('sweep', { waitMs: SWEEP_WAIT_MS, what: 'the janitor sweep' });
  try {
    // Read under the lock: an apply registers its tables (and an environment it creates) before
    // it builds or points views at anything, and cannot do so while the sweep runs.
    const referenced = new Set<string>();
    for (const e of await state.listEnvironments()) for (const r of refsOf(e)) referenced.add(relationKey(r.physicalTable));
    for (const t of await state.applies.liveTables()) referenced.add(relationKey(t));
    const byTable = new Map<string, Candidate>();
    for (const s of await state.listSnapshots()) {
      const key = relationKey(s.physicalTable);
      if (referenced.has(key)) continue;
      const expiresAt = s.updatedAt.getTime() + s.ttl * 1000;
      const seen = byTable.get(key);
      // Several fingerprints can share one version: the table lives as long as the newest of them.
      if (!seen || expiresAt > seen.expiresAt) {
        byTable.set(key, { name: s.name, version: s.version, relation: s.physicalTable, kind: s.kind, expiresAt, createdAt: s.createdAt.getTime() });
      }
    }
    // Views over tables go first, newest first, so nothing is dropped out from under a dependant.
    const doomed = [...byTable.values()]
      .filter((t) => ignoreTtl || t.expiresAt <= now.getTime())
      .sort((a, b) => Number(b.kind === 'VIEW') - Number(a.kind === 'VIEW') || b.createdAt - a.createdAt);
    for (const t of doomed) {
      try {
        await engine.dropPhysical(t.relation);
      } catch (err) {
        // The engine refused (on Postgres: a user's own view reads it). The state decided it may
        // go; keep it and its rows, and let a later run retry.
        const reason = (err as Error).message.split('\n')[0] ?? '';
        if (!(err instanceof WarehouseError)) throw err;
        ws.progress(`janitor: kept ${relationKey(t.relation)}: ${reason}`);
        result.kept.push({ relation: t.relation, reason });
        continue;
      }
      await state.forgetVersion(t.name, t.version);
      result.physicalTables.push({ name: t.name, version: t.version, relation: t.relation });
    }
    await state.applies.deleteStale();
  } finally {
    await sweep.release();
  }
}
