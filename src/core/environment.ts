// Environments as users see them: listing, inspection, invalidation.

import { RefusedError } from '../errors';
import { environmentName } from '../project/names';
import type { Workspace } from './api';
import { PROD, qualifiedName, viewRelation } from './naming';
import type { EnvironmentDetail, EnvironmentRecord, EnvironmentSummary, SnapshotRef } from './types';
import { stateOf, tagCommand } from './workspace';
import { builtKey, type RecordedRange } from '../state/intervals';
import { mergeRanges } from './intervals';

export function isExpired(env: EnvironmentRecord, now: Date): boolean {
  return env.name !== PROD && env.expiresAt !== null && env.expiresAt.getTime() <= now.getTime();
}

export async function listEnvironments(ws: Workspace): Promise<EnvironmentSummary[]> {
  tagCommand(ws, 'list');
  const state = await stateOf(ws);
  const now = new Date();
  return (await state.listEnvironments()).map((e) => ({
    name: e.name,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    finalizedAt: e.finalizedAt?.toISOString() ?? null,
    expiresAt: e.expiresAt?.toISOString() ?? null,
    expired: isExpired(e, now),
    models: e.snapshots.length,
  }));
}

export async function requireEnvironment(ws: Workspace, input: string): Promise<EnvironmentRecord> {
  const name = environmentName(input);
  const env = await (await stateOf(ws)).getEnvironment(name);
  if (!env) throw new RefusedError(`no environment named ${name}`, name);
  return env;
}

export async function describeEnvironment(ws: Workspace, input: string): Promise<EnvironmentDetail> {
  tagCommand(ws, 'inspect', environmentName(input));
  const env = await requireEnvironment(ws, input);
  const dialect = (await ws.engine()).dialect;
  const prod = env.name === PROD ? env : await (await stateOf(ws)).getEnvironment(PROD);
  const prodTables = new Map((prod?.snapshots ?? []).map((r) => [r.name, qualifiedName(r.physicalTable)]));
  const incremental = env.snapshots.filter((r) => r.kind.startsWith('INCREMENTAL'));
  const recorded = incremental.length ? await (await stateOf(ws)).intervals.dataRanges(incremental) : new Map<string, RecordedRange[]>();
  // Descriptions are metadata (editing one rebuilds nothing): the model files say what they are
  // now; a model the project no longer has (or a project that does not load) shows what was
  // stored with its snapshot.
  const project = await ws.project().catch(() => null);
  const stored = await (await stateOf(ws)).getSnapshots(env.snapshots.filter((r) => !project?.models.has(r.name)).map((r) => r.fingerprint));
  const describe = (r: SnapshotRef) => {
    const model = project?.models.get(r.name);
    const def = stored.get(r.fingerprint)?.definition;
    const description = model ? model.description : def?.description;
    const columns = model ? model.columnDescriptions : (def?.columnDescriptions ?? {});
    return {
      ...(description !== undefined ? { description } : {}),
      ...(Object.keys(columns).length > 0 ? { columnDescriptions: columns } : {}),
    };
  };
  return {
    name: env.name,
    expiresAt: env.expiresAt?.toISOString() ?? null,
    finalizedAt: env.finalizedAt?.toISOString() ?? null,
    models: env.snapshots.map((r) => {
      const [schema = '', table = ''] = r.name.split('.');
      const physicalTable = qualifiedName(r.physicalTable);
      const ranges = recorded.get(builtKey(r.name, r.version));
      return {
        name: r.name,
        kind: r.kind,
        ...(r.kind.startsWith('INCREMENTAL') ? { filled: mergeRanges((ranges ?? []).map((x) => ({ start: x.start.getTime(), end: x.end.getTime() }))) } : {}),
        fingerprint: r.fingerprint,
        version: r.version,
        physicalTable,
        view: qualifiedName(viewRelation(dialect, { schema, table }, env.name)),
        sharedWithProd: prodTables.get(r.name) === physicalTable,
        ...describe(r),
      };
    }),
  };
}

/** Sets the expiry to now; the janitor removes the environment on its next run. */
export async function invalidateEnvironment(ws: Workspace, input: string): Promise<void> {
  const name = environmentName(input);
  if (name === PROD) throw new RefusedError('prod cannot be invalidated', name);
  tagCommand(ws, 'invalidate', name);
  const state = await stateOf(ws);
  if (!(await state.setExpiry(name, new Date()))) throw new RefusedError(`no environment named ${name}`, name);
}
