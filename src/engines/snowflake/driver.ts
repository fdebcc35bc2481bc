// The Snowflake engine: sessions from ./connection, DDL from ./operations, catalog reads from
// ./introspection. Snowflake has no transactional DDL (each DDL statement commits on its own) and
// no session advisory lock; its views are not bound to the tables they read.
import type { ColumnInfo, Engine, EngineStats, QueryResult, Queryable, Relation, StatementHook, ViewSpec } from '../types';
import { SessionPool, type SnowflakeConnectionConfig, type SnowflakeSession } from './connection';
import { snowflakeDialect } from './dialect';
import * as catalog from './introspection';
import * as ops from './operations';

export interface SnowflakeEngineOptions {
  onStatement?: StatementHook;
  /** Sessions opened at most (builds run side by side on separate sessions). Default 4. */
  sessions?: number;
  /** Build physical tables TRANSIENT (vde.yaml `snowflake.transient_tables`). */
  transientTables?: boolean;
}

export class SnowflakeEngine implements Engine {
  readonly type = 'snowflake' as const;
  readonly dialect = snowflakeDialect;
  readonly stats: EngineStats = { statements: 0 };
  readonly concurrency: number;
  private readonly pool: SessionPool;
  private readonly onStatement: StatementHook | undefined;
  readonly transientTables: boolean;

  constructor(
    readonly config: SnowflakeConnectionConfig,
    opts: SnowflakeEngineOptions = {},
  ) {
    this.concurrency = opts.sessions ?? 4;
    this.pool = new SessionPool(config, this.concurrency);
    this.onStatement = opts.onStatement;
    this.transientTables = opts.transientTables ?? false;
  }

  /** QUERY_TAG of every session from now on: `vde:<command>:<environment>`. */
  setQueryTag(tag: string): void {
    this.pool.setQueryTag(tag.slice(0, 2000));
  }

  /** Masks the connection's secrets in a message. */
  mask(text: string): string {
    return this.pool.mask.apply(text);
  }

  private run<R>(session: SnowflakeSession, sql: string, params?: unknown[], cleanup = false): Promise<QueryResult<R>> {
    if (this.onStatement) {
      try {
        this.onStatement(sql);
      } catch (err) {
        if (!cleanup) throw err;
      }
    }
    this.stats.statements++;
    return session.execute<R>(sql, params);
  }

  async query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
    const session = await this.pool.acquire();
    try {
      return await this.run<R>(session, sql, params);
    } finally {
      this.pool.release(session);
    }
  }

  /**
   * One session, BEGIN ... COMMIT. On Snowflake only the DML inside is atomic: a DDL statement
   * commits whatever is open and then itself (docs/snowflake.md).
   */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const session = await this.pool.acquire();
    let broken = false;
    try {
      await this.run(session, 'BEGIN');
      const tx: Queryable = { query: (sql, params) => this.run(session, sql, params) };
      try {
        const result = await fn(tx);
        await this.run(session, 'COMMIT');
        return result;
      } catch (err) {
        try {
          await this.run(session, 'ROLLBACK', undefined, true);
        } catch {
          broken = true;
        }
        throw err;
      }
    } finally {
      this.pool.release(session, broken);
    }
  }

  withLock<T>(_key: string, _environment: string, fn: () => Promise<T>): Promise<T> {
    // Snowflake has no advisory lock; the lease in the state schema (core) serializes applies.
    return fn();
  }

  createSchema(tx: Queryable, schema: string): Promise<void> {
    return ops.createSchema(tx, schema);
  }

  dropSchema(tx: Queryable, schema: string): Promise<boolean> {
    return ops.dropEmptySchema(tx, schema);
  }

  createTableAs(target: Relation, select: string): Promise<void> {
    return ops.createTableAs(this, target, select, { transient: this.transientTables });
  }

  createOrReplaceView(tx: Queryable, spec: ViewSpec): Promise<void> {
    return ops.createOrReplaceView(tx, spec);
  }

  loadTable(target: Relation, columns: { name: string; type: string }[], batches: AsyncIterable<(string | null)[][]>): Promise<number> {
    return ops.loadTable(this, target, columns, batches, { transient: this.transientTables });
  }

  async swapViews(tx: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void> {
    await ops.replaceViews(tx, create, drop);
  }

  async dropView(tx: Queryable, view: Relation): Promise<boolean> {
    return ops.dropRelation(tx, view, 'view');
  }

  async dropTable(tx: Queryable, table: Relation): Promise<boolean> {
    return ops.dropRelation(tx, table, 'table');
  }

  relationExists(relation: Relation): Promise<'table' | 'view' | null> {
    return catalog.relationKind(this, relation);
  }

  listColumns(relation: Relation): Promise<ColumnInfo[]> {
    return catalog.listColumns(this, relation);
  }

  listSchemas(prefix: string): Promise<string[]> {
    return catalog.listSchemas(this, prefix);
  }

  listRelations(schema: string): Promise<{ name: string; kind: 'table' | 'view' }[]> {
    return catalog.listRelations(this, schema);
  }

  relationSize(relation: Relation): Promise<number> {
    return catalog.relationBytes(this, relation);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
