// The interval part of a plan (docs/incremental.md): for each incremental model the environment
// owns, the range its version should hold (the whole history in prod, a preview window in a PR
// environment), what the state says it holds, and the batches that close the gap; for each FULL
// model that reads incremental ones, whether its table must be refreshed. Pure: apply.ts reads the
// state beforehand.

import type { Engine, IncrementalDialect } from '../engines/types';
import { ModelError } from '../errors';
import type { LastBuild, RecordedRange } from '../state/intervals';
import { builtKey, relationKey } from '../state/store';
import type { Model, Project } from '../project/types';
import { isIncremental } from '../project/support';
import { floorTo, type ModelSchedule } from '../project/schedule';
import { ancestorsWhere, batchesOf, clip, countIntervals, expectedRange, mergeRanges, missingIntervals, windowRange, type TimeRange } from './intervals';
import type { Plan, PlannedModel, TimeSpan } from './types';

export interface WindowOptions {
  /** `--start` / `--end`: the window of a PR environment, instead of the preview window. */
  range?: { start?: number; end?: number };
  /** The preview window's length in seconds (config `preview_window`). */
  previewSeconds: number;
}

export interface IntervalInput {
  project: Project;
  /** The moment the run stands at (`--execution-time`, else now), epoch ms. */
  execution: number;
  window: WindowOptions;
  /** Physical tables (relationKey) prod's views point at; null when the environment is prod itself. */
  prodTables: Set<string> | null;
  /** Committed data ranges of the plan's incremental versions, by builtKey. */
  recorded: Map<string, RecordedRange[]>;
  /** Row counts of the interval record for every version FULL models read (see IntervalRecord.rowCounts). */
  counts: Map<string, number>;
  /** The latest build of the plan's FULL models that read incremental ones. */
  lastBuilds: Map<string, LastBuild>;
}

/** Models that read an incremental model, directly or through others (their content moves with its intervals). */
export function downstreamOfIncremental(project: Project): Set<string> {
  const out = new Set<string>();
  for (const name of project.order) {
    const model = project.models.get(name)!;
    if (model.parents.some((p) => out.has(p) || isIncremental(project.models.get(p) ?? { kind: { name: 'FULL' } }))) out.add(name);
  }
  return out;
}

/**
 * The physical objects a model's build reads, as builtKeys: its parents' tables, looking through
 * VIEW parents (a view reads its own parents when queried).
 */
export function upstreamKeys(plan: Plan, project: Project, name: string): string[] {
  const byName = new Map(plan.models.map((m) => [m.name, m]));
  const out = new Set<string>();
  const visit = (parents: string[]) => {
    for (const p of parents) {
      const pm = byName.get(p);
      if (!pm) continue;
      if (pm.snapshot.kind === 'VIEW') visit(project.models.get(p)?.parents ?? []);
      else out.add(builtKey(pm.name, pm.snapshot.version));
    }
  };
  visit(project.models.get(name)?.parents ?? []);
  return [...out].sort();
}

/** The incremental models `name` reads, directly or through non-incremental ones (whose rows follow theirs). */
export function incrementalAncestors(project: Project, name: string): string[] {
  const incremental = (n: string) => {
    const model = project.models.get(n);
    return model !== undefined && isIncremental(model);
  };
  return ancestorsWhere(
    project.models.get(name)?.parents ?? [],
    (n) => project.models.get(n)?.parents ?? [],
    incremental,
    (n) => project.models.has(n) && !incremental(n),
  );
}

/** What an incremental parent holds (or will hold once this plan ran) and the range it should hold. */
export interface ParentCoverage {
  covered: TimeRange[];
  expected: TimeRange;
}

/**
 * Whether an interval of a model can be processed: as in SQLMesh, only once every incremental
 * model it reads holds that interval. An interval past a parent's last complete one waits for
 * it; the part of a parent's history before its start never holds anything and does not block.
 * Without this, a child of a windowed or lagging parent would record intervals it processed
 * from rows that were not there yet, and never process them again.
 */
export function parentsReady(parents: ParentCoverage[]): (iv: TimeRange) => boolean {
  return (iv) =>
    parents.every(({ covered, expected }) => {
      if (iv.end > expected.end) return false;
      const need = clip(iv, expected);
      return need.end <= need.start || covered.some((c) => c.start <= need.start && c.end >= need.end);
    });
}

/** Whether `snapshot`'s table is this environment's to write: everything in prod, a PR's own versions elsewhere. */
export function owns(prodTables: Set<string> | null, m: PlannedModel): boolean {
  return prodTables === null || !prodTables.has(relationKey(m.snapshot.physicalTable));
}

/** The range a version should hold in this environment. */
export function targetRange(schedule: ModelSchedule, input: Pick<IntervalInput, 'execution' | 'window' | 'prodTables'>): { target: TimeSpan; window: boolean } {
  const full = expectedRange(schedule, input.execution);
  if (input.prodTables === null) return { target: full, window: false };
  const r = input.window.range;
  if (r && (r.start !== undefined || r.end !== undefined)) {
    const start = r.start !== undefined ? floorTo(r.start, schedule.unit) : full.start;
    const end = r.end !== undefined ? floorTo(r.end, schedule.unit) : full.end;
    const target = clip({ start, end }, full);
    return { target, window: target.start > full.start || target.end < full.end };
  }
  const target = windowRange(schedule, input.execution, input.window.previewSeconds);
  return { target, window: target.start > full.start };
}

/** Fills in `intervals` and `refresh` on the plan's models, and whether the plan is a no-op. */
export function planIntervals(plan: Plan, input: IntervalInput): void {
  const { project } = input;
  const affected = downstreamOfIncremental(project);
  const busy = new Set<string>();
  // What each incremental model holds once this plan ran (plan.models is in dependency order).
  const coverage = new Map<string, ParentCoverage>();
  for (const m of plan.models) {
    const model = project.models.get(m.name)!;
    if (m.build) busy.add(m.name);
    const key = builtKey(m.name, m.snapshot.version);
    if (!owns(input.prodTables, m)) {
      if (isIncremental(model)) coverage.set(m.name, { covered: ranges(input.recorded.get(key) ?? []), expected: expectedRange(model.schedule!, input.execution) });
      continue;
    }
    if (isIncremental(model)) {
      const ready = parentsReady(incrementalAncestors(project, m.name).flatMap((p) => coverage.get(p) ?? []));
      m.intervals = intervalPlan(model, m, input, m.build ? [] : (input.recorded.get(key) ?? []), ready);
      coverage.set(m.name, { covered: mergeRanges([...m.intervals.filled, ...m.intervals.batches]), expected: expectedRange(model.schedule!, input.execution) });
      if (m.intervals.batches.length) busy.add(m.name);
    } else if (model.kind.name === 'FULL' && affected.has(m.name) && !m.build) {
      const upstream = upstreamKeys(plan, project, m.name);
      const last = input.lastBuilds.get(key);
      const moved =
        !last?.upstream ||
        upstream.some((k) => (input.counts.get(k) ?? 0) !== (last.upstream![k] ?? 0)) ||
        Object.keys(last.upstream).some((k) => !upstream.includes(k));
      const parentWorks = readsBusy(plan, project, m.name, busy);
      if (moved || parentWorks) {
        m.refresh = true;
        busy.add(m.name);
      }
    }
  }
  if (plan.models.some((m) => m.refresh || (m.intervals?.batches.length ?? 0) > 0)) plan.noop = false;
}

function readsBusy(plan: Plan, project: Project, name: string, busy: Set<string>): boolean {
  const byName = new Map(plan.models.map((m) => [m.name, m]));
  const visit = (parents: string[]): boolean =>
    parents.some((p) => busy.has(p) || (byName.get(p)?.snapshot.kind === 'VIEW' && visit(project.models.get(p)?.parents ?? [])));
  return visit(project.models.get(name)?.parents ?? []);
}

export function intervalPlan(
  model: Model,
  m: PlannedModel,
  input: Pick<IntervalInput, 'execution' | 'window' | 'prodTables'>,
  recorded: readonly RecordedRange[],
  ready: (iv: TimeRange) => boolean = () => true,
): NonNullable<PlannedModel['intervals']> {
  const schedule = model.schedule!;
  const { target, window } = targetRange(schedule, input);
  const filled = ranges(recorded);
  // An unmanaged model appends whatever its query returns: one batch per run, never a lookback.
  const unmanaged = model.kind.name === 'INCREMENTAL_UNMANAGED';
  const missing = missingIntervals(target, schedule.unit, filled, unmanaged ? 0 : schedule.lookback).filter(ready);
  const batches = batchesOf(missing, unmanaged ? null : schedule.batchSize).map((b) => ({ start: b[0]!.start, end: b[b.length - 1]!.end }));
  const out: NonNullable<PlannedModel['intervals']> = {
    unit: schedule.unit,
    target,
    window,
    filled,
    batches,
    intervals: missing.length,
  };
  if (window) {
    const full = expectedRange(schedule, input.execution);
    const after = mergeRanges([...filled, ...batches]);
    out.promotionBackfill = countIntervals([full], schedule.unit) - countIntervals(after.map((r) => clip(r, full)), schedule.unit);
  }
  return out;
}

/** The engine's incremental SQL, or a refusal naming the model when the engine has none yet. */
export function incrementalDialect(engine: Engine, model: Model): IncrementalDialect {
  const d = engine.dialect.incremental;
  if (!d) throw new ModelError(`kind ${model.kind.name}: the ${engine.type} engine does not run incremental models yet`, model.relativeFile, model.line, model.name);
  return d;
}

function ranges(recorded: readonly RecordedRange[]): TimeRange[] {
  return mergeRanges(recorded.map((r) => ({ start: r.start.getTime(), end: r.end.getTime() })));
}
