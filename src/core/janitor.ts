// The janitor: drops expired environments' views and schemas, then physical tables that no
// environment references. Objects always go before their state rows, so a crash leaves retryable
// work, never orphans; and a table any environment (finalized or not) references is never dropped.

import type { Engine, Relation } from '../engines/types';
import { environmentName } from '../project/names';
import type { Workspace } from './api';
import { isExpired } from './environment';
import { PROD, qualifiedName, viewRelation } from './naming';
import type { EnvironmentRecord, JanitorResult } from './types';
import { stateOf } from './workspace';

export interface JanitorOptions {
  /** Drop unreferenced physical tables even if their snapshot TTL has not passed. */
  ignoreTtl?: boolean;
  /** Only clean this environment (if it is expired). */
  env?: string;
}

export async function runJanitor(ws: Workspace, opts: JanitorOptions = {}): Promise<JanitorResult> {
  const only = opts.env === undefined ? undefined : environmentName(opts.env);
  const engine = await ws.engine();
  const state = await stateOf(ws);
  const now = new Date();
  const result: JanitorResult = { environments: [], physicalTables: [], kept: [] };

  const envs = await state.listEnvironments();
  const expired = envs.filter((e) => isExpired(e, now) && (only === undefined || e.name === only));
  // One catalog read serves every expired environment's search for leftover schemas.
  const schemas = expired.length ? await engine.listSchemas('') : [];
  for (const env of expired) {
    // Holding the environment's lock keeps a concurrent apply from recreating views mid-drop.
    const dropped = await engine.withLock(`vde:env:${env.name}`, env.name, () => dropEnvironment(engine, env, state, schemas, ws.progress));
    result.environments.push(dropped);
    ws.progress(`janitor: removed environment ${env.name} (${dropped.viewsDropped} views, ${dropped.schemasDropped.length} schemas)`);
  }

  // Read again rather than derive from `envs`: an apply may have created an environment meanwhile,
  // and its tables must count as referenced.
  const remaining = await state.listEnvironments();
  const referenced = new Set(remaining.flatMap((e) => e.snapshots.map((r) => qualifiedName(r.physicalTable))));
  const byTable = new Map<string, { name: string; version: string; relation: Relation; kind: string; expiresAt: number; createdAt: number }>();
  for (const s of await state.listSnapshots()) {
    const key = qualifiedName(s.physicalTable);
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
    .filter((t) => opts.ignoreTtl || t.expiresAt <= now.getTime())
    .sort((a, b) => Number(b.kind === 'VIEW') - Number(a.kind === 'VIEW') || b.createdAt - a.createdAt);
  for (const t of doomed) {
    try {
      const kind = await engine.relationExists(t.relation);
      if (kind === 'view') await engine.dropView(engine, t.relation);
      else if (kind === 'table') await engine.dropTable(engine, t.relation);
    } catch (err) {
      // Something still depends on it (an apply that just started reusing it, or a user's own
      // view): keep it and its state rows, and let a later run retry.
      ws.progress(`janitor: kept ${qualifiedName(t.relation)}: ${(err as Error).message.split('\n')[0]}`);
      result.kept.push({ relation: t.relation, reason: (err as Error).message.split('\n')[0] ?? '' });
      continue;
    }
    await state.deleteSnapshotVersion(t.name, t.version);
    result.physicalTables.push({ name: t.name, version: t.version, relation: t.relation });
  }
  if (result.physicalTables.length) ws.progress(`janitor: dropped ${result.physicalTables.length} unreferenced physical tables`);
  return result;
}

async function dropEnvironment(
  engine: Engine,
  env: EnvironmentRecord,
  state: Awaited<ReturnType<typeof stateOf>>,
  schemas: string[],
  warn: (message: string) => void,
): Promise<JanitorResult['environments'][number]> {
  if (env.name === PROD) throw new Error('unreachable: prod never expires');
  const views = env.snapshots.map((r) => {
    const [schema = '', table = ''] = r.name.split('.');
    return viewRelation(engine.dialect, { schema, table }, env.name);
  });
  let viewsDropped = 0;
  await engine.transaction(async (tx) => {
    for (const v of views) if (await engine.dropView(tx, v)) viewsDropped++;
  });
  // Schemas named for this environment, including any a crashed apply left without a record.
  // A prefix containing `__` belongs to another environment whose name ends like this one.
  const suffix = `__${env.name}`;
  const leftovers = schemas.filter((s) => {
    const prefix = s.slice(0, -suffix.length);
    return s.endsWith(suffix) && prefix.length > 0 && !prefix.includes('__');
  });
  const schemasDropped: string[] = [];
  for (const schema of [...new Set([...views.map((v) => v.schema), ...leftovers])].sort()) {
    // Never CASCADE: a schema still holding a user's own object stays, and the janitor says so.
    try {
      if (await engine.dropSchema(engine, schema)) schemasDropped.push(schema);
    } catch (err) {
      warn(`janitor: kept schema ${schema}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  await state.deleteEnvironment(env.name);
  return { name: env.name, schemasDropped, viewsDropped };
}
