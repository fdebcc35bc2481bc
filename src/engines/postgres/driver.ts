// The Postgres engine over a `pg` pool. All SQL lives in ./operations (shared with PGlite); this
// file only owns connections, transactions and session advisory locks.
import pg from 'pg';
import type { ConnectionConfig } from '../../project/types';
import type { EngineCapabilities, LockHandle, QueryResult, Queryable, StatementHook } from '../types';
import { connectionFailure, poolTimeouts, postgresTarget, type PostgresTarget } from '../connect-errors';
import { PostgresFamilyEngine, advisoryLockId, runStatement, type EngineOptions } from './operations';

/** vde.yaml's Postgres connection (a `url` and/or its parts, which override the URL's), plus pool size. */
export type PostgresConnectionOptions = Omit<Extract<ConnectionConfig, { type: 'postgres' }>, 'type'> & {
  /** Pool size (default 10). */
  max?: number;
};

type Client = pg.Pool | pg.PoolClient;

function toResult<R>(r: pg.QueryResult): QueryResult<R> {
  const fields = (r.fields ?? []).map((f) => ({ name: f.name }));
  const rows = (r.rows ?? []) as R[];
  return { rows, rowCount: r.rowCount ?? rows.length, fields };
}

export class PostgresEngine extends PostgresFamilyEngine {
  readonly type = 'postgres' as const;
  readonly capabilities: EngineCapabilities;
  private readonly pool: pg.Pool;
  private readonly onStatement: StatementHook | undefined;
  /**
   * Every advisory lock of this engine lives on one pooled session, held while any lock is:
   * builds need their pool connections, so locks must not take one each.
   */
  private lockSession: { client: pg.PoolClient; held: Set<string>; broken: boolean } | null = null;
  private lockQueue: Promise<unknown> = Promise.resolve();
  private readonly target: PostgresTarget;

  constructor(connection: string | PostgresConnectionOptions, opts: EngineOptions = {}) {
    super();
    const c: PostgresConnectionOptions = typeof connection === 'string' ? { url: connection } : connection;
    this.target = postgresTarget(c);
    const config: pg.PoolConfig = { application_name: 'vde', max: c.max ?? 10, ...poolTimeouts(c, this.target) };
    if (c.url) config.connectionString = c.url;
    if (c.host !== undefined) config.host = c.host;
    if (c.port !== undefined) config.port = c.port;
    if (c.user !== undefined) config.user = c.user;
    if (c.password !== undefined) config.password = c.password;
    if (c.database !== undefined) config.database = c.database;
    if (c.ssl !== undefined) config.ssl = c.ssl;
    this.pool = new pg.Pool(config);
    // An idle client losing its connection must not crash the process; the pool discards it.
    this.pool.on('error', () => {});
    this.onStatement = opts.onStatement;
    this.capabilities = {
      ...PostgresFamilyEngine.baseCapabilities,
      transactionalDdl: opts.transactionalDdl ?? true,
      advisoryLocks: opts.advisoryLocks ?? true,
      // Builds run on separate pooled connections; a few at a time keeps a shared warehouse polite.
      concurrency: 4,
    };
  }

  /** The one place a statement reaches Postgres. */
  private run<R>(client: Client, sql: string, params?: unknown[], cleanup = false): Promise<QueryResult<R>> {
    return runStatement<R>(
      this.stats,
      this.onStatement,
      sql,
      async () => toResult<R>(params && params.length > 0 ? await client.query(sql, params) : await client.query(sql)),
      cleanup,
    ).catch((err: unknown) => {
      throw connectionFailure(err, this.target);
    });
  }

  private connect(): Promise<pg.PoolClient> {
    return this.pool.connect().catch((err: unknown) => {
      throw connectionFailure(err, this.target);
    });
  }

  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
    return this.run<R>(this.pool, sql, params);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await this.run(client, 'BEGIN');
      const tx: Queryable = { query: (sql, params) => this.run(client, sql, params) };
      let result: T;
      try {
        result = await fn(tx);
        await this.run(client, 'COMMIT');
      } catch (err) {
        try {
          await this.run(client, 'ROLLBACK', undefined, true);
        } catch (rollbackErr) {
          // The connection is in an unknown state: destroy it instead of returning it to the pool.
          broken = rollbackErr as Error;
        }
        throw err;
      }
      return result;
    } finally {
      client.release(broken);
    }
  }

  /** Lock operations run one at a time: they share one session. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lockQueue.then(fn, fn);
    this.lockQueue = next.catch(() => {});
    return next;
  }

  tryAdvisoryLock(key: string): Promise<LockHandle | null> {
    return this.serially(async () => {
      // Advisory locks are re-entrant within a session: refuse a key this engine already holds,
      // so two holders in one process exclude each other too.
      if (this.lockSession?.held.has(key)) return null;
      if (!this.lockSession) {
        const client = await this.connect();
        this.lockSession = { client, held: new Set(), broken: false };
      }
      const session = this.lockSession;
      const id = advisoryLockId(key);
      try {
        const got = await this.run<{ locked: boolean }>(session.client, 'SELECT pg_try_advisory_lock($1::bigint) AS locked', [id]);
        if (got.rows[0]?.locked !== true) return null;
      } catch (err) {
        session.broken = true;
        await this.endLockSessionIfIdle();
        throw err;
      }
      session.held.add(key);
      let released = false;
      return {
        release: () =>
          this.serially(async () => {
            if (released) return;
            released = true;
            session.held.delete(key);
            try {
              await this.run(session.client, 'SELECT pg_advisory_unlock($1::bigint)', [id], true);
            } catch {
              // Destroying the session releases its advisory locks.
              session.broken = true;
            }
            await this.endLockSessionIfIdle();
          }),
      };
    });
  }

  private async endLockSessionIfIdle(): Promise<void> {
    const session = this.lockSession;
    if (!session || session.held.size > 0) return;
    this.lockSession = null;
    // A broken session is destroyed, which releases anything it might still hold.
    session.client.release(session.broken ? new Error('vde: lock session lost') : undefined);
  }

  async close(): Promise<void> {
    if (this.lockSession) {
      this.lockSession.held.clear();
      this.lockSession.broken = true;
      await this.endLockSessionIfIdle();
    }
    await this.pool.end();
  }
}
