// How values and statistics read in the text and Markdown reports (JSON keeps the exact values):
// numbers without meaningless trailing zeros, rounded to `--decimals` when given; percentages as
// people write them; a column profile as `before → after` where it moved.

import type { ColumnProfileChange, ModelDiff } from '../types';
import { formatNumberText } from './numbers';

/** A sample value as shown: numbers formatted, anything else unchanged. */
export function displayValue(m: ModelDiff, column: string, value: unknown, decimals: number | undefined): unknown {
  if (typeof value !== 'string' || !m.numericColumns?.includes(column)) return value;
  return formatNumberText(value, decimals);
}

/** `62.5%`, `100%`, `66.67%`. */
export function percent(value: number): string {
  return `${formatNumberText(value.toFixed(2))}%`;
}

function share(nulls: number, rows: number): string {
  return rows === 0 ? `${nulls.toLocaleString('en-US')}` : `${nulls.toLocaleString('en-US')} (${percent((100 * nulls) / rows)})`;
}

/** Nulls, distinct, min, max: `before → after` for what moved, `–` for the rest. */
export function profileCells(p: ColumnProfileChange, m: ModelDiff, decimals: number | undefined): string[] {
  const v = (x: string | null | undefined) => (x === null || x === undefined ? 'null' : String(displayValue(m, p.column, x, decimals)));
  return [
    p.moved.includes('nulls') ? `${share(p.from.nulls, p.from.rows)} → ${share(p.to.nulls, p.to.rows)}` : '–',
    p.moved.includes('distinct') ? `${p.from.distinct.toLocaleString('en-US')} → ${p.to.distinct.toLocaleString('en-US')}` : '–',
    p.moved.includes('min') ? `${v(p.from.min)} → ${v(p.to.min)}` : '–',
    p.moved.includes('max') ? `${v(p.from.max)} → ${v(p.to.max)}` : '–',
  ];
}

/** The column table's rows, most changed first (ties keep the model's column order). */
export function rankedColumns(m: ModelDiff): ModelDiff['columns'] {
  return m.columns.map((c, i) => ({ c, i })).sort((a, b) => b.c.changed - a.c.changed || a.i - b.i).map(({ c }) => c);
}

/** `compared over 2024-11-24 → 2024-12-01 (preview window)`: a model compared over a time window only. */
export function windowText(w: { start: string; end: string; label: string }): string {
  const day = (iso: string) => (/T00:00:00(\.000)?Z$/.test(iso) ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`);
  return `compared over ${day(w.start)} → ${day(w.end)} (${w.label})`;
}
