// Applies in flight: each apply lists, before it builds anything, every physical table its plan
// uses (to build or to reuse) and every table its environment pointed at before. The janitor
// treats those tables as referenced until the row is gone or has expired, so it never drops a
// table an apply is building or about to point views at. The apply renews its row while it runs
// and deletes it when it ends; a crashed apply's row expires (by the warehouse's clock), or is
// ignored at once when its owner is known to be gone (same rule as lease locks).

import type { Engine, Relation } from '../engines/types';
import { dropOwner, newOwner, ownerGone } from './lease';
import { Params, json, stateTable } from './sql';

export class InFlightApplies {
  constructor(
    private readonly engine: Engine,
    private readonly schema: string,
  ) {}

  private get table(): string {
    return this.engine.dialect.qualify(stateTable(this.engine.dialect, this.schema, 'applies'));
  }

  private expiry(seconds: number): string {
    const d = this.engine.dialect;
    return d.plusSeconds(d.currentTimestamp, seconds);
  }

  private readonly owners = new Map<string, string>();

  async register(planId: string, environment: string, tables: Relation[], ttlSeconds: number): Promise<void> {
    // The owner counts as alive from here until `end`, which every apply reaches (finally).
    const owner = newOwner();
    this.owners.set(planId, owner);
    const p = new Params(this.engine.dialect);
    await this.engine.query(
      `INSERT INTO ${this.table} (plan_id, environment, owner, tables, started_at, expires_at)
       SELECT ${p.add(planId, 'text')}, ${p.add(environment, 'text')}, ${p.add(owner, 'text')}, ${p.add(tables, 'json')}, ${this.engine.dialect.currentTimestamp}, ${this.expiry(ttlSeconds)}`,
      p.values,
    );
  }

  /** Pushes the expiry out; false when the row is gone (a janitor may then drop its tables). */
  async renew(planId: string, ttlSeconds: number): Promise<boolean> {
    const p = new Params(this.engine.dialect);
    const r = await this.engine.query(
      `UPDATE ${this.table} SET expires_at = ${this.expiry(ttlSeconds)} WHERE plan_id = ${p.add(planId, 'text')}`,
      p.values,
    );
    return r.rowCount > 0;
  }

  async end(planId: string): Promise<void> {
    const owner = this.owners.get(planId);
    if (owner) dropOwner(owner);
    this.owners.delete(planId);
    const p = new Params(this.engine.dialect);
    await this.engine.query(`DELETE FROM ${this.table} WHERE plan_id = ${p.add(planId, 'text')}`, p.values);
  }

  /** Tables of applies that are still running (rows not expired, owners not known to be gone), except `exceptPlan`'s. */
  async liveTables(exceptPlan?: string): Promise<Relation[]> {
    const r = await this.engine.query<{ plan_id: string; owner: string; tables: unknown }>(
      `SELECT plan_id, owner, tables FROM ${this.table} WHERE expires_at > ${this.engine.dialect.currentTimestamp}`,
    );
    return r.rows
      .filter((row) => !ownerGone(String(row.owner)) && String(row.plan_id) !== exceptPlan)
      .flatMap((row) => json<Relation[]>(row.tables));
  }

  /** Removes rows whose apply is gone (expired, or its owner no longer runs). */
  async deleteStale(): Promise<number> {
    const d = this.engine.dialect;
    const r = await this.engine.query<{ plan_id: string; owner: string; expired: unknown }>(
      `SELECT plan_id, owner, CASE WHEN expires_at <= ${d.currentTimestamp} THEN 1 ELSE 0 END AS expired FROM ${this.table}`,
    );
    let n = 0;
    for (const row of r.rows) {
      if (Number(row.expired) !== 1 && !ownerGone(String(row.owner))) continue;
      const p = new Params(d);
      await this.engine.query(`DELETE FROM ${this.table} WHERE plan_id = ${p.add(row.plan_id, 'text')}`, p.values);
      n++;
    }
    return n;
  }
}
