// The diff JSON contract (issue: cross-environment table diff). The action and other tools read it.

import type { Relation } from '../engines/types';

export type ChangeCategory = 'breaking' | 'non-breaking' | 'indirect' | 'added' | 'removed';

/** One model to compare, as the core hands it to the differ. */
export interface DiffTarget {
  model: string;
  category: ChangeCategory;
  /** Physical relation in the from-environment; absent when the model was added. */
  from?: Relation;
  /** Physical relation in the to-environment; absent when the model was removed. */
  to?: Relation;
  /** Key columns (the model's grain, or --on); empty = keyless multiset comparison. */
  on: string[];
  /** Where `on` comes from: `--on` columns missing on every side are refused as bad input. */
  keySource?: 'on' | 'grain';
  /**
   * An incremental model one side holds only a window of: both sides are compared over `where`
   * (SQL on the time column, ANDed with the user's filter), and the report shows `window`.
   */
  window?: DiffWindow & { where: string };
  /** Notes the report shows with the model (e.g. it was built from a window of a parent). */
  notes?: string[];
}

/** The time range a model was compared over (ISO instants, end exclusive) and why. */
export interface DiffWindow {
  start: string;
  end: string;
  label: string;
}

export interface DiffOptions {
  /** Filter applied to both sides, as written by the user. Runs in a read-only transaction. */
  where?: string;
  /** Sample rows per category (added, removed, changed). */
  samples: number;
  /**
   * Numbers whose difference is below half a unit in the `decimals`-th place are equal
   * (|a − b| < 0.5·10^−decimals, computed on exact decimals); undefined = exact. Keyless
   * comparisons group rows, so they round to `decimals` places instead (docs/diff.md).
   */
  decimals?: number;
  /**
   * Column profiles (null share, distinct count, min/max) of models whose data changed: `auto`
   * (default) when neither side has more than 100,000 rows, `always`, or `never`.
   */
  profile?: 'auto' | 'always' | 'never';
  /** Called after each model with its result and how long it took. */
  onModel?: (done: { index: number; total: number; model: ModelDiff; ms: number }) => void;
}

export interface SchemaDiff {
  added: { name: string; type: string }[];
  removed: { name: string; type: string }[];
  typeChanged: { name: string; fromType: string; toType: string }[];
}

export interface RowCounts {
  from: number | null;
  to: number | null;
  added: number | null;
  removed: number | null;
  /** null for keyless comparisons. */
  changed: number | null;
  unchanged: number | null;
}

export interface ModelDiff {
  model: string;
  category: ChangeCategory;
  on: string[];
  schema: SchemaDiff;
  rows: RowCounts;
  /** Per common non-key column, most changed first (ties in column order). */
  columns: { name: string; changed: number; matchPct: number }[];
  /**
   * Key validation, both sides added up. `nullKeys`: rows with at least one NULL key part.
   * `duplicateKeys`: distinct key values that occur in more than one row (not the excess rows).
   * Always exact (never estimated), whichever way the differ obtained them.
   */
  keyCheck: { nullKeys: number; duplicateKeys: number };
  /** Optional: the key check per side (absent for keyless comparisons and short-circuits). */
  keyCheckDetail?: { from?: KeySideCheck; to?: KeySideCheck };
  samples: {
    added: Record<string, unknown>[];
    removed: Record<string, unknown>[];
    changed: { key: Record<string, unknown>; column: string; from: unknown; to: unknown }[];
  };
  /** Human-readable warnings (bad keys, skipped comparisons). */
  warnings: string[];
  /** Columns (of the sampled rows) that hold numbers: renderers show them without trailing zeros. */
  numericColumns?: string[];
  /**
   * Column profile changes (models whose data changed): one entry per common column where the
   * null count, the distinct count, the min or the max moved, listing what moved.
   */
  profile?: ColumnProfileChange[];
  /** Why the profile of a changed model was not computed (`profile: 'auto'` on large tables). */
  profileSkipped?: string;
  /** Set when this model could not be compared; the other models are still reported. */
  error?: string;
  /** Set when both sides were compared over a time window only (incremental models). */
  window?: DiffWindow;
}

/** One side's profile of a column: `min` / `max` only for numbers and dates (as text). */
export interface ColumnStats {
  rows: number;
  nulls: number;
  distinct: number;
  min?: string | null;
  max?: string | null;
}

export interface ColumnProfileChange {
  column: string;
  from: ColumnStats;
  to: ColumnStats;
  moved: ('nulls' | 'distinct' | 'min' | 'max')[];
}

/** Key check of one side of a keyed comparison. */
export interface KeySideCheck {
  /** Rows on this side (after `where`). */
  rows: number;
  /** Rows where at least one key part is NULL. */
  nullKeys: number;
  /** Distinct key values (NULL parts compared as equal) that occur in more than one row. */
  duplicateKeys: number;
  /** Rows in excess of one per key value: the sum over duplicated keys of (occurrences - 1). */
  duplicateRows: number;
  /** Rows with a NULL in each key column, in the order of `on`. */
  nullsByColumn: number[];
}

export interface DiffResult {
  from: string;
  to: string;
  models: ModelDiff[];
  /** The `--decimals` the comparison used: renderers round displayed numbers to it. */
  decimals?: number;
}

/** Lineage for the report's mermaid graph: the changed models and their descendants. */
export interface Lineage {
  nodes: { model: string; status: 'direct' | 'indirect' | 'added' | 'removed' | 'unchanged' }[];
  edges: { from: string; to: string }[];
}
