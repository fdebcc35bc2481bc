// Intervals of incremental models: which time ranges a model version should hold, which it holds
// (the state's append-only `intervals` record), what is missing, and how the missing intervals
// are cut into batches. Pure functions over epoch milliseconds; ranges are half-open [start, end).

import { addUnits, floorTo, lastCompleteEnd, startOf, type IntervalUnit, type ModelSchedule } from '../project/schedule';

export interface TimeRange {
  start: number;
  end: number;
}

/** Sorted, disjoint, with touching ranges joined: what a set of recorded intervals covers. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** The intervals of `unit` in [from, to) (both aligned to the unit). */
export function intervalsIn(range: TimeRange, unit: IntervalUnit): TimeRange[] {
  const out: TimeRange[] = [];
  for (let t = floorTo(range.start, unit); t < range.end; ) {
    const next = addUnits(t, unit, 1);
    out.push({ start: t, end: next });
    t = next;
  }
  return out;
}

/**
 * The intervals of `range` not covered by `filled`. With `lookback` n, the n intervals before a
 * missing one (inside `range`) are processed again with it, as in SQLMesh: late data for recent
 * intervals is picked up by the next run.
 */
export function missingIntervals(range: TimeRange, unit: IntervalUnit, filled: readonly TimeRange[], lookback = 0): TimeRange[] {
  const all = intervalsIn(range, unit);
  const covered = mergeRanges(filled);
  const missing = new Array<boolean>(all.length).fill(false);
  let k = 0;
  all.forEach((iv, i) => {
    while (k < covered.length && covered[k]!.end <= iv.start) k++;
    const c = covered[k];
    missing[i] = !(c && c.start <= iv.start && c.end >= iv.end);
  });
  // Only intervals missing from the record pull in their lookback, not the ones a lookback added.
  const out = [...missing];
  if (lookback > 0) {
    missing.forEach((m, i) => {
      if (m) for (let j = Math.max(0, i - lookback); j < i; j++) out[j] = true;
    });
  }
  return all.filter((_, i) => out[i]);
}

/**
 * Contiguous runs of `intervals` (sorted), each cut into batches of at most `batchSize` intervals
 * (null: one batch per contiguous run, SQLMesh's default).
 */
export function batchesOf(intervals: readonly TimeRange[], batchSize: number | null): TimeRange[][] {
  const out: TimeRange[][] = [];
  let current: TimeRange[] = [];
  for (const iv of intervals) {
    const last = current[current.length - 1];
    if (last && (last.end !== iv.start || (batchSize !== null && current.length >= batchSize))) {
      out.push(current);
      current = [];
    }
    current.push(iv);
  }
  if (current.length) out.push(current);
  return out;
}

/** The whole history a model should hold at `execution`: from its start to the last complete interval. */
export function expectedRange(schedule: ModelSchedule, execution: number): TimeRange {
  const start = startOf(schedule, execution);
  const end = lastCompleteEnd(schedule, execution);
  return { start, end: Math.max(start, end) };
}

/** The last `seconds` of a model's history (a PR's preview window), aligned to its interval unit. */
export function windowRange(schedule: ModelSchedule, execution: number, seconds: number): TimeRange {
  const full = expectedRange(schedule, execution);
  const from = floorTo(full.end - seconds * 1000, schedule.unit);
  return { start: Math.max(full.start, Math.min(from, full.end)), end: full.end };
}

/** `range` clipped to `within`. */
export function clip(range: TimeRange, within: TimeRange): TimeRange {
  const start = Math.max(range.start, within.start);
  return { start, end: Math.max(start, Math.min(range.end, within.end)) };
}

/** How many intervals of `unit` `ranges` hold. */
export function countIntervals(ranges: readonly TimeRange[], unit: IntervalUnit): number {
  return mergeRanges(ranges).reduce((n, r) => n + intervalsIn(r, unit).length, 0);
}

/** `2024-01-01` for whole days, else `2024-01-01 06:00` (UTC). */
export function formatInstant(t: number, unit: IntervalUnit): string {
  const iso = new Date(t).toISOString();
  return unit === 'day' || unit === 'month' || unit === 'year' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** `2024-01-01 → 2024-01-08` (end exclusive). */
export function formatRange(r: TimeRange, unit: IntervalUnit): string {
  return `${formatInstant(r.start, unit)} → ${formatInstant(r.end, unit)}`;
}

/**
 * The names `hit` accepts among `parents` and, walking up, among the parents of the names
 * `through` accepts (each visited once): e.g. the incremental models a model reads, directly or
 * through FULL and VIEW models.
 */
export function ancestorsWhere(parents: readonly string[], parentsOf: (name: string) => readonly string[], hit: (name: string) => boolean, through: (name: string) => boolean): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (list: readonly string[]) => {
    for (const p of list) {
      if (seen.has(p)) continue;
      seen.add(p);
      if (hit(p)) out.add(p);
      if (through(p)) visit(parentsOf(p));
    }
  };
  visit(parents);
  return [...out].sort();
}
