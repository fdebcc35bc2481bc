// Portable SQL for the state store: the subset both Postgres and Snowflake run the same way (no
// ON CONFLICT, no MERGE, no engine-specific JSON syntax). Values are bound through the dialect's
// typed parameters; rows come back with lower-case keys (the driver's promise, see engines/types).

import type { Dialect, ParamType, Queryable, Relation } from '../engines/types';
import { WarehouseError } from '../errors';

export type Column = readonly [name: string, type: ParamType];

/**
 * A state table (`environments`, `locks`, ...) under the engine's identifier rule, like every
 * name vde writes: `vde_state.environments` on Postgres, VDE_STATE.ENVIRONMENTS on Snowflake, so
 * the unquoted name finds it on both.
 */
export function stateTable(d: Dialect, schema: string, name: string): Relation {
  return { schema, name: d.normalizeIdentifier(name) };
}

/** A bound value as the state store sends it: timestamps as ISO strings, JSON as its text. */
export function bindValue(value: unknown, type: ParamType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamp') return (value instanceof Date ? value : new Date(String(value))).toISOString();
  if (type === 'json') return typeof value === 'string' ? value : JSON.stringify(value);
  return value;
}

/** Builds parameter lists with the dialect's typed placeholders. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly d: Dialect) {}

  add(value: unknown, type: ParamType): string {
    this.values.push(bindValue(value, type));
    return this.d.param(this.values.length, type);
  }

  /** `IN (...)` list of text values. */
  list(values: readonly string[]): string {
    return values.map((v) => this.add(v, 'text')).join(', ');
  }

  /** `column` is one of `values`: one array parameter where the dialect binds arrays, else an IN list. */
  in(column: string, values: readonly string[]): string {
    if (!this.d.textIn) return `${column} IN (${this.list(values)})`;
    this.values.push([...values]);
    return this.d.textIn(column, this.values.length);
  }
}

/**
 * `values` in the batches one `Params.in` each takes: all at once where the dialect binds arrays,
 * else IN lists of at most `size` (statements stay small on projects with thousands of models).
 */
export function membershipChunks(d: Dialect, values: readonly string[], size: number): string[][] {
  if (!d.textIn) return chunks(values, size);
  return values.length > 0 ? [[...values]] : [];
}

/**
 * INSERT of rows whose `key` columns are not in the table yet: `INSERT ... SELECT ... WHERE NOT
 * EXISTS`, valid on every engine. Returns how many rows went in.
 */
export async function insertMissing(
  db: Queryable,
  d: Dialect,
  table: string,
  columns: readonly Column[],
  key: readonly string[],
  rows: readonly unknown[][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const params = new Params(d);
  const selects = rows.map(
    (row) => `SELECT ${columns.map(([name, type], i) => `${params.add(row[i], type)} AS ${name}`).join(', ')}`,
  );
  const names = columns.map(([name]) => name).join(', ');
  const match = key.map((k) => `t.${k} = v.${k}`).join(' AND ');
  const r = await db.query(
    `INSERT INTO ${table} (${names})
     SELECT ${columns.map(([name]) => `v.${name}`).join(', ')} FROM (${selects.join('\nUNION ALL ')}) v
     WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${match})`,
    params.values,
  );
  return r.rowCount;
}

/**
 * Runs `fn` again when a concurrent writer got there first: the same key inserted (a unique
 * violation on engines that enforce keys; the retry's UPDATE-then-INSERT then finds the row), or
 * the same object created (Postgres's CREATE ... IF NOT EXISTS can still fail when two run at
 * once; the retry then finds it).
 */
export async function retryOnDuplicate<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !(err instanceof WarehouseError) || (err.kind !== 'unique-violation' && err.kind !== 'duplicate-object')) throw err;
    }
  }
}

/** Splits a list into chunks of `size` (bounded IN lists and multi-row statements). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function date(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

export function optionalDate(v: unknown): Date | null {
  return v == null ? null : date(v);
}
