// Apply's virtual stage: point the environment's views at the plan's tables and write the
// environment record with compare-and-set.
//
// Where DDL is transactional, the view swap, the compare-and-set and the finalize are one
// transaction: promotion is atomic. Elsewhere each view changes on its own, so the stage is
// sequenced to converge after a crash at any point:
//   1. the record is written UNFINALIZED (compare-and-set) with the new snapshots and, in
//      `previousSnapshots`, everything the views may still point at; the janitor keeps both;
//   2. the views are repointed (each statement idempotent);
//   3. the record is finalized (`finalized_at` set, `previousSnapshots` cleared).
// A re-run after a crash in 2 finds the unfinalized record, plans against it and repoints again.

import type { Engine, ViewSpec } from '../engines/types';
import { ConflictError } from '../errors';
import type { Expected, StateStore } from '../state/store';
import { toRef } from './plan';
import type { EnvironmentRecord, Plan, SnapshotRef } from './types';

export interface PointViewsInput {
  engine: Engine;
  state: StateStore;
  plan: Plan;
  /** The target environment as this apply read it under its lock (null: it does not exist). */
  current: EnvironmentRecord | null;
  /** Seconds the environment lives after this apply (null: never expires, prod). */
  ttlSeconds: number | null;
  /** Throws if the apply's lock or in-flight registration may have been lost. */
  stillHeld: () => void;
}

export async function pointViews(input: PointViewsInput): Promise<void> {
  const { engine, state, plan, current } = input;
  const d = engine.dialect;
  const views: ViewSpec[] = plan.models.map((m) => {
    // A view in another database than the connection's (environment_catalog_mapping) names the
    // physical table's database: its unqualified names would resolve in its own.
    const table = m.view.database !== undefined && d.homeCatalog !== undefined ? { ...m.snapshot.physicalTable, database: d.homeCatalog } : m.snapshot.physicalTable;
    return { view: m.view, select: `SELECT * FROM ${d.qualify(table)}` };
  });
  const drops = plan.removed.map((r) => r.view);
  const refs = plan.models.map((m) => toRef(m.snapshot));
  // An invalidation after this apply read the record is a conflict, not something to undo.
  const expected: Expected = current ? { planId: current.planId, expiresAt: current.expiresAt } : { planId: null };
  const now = new Date();
  // One instant for the record: expiry is exactly the TTL after the finalized time.
  const expiresAt = input.ttlSeconds === null ? null : new Date(now.getTime() + input.ttlSeconds * 1000);
  const record = {
    name: plan.environment,
    snapshots: refs,
    planId: plan.id,
    previousPlanId: current?.planId ?? null,
    updatedAt: now,
    expiresAt,
  };

  if (engine.capabilities.transactionalDdl) {
    input.stillHeld();
    await engine.transaction(async (tx) => {
      await engine.swapViews(tx, views, drops);
      await state.compareAndSetEnvironment(tx, { ...record, finalizedAt: now, previousSnapshots: null }, expected);
      await state.touchSnapshots(refs.map((r) => r.fingerprint), now, tx);
    });
    return;
  }

  const previousSnapshots = stillPointedAt(current);
  await engine.transaction((tx) => state.compareAndSetEnvironment(tx, { ...record, finalizedAt: null, previousSnapshots }, expected));
  input.stillHeld();
  await engine.swapViews(engine, views, drops);
  if (!(await state.finalizeEnvironment(plan.environment, plan.id, now))) {
    throw new ConflictError(`environment ${plan.environment} was changed by another run while this one repointed its views; re-run`, plan.environment);
  }
  const after = await state.getEnvironment(plan.environment);
  if (expiresAt !== null && after?.expiresAt?.getTime() !== expiresAt.getTime()) {
    throw new ConflictError(
      `environment ${plan.environment} was invalidated while this apply ran: its views point at the new tables, but it stays invalidated and the janitor removes it`,
      plan.environment,
    );
  }
}

/** What an environment's views may point at right now: its snapshots, plus, if unfinalized, the earlier ones. */
function stillPointedAt(current: EnvironmentRecord | null): SnapshotRef[] | null {
  if (!current) return null;
  const all = new Map<string, SnapshotRef>();
  for (const r of [...(current.previousSnapshots ?? []), ...current.snapshots]) all.set(`${r.name}@${r.version}`, r);
  return [...all.values()];
}
