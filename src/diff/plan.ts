// What every table-diff module is handed (the engine, the read-only session, the options, the
// target), and the comparison rules: how two columns compare and how key parts match
// (docs/diff.md "Comparison semantics"). Engine-specific SQL comes from the dialect.

import type { ColumnInfo, Dialect, Engine, Queryable, ValueFamily } from '../engines/types';
import type { DiffOptions, DiffTarget } from './types';

export interface Plan {
  engine: Engine;
  d: Dialect;
  /** The model's read-only session: every statement of the model runs here. */
  q: Queryable;
  opts: DiffOptions;
  target: DiffTarget;
  /** The environments' names, for messages. */
  envs: { from: string; to: string };
}

/** A common non-key column and the SQL that compares its two sides. */
export interface Compared {
  name: string;
  fromType: string;
  toType: string;
  /** True when both sides are numbers (the report shows them without trailing zeros). */
  numeric: boolean;
  /** NULL-safe SQL that is true when the column differs between aliases `f` and `t`. */
  differs(f: string, t: string): string;
  /** The value as compared under `alias`, for grouping (keyless comparisons). */
  value(alias: string, side: 'from' | 'to'): string;
}

/** A key column: the expression matched on each side and what stands for NULL in a NULL-safe match. */
export interface KeyPart {
  name: string;
  fromType: string;
  toType: string;
  /** The key value under `alias` as matched (native, an exact decimal, or text). */
  expr(alias: string, side: 'from' | 'to'): string;
  /** How the value is matched: natively, or through its text (then the key check runs per side). */
  byText: boolean;
  /** Type of `expr`'s result, used to write typed literals (sample lookups) and NULL fillers. */
  literal(text: string): string;
  /** NULL filler for the NULL-safe match (a literal of `expr`'s type). */
  filler: string;
}

const NUMBER: ReadonlySet<ValueFamily> = new Set(['integer', 'decimal', 'float']);
export const isNumber = (f: ValueFamily): f is 'integer' | 'decimal' | 'float' => NUMBER.has(f);

/** `0.00...05`: half a unit in the `decimals`-th place, as an exact decimal literal. */
export function halfUnit(decimals: number): string {
  return `0.${'0'.repeat(decimals)}5`;
}

export function comparedColumn(d: Dialect, opts: DiffOptions, f: ColumnInfo, t: ColumnInfo): Compared {
  const q = d.quoteIdentifier(f.name);
  const ff = d.diff.family(f.type);
  const tf = d.diff.family(t.type);
  const col = (alias: string) => `${alias}.${q}`;
  const base = { name: f.name, fromType: f.type, toType: t.type, numeric: isNumber(ff) && isNumber(tf) };
  if (isNumber(ff) && isNumber(tf)) {
    const dec = (alias: string, fam: 'integer' | 'decimal' | 'float') => d.diff.exactDecimal(col(alias), fam);
    const bothIntegers = ff === 'integer' && tf === 'integer';
    const sameType = f.type === t.type && ff !== 'float';
    if (opts.decimals !== undefined && !bothIntegers) {
      // Equal within half a unit of the last kept place, on exact decimals (never float arithmetic).
      const tol = halfUnit(opts.decimals);
      return {
        ...base,
        differs: (a, b) => {
          const x = dec(a, ff);
          const y = dec(b, tf);
          return (
            `CASE WHEN ${col(a)} IS NULL OR ${col(b)} IS NULL THEN (${col(a)} IS NULL) <> (${col(b)} IS NULL) ` +
            `WHEN ${x} = ${y} THEN FALSE ELSE NOT (ABS(${x} - ${y}) < ${tol}) END`
          );
        },
        value: (a, side) => `ROUND(${dec(a, side === 'from' ? ff : tf)}, ${opts.decimals as number})`,
      };
    }
    if (bothIntegers || sameType || (f.type === t.type && ff === 'float')) {
      // Same type (or integers of any width): the engine's own equality is by value.
      return { ...base, differs: (a, b) => `${col(a)} IS DISTINCT FROM ${col(b)}`, value: (a) => col(a) };
    }
    // A number retyped (integer -> numeric(10,2), bigint -> double, real -> double): by value.
    return {
      ...base,
      differs: (a, b) => `${dec(a, ff)} IS DISTINCT FROM ${dec(b, tf)}`,
      value: (a, side) => dec(a, side === 'from' ? ff : tf),
    };
  }
  if (f.type === t.type && ff !== 'textual') {
    return { ...base, differs: (a, b) => `${col(a)} IS DISTINCT FROM ${col(b)}`, value: (a) => col(a) };
  }
  // No usable `=` (json, point, ...) or a type change outside the numbers: the engine's text form.
  const text = (alias: string) => d.castToText(col(alias));
  return { ...base, differs: (a, b) => `${text(a)} IS DISTINCT FROM ${text(b)}`, value: (a) => text(a) };
}

export function keyPart(d: Dialect, f: ColumnInfo, t: ColumnInfo): KeyPart {
  const q = d.quoteIdentifier(f.name);
  const ff = d.diff.family(f.type);
  const tf = d.diff.family(t.type);
  const col = (alias: string) => `${alias}.${q}`;
  const base = { name: f.name, fromType: f.type, toType: t.type };
  if (f.type === t.type && ff !== 'textual') {
    const filler = d.diff.keyFiller(f.type, ff);
    if (filler !== null) {
      return {
        ...base,
        byText: false,
        expr: (alias) => col(alias),
        literal: (text) => `CAST(${d.quoteLiteral(text)} AS ${f.type})`,
        filler,
      };
    }
  } else if (isNumber(ff) && isNumber(tf)) {
    // A retyped number key (integer -> numeric, bigint -> double): matched by exact value.
    return {
      ...base,
      byText: false,
      expr: (alias, side) => d.diff.exactDecimal(col(alias), side === 'from' ? ff : tf),
      literal: (text) => d.diff.exactDecimal(d.quoteLiteral(text), 'decimal'),
      filler: '0',
    };
  }
  return {
    ...base,
    byText: true,
    expr: (alias) => d.castToText(col(alias)),
    literal: (text) => d.quoteLiteral(text),
    filler: d.quoteLiteral(''),
  };
}
