// The `intervals` record (state v4, docs/state.md): append-only rows saying what each physical
// object `(name, version)` holds.
//   - kind `built`: the object was (re)built completely: a FULL/SEED table or VIEW, or the empty
//     table of an incremental model. `upstream` (FULL models downstream of incremental ones)
//     holds how many rows the record had for each table it reads when it was built, so a later
//     change upstream shows as a different count (docs/incremental.md, "refreshes").
//   - kind `data`: the rows of [start_ts, end_ts) of an incremental model are committed. Written
//     in the same transaction as the data, so a recorded interval is always there and a crash
//     re-runs at most the batch it interrupted.
// Versions shared by environments share their rows. A state schema older than v4 is read as it is:
// its keyed rows all mean `built`.

import type { Engine, Queryable } from '../engines/types';
import { Params, date, json, membershipChunks, stateTable } from './sql';

type Row = Record<string, unknown>;

export interface RecordedRange {
  start: Date;
  end: Date;
}

/** The latest build of an object and what it read then. */
export interface LastBuild {
  at: Date;
  upstream: Record<string, number> | null;
}

/** The state schema version that made `intervals` append-only. */
export const APPEND_ONLY_INTERVALS_VERSION = 4;

export function builtKey(name: string, version: string): string {
  return `${name}@${version}`;
}

export class IntervalRecord {
  constructor(
    private readonly engine: Engine,
    private readonly schema: string,
    /** The state schema's version in the warehouse (0: none yet). */
    private readonly version: () => number,
  ) {}

  private get table(): string {
    return this.engine.dialect.qualify(stateTable(this.engine.dialect, this.schema, 'intervals'));
  }

  private params(): Params {
    return new Params(this.engine.dialect);
  }

  private get appendOnly(): boolean {
    return this.version() >= APPEND_ONLY_INTERVALS_VERSION;
  }

  /** builtKey of every built physical object of these models. */
  async builtVersions(names: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of membershipChunks(this.engine.dialect, this.version() === 0 ? [] : names, 1000)) {
      const p = this.params();
      const kind = this.appendOnly ? ` AND kind = 'built'` : '';
      const res = await this.engine.query<Row>(`SELECT DISTINCT name, version FROM ${this.table} WHERE ${p.in('name', chunk)}${kind}`, p.values);
      for (const r of res.rows) out.add(builtKey(String(r.name), String(r.version)));
    }
    return out;
  }

  /** Records a complete build; `q` lets a caller write it in the transaction of the build itself. */
  async recordBuilt(name: string, version: string, start: Date, end: Date, upstream: Record<string, number> | null = null, q: Queryable = this.engine): Promise<void> {
    await this.insert(q, name, version, 'built', start, end, upstream);
  }

  /** Records that the rows of [start, end) are committed; call inside the transaction that wrote them. */
  async recordData(q: Queryable, name: string, version: string, start: Date, end: Date): Promise<void> {
    await this.insert(q, name, version, 'data', start, end, null);
  }

  private async insert(q: Queryable, name: string, version: string, kind: 'built' | 'data', start: Date, end: Date, upstream: Record<string, number> | null): Promise<void> {
    const d = this.engine.dialect;
    const p = this.params();
    await q.query(
      `INSERT INTO ${this.table} (name, version, kind, start_ts, end_ts, created_at, upstream)
       SELECT ${p.add(name, 'text')}, ${p.add(version, 'text')}, ${p.add(kind, 'text')}, ${p.add(start, 'timestamp')}, ${p.add(end, 'timestamp')}, ${d.currentTimestamp}, ${p.add(upstream, 'json')}`,
      p.values,
    );
  }

  /**
   * The rows of the given (name, version)s: one query per 1,000 names (`where` narrows it,
   * `groupBy` aggregates it), rows of other versions of those names left out.
   */
  private async rowsOf(
    keys: readonly { name: string; version: string }[],
    select: string,
    where: string,
    groupBy = '',
  ): Promise<{ key: string; row: Row }[]> {
    const wanted = new Set(keys.map((k) => builtKey(k.name, k.version)));
    const out: { key: string; row: Row }[] = [];
    for (const chunk of membershipChunks(this.engine.dialect, [...new Set(keys.map((k) => k.name))], 1000)) {
      const p = this.params();
      const res = await this.engine.query<Row>(`SELECT ${select} FROM ${this.table} WHERE ${where}${p.in('name', chunk)}${groupBy}`, p.values);
      for (const row of res.rows) {
        const key = builtKey(String(row.name), String(row.version));
        if (wanted.has(key)) out.push({ key, row });
      }
    }
    return out;
  }

  /** The committed data ranges of each (name, version), by builtKey (unmerged, in no order). */
  async dataRanges(keys: readonly { name: string; version: string }[]): Promise<Map<string, RecordedRange[]>> {
    const out = new Map<string, RecordedRange[]>();
    if (!this.appendOnly) return out;
    for (const { key, row } of await this.rowsOf(keys, 'name, version, start_ts, end_ts', "kind = 'data' AND ")) {
      const list = out.get(key) ?? [];
      list.push({ start: date(row.start_ts), end: date(row.end_ts) });
      out.set(key, list);
    }
    return out;
  }

  /**
   * How many rows the record holds for each (name, version): every build and every batch adds
   * one, so a count that moved means the object's content may have moved.
   */
  async rowCounts(keys: readonly { name: string; version: string }[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (this.version() === 0) return out;
    for (const { key, row } of await this.rowsOf(keys, 'name, version, COUNT(*) AS n', '', ' GROUP BY name, version')) out.set(key, Number(row.n));
    return out;
  }

  /** The latest `built` row of each (name, version), with what it read. */
  async lastBuilds(keys: readonly { name: string; version: string }[]): Promise<Map<string, LastBuild>> {
    const out = new Map<string, LastBuild>();
    if (!this.appendOnly) return out;
    for (const { key, row } of await this.rowsOf(keys, 'name, version, created_at, upstream', "kind = 'built' AND ")) {
      const at = date(row.created_at);
      const seen = out.get(key);
      if (!seen || seen.at.getTime() <= at.getTime()) out.set(key, { at, upstream: row.upstream == null ? null : json<Record<string, number>>(row.upstream) });
    }
    return out;
  }

  /** Forgets that the rows of exactly [start, end) are done (they failed a blocking audit): the next run processes them again. */
  async forgetData(name: string, version: string, start: Date, end: Date): Promise<void> {
    const p = this.params();
    await this.engine.query(
      `DELETE FROM ${this.table} WHERE kind = 'data' AND name = ${p.add(name, 'text')} AND version = ${p.add(version, 'text')}
         AND start_ts = ${p.add(start, 'timestamp')} AND end_ts = ${p.add(end, 'timestamp')}`,
      p.values,
    );
  }

  /** Forgets everything recorded for a version (its object is gone). */
  async forget(name: string, version: string, q: Queryable = this.engine): Promise<void> {
    if (this.version() === 0) return;
    const p = this.params();
    await q.query(`DELETE FROM ${this.table} WHERE name = ${p.add(name, 'text')} AND version = ${p.add(version, 'text')}`, p.values);
  }
}
