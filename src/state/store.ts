// The state store: environments, snapshots and built intervals, kept in the warehouse itself
// (schema `vde_state` by default) so every runner that can reach the warehouse sees one truth.

import type { Engine, Queryable, Relation } from '../engines/types';
import type { EnvironmentRecord, Snapshot, SnapshotDefinition, SnapshotRef, KindName } from '../core/types';
import { ConflictError, VdeError } from '../errors';
import { migrations, SCHEMA_VERSION } from './migrations';

export interface StoredSnapshot extends Snapshot {
  createdAt: Date;
  updatedAt: Date;
  /** Seconds after `updatedAt` before an unreferenced physical table may be dropped. */
  ttl: number;
}

type Row = Record<string, unknown>;

export class StateStore {
  constructor(
    private readonly engine: Engine,
    readonly schema: string,
  ) {}

  private t(name: string): string {
    return this.engine.dialect.qualify({ schema: this.schema, name });
  }

  private p(i: number): string {
    return this.engine.dialect.placeholder(i);
  }

  /**
   * True while the warehouse has no state schema yet: reads return nothing, and nothing is
   * created until something is written (`plan`, `envs`, `diff` leave a fresh warehouse untouched).
   */
  private empty = false;

  /** Reads where the warehouse stands; upgrades an older state schema. */
  async open(): Promise<this> {
    const current = await this.currentVersion();
    if (current === 0) this.empty = true;
    else if (current !== SCHEMA_VERSION) await this.migrate();
    return this;
  }

  /** Creates or upgrades the state schema. Safe to call on every run. */
  async migrate(): Promise<void> {
    const d = this.engine.dialect;
    const versions = this.t('versions');
    const current = await this.currentVersion();
    this.empty = false;
    if (current === SCHEMA_VERSION) return;
    if (current > SCHEMA_VERSION) {
      throw new VdeError(
        `state schema ${this.schema} is at version ${current}, newer than this vde understands (${SCHEMA_VERSION}); upgrade vde`,
      );
    }
    await this.engine.transaction(async (tx) => {
      await this.engine.createSchema(tx, this.schema);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${versions} (schema_version ${d.types.bigint} NOT NULL)`);
      const steps = migrations(d, this.schema);
      for (let v = current; v < steps.length; v++) {
        for (const sql of steps[v] ?? []) await tx.query(sql);
      }
      await tx.query(`DELETE FROM ${versions}`);
      await tx.query(`INSERT INTO ${versions} (schema_version) VALUES (${this.p(1)})`, [SCHEMA_VERSION]);
    });
  }

  private async currentVersion(): Promise<number> {
    if (!(await this.engine.relationExists({ schema: this.schema, name: 'versions' }))) return 0;
    const res = await this.engine.query<Row>(`SELECT max(schema_version) AS v FROM ${this.t('versions')}`);
    return Number(res.rows[0]?.v ?? 0);
  }

  // --- environments ---

  async getEnvironment(name: string, q: Queryable = this.engine): Promise<EnvironmentRecord | null> {
    if (this.empty) return null;
    const res = await q.query<Row>(`SELECT * FROM ${this.t('environments')} WHERE name = ${this.p(1)}`, [name]);
    const row = res.rows[0];
    return row ? toEnvironment(row) : null;
  }

  async listEnvironments(): Promise<EnvironmentRecord[]> {
    if (this.empty) return [];
    const res = await this.engine.query<Row>(`SELECT * FROM ${this.t('environments')} ORDER BY name`);
    return res.rows.map(toEnvironment);
  }

  /**
   * Writes an environment record if its plan id is still `previousPlanId` (null: the environment
   * must not exist yet). A lost race raises ConflictError, and the caller's transaction rolls back.
   */
  async compareAndSetEnvironment(
    tx: Queryable,
    record: Omit<EnvironmentRecord, 'createdAt'>,
    previousPlanId: string | null,
  ): Promise<void> {
    const values = [
      record.name,
      JSON.stringify(record.snapshots),
      record.planId,
      record.previousPlanId,
      record.updatedAt,
      record.expiresAt,
      record.finalizedAt,
    ];
    let count: number;
    if (previousPlanId === null) {
      const res = await tx.query(
        `INSERT INTO ${this.t('environments')}
           (name, snapshots, plan_id, previous_plan_id, created_at, updated_at, expires_at, finalized_at)
         VALUES (${this.p(1)}, ${this.p(2)}, ${this.p(3)}, ${this.p(4)}, ${this.p(5)}, ${this.p(5)}, ${this.p(6)}, ${this.p(7)})
         ON CONFLICT (name) DO NOTHING`,
        values,
      );
      count = res.rowCount;
    } else {
      const res = await tx.query(
        `UPDATE ${this.t('environments')}
            SET snapshots = ${this.p(2)}, plan_id = ${this.p(3)}, previous_plan_id = ${this.p(4)},
                updated_at = ${this.p(5)}, expires_at = ${this.p(6)}, finalized_at = ${this.p(7)}
          WHERE name = ${this.p(1)} AND plan_id = ${this.p(8)}`,
        [...values, previousPlanId],
      );
      count = res.rowCount;
    }
    if (count !== 1) {
      throw new ConflictError(
        `environment ${record.name} was changed by another run while this one was applying (expected plan ${previousPlanId ?? '(none)'}); re-run to apply on top of it`,
        record.name,
      );
    }
  }

  async setExpiry(name: string, expiresAt: Date): Promise<boolean> {
    if (this.empty) return false;
    const res = await this.engine.query(
      `UPDATE ${this.t('environments')} SET expires_at = ${this.p(2)}, updated_at = ${this.p(3)} WHERE name = ${this.p(1)}`,
      [name, expiresAt, new Date()],
    );
    return res.rowCount === 1;
  }

  async deleteEnvironment(name: string, q: Queryable = this.engine): Promise<void> {
    await q.query(`DELETE FROM ${this.t('environments')} WHERE name = ${this.p(1)}`, [name]);
  }

  // --- snapshots ---

  async getSnapshots(fingerprints: Iterable<string>): Promise<Map<string, StoredSnapshot>> {
    const list = this.empty ? [] : [...new Set(fingerprints)];
    const out = new Map<string, StoredSnapshot>();
    // Bounded IN lists keep statements small on projects with thousands of models.
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      const res = await this.engine.query<Row>(
        `SELECT * FROM ${this.t('snapshots')} WHERE fingerprint IN (${chunk.map((_, j) => this.p(j + 1)).join(', ')})`,
        chunk,
      );
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
    for (let i = 0; !this.empty && i < fingerprints.length; i += 1000) {
      const chunk = fingerprints.slice(i, i + 1000);
      const res = await this.engine.query<Row>(
        `SELECT fingerprint, version FROM ${this.t('snapshots')} WHERE fingerprint IN (${chunk.map((_, j) => this.p(j + 1)).join(', ')})`,
        chunk,
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

  /** Records new snapshots; existing fingerprints keep their rows and only get `updated_at` bumped. */
  async saveSnapshots(snapshots: Snapshot[], ttl: number, now: Date): Promise<void> {
    // Multi-row statements: an environment of 500 models should not cost 500 round trips.
    for (let i = 0; i < snapshots.length; i += 200) {
      const chunk = snapshots.slice(i, i + 200);
      const params: unknown[] = [now, ttl];
      const rows = chunk.map((s) => {
        const at = params.length;
        params.push(
          s.name,
          s.fingerprint,
          s.version,
          s.kind,
          JSON.stringify(s.physicalTable),
          JSON.stringify(s.parents),
          JSON.stringify(s.definition),
        );
        return `(${[1, 2, 3, 4, 5, 6, 7].map((k) => this.p(at + k)).join(', ')}, ${this.p(1)}, ${this.p(1)}, ${this.p(2)})`;
      });
      await this.engine.query(
        `INSERT INTO ${this.t('snapshots')}
           (name, fingerprint, version, kind, physical_table, parents, definition, created_at, updated_at, ttl)
         VALUES ${rows.join(',\n')}
         ON CONFLICT (fingerprint) DO UPDATE SET updated_at = EXCLUDED.updated_at, ttl = EXCLUDED.ttl`,
        params,
      );
    }
  }

  /** Marks snapshots as still in use, so their TTL counts from now. */
  async touchSnapshots(fingerprints: string[], now: Date, q: Queryable = this.engine): Promise<void> {
    for (let i = 0; i < fingerprints.length; i += 500) {
      const chunk = fingerprints.slice(i, i + 500);
      await q.query(
        `UPDATE ${this.t('snapshots')} SET updated_at = ${this.p(1)} WHERE fingerprint IN (${chunk.map((_, j) => this.p(j + 2)).join(', ')})`,
        [now, ...chunk],
      );
    }
  }

  async deleteSnapshotVersion(name: string, version: string): Promise<void> {
    await this.engine.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${this.t('intervals')} WHERE name = ${this.p(1)} AND version = ${this.p(2)}`, [name, version]);
      await tx.query(`DELETE FROM ${this.t('snapshots')} WHERE name = ${this.p(1)} AND version = ${this.p(2)}`, [name, version]);
    });
  }

  // --- intervals: which (model, version) physical objects are fully built ---

  /** builtKey(name, version) of the built physical objects of these models. */
  async builtVersions(names: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; !this.empty && i < names.length; i += 1000) {
      const chunk = names.slice(i, i + 1000);
      const res = await this.engine.query<Row>(
        `SELECT name, version FROM ${this.t('intervals')} WHERE name IN (${chunk.map((_, j) => this.p(j + 1)).join(', ')})`,
        chunk,
      );
      for (const r of res.rows) out.add(builtKey(String(r.name), String(r.version)));
    }
    return out;
  }

  async recordBuilt(name: string, version: string, start: Date, end: Date): Promise<void> {
    await this.engine.query(
      `INSERT INTO ${this.t('intervals')} (name, version, start_ts, end_ts) VALUES (${this.p(1)}, ${this.p(2)}, ${this.p(3)}, ${this.p(4)})
       ON CONFLICT (name, version) DO UPDATE SET start_ts = EXCLUDED.start_ts, end_ts = EXCLUDED.end_ts`,
      [name, version, start, end],
    );
  }
}

export function builtKey(name: string, version: string): string {
  return `${name}@${version}`;
}

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function date(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

function toEnvironment(row: Row): EnvironmentRecord {
  return {
    name: String(row.name),
    snapshots: json<SnapshotRef[]>(row.snapshots),
    planId: String(row.plan_id),
    previousPlanId: row.previous_plan_id == null ? null : String(row.previous_plan_id),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    expiresAt: row.expires_at == null ? null : date(row.expires_at),
    finalizedAt: row.finalized_at == null ? null : date(row.finalized_at),
  };
}

function toSnapshot(row: Row): StoredSnapshot {
  return {
    name: String(row.name),
    fingerprint: String(row.fingerprint),
    version: String(row.version),
    kind: String(row.kind) as KindName,
    physicalTable: json<Relation>(row.physical_table),
    parents: json<string[]>(row.parents),
    definition: json<SnapshotDefinition>(row.definition),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    ttl: Number(row.ttl),
  };
}
