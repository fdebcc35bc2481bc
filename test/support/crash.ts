// Kills a run after every possible number of statements (an engine whose statement hook starts
// throwing, as if the process died), checking invariants after each kill, until a run completes.
import type { Engine, StatementHook } from '../../src/engines/types';

export interface CrashLoopResult<R> {
  /** The statement budget at which the run first completed. */
  completedAt: number;
  /** How many kills there were. */
  kills: number;
  /** Per kill, what `afterEach` returned (e.g. environments left unfinalized). */
  reports: R[];
}

export async function crashLoop<R>(opts: {
  /** An engine whose every statement first calls `hook`. */
  engine(hook: StatementHook): Engine;
  run(engine: Engine): Promise<unknown>;
  /** Invariant checks after each kill (throw to fail). */
  afterEach(): Promise<R>;
  maxStatements?: number;
}): Promise<CrashLoopResult<R>> {
  const reports: R[] = [];
  for (let limit = 1; limit < (opts.maxStatements ?? 600); limit++) {
    let seen = 0;
    let dead = false;
    const doomed = opts.engine(() => {
      // Once "killed", the connection is gone for every later statement too.
      if (dead || ++seen > limit) {
        dead = true;
        throw new Error(`simulated crash after ${limit} statements`);
      }
    });
    try {
      await opts.run(doomed);
      return { completedAt: limit, kills: limit - 1, reports };
    } catch (err) {
      if (!/simulated crash/.test(String((err as Error).message))) throw err;
    } finally {
      await doomed.close().catch(() => {});
    }
    reports.push(await opts.afterEach());
  }
  throw new Error(`the run never completed within ${opts.maxStatements ?? 600} statements`);
}
