// The Postgres engine over a `pg` pool. All SQL lives in ./operations (shared with PGlite); this
// file only owns connections, transactions and the session advisory lock.
import pg from 'pg';
import type { ConnectionConfig } from '../../project/types';
import type { QueryResult, Queryable, StatementHook } from '../types';
import { connectionFailure, poolTimeouts, postgresTarget, type PostgresTarget } from '../connect-errors';
import {
  PostgresFamilyEngine,
  advisoryLockId,
  lockConflict,
  runStatement,
  type EngineOptions,
} from './operations';

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
  // Builds run on separate pooled connections; a few at a time keeps a shared warehouse polite.
  readonly concurrency = 4;
  private readonly pool: pg.Pool;
  private readonly onStatement: StatementHook | undefined;
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

  async withLock<T>(key: string, environment: string, fn: () => Promise<T>): Promise<T> {
    const id = advisoryLockId(key);
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      const got = await this.run<{ locked: boolean }>(client, 'SELECT pg_try_advisory_lock($1::bigint) AS locked', [id]);
      if (got.rows[0]?.locked !== true) throw lockConflict(environment);
      try {
        return await fn();
      } finally {
        try {
          await this.run(client, 'SELECT pg_advisory_unlock($1::bigint)', [id], true);
        } catch (unlockErr) {
          // Destroying the session releases its advisory locks.
          broken = unlockErr as Error;
        }
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
