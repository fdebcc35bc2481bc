// The state store: environments, snapshots and built intervals, kept in the warehouse itself
// (schema `vde_state` by default) so every runner that can reach the warehouse sees one truth.
// All SQL here is portable (./sql); the dialect supplies quoting, placeholders and value syntax.

import type { Engine, Queryable, Relation } from '../engines/types';
import type { EnvironmentRecord, Snapshot, StoredAudit } from '../core/types';
import { ConflictError, VdeError, WarehouseError } from '../errors';
import { InFlightApplies } from './in-flight';
import { builtKey, IntervalRecord } from './intervals';
import { StateLocks, type AcquireOptions, type HeldLock } from './locks';
import { migrateState, SCHEMA_VERSION, stateVersion } from './migrations';
import { toEnvironment, toSnapshot } from './rows';
import { Params, chunks, insertMissing, membershipChunks, json, retryOnDuplicate, stateTable, type Column } from './sql';

export interface StoredSnapshot extends Snapshot {
  createdAt: Date;
  updatedAt: Date;
  /** Seconds after `updatedAt` before an unreferenced physical table may be dropped. */
  ttl: number;
}

/** The state schema version that added `audit_results`. */
const AUDITS_VERSION = 3;

/** What a compare-and-set expects the environment row to hold. */
export interface Expected {
  /** null: the environment must not exist. */
  planId: string | null;
  /** When given, `expires_at` must still be exactly this (an invalidation in between is a conflict). */
  expiresAt?: Date | null;
}

export interface StateOptions {
  /** Length of lease locks in seconds (engines without advisory locks). Default 60. */
  leaseSeconds?: number;
}

type Row = Record<string, unknown>;

const SNAPSHOT_COLUMNS: readonly Column[] = [
  ['name', 'text'],
  ['fingerprint', 'text'],
  ['version', 'text'],
  ['kind', 'text'],
  ['physical_table', 'json'],
  ['parents', 'json'],
  ['definition', 'json'],
  ['created_at', 'timestamp'],
  ['updated_at', 'timestamp'],
  ['ttl', 'bigint'],
];

export class StateStore {
  readonly locks: StateLocks;
  readonly applies: InFlightApplies;
  readonly intervals: IntervalRecord;
  /** The state schema's version in the warehouse (0: it does not exist yet). */
  private version = 0;

  constructor(
    private readonly engine: Engine,
    readonly schema: string,
    opts: StateOptions = {},
  ) {
    this.locks = new StateLocks(engine, schema, opts.leaseSeconds ?? 60);
    this.applies = new InFlightApplies(engine, schema);
    this.intervals = new IntervalRecord(engine, schema, () => this.version);
  }

  private t(name: string): string {
    return this.engine.dialect.qualify(stateTable(this.engine.dialect, this.schema, name));
  }

  private params(): Params {
    return new Params(this.engine.dialect);
  }

  /** True while the warehouse has no state schema: reads return nothing, nothing is created. */
  get empty(): boolean {
    return this.version === 0;
  }

  /**
   * Reads where the warehouse stands. Never writes: read-only commands leave a fresh warehouse
   * untouched, and read an older state schema as it is (reads tolerate missing newer columns).
   */
  async open(): Promise<this> {
    this.version = await stateVersion(this.engine, this.schema);
    if (this.version > SCHEMA_VERSION) {
      throw new VdeError(
        `state schema ${this.schema} is at version ${this.version}, newer than this vde understands (${SCHEMA_VERSION}); upgrade vde`,
      );
    }
    return this;
  }

  /**
   * Creates or upgrades the state schema, under the state lock so that two first runs do not
   * race. Every write path calls it first. Safe to call on every run.
   */
  async migrate(): Promise<void> {
    if (this.version === SCHEMA_VERSION) return;
    this.version = await migrateState(this.engine, this.schema, this.locks);
    if (this.version > SCHEMA_VERSION) await this.open();
  }

  /** Takes a lock (see StateLocks); the state schema must exist for lease locks. */
  lock(name: string, opts: AcquireOptions): Promise<HeldLock> {
    return this.locks.acquire(this.locks.key(name), opts);
  }

  // --- environments ---

  async getEnvironment(name: string, q: Queryable = this.engine): Promise<EnvironmentRecord | null> {
    if (this.empty) return null;
    const p = this.params();
    const res = await q.query<Row>(`SELECT * FROM ${this.t('environments')} WHERE name = ${p.add(name, 'text')}`, p.values);
    const row = res.rows[0];
    return row ? toEnvironment(row) : null;
  }

  async listEnvironments(): Promise<EnvironmentRecord[]> {
    if (this.empty) return [];
    const res = await this.engine.query<Row>(`SELECT * FROM ${this.t('environments')} ORDER BY name`);
    return res.rows.map(toEnvironment);
  }

  /** `AND plan_id = ... AND expires_at = ...` for a compare-and-set. */
  private expectation(p: Params, expected: Expected & { planId: string }): string {
    let sql = ` AND plan_id = ${p.add(expected.planId, 'text')}`;
    if (expected.expiresAt === null) sql += ' AND expires_at IS NULL';
    else if (expected.expiresAt !== undefined) {
      // A window of a millisecond either side: JavaScript dates carry milliseconds, the warehouse
      // may hold microseconds (an expiry set in SQL). An invalidation moves it by far more.
      const t = expected.expiresAt.getTime();
      sql += ` AND expires_at > ${p.add(new Date(t - 1), 'timestamp')} AND expires_at < ${p.add(new Date(t + 1), 'timestamp')}`;
    }
    return sql;
  }

  /**
   * Writes an environment record if it still is what the caller read (`expected`). A lost race
   * raises ConflictError; in a transaction, the caller's work rolls back with it.
   */
  async compareAndSetEnvironment(
    db: Queryable,
    record: Omit<EnvironmentRecord, 'createdAt'>,
    expected: Expected,
  ): Promise<void> {
    const p = this.params();
    let count: number;
    if (expected.planId === null) {
      count = await insertMissing(
        db,
        this.engine.dialect,
        this.t('environments'),
        [
          ['name', 'text'],
          ['snapshots', 'json'],
          ['plan_id', 'text'],
          ['previous_plan_id', 'text'],
          ['created_at', 'timestamp'],
          ['updated_at', 'timestamp'],
          ['expires_at', 'timestamp'],
          ['finalized_at', 'timestamp'],
          ['previous_snapshots', 'json'],
        ],
        ['name'],
        [[
          record.name,
          record.snapshots,
          record.planId,
          record.previousPlanId,
          record.updatedAt,
          record.updatedAt,
          record.expiresAt,
          record.finalizedAt,
          record.previousSnapshots,
        ]],
      ).catch((err: unknown) => {
        if (err instanceof WarehouseError && err.kind === 'unique-violation') return 0;
        throw err;
      });
    } else {
      const set = [
        `snapshots = ${p.add(record.snapshots, 'json')}`,
        `plan_id = ${p.add(record.planId, 'text')}`,
        `previous_plan_id = ${p.add(record.previousPlanId, 'text')}`,
        `updated_at = ${p.add(record.updatedAt, 'timestamp')}`,
        `expires_at = ${p.add(record.expiresAt, 'timestamp')}`,
        `finalized_at = ${p.add(record.finalizedAt, 'timestamp')}`,
        `previous_snapshots = ${p.add(record.previousSnapshots, 'json')}`,
      ];
      const res = await db.query(
        `UPDATE ${this.t('environments')} SET ${set.join(', ')} WHERE name = ${p.add(record.name, 'text')}${this.expectation(p, { ...expected, planId: expected.planId })}`,
        p.values,
      );
      count = res.rowCount;
    }
    if (count !== 1) {
      throw new ConflictError(
        `environment ${record.name} was changed by another run while this one was applying ` +
          `(expected plan ${expected.planId ?? '(none)'}${expected.expiresAt === undefined ? '' : ' and its expiry unchanged: it may have been invalidated'}); ` +
          're-run to apply on top of it',
        record.name,
      );
    }
  }

  /** Marks an unfinalized environment finalized (its views are in place); false if its plan moved on. */
  async finalizeEnvironment(name: string, planId: string, finalizedAt: Date): Promise<boolean> {
    const p = this.params();
    const res = await this.engine.query(
      `UPDATE ${this.t('environments')} SET finalized_at = ${p.add(finalizedAt, 'timestamp')}, previous_snapshots = NULL
        WHERE name = ${p.add(name, 'text')} AND plan_id = ${p.add(planId, 'text')}`,
      p.values,
    );
    return res.rowCount === 1;
  }

  /** Sets the expiry unconditionally (invalidate). */
  async setExpiry(name: string, expiresAt: Date): Promise<boolean> {
    if (this.empty) return false;
    const p = this.params();
    const res = await this.engine.query(
      `UPDATE ${this.t('environments')} SET expires_at = ${p.add(expiresAt, 'timestamp')}, updated_at = ${p.add(new Date(), 'timestamp')} WHERE name = ${p.add(name, 'text')}`,
      p.values,
    );
    return res.rowCount === 1;
  }

  /** Moves the expiry only if the row is still what the caller read; false otherwise. */
  async extendExpiry(name: string, expected: Expected & { planId: string }, expiresAt: Date): Promise<boolean> {
    const p = this.params();
    const res = await this.engine.query(
      `UPDATE ${this.t('environments')} SET expires_at = ${p.add(expiresAt, 'timestamp')}, updated_at = ${p.add(new Date(), 'timestamp')}
        WHERE name = ${p.add(name, 'text')}${this.expectation(p, expected)}`,
      p.values,
    );
    return res.rowCount === 1;
  }

  /** Deletes the environment row only if it is still the version the caller read; false otherwise. */
  async deleteEnvironment(name: string, expected: Expected & { planId: string }): Promise<boolean> {
    const p = this.params();
    const res = await this.engine.query(
      `DELETE FROM ${this.t('environments')} WHERE name = ${p.add(name, 'text')}${this.expectation(p, expected)}`,
      p.values,
    );
    return res.rowCount === 1;
  }

  // --- snapshots ---

  async getSnapshots(fingerprints: Iterable<string>): Promise<Map<string, StoredSnapshot>> {
    const out = new Map<string, StoredSnapshot>();
    // Bounded IN lists keep statements small on projects with thousands of models.
    for (const chunk of membershipChunks(this.engine.dialect, this.empty ? [] : [...new Set(fingerprints)], 500)) {
      const p = this.params();
      const res = await this.engine.query<Row>(`SELECT * FROM ${this.t('snapshots')} WHERE ${p.in('fingerprint', chunk)}`, p.values);
      for (const row of res.rows) {
        const s = toSnapshot(row);
        out.set(s.fingerprint, s);
      }
    }
    return out;
  }

  /** fingerprint → version for the given fingerprints that have been recorded. */
  async getVersions(fingerprints: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const chunk of membershipChunks(this.engine.dialect, this.empty ? [] : fingerprints, 1000)) {
      const p = this.params();
      const res = await this.engine.query<Row>(
        `SELECT fingerprint, version FROM ${this.t('snapshots')} WHERE ${p.in('fingerprint', chunk)}`,
        p.values,
      );
      for (const row of res.rows) out.set(String(row.fingerprint), String(row.version));
    }
    return out;
  }

  async listSnapshots(): Promise<StoredSnapshot[]> {
    if (this.empty) return [];
    const res = await this.engine.query<Row>(`SELECT * FROM ${this.t('snapshots')} ORDER BY created_at, name`);
    return res.rows.map(toSnapshot);
  }

  /** True when some snapshot row (any fingerprint) uses this model version. */
  async knowsVersion(name: string, version: string): Promise<boolean> {
    if (this.empty) return false;
    const p = this.params();
    const res = await this.engine.query(
      `SELECT 1 AS found FROM ${this.t('snapshots')} WHERE name = ${p.add(name, 'text')} AND version = ${p.add(version, 'text')}`,
      p.values,
    );
    return res.rows.length > 0;
  }

  /**
   * Records snapshots; existing fingerprints keep their rows and only get `updated_at` (and ttl)
   * moved. Returns the fingerprints this call inserted.
   */
  async saveSnapshots(snapshots: Snapshot[], ttl: number, now: Date): Promise<Set<string>> {
    const inserted = new Set<string>();
    // Multi-row statements: an environment of 500 models should not cost 500 round trips.
    for (const chunk of chunks(snapshots, 200)) {
      await retryOnDuplicate(async () => {
        const existing = await this.getVersions(chunk.map((s) => s.fingerprint));
        await this.touchSnapshots([...existing.keys()], now, this.engine, ttl);
        const missing = chunk.filter((s) => !existing.has(s.fingerprint));
        await insertMissing(
          this.engine,
          this.engine.dialect,
          this.t('snapshots'),
          SNAPSHOT_COLUMNS,
          ['fingerprint'],
          missing.map((s) => [s.name, s.fingerprint, s.version, s.kind, s.physicalTable, s.parents, s.definition, now, now, ttl]),
        );
        for (const s of missing) inserted.add(s.fingerprint);
      });
    }
    return inserted;
  }

  /** Marks snapshots as still in use, so their TTL counts from now. */
  async touchSnapshots(fingerprints: string[], now: Date, q: Queryable = this.engine, ttl?: number): Promise<void> {
    for (const chunk of membershipChunks(this.engine.dialect, fingerprints, 500)) {
      const p = this.params();
      const set = `updated_at = ${p.add(now, 'timestamp')}${ttl === undefined ? '' : `, ttl = ${p.add(ttl, 'bigint')}`}`;
      await q.query(`UPDATE ${this.t('snapshots')} SET ${set} WHERE ${p.in('fingerprint', chunk)}`, p.values);
    }
  }

  /** Deletes a snapshot row this run inserted, unless its version got built meanwhile. */
  async deleteUnbuiltSnapshot(fingerprint: string): Promise<void> {
    const p = this.params();
    await this.engine.query(
      `DELETE FROM ${this.t('snapshots')} WHERE fingerprint = ${p.add(fingerprint, 'text')}
         AND NOT EXISTS (SELECT 1 FROM ${this.t('intervals')} i WHERE i.name = ${this.t('snapshots')}.name AND i.version = ${this.t('snapshots')}.version)`,
      p.values,
    );
  }

  /** Forgets a model version entirely: its built intervals, its audit results and every snapshot row using it. */
  async forgetVersion(name: string, version: string): Promise<void> {
    await this.engine.transaction(async (tx) => {
      for (const table of [...(this.version >= AUDITS_VERSION ? ['audit_results'] : []), 'intervals', 'snapshots']) {
        const p = this.params();
        await tx.query(`DELETE FROM ${this.t(table)} WHERE name = ${p.add(name, 'text')} AND version = ${p.add(version, 'text')}`, p.values);
      }
    });
  }

  // --- intervals: what each (model, version) physical object holds (./intervals) ---

  /** builtKey(name, version) of the built physical objects of these models. */
  builtVersions(names: string[]): Promise<Set<string>> {
    return this.intervals.builtVersions(names);
  }

  async isBuilt(name: string, version: string): Promise<boolean> {
    return (await this.builtVersions([name])).has(builtKey(name, version));
  }

  recordBuilt(name: string, version: string, start: Date, end: Date, upstream: Record<string, number> | null = null): Promise<void> {
    return this.intervals.recordBuilt(name, version, start, end, upstream);
  }

  // --- audit results: per model version, the audits that ran on its table and did not block ---

  /** Recorded results of these model versions, by `name\0version\0key`. */
  async getAuditResults(versions: { name: string; version: string }[]): Promise<Map<string, StoredAudit>> {
    const out = new Map<string, StoredAudit>();
    if (this.version < AUDITS_VERSION || versions.length === 0) return out;
    const wanted = new Set(versions.map((v) => `${v.name}\0${v.version}`));
    for (const chunk of membershipChunks(this.engine.dialect, [...new Set(versions.map((v) => v.name))], 1000)) {
      const p = this.params();
      const res = await this.engine.query<Row>(`SELECT name, version, audit_key, result FROM ${this.t('audit_results')} WHERE ${p.in('name', chunk)}`, p.values);
      for (const r of res.rows) {
        const at = `${String(r.name)}\0${String(r.version)}`;
        if (wanted.has(at)) out.set(`${at}\0${String(r.audit_key)}`, json<StoredAudit>(r.result));
      }
    }
    return out;
  }

  /** Records audit results of a model version (a concurrent run recording the same ones is fine). */
  async saveAuditResults(name: string, version: string, results: { key: string; result: StoredAudit }[], now: Date): Promise<void> {
    for (const chunk of chunks(results, 200)) {
      await retryOnDuplicate(() =>
        insertMissing(
          this.engine,
          this.engine.dialect,
          this.t('audit_results'),
          [['name', 'text'], ['version', 'text'], ['audit_key', 'text'], ['result', 'json'], ['ran_at', 'timestamp']],
          ['name', 'version', 'audit_key'],
          chunk.map((r) => [name, version, r.key, r.result, now]),
        ),
      );
    }
  }

  /** Forgets the audit results of a version about to be (re)built: they were about another table. */
  async forgetAuditResults(name: string, version: string): Promise<void> {
    if (this.version < AUDITS_VERSION) return;
    const p = this.params();
    await this.engine.query(`DELETE FROM ${this.t('audit_results')} WHERE name = ${p.add(name, 'text')} AND version = ${p.add(version, 'text')}`, p.values);
  }

  /** Forgets that a version is built, and any data it was recorded to hold (its table turned out to be missing). */
  forgetBuilt(name: string, version: string): Promise<void> {
    return this.intervals.forget(name, version);
  }
}

export { builtKey };

/** Where a snapshot's physical object lives, as a comparable string. */
export function relationKey(r: Relation): string {
  return `${r.schema}.${r.name}`;
}
