// Lease locks: one row per held lock in the state schema's `locks` table, for engines without
// advisory locks. A lease names its owner (`host/pid/token`) and expires unless renewed; the
// holder renews it on a timer while it works. A lease is taken over when it has expired (by the
// warehouse's clock, so runners' clocks do not matter) or when its owner is known to be gone: a
// process on this host that no longer runs, or a holder in this process that released it.
//
// Correct without enforced unique keys (Snowflake does not enforce PRIMARY KEY): after inserting
// its row, a taker reads every row of the lock back and backs off if any other owner has one.
// Two takers can never both hold it, because each reads back only after its own row is committed.
// Two takers whose INSERTs ran at the same moment (inserts do not lock each other on Snowflake, so
// both NOT EXISTS checks can pass) both find their row beside the other's: a tie, where nobody
// holds the lock. Reporting that as "held by another run" would refuse both, so a tied taker
// deletes its row and tries again after a pause (shorter for the taker whose owner sorts first, so
// the two do not tie again); only a row it did not tie with makes the lock taken.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine, LockHandle } from '../engines/types';
import { WarehouseError } from '../errors';
import { stateTable } from './sql';

export interface Lease extends LockHandle {
  /** True once renewing failed long enough that another run may have taken the lock. */
  lost(): boolean;
}

/** Owners (leases, in-flight applies) that this process holds right now. */
const heldHere = new Set<string>();

/** A new owner identity `host/pid/token`, alive until `dropOwner`. */
export function newOwner(): string {
  const owner = `${hostname()}/${process.pid}/${randomUUID()}`;
  heldHere.add(owner);
  return owner;
}

export function dropOwner(owner: string): void {
  heldHere.delete(owner);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the owner is certainly gone; owners on other hosts are only ever timed out. */
export function ownerGone(owner: string): boolean {
  const [host, pidText] = owner.split('/');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !heldHere.has(owner);
  return !processAlive(pid);
}

/** Tries of a taker that keeps tying with others (see the top of this file) before it reports the lock taken. */
const TIE_ATTEMPTS = 6;
/** First pause after a tie, scaled by the taker's rank among the tied owners and doubled on each tie. */
const TIE_PAUSE_MS = 100;

export class LeaseLocks {
  constructor(
    private readonly engine: Engine,
    private readonly schema: string,
    private readonly ttlSeconds: number,
  ) {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new Error(`bad lease length ${ttlSeconds}`);
  }

  private get table(): string {
    return this.engine.dialect.qualify(stateTable(this.engine.dialect, this.schema, 'locks'));
  }

  private p(i: number): string {
    return this.engine.dialect.param(i, 'text');
  }

  private expiry(): string {
    const d = this.engine.dialect;
    return d.plusSeconds(d.currentTimestamp, this.ttlSeconds);
  }

  /** The lock, or null when another owner holds it (or ties kept recurring for TIE_ATTEMPTS tries). */
  async tryAcquire(key: string): Promise<Lease | null> {
    for (let attempt = 1; ; attempt++) {
      const got = await this.attempt(key);
      if (got === null || !('tie' in got)) return got;
      if (attempt >= TIE_ATTEMPTS) return null;
      await sleep(TIE_PAUSE_MS * 2 ** (attempt - 1) * (got.tie + Math.random()));
    }
  }

  /** One try: the lease, null (another owner has the lock), or a tie (`tie`: this taker's rank among the tied owners). */
  private async attempt(key: string): Promise<Lease | null | { tie: number }> {
    const d = this.engine.dialect;
    const rows = await this.engine.query<{ owner: string; expired: unknown }>(
      `SELECT owner, CASE WHEN expires_at < ${d.currentTimestamp} THEN 1 ELSE 0 END AS expired FROM ${this.table} WHERE name = ${this.p(1)}`,
      [key],
    );
    for (const row of rows.rows) {
      if (Number(row.expired) !== 1 && !ownerGone(row.owner)) return null;
      // The owner is gone: take the lock over (only that owner's row, so a fresh taker's stays).
      await this.engine.query(`DELETE FROM ${this.table} WHERE name = ${this.p(1)} AND owner = ${this.p(2)}`, [key, row.owner]);
    }
    const owner = newOwner();
    try {
      await this.engine.query(
        `INSERT INTO ${this.table} (name, owner, acquired_at, expires_at)
         SELECT ${this.p(1)}, ${this.p(2)}, ${d.currentTimestamp}, ${this.expiry()}
         WHERE NOT EXISTS (SELECT 1 FROM ${this.table} WHERE name = ${this.p(3)})`,
        [key, owner, key],
      );
      const owners = (await this.engine.query<{ owner: string }>(`SELECT owner FROM ${this.table} WHERE name = ${this.p(1)}`, [key])).rows.map((r) => r.owner);
      if (owners.length === 1 && owners[0] === owner) return this.hold(key, owner);
      await this.remove(key, owner);
      // Our row beside others: they inserted at the same moment (or one of them already holds
      // the lock; the next try sees its row and returns null).
      return owners.includes(owner) ? { tie: owners.sort().indexOf(owner) } : null;
    } catch (err) {
      // Whatever row went in belongs to nobody now: the next taker takes it over.
      dropOwner(owner);
      if (err instanceof WarehouseError && err.kind === 'unique-violation') return null;
      throw err;
    }
  }

  private async remove(key: string, owner: string): Promise<void> {
    dropOwner(owner);
    await this.engine.query(`DELETE FROM ${this.table} WHERE name = ${this.p(1)} AND owner = ${this.p(2)}`, [key, owner]);
  }

  private hold(key: string, owner: string): Lease {
    let lost = false;
    let released = false;
    let renewedAt = Date.now();
    const renew = async () => {
      try {
        const r = await this.engine.query(
          `UPDATE ${this.table} SET expires_at = ${this.expiry()} WHERE name = ${this.p(1)} AND owner = ${this.p(2)}`,
          [key, owner],
        );
        if (r.rowCount === 0) lost = true;
        else renewedAt = Date.now();
      } catch {
        // A transient failure is retried on the next tick; a long one means the lease may be gone.
        if (Date.now() - renewedAt > this.ttlSeconds * 1000) lost = true;
      }
      if (lost) clearInterval(timer);
    };
    const timer = setInterval(() => void renew(), Math.max(200, (this.ttlSeconds * 1000) / 3));
    timer.unref();
    return {
      lost: () => lost || (!released && Date.now() - renewedAt > this.ttlSeconds * 1000),
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await this.remove(key, owner).catch(() => {
          // Left behind: its owner is gone from this process, so the next taker takes it over.
        });
      },
    };
  }
}
