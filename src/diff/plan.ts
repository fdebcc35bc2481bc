// What every table-diff module is handed: the engine, its dialect, the options and the target, and
// the compared (common, non-key) columns with the SQL that compares their two sides.

import type { ColumnInfo, Dialect, Engine } from '../engines/types';
import type { DiffOptions, DiffTarget } from './types';

export interface Plan {
  engine: Engine;
  d: Dialect;
  opts: DiffOptions;
  target: DiffTarget;
}

/** A compared (common) column and the SQL that compares its two sides. */
export interface Compared {
  name: string;
  fromType: string;
  toType: string;
  /** The value of this column under alias `alias` as it is compared (rounded, or as text). */
  expr(alias: string): string;
}

export function comparedColumn(d: Dialect, opts: DiffOptions, f: ColumnInfo, t: ColumnInfo): Compared {
  const q = d.quoteIdentifier(f.name);
  const numericBoth = d.isNumericType(f.type) && d.isNumericType(t.type);
  let expr: (alias: string) => string;
  if (opts.decimals !== undefined && numericBoth) {
    expr = (a) => d.round(`${a}.${q}`, opts.decimals as number);
  } else if (f.type !== t.type && !numericBoth) {
    // Type changed (e.g. integer -> text): compare the text representations.
    expr = (a) => d.castToText(`${a}.${q}`);
  } else {
    expr = (a) => `${a}.${q}`;
  }
  return { name: f.name, fromType: f.type, toType: t.type, expr };
}

/** NULL-safe "the two sides of this column differ" between aliases f and t. */
export function differs(c: Compared): string {
  return `${c.expr('f')} IS DISTINCT FROM ${c.expr('t')}`;
}
