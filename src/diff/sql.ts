// Small SQL and number helpers shared by the table-diff modules (DESIGN "Table diff").

import type { ColumnInfo, Dialect, Relation } from '../engines/types';
import { VdeError } from '../errors';
import type { Plan } from './plan';

export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const n = Number(value);
    if (Number.isNaN(n)) throw new VdeError(`expected a number from the warehouse, got ${JSON.stringify(value)}`);
    return n;
  }
  throw new VdeError(`expected a number from the warehouse, got ${typeof value}`);
}

export function sameRelation(a: Relation, b: Relation): boolean {
  return a.schema === b.schema && a.name === b.name;
}

export function pct(equal: number, total: number): number {
  if (total === 0) return 100;
  return Math.round((10000 * equal) / total) / 100;
}

/** Finds a column by exact name, else by the dialect's folding of the name (e.g. `--on ID`). */
export function findColumn(cols: ColumnInfo[], name: string, dialect: Dialect): ColumnInfo | undefined {
  return cols.find((c) => c.name === name) ?? cols.find((c) => c.name === dialect.normalizeIdentifier(name));
}

/** A name for a helper column that no real column uses. */
export function freshName(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  let name = base;
  for (let i = 1; set.has(name); i++) name = `${base}_${i}`;
  return name;
}

/**
 * `DiffOptions.where` is user SQL by design: inserted verbatim, in parentheses and on its own lines
 * (so a trailing `--` comment cannot swallow the closing parenthesis). It is exactly as trusted as
 * the model SQL the same user writes.
 */
export function whereClause(where: string | undefined): string {
  return where !== undefined && where.trim() !== '' ? `\nWHERE (\n${where}\n)` : '';
}

export function listCounts(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `(SELECT <columns>[, 1 AS <marker>] FROM <rel> WHERE <where>)`: one side of a join. */
export function sideSubquery(plan: Plan, rel: Relation, columns: string[], marker?: string): string {
  const { d, opts } = plan;
  const list = columns.map((c) => d.quoteIdentifier(c));
  if (marker !== undefined) list.push(`1 AS ${d.quoteIdentifier(marker)}`);
  return `(SELECT ${list.join(', ')} FROM ${d.qualify(rel)}${whereClause(opts.where)})`;
}

/** Rows of one side after `where`. */
export async function countRows(plan: Plan, rel: Relation): Promise<number> {
  const { d, engine, opts } = plan;
  const r = await engine.query(`SELECT COUNT(*) AS ${d.quoteIdentifier('n')} FROM ${d.qualify(rel)}${whereClause(opts.where)}`);
  return toNumber(r.rows[0]?.n);
}
