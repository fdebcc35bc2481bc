// Plain data of the core: snapshots, environments, plans. Stored in the state schema as JSON.

import type { Relation } from '../engines/types';
import type { Grouping, Positional, ProjectionKind } from '../project/projection-kinds';
import type { IntervalUnit } from '../project/schedule';
import type { ModelKind } from '../project/types';

export type KindName = ModelKind['name'];

/** What a snapshot remembers of its model's definition (enough to categorize a later change). */
export interface SnapshotDefinition {
  kind: KindName;
  grain: string[];
  columns: { name: string; type: string }[];
  /** Hash of the model's own definition, without its parents: equal = not directly modified. */
  dataHash: string;
  normalizedQuery: string;
  projections: string[];
  queryWithoutProjections: string;
  distinct: boolean;
  /**
   * How adding each projection could change the row set, how the query groups, and whether
   * clauses refer to output columns by position. Absent in definitions stored before they
   * existed: only the new side of a change needs them.
   */
  projectionKinds?: ProjectionKind[];
  /** The parser (and version) that read the query; absent when it was not read or could not be. */
  analyzer?: string;
  grouping?: Grouping;
  positional?: Positional;
  /**
   * A forward-only change kept prod's table: the project fingerprint this snapshot stands for (its
   * own fingerprint is derived from it, so no other snapshot of that text can take its place).
   */
  forwardOnlyOf?: string;
  /** Incremental models: how rows are written (the diff restricts a window on `timeColumn`). */
  incremental?: { timeColumn?: string; format?: string; uniqueKey?: string[]; append?: boolean };
  file: string;
  description?: string;
  /** `column_descriptions` (metadata: not part of the data hash). Absent in older definitions. */
  columnDescriptions?: Record<string, string>;
  owner?: string;
  tags: string[];
}

export interface Snapshot {
  name: string;
  fingerprint: string;
  version: string;
  kind: KindName;
  physicalTable: Relation;
  /** Parents' canonical model names. */
  parents: string[];
  definition: SnapshotDefinition;
  /**
   * Keys of the audits this snapshot runs (core/audits.ts auditKey), in call order. Not part of
   * the fingerprint: editing an audit runs it against the same table, it does not rebuild it.
   */
  audits?: string[];
}

/** What an environment record holds for each model. */
export interface SnapshotRef {
  name: string;
  fingerprint: string;
  version: string;
  kind: KindName;
  physicalTable: Relation;
  parents: string[];
  /** The audits the environment ran on this model's table (keys); absent when none. */
  audits?: string[];
}

export interface EnvironmentRecord {
  name: string;
  snapshots: SnapshotRef[];
  planId: string;
  previousPlanId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** null for prod. */
  expiresAt: Date | null;
  /** null while an apply is repointing the views (engines without transactional DDL). */
  finalizedAt: Date | null;
  /**
   * While unfinalized: the snapshots the environment's views may still point at (its previous
   * finalized set), which the janitor keeps alongside `snapshots`. null once finalized.
   */
  previousSnapshots: SnapshotRef[] | null;
}

export type DirectCategory = 'breaking' | 'non-breaking';

/** A half-open time range [start, end) in epoch milliseconds (UTC). */
export interface TimeSpan {
  start: number;
  end: number;
}

/** An incremental model's intervals in a plan (docs/incremental.md). */
export interface IntervalPlan {
  unit: IntervalUnit;
  /** The range this environment's version should hold: the model's history, or a PR's preview window. */
  target: TimeSpan;
  /** True when `target` is a preview window (a PR environment's own version). */
  window: boolean;
  /** What the version held when the plan was made (merged ranges). */
  filled: TimeSpan[];
  /** The batches this apply processes, in order; each is one query and one transaction. */
  batches: TimeSpan[];
  /** How many intervals the batches cover. */
  intervals: number;
  /** For a windowed version: intervals of the whole history still missing after this apply (what promotion backfills). */
  promotionBackfill?: number;
}

export interface PlannedModel {
  name: string;
  snapshot: Snapshot;
  /** How this model differs from the base environment. */
  change: 'added' | 'directly-modified' | 'indirectly-modified' | 'unchanged';
  category?: DirectCategory;
  /** The view this model gets in the target environment. */
  view: Relation;
  /** True when the physical table must be built by this apply. */
  build: boolean;
  /** Incremental models this environment owns: the intervals to process. */
  intervals?: IntervalPlan;
  /**
   * FULL models that read incremental ones (directly or through other models): what their table
   * was built from changed since, so it is refreshed in place (same version).
   */
  refresh?: boolean;
  /**
   * Forward-only change of an incremental model: `keep` (prod keeps the table, new columns are
   * added, the new query applies from the next interval on) or `preview` (a PR previews it on a
   * table of its own that promotion discards).
   */
  forwardOnly?: 'keep' | 'preview';
}

export interface Plan {
  id: string;
  environment: string;
  base: string;
  /** Whether the target environment already exists (re-apply) and its current planId. */
  existing: { planId: string; snapshots: SnapshotRef[] } | null;
  models: PlannedModel[];
  /** Models in the base (or current target) environment that the project no longer has. */
  removed: { name: string; view: Relation }[];
  /** Snapshots to build, in topological order. */
  toBuild: Snapshot[];
  /** True when applying would change nothing (no builds, same snapshot set as the target). */
  noop: boolean;
  /**
   * Models the project has but vde leaves out: `enabled false`, or refused (a user macro from
   * macros/*.py, a Python model). Their views are not in the environment.
   */
  skipped: { name?: string; file: string; line: number; reason: string }[];
}

/** What the state keeps of an audit's result, with the model version it audited (see core/audits.ts). */
export interface StoredAudit {
  /** The audit's name (a built-in's without `_non_blocking`). */
  audit: string;
  /** The call as written in the model: `not_null(columns := (id, name))`. */
  call: string;
  blocking: boolean;
  /** Rows the audit's query returned (0: it passed). */
  violations: number;
  /** Where the call is: the model file (config.yaml for model_defaults audits) and line. */
  file: string;
  line: number;
  /** Where a custom audit is defined. */
  definedIn?: { file: string; line: number };
}

/** One audit of one model's table: run by this apply, or recorded by an earlier one for the same table. */
export interface AuditResult extends StoredAudit {
  model: string;
  /** The model version (physical table) audited. */
  version: string;
  /** True when an earlier apply ran it on the same table and this one reused the result. */
  recorded: boolean;
}

export interface ApplyResult {
  plan: Plan;
  /** True when the environment did not exist before this apply. */
  created: boolean;
  built: { name: string; physicalTable: Relation; ms: number }[];
  /** Incremental models whose intervals this run processed. */
  processed: { name: string; batches: number; intervals: number; ms: number }[];
  /** FULL tables refreshed in place because what they read changed. */
  refreshed: string[];
  /** Every audit of the environment's models, in model order: passed, warned (non-blocking) or recorded. */
  audits: AuditResult[];
  statements: number;
  ms: number;
}

export interface JanitorResult {
  environments: { name: string; schemasDropped: string[]; viewsDropped: number }[];
  physicalTables: { name: string; version: string; relation: Relation }[];
  /** Unreferenced objects that could not be dropped (something depends on them); retried later. */
  kept: { relation: Relation; reason: string }[];
  /** Expired environments left for a later run: an apply holds them, or revived them meanwhile. */
  skipped: { name: string; reason: string }[];
}

export interface EnvironmentSummary {
  name: string;
  createdAt: string;
  updatedAt: string;
  finalizedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  models: number;
}

export interface EnvironmentDetail {
  name: string;
  expiresAt: string | null;
  finalizedAt: string | null;
  models: {
    name: string;
    kind: KindName;
    /** Incremental models: the time ranges the version holds (merged; end exclusive). */
    filled?: TimeSpan[];
    fingerprint: string;
    version: string;
    physicalTable: string;
    view: string;
    sharedWithProd: boolean;
    /** The model's `description` and `column_descriptions` (from the model files; see describeEnvironment). */
    description?: string;
    columnDescriptions?: Record<string, string>;
  }[];
}

export interface Progress {
  (message: string): void;
}
