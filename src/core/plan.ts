// The plan: what the project on disk changes relative to a base environment, and the work to
// close the gap. Pure: every input is read beforehand by apply.ts.

import type { Dialect } from '../engines/types';
import type { Model, Project } from '../project/types';
import { builtKey } from '../state/store';
import { plannedAudits } from './audits';
import { physicalRelation, PROD, qualifiedName, viewRelation } from './naming';
import { categorize, definitionOf, derivedFingerprint, newVersion } from './snapshot';
import type { EnvironmentRecord, Plan, PlannedModel, Snapshot, SnapshotDefinition, SnapshotRef } from './types';

export interface PlanInput {
  project: Project;
  dialect: Dialect;
  environment: string;
  base: string;
  planId: string;
  /** The base environment's record (null when it does not exist yet, e.g. the first prod apply). */
  baseEnv: EnvironmentRecord | null;
  /** The target environment's record, if it exists. */
  target: EnvironmentRecord | null;
  /** Stored versions of the project's fingerprints (absent: a fingerprint never applied). */
  versions: Map<string, string>;
  /** Definitions of the base environment's snapshots that the project changed. */
  baseDefinitions: Map<string, SnapshotDefinition>;
  /** builtKey(name, version) of every physical object that is fully built. */
  built: Set<string>;
  /** `fingerprints(project)`, computed once by the caller (it also needs them to read state). */
  fingerprints: Map<string, string>;
  now: Date;
  /** `vde apply --forward-only`: every changed incremental model is a forward-only change. */
  forwardOnlyAll?: boolean;
}

/** Whether a model's changes are forward-only: its kind says so, or the apply does (incremental models only). */
export function forwardOnlyModel(model: Model, all: boolean): boolean {
  const k = model.kind;
  if (k.name !== 'INCREMENTAL_BY_TIME_RANGE' && k.name !== 'INCREMENTAL_BY_UNIQUE_KEY' && k.name !== 'INCREMENTAL_UNMANAGED') return false;
  return all || k.forwardOnly;
}

function isIncrementalKind(kind: string): boolean {
  return kind.startsWith('INCREMENTAL_');
}

export function buildPlan(input: PlanInput): Plan {
  const { project, dialect, environment } = input;
  const fps = input.fingerprints;
  const baseRefs = new Map((input.baseEnv?.snapshots ?? []).map((r) => [r.name, r]));
  const snapshots = new Map<string, Snapshot>();
  const models: PlannedModel[] = [];
  // Models whose descendants must all get new versions: a breaking change flows downstream.
  const breaking = new Set<string>();

  // Models a PR previews on tables of their own because of a forward-only change upstream (or
  // their own): their snapshots are stored under derived keys that promotion never looks up.
  const previewed = new Set<string>();

  for (const name of project.order) {
    const model = project.models.get(name)!;
    const projectFingerprint = fps.get(name)!;
    let fingerprint = projectFingerprint;
    let definition = definitionOf(model);
    const baseRef = baseRefs.get(name);
    const baseDefinition = baseRef ? input.baseDefinitions.get(baseRef.fingerprint) : undefined;

    let change: PlannedModel['change'];
    let category: PlannedModel['category'];
    let forwardOnly: PlannedModel['forwardOnly'];
    if (!baseRef) change = 'added';
    else if (baseRef.fingerprint === fingerprint || baseDefinition?.forwardOnlyOf === fingerprint) {
      // (The second: the base kept its table through a forward-only change of this very text.)
      change = 'unchanged';
      fingerprint = baseRef.fingerprint;
      if (baseDefinition?.forwardOnlyOf !== undefined) definition = { ...definition, forwardOnlyOf: baseDefinition.forwardOnlyOf };
    } else if (!baseDefinition || baseDefinition.dataHash !== definition.dataHash) {
      change = 'directly-modified';
      category = baseDefinition ? categorize(baseDefinition, definition) : 'breaking';
    } else change = 'indirectly-modified';

    const parentBroke = model.parents.some((p) => breaking.has(p));
    const rebuilds = change === 'directly-modified' || (change === 'indirectly-modified' && parentBroke);
    if (rebuilds && baseRef && isIncrementalKind(baseRef.kind) && forwardOnlyModel(model, input.forwardOnlyAll ?? false)) {
      forwardOnly = input.environment === PROD ? 'keep' : 'preview';
    }
    if (forwardOnly !== 'keep' && (category === 'breaking' || parentBroke)) breaking.add(name);

    let version: string;
    if (forwardOnly === 'keep') {
      // The change applies to intervals processed from now on, in the table prod has.
      fingerprint = derivedFingerprint(projectFingerprint, `keep:${baseRef!.version}`);
      definition = { ...definition, forwardOnlyOf: projectFingerprint };
      version = baseRef!.version;
    } else {
      if (forwardOnly === 'preview' || (rebuilds && model.parents.some((p) => previewed.has(p)))) {
        fingerprint = derivedFingerprint(projectFingerprint, 'preview');
        previewed.add(name);
      }
      const stored = input.versions.get(fingerprint);
      if (stored !== undefined) version = stored;
      else if (
        change === 'indirectly-modified' &&
        baseRef &&
        !parentBroke &&
        !(followsParents(model) && parentMoved(model.parents, snapshots, baseRefs))
      ) {
        // Only non-breaking changes upstream: the existing table still holds the right data.
        version = baseRef.version;
      } else version = newVersion(fingerprint);
    }

    const audits = plannedAudits(model, fps).map((a) => a.key);
    const snapshot: Snapshot = {
      name,
      fingerprint,
      version,
      kind: model.kind.name,
      physicalTable: physicalRelation(dialect, model, version),
      parents: model.parents,
      definition,
      ...(audits.length ? { audits } : {}),
    };
    snapshots.set(name, snapshot);
    models.push({
      name,
      snapshot,
      change,
      ...(category ? { category } : {}),
      ...(forwardOnly ? { forwardOnly } : {}),
      view: viewRelation(dialect, model, environment),
      build: !input.built.has(builtKey(name, version)),
    });
  }

  // Removed: what the base has and the project does not. Views to drop: what the target has, or
  // (unfinalized) may still have from before.
  const targetRefs = [...(input.target?.previousSnapshots ?? []), ...(input.target?.snapshots ?? [])];
  const removedFrom = new Map([...baseRefs, ...targetRefs.map((r) => [r.name, r] as const)]);
  const removed = [...removedFrom.values()]
    .filter((r) => !project.models.has(r.name))
    .map((r) => {
      const [schema = '', table = ''] = r.name.split('.');
      return { name: r.name, view: viewRelation(dialect, { schema, table }, environment) };
    });

  const toBuild = models.filter((m) => m.build).map((m) => m.snapshot);
  // An expired target is not up to date even with the same snapshots: the janitor may already
  // have dropped its views, so it gets a full swap (and a new expiry).
  const expired = input.target?.expiresAt != null && input.target.expiresAt.getTime() <= input.now.getTime();
  const noop =
    input.target !== null &&
    input.target.finalizedAt !== null &&
    !expired &&
    toBuild.length === 0 &&
    sameRefs(input.target.snapshots, [...snapshots.values()]);

  return {
    id: input.planId,
    environment,
    base: input.base,
    existing: input.target ? { planId: input.target.planId, snapshots: input.target.snapshots } : null,
    models,
    removed,
    toBuild,
    noop,
    skipped: [
      ...project.disabled.map((d) => ({ name: d.name, file: d.file, line: d.line, reason: 'enabled false' })),
      ...project.refused.map((r) => ({ ...(r.name !== undefined ? { name: r.name } : {}), file: r.file, line: r.line, reason: r.reason })),
    ],
  };
}

/**
 * Models whose content follows a parent's new table even on a non-breaking change: a VIEW reads
 * its parents' tables live, and a top-level `*` picks up the columns a parent added.
 */
function followsParents(model: Model): boolean {
  return model.kind.name === 'VIEW' || model.projections.some((p) => p === '*' || p.endsWith('. *'));
}

function parentMoved(parents: string[], planned: Map<string, Snapshot>, baseRefs: Map<string, SnapshotRef>): boolean {
  return parents.some((p) => planned.get(p)?.version !== baseRefs.get(p)?.version);
}

function sameRefs(current: SnapshotRef[], next: Snapshot[]): boolean {
  if (current.length !== next.length) return false;
  const byName = new Map(current.map((r) => [r.name, r]));
  return next.every((s) => {
    const r = byName.get(s.name);
    // An audit added or edited runs on the same table: the environment is not up to date until it has.
    return (
      r !== undefined &&
      r.fingerprint === s.fingerprint &&
      qualifiedName(r.physicalTable) === qualifiedName(s.physicalTable) &&
      (r.audits ?? []).join(',') === (s.audits ?? []).join(',')
    );
  });
}

export function toRef(s: Snapshot): SnapshotRef {
  return {
    name: s.name,
    fingerprint: s.fingerprint,
    version: s.version,
    kind: s.kind,
    physicalTable: s.physicalTable,
    parents: s.parents,
    ...(s.audits?.length ? { audits: s.audits } : {}),
  };
}
