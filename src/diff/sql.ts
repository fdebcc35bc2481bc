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

/** A text value from the warehouse (the diff casts every value it reads to text), or null. */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

export function sameRelation(a: Relation, b: Relation): boolean {
  return a.schema === b.schema && a.name === b.name;
}

export function pct(equal: number, total: number): number {
  if (total === 0) return 100;
  return Math.round((10000 * equal) / total) / 100;
}

/** Finds a column by its exact name first, then by the dialect's folding of it (`--on ID`). */
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
 * (so a trailing `--` comment cannot swallow the closing parenthesis). It runs in a read-only
 * transaction (session.ts), so it can only read.
 */
export function whereClause(where: string | undefined, and?: string): string {
  const user = where !== undefined && where.trim() !== '' ? `(\n${where}\n)` : '';
  const all = [user, and ?? ''].filter((s) => s !== '');
  return all.length > 0 ? `\nWHERE ${all.join('\n  AND ')}` : '';
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

/** Rows of each side after `where`, in one statement. */
export async function countBoth(plan: Plan, from: Relation, to: Relation): Promise<{ from: number; to: number }> {
  const { d, q, opts } = plan;
  const count = (rel: Relation) => `(SELECT COUNT(*) FROM ${d.qualify(rel)}${whereClause(opts.where)})`;
  const r = await q.query(`SELECT ${count(from)} AS ${d.quoteIdentifier('nf')}, ${count(to)} AS ${d.quoteIdentifier('nt')}`);
  return { from: toNumber(r.rows[0]?.nf), to: toNumber(r.rows[0]?.nt) };
}
