// Locks, keyed by the state schema so two projects in one database never share one: an advisory
// lock where the engine has them, else a lease row in the state schema (./lease). Callers either
// try once (a busy environment is a conflict, exit 3) or wait a bounded time (short critical
// sections: migrating the state schema, the janitor's sweep, building one physical table).

import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine, LockHandle } from '../engines/types';
import { ConflictError } from '../errors';
import { LeaseLocks } from './lease';

export interface HeldLock extends LockHandle {
  /** True when the lock may have been lost (a lease that could not be renewed in time). */
  lost(): boolean;
}

export interface AcquireOptions {
  /** How long to keep trying; 0 = try once. */
  waitMs: number;
  /** What the lock protects, for the conflict message ("environment pr_1", ...). */
  what: string;
  /** The ConflictError's message when the lock stays taken (default: says `what` is locked). */
  busyMessage?: string;
  /** The environment the ConflictError names, if any. */
  environment?: string;
  /** Called once if the first try finds the lock taken and the caller waits. */
  onWait?: () => void;
}

export class StateLocks {
  private readonly leases: LeaseLocks;

  constructor(
    private readonly engine: Engine,
    private readonly schema: string,
    leaseSeconds: number,
  ) {
    this.leases = new LeaseLocks(engine, schema, leaseSeconds);
  }

  /** `vde:<state schema>:<part>:...`: distinct per project (state schema) and per purpose. */
  key(...parts: string[]): string {
    return ['vde', this.schema, ...parts].join(':');
  }

  /** One attempt; null when someone else holds it. */
  async tryLock(key: string): Promise<HeldLock | null> {
    if (this.engine.capabilities.advisoryLocks && this.engine.tryAdvisoryLock) {
      const handle = await this.engine.tryAdvisoryLock(key);
      // A session lock is lost only with its session, which fails the run's statements anyway.
      return handle && { release: () => handle.release(), lost: () => false };
    }
    return this.leases.tryAcquire(key);
  }

  /** Takes the lock, waiting up to `waitMs`; ConflictError (exit 3) if it stays taken. */
  async acquire(key: string, opts: AcquireOptions): Promise<HeldLock> {
    const deadline = Date.now() + opts.waitMs;
    let pause = 50;
    for (let attempt = 0; ; attempt++) {
      const held = await this.tryLock(key);
      if (held) return held;
      if (Date.now() + pause > deadline) {
        throw new ConflictError(
          opts.busyMessage ??
          (opts.waitMs > 0
            ? `${opts.what} stayed locked by another run for ${Math.round(opts.waitMs / 1000)} s; retry when it finishes`
            : `${opts.what} is locked by another run; retry when it finishes`),
          opts.environment ?? '',
        );
      }
      if (attempt === 0) opts.onWait?.();
      // Jitter, so that runs waiting for one lock do not retry in lockstep.
      await sleep(pause * (0.5 + Math.random()));
      pause = Math.min(pause * 2, 1000);
    }
  }
}
