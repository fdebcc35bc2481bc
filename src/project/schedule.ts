// When an incremental model's intervals lie: its `start`, optional `end`, its `cron` and the
// interval unit the cron implies (or `interval_unit`), read from the MODEL header as SQLMesh reads
// them. Pure time arithmetic in UTC on epoch milliseconds; the cron expressions are evaluated by
// `croner` (docs/incremental.md says why that library).
import { Cron } from 'croner';
import { ModelError } from '../errors';
import type { Model, ModelDefaults } from './types';

/** SQLMesh's interval units, largest first. */
export const INTERVAL_UNITS = ['year', 'month', 'day', 'hour', 'half_hour', 'quarter_hour', 'five_minute'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

const UNIT_SECONDS: Record<IntervalUnit, number> = {
  year: 365 * 86400,
  // A month is at least 28 days: a monthly cron's shortest gap.
  month: 28 * 86400,
  day: 86400,
  hour: 3600,
  half_hour: 1800,
  quarter_hour: 900,
  five_minute: 300,
};

const FIXED_MS: Partial<Record<IntervalUnit, number>> = {
  day: 86_400_000,
  hour: 3_600_000,
  half_hour: 1_800_000,
  quarter_hour: 900_000,
  five_minute: 300_000,
};

export interface ModelSchedule {
  /** The cron as written (`@daily` when the model has none). */
  cron: string;
  unit: IntervalUnit;
  /** Where the model's history starts: an instant (ms), or a relative start read at each run. */
  start: { at: number } | { ago: number; unit: 'day' | 'week' | 'month' | 'year' | 'hour' } | null;
  /** Exclusive end (ms) of the last interval the model ever processes; null = open-ended. */
  end: number | null;
  /** Intervals per batch (batch_size); null = every contiguous missing range in one batch. */
  batchSize: number | null;
  /** Intervals before a missing one that are processed again with it. */
  lookback: number;
}

/** The default cron of a model without one, as in SQLMesh. */
export const DEFAULT_CRON = '@daily';

/** The start of the interval of `unit` that holds `t` (UTC). */
export function floorTo(t: number, unit: IntervalUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return Math.floor(t / fixed) * fixed;
  const d = new Date(t);
  return unit === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) : Date.UTC(d.getUTCFullYear(), 0, 1);
}

/** `t` (aligned to `unit`) moved by `n` units. */
export function addUnits(t: number, unit: IntervalUnit, n: number): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return t + n * fixed;
  const d = new Date(t);
  return unit === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1) : Date.UTC(d.getUTCFullYear() + n, 0, 1);
}

/** How many whole `unit`s lie between two aligned instants. */
export function unitsBetween(from: number, to: number, unit: IntervalUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return Math.round((to - from) / fixed);
  const a = new Date(from);
  const b = new Date(to);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  return unit === 'month' ? months : Math.round(months / 12);
}

/** Human name of a unit for messages: `daily`, `hourly`, ... */
export function unitAdjective(unit: IntervalUnit): string {
  return { year: 'yearly', month: 'monthly', day: 'daily', hour: 'hourly', half_hour: 'half-hourly', quarter_hour: 'quarter-hourly', five_minute: 'five-minute' }[unit];
}

function cronOf(expression: string): Cron {
  return new Cron(expression, { timezone: 'UTC', paused: true });
}

/**
 * The interval unit a cron implies, as SQLMesh infers it: the largest unit no longer than the
 * shortest gap between consecutive runs. Throws (plain Error) for a cron vde cannot read or one
 * that runs more often than every five minutes.
 */
export function unitOfCron(expression: string): IntervalUnit {
  const cron = cronOf(expression);
  // Sampled over more than a year from a fixed instant, so every month length and leap year shows.
  const runs = cron.nextRuns(400, new Date(Date.UTC(2023, 0, 1)));
  if (runs.length < 2) throw new Error(`cron ${JSON.stringify(expression)} runs fewer than twice a year`);
  let gap = Infinity;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, (runs[i]!.getTime() - runs[i - 1]!.getTime()) / 1000);
  const unit = INTERVAL_UNITS.find((u) => UNIT_SECONDS[u] <= gap);
  if (!unit) throw new Error(`cron ${JSON.stringify(expression)} runs more often than every five minutes, the shortest interval vde (like SQLMesh) supports`);
  return unit;
}

/** The last time the cron fired at or before `t` (ms), or null. */
export function cronFloor(expression: string, t: number): number | null {
  const prev = cronOf(expression).previousRuns(1, new Date(t + 1000));
  const run = prev[0]?.getTime();
  if (run === undefined) return null;
  return run <= t ? run : (cronOf(expression).previousRuns(1, new Date(run))[0]?.getTime() ?? null);
}

/**
 * Exclusive end of the last interval complete at `execution`: the cron must have fired since the
 * interval ended (a daily model with cron `0 3 * * *` gets yesterday's interval at 03:00).
 */
export function lastCompleteEnd(schedule: Pick<ModelSchedule, 'cron' | 'unit' | 'end'>, execution: number): number {
  const fired = cronFloor(schedule.cron, execution) ?? execution;
  const end = floorTo(fired, schedule.unit);
  return schedule.end !== null ? Math.min(end, schedule.end) : end;
}

/** The instant a schedule's history starts at, for a run at `execution`. */
export function startOf(schedule: ModelSchedule, execution: number): number {
  const s = schedule.start;
  if (s === null) {
    // SQLMesh's default: yesterday. A model without start processes only the latest interval(s).
    return floorTo(floorTo(execution, 'day') - 86_400_000, schedule.unit);
  }
  if ('at' in s) return floorTo(s.at, schedule.unit);
  const d = new Date(execution);
  const back: Record<typeof s.unit, () => number> = {
    hour: () => execution - s.ago * 3_600_000,
    day: () => execution - s.ago * 86_400_000,
    week: () => execution - s.ago * 7 * 86_400_000,
    month: () => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - s.ago, d.getUTCDate()),
    year: () => Date.UTC(d.getUTCFullYear() - s.ago, d.getUTCMonth(), d.getUTCDate()),
  };
  return floorTo(back[s.unit](), schedule.unit);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const RELATIVE = /^(\d+)\s+(hour|day|week|month|year)s?\s+ago$/i;

/**
 * A time as SQLMesh's `start` / `end` take it: `2024-01-01`, `2024-01-01 06:00:00` (UTC unless an
 * offset is written), epoch milliseconds, `yesterday`, `today`, `N days ago` (hours, weeks,
 * months, years). Returns null when the text is none of these.
 */
export function parseTime(text: string): { at: number; dateOnly: boolean } | { ago: number; unit: 'hour' | 'day' | 'week' | 'month' | 'year' } | null {
  const t = text.trim();
  if (DATE_ONLY.test(t)) {
    const at = Date.parse(`${t}T00:00:00Z`);
    return Number.isNaN(at) ? null : { at, dateOnly: true };
  }
  if (DATE_TIME.test(t)) {
    const iso = t.replace(' ', 'T');
    const at = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
    return Number.isNaN(at) ? null : { at, dateOnly: false };
  }
  if (/^\d{10,14}$/.test(t)) return { at: Number(t), dateOnly: false };
  const lower = t.toLowerCase();
  if (lower === 'yesterday') return { ago: 1, unit: 'day' };
  if (lower === 'today' || lower === 'now') return { ago: 0, unit: 'day' };
  const m = RELATIVE.exec(t);
  if (m) return { ago: Number(m[1]), unit: m[2]!.toLowerCase() as 'hour' | 'day' | 'week' | 'month' | 'year' };
  return null;
}

function unquote(value: string): string {
  const v = value.trim();
  return /^'.*'$|^".*"$/s.test(v) ? v.slice(1, -1) : v;
}

/**
 * Reads an incremental model's schedule from its header (and config.yaml's model_defaults),
 * refusing with the file and line what vde cannot read.
 */
export function readSchedule(model: Model, defaults: Pick<ModelDefaults, 'start' | 'cron'>): ModelSchedule {
  const kind = model.kind;
  if (kind.name !== 'INCREMENTAL_BY_TIME_RANGE' && kind.name !== 'INCREMENTAL_BY_UNIQUE_KEY' && kind.name !== 'INCREMENTAL_UNMANAGED') {
    throw new Error(`readSchedule: ${model.name} is not incremental`);
  }
  const lineOf = (prop: string) => model.ignoredProperties.find((p) => p.name === prop)?.line ?? model.line;
  const fail = (detail: string, prop: string): never => {
    throw new ModelError(detail, model.relativeFile, lineOf(prop), model.name);
  };
  const cron = model.cron ?? defaults.cron ?? DEFAULT_CRON;
  let unit: IntervalUnit;
  const unitProp = model.ignoredProperties.find((p) => p.name === 'interval_unit');
  if (unitProp) {
    const written = unquote(unitProp.value).toLowerCase();
    if (!(INTERVAL_UNITS as readonly string[]).includes(written)) fail(`interval_unit ${unitProp.value}: expected one of ${INTERVAL_UNITS.join(', ')}`, 'interval_unit');
    unit = written as IntervalUnit;
  } else {
    try {
      unit = unitOfCron(cron);
    } catch (e) {
      return fail(`cron ${JSON.stringify(cron)}: ${(e as Error).message} (expected @hourly, @daily, @weekly, @monthly, @yearly or a cron expression such as '0 3 * * *')`, 'cron');
    }
  }
  try {
    cronOf(cron);
  } catch (e) {
    fail(`cron ${JSON.stringify(cron)}: ${(e as Error).message}`, 'cron');
  }

  const startText = model.start ?? defaults.start;
  let start: ModelSchedule['start'] = null;
  if (startText !== undefined) {
    const t = parseTime(String(startText));
    if (t === null) fail(`start ${JSON.stringify(startText)}: expected a date (2024-01-01), a timestamp, epoch milliseconds or a relative time such as '1 year ago'`, 'start');
    start = 'at' in t! ? { at: t.at } : t!;
  }
  let end: number | null = null;
  const endProp = model.ignoredProperties.find((p) => p.name === 'end');
  if (endProp) {
    const t = parseTime(unquote(endProp.value));
    if (t === null || !('at' in t)) return fail(`end ${endProp.value}: expected a date (2024-12-31) or a timestamp`, 'end');
    // A date means the whole day: its last interval is processed.
    end = t.dateOnly ? t.at + 86_400_000 : t.at;
    if (start && 'at' in start && end <= start.at) fail(`end ${endProp.value} is not after start ${startText}`, 'end');
  }
  return { cron, unit, start, end, batchSize: kind.batchSize ?? null, lookback: kind.lookback ?? 0 };
}
