// The PGlite engine: Postgres compiled to wasm, running in this process. It shares the Postgres
// dialect and every piece of SQL (../postgres/operations); this file only deals with the fact
// that PGlite is ONE session:
//   - every statement and every transaction goes through an in-process async mutex, so a
//     transaction never interleaves with other work;
//   - code running inside a transaction (the `tx` it was given, but also `engine.query`, nested
//     `engine.transaction` (a savepoint), introspection) runs directly in that transaction instead
//     of waiting for the mutex it already holds. Unlike Postgres, engine.query inside a
//     transaction therefore sees that transaction's uncommitted work;
//   - `tryAdvisoryLock` is an in-process lock per key. A PGlite data directory must only be opened
//     by one process at a time (./dir-lock), so an in-process lock is all the exclusion there is.
// `@electric-sql/pglite` is imported dynamically by `PgliteEngine.open`, so the Postgres path never
// loads the wasm module.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { lockDataDir, type DirLock } from './dir-lock';
import type { EngineCapabilities, LockHandle, QueryResult, Queryable, StatementHook } from '../types';
import { PostgresFamilyEngine, runStatement, type EngineOptions } from '../postgres/operations';

/** The part of PGlite's API this driver uses. */
interface PgliteResults {
  rows: unknown[];
  rowCount?: number;
  affectedRows?: number;
  fields: { name: string }[];
}
interface PgliteDb {
  query(sql: string, params?: unknown[]): Promise<PgliteResults>;
  exec(sql: string): Promise<PgliteResults[]>;
  close(): Promise<void>;
  readonly closed: boolean;
}

const INT8_OID = 20;

/** A FIFO async mutex. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }
}

interface Held {
  /** Depth of `transaction` calls in this async context (0: holding the mutex for one statement). */
  depth: number;
}

function toResult<R>(r: PgliteResults | undefined): QueryResult<R> {
  if (!r) return { rows: [], rowCount: 0, fields: [] };
  const rows = r.rows as R[];
  return {
    rows,
    rowCount: r.rowCount ?? (r.fields.length > 0 ? rows.length : (r.affectedRows ?? 0)),
    fields: r.fields.map((f) => ({ name: f.name })),
  };
}

export class PgliteEngine extends PostgresFamilyEngine {
  readonly type = 'pglite' as const;
  readonly capabilities: EngineCapabilities = {
    ...PostgresFamilyEngine.baseCapabilities,
    transactionalDdl: true,
    advisoryLocks: true,
    /** One in-process session: statements run one at a time. */
    concurrency: 1,
  };
  private readonly mutex = new Mutex();
  private readonly held = new AsyncLocalStorage<Held>();
  private readonly locks = new Set<string>();

  private constructor(
    private readonly db: PgliteDb,
    /** The data directory, or `memory://`. */
    readonly path: string,
    private readonly onStatement: StatementHook | undefined,
    private readonly dirLock: DirLock | null,
  ) {
    super();
  }

  /** Opens (creating if needed) a PGlite database at `path`; `memory://` keeps it in memory. */
  static async open(path: string, opts: EngineOptions = {}): Promise<PgliteEngine> {
    const { PGlite } = await import('@electric-sql/pglite');
    const onDisk = !path.includes('://');
    // PGlite creates the data directory itself but not its parents (`.vde/` on a fresh checkout).
    if (onDisk) mkdirSync(path, { recursive: true });
    const dirLock = onDisk ? lockDataDir(path) : null;
    try {
      const db = await PGlite.create({
        dataDir: path,
        // Match `pg`: bigint comes back as a string (PGlite's default is a lossy JS number).
        parsers: { [INT8_OID]: (value: string) => value },
      });
      return new PgliteEngine(db as unknown as PgliteDb, path, opts.onStatement, dirLock);
    } catch (err) {
      dirLock?.release();
      throw err;
    }
  }

  /** The one place a statement reaches PGlite. The caller holds the mutex. */
  private run<R>(sql: string, params?: unknown[], cleanup = false): Promise<QueryResult<R>> {
    return runStatement<R>(
      this.stats,
      this.onStatement,
      sql,
      async () => {
        if (params && params.length > 0) return toResult<R>(await this.db.query(sql, params));
        // Without parameters use the simple protocol, which (like `pg`) allows several
        // statements; the result is the last statement's.
        const results = await this.db.exec(sql);
        return toResult<R>(results[results.length - 1]);
      },
      cleanup,
    );
  }

  /** Runs `fn` holding the session; re-entrant within the async context that holds it. */
  private async exclusive<T>(fn: (held: Held) => Promise<T>): Promise<T> {
    const current = this.held.getStore();
    if (current) return fn(current);
    const release = await this.mutex.acquire();
    try {
      const held: Held = { depth: 0 };
      return await this.held.run(held, () => fn(held));
    } finally {
      release();
    }
  }

  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
    return this.exclusive(() => this.run<R>(sql, params));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.exclusive(async (held) => {
      const tx: Queryable = { query: (sql, params) => this.run(sql, params) };
      // Nested inside a transaction of this session: a savepoint, so the inner part can fail alone.
      const savepoint = held.depth > 0 ? `vde_nested_${held.depth}` : null;
      await this.run(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      held.depth++;
      try {
        const result = await fn(tx);
        await this.run(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
        return result;
      } catch (err) {
        await this.run(
          savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK',
          undefined,
          true,
        ).catch(() => {});
        throw err;
      } finally {
        held.depth--;
      }
    });
  }

  async tryAdvisoryLock(key: string): Promise<LockHandle | null> {
    if (this.locks.has(key)) return null;
    this.locks.add(key);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        this.locks.delete(key);
      },
    };
  }

  async close(): Promise<void> {
    // Let running work finish first.
    await this.exclusive(async () => {
      if (!this.db.closed) await this.db.close();
    });
    this.dirLock?.release();
  }
}
