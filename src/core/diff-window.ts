// The diff of incremental models that one environment holds only a window of (a PR's preview
// window): both sides are compared over the range both hold, or everything before the window
// would show as removed. Models built from such a window (a FULL model over a windowed parent)
// get a note saying their rows cannot match prod's outside it.

import type { DiffTarget } from '../diff/types';
import type { Engine } from '../engines/types';
import { builtKey, type RecordedRange } from '../state/intervals';
import type { StateStore } from '../state/store';
import { ancestorsWhere, mergeRanges, type TimeRange } from './intervals';
import type { EnvironmentRecord, SnapshotDefinition, SnapshotRef } from './types';

type Defs = Map<string, { definition: SnapshotDefinition }>;

/**
 * The latest contiguous range a version holds: a table filled for two different windows (two
 * PRs with the same change) has a gap, and comparing across it would show rows as removed.
 */
function hull(ranges: RecordedRange[] | undefined): TimeRange | null {
  const merged = mergeRanges((ranges ?? []).map((r) => ({ start: r.start.getTime(), end: r.end.getTime() })));
  return merged[merged.length - 1] ?? null;
}

const day = (t: number) => {
  const iso = new Date(t).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
};

/** Sets `window` (and notes) on the targets of incremental models and of models built from their windows. */
export async function addWindows(engine: Engine, state: StateStore, from: EnvironmentRecord, to: EnvironmentRecord, targets: DiffTarget[], defs: Defs): Promise<void> {
  const incremental = [...from.snapshots, ...to.snapshots].filter((r) => r.kind.startsWith('INCREMENTAL'));
  if (incremental.length === 0) return;
  const recorded = await state.intervals.dataRanges(incremental);
  const held = (r: SnapshotRef | undefined) => (r ? hull(recorded.get(builtKey(r.name, r.version))) : null);
  const fromRefs = new Map(from.snapshots.map((r) => [r.name, r]));
  const toRefs = new Map(to.snapshots.map((r) => [r.name, r]));

  // Incremental models `to` holds a narrower range of than `from` (by name): what it was built from.
  const narrow = new Map<string, TimeRange>();
  for (const r of to.snapshots) {
    if (!r.kind.startsWith('INCREMENTAL')) continue;
    const a = held(fromRefs.get(r.name));
    const b = held(r);
    if (a && b && (b.start > a.start || b.end < a.end)) narrow.set(r.name, b);
  }

  for (const t of targets) {
    const a = fromRefs.get(t.model);
    const b = toRefs.get(t.model);
    if (a && b && a.kind.startsWith('INCREMENTAL') && b.kind.startsWith('INCREMENTAL')) {
      const ha = held(a);
      const hb = held(b);
      const column = defs.get(b.fingerprint)?.definition.incremental?.timeColumn;
      if (!ha || !hb || (ha.start === hb.start && ha.end === hb.end)) continue;
      const start = Math.max(ha.start, hb.start);
      const end = Math.min(ha.end, hb.end);
      if (column === undefined || defs.get(a.fingerprint)?.definition.incremental?.timeColumn !== column) {
        t.notes = [...(t.notes ?? []), `${from.name} holds ${day(ha.start)} → ${day(ha.end)} and ${to.name} ${day(hb.start)} → ${day(hb.end)}: rows outside the range both hold show as added or removed`];
        continue;
      }
      if (end <= start) {
        t.notes = [...(t.notes ?? []), `${from.name} (${day(ha.start)} → ${day(ha.end)}) and ${to.name} (${day(hb.start)} → ${day(hb.end)}) hold no common time range`];
        continue;
      }
      const where = await windowFilter(engine, b, column, defs.get(b.fingerprint)?.definition.incremental?.format, start, end);
      if (where === null) {
        t.notes = [...(t.notes ?? []), `${from.name} holds ${day(ha.start)} → ${day(ha.end)} and ${to.name} ${day(hb.start)} → ${day(hb.end)}, and vde cannot filter ${column} on this engine: rows outside the range both hold show as added or removed`];
        continue;
      }
      const label = hb.start >= ha.start && hb.end <= ha.end ? 'preview window' : `the range both ${from.name} and ${to.name} hold`;
      t.window = { start: new Date(start).toISOString(), end: new Date(end).toISOString(), label, where };
      continue;
    }
    // A model whose table was built from a window of an incremental model.
    const windows = b ? windowedAncestors(b, toRefs, narrow) : [];
    if (windows.length && b && (!a || a.physicalTable.name !== b.physicalTable.name || a.physicalTable.schema !== b.physicalTable.schema)) {
      const list = windows.map((n) => `${n} (${day(narrow.get(n)!.start)} → ${day(narrow.get(n)!.end)})`).join(', ');
      t.notes = [...(t.notes ?? []), `built in ${to.name} from ${list}, which ${to.name} holds only a window of: rows from outside that window differ from ${from.name}'s until promotion backfills it`];
    }
  }
}

function windowedAncestors(ref: SnapshotRef, refs: Map<string, SnapshotRef>, narrow: Map<string, TimeRange>): string[] {
  const through = (n: string) => {
    const r = refs.get(n);
    return r !== undefined && !r.kind.startsWith('INCREMENTAL');
  };
  return ancestorsWhere(ref.parents, (n) => refs.get(n)?.parents ?? [], (n) => narrow.has(n), through);
}

/** `"col" >= <start> AND "col" < <end>` in the column's type, or null when the engine cannot say. */
async function windowFilter(engine: Engine, ref: SnapshotRef, column: string, format: string | undefined, start: number, end: number): Promise<string | null> {
  const d = engine.dialect.incremental;
  if (!d) return null;
  const want = engine.dialect.normalizeIdentifier(column);
  const columns = await engine.listColumns(ref.physicalTable);
  const col = columns.find((c) => c.name === column) ?? columns.find((c) => engine.dialect.normalizeIdentifier(c.name) === want);
  if (!col) return null;
  const lo = d.timeLiteral(new Date(start), col.type, format);
  const hi = d.timeLiteral(new Date(end), col.type, format);
  if (lo === null || hi === null) return null;
  const q = engine.dialect.quoteIdentifier(col.name);
  return `${q} >= ${lo} AND ${q} < ${hi}`;
}
