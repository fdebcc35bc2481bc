// Decoding the state's rows: JSON columns may come back parsed or as text, timestamps as dates or
// strings, depending on the driver.

import type { EnvironmentRecord, KindName, SnapshotDefinition, SnapshotRef } from '../core/types';
import type { Relation } from '../engines/types';
import { date, json, optionalDate } from './sql';
import type { StoredSnapshot } from './store';

type Row = Record<string, unknown>;

export function toEnvironment(row: Row): EnvironmentRecord {
  return {
    name: String(row.name),
    snapshots: json<SnapshotRef[]>(row.snapshots),
    planId: String(row.plan_id),
    previousPlanId: row.previous_plan_id == null ? null : String(row.previous_plan_id),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    expiresAt: optionalDate(row.expires_at),
    finalizedAt: optionalDate(row.finalized_at),
    // Absent on a v1 state schema, which has no unfinalized records of this kind.
    previousSnapshots: row.previous_snapshots == null ? null : json<SnapshotRef[]>(row.previous_snapshots),
  };
}

export function toSnapshot(row: Row): StoredSnapshot {
  return {
    name: String(row.name),
    fingerprint: String(row.fingerprint),
    version: String(row.version),
    kind: String(row.kind) as KindName,
    physicalTable: json<Relation>(row.physical_table),
    parents: json<string[]>(row.parents),
    definition: json<SnapshotDefinition>(row.definition),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    ttl: Number(row.ttl),
  };
}
