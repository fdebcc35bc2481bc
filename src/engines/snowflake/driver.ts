// The Snowflake engine: sessions from ./connection, DDL from ./operations, promotion from
// ./promotion, catalog reads from ./introspection. Snowflake has no transactional DDL (each DDL
// statement commits on its own) and no session advisory lock (the core takes lease rows); its
// views are not bound to the tables they read; ALTER SCHEMA ... SWAP WITH swaps two schemas at once.
import type {
  BuildOptions,
  ColumnInfo,
  Engine,
  EngineCapabilities,
  EngineStats,
  QueryResult,
  Queryable,
  Relation,
  StatementHook,
  ViewSpec,
} from '../types';
import { SessionPool, type SnowflakeConnectionConfig, type SnowflakeSession } from './connection';
import { type CatalogMapping, SnowflakeDialect, snowflakeDialect } from './dialect';
import * as catalog from './introspection';
import * as ops from './operations';
import { promoteSchema, roleOf } from './promotion';

export interface SnowflakeEngineOptions {
  onStatement?: StatementHook;
  /** Sessions opened at most (builds run side by side on separate sessions). Default 4. */
  sessions?: number;
  /** Build physical tables for environments other than prod TRANSIENT (`snowflake.transient_tables`). */
  transientTables?: boolean;
  /** Where the engine says what it did differently (a promotion repointed view by view, and why). */
  notice?: (message: string) => void;
  /** `environment_catalog_mapping`: which database an environment's views live in. */
  catalogs?: CatalogMapping[];
}

export class SnowflakeEngine implements Engine {
  readonly type = 'snowflake' as const;
  readonly dialect: SnowflakeDialect;
  readonly stats: EngineStats = { statements: 0 };
  readonly capabilities: EngineCapabilities;
  private readonly pool: SessionPool;
  private readonly onStatement: StatementHook | undefined;
  private readonly notice: (message: string) => void;
  readonly transientTables: boolean;

  constructor(
    readonly config: SnowflakeConnectionConfig,
    opts: SnowflakeEngineOptions = {},
  ) {
    const sessions = opts.sessions ?? 4;
    this.dialect = opts.catalogs?.length ? new SnowflakeDialect(opts.catalogs, config.database) : snowflakeDialect;
    this.capabilities = {
      transactionalDdl: false,
      viewsBoundToTables: false,
      atomicSchemaSwap: true,
      zeroCopyClone: true,
      identifierCase: 'upper',
      maxIdentifierLength: snowflakeDialect.maxIdentifierLength,
      advisoryLocks: false,
      crossDatabaseQueries: true,
      concurrency: sessions,
    };
    this.pool = new SessionPool(config, sessions);
    this.onStatement = opts.onStatement;
    this.notice = opts.notice ?? (() => {});
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

  /**
   * Every DDL statement commits on its own here: a DDL method handed a transaction is a core bug
   * (the statement would commit the transaction), refused rather than papered over.
   */
  private ddl(db: Queryable, what: string): Queryable {
    if (db !== this) throw new Error(`${what}: this engine commits each DDL statement on its own (transactionalDdl false); pass the engine, not a transaction`);
    return db;
  }

  /** `fn` with every statement on one pooled session (for statements whose effect is per session). */
  private async pinned<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    const session = await this.pool.acquire();
    try {
      return await fn({ query: (sql, params) => this.run(session, sql, params) });
    } finally {
      this.pool.release(session);
    }
  }

  async createSchema(db: Queryable, schema: string): Promise<void> {
    this.ddl(db, 'createSchema');
    // Not even a round trip when it exists; the session's current schema is kept when it does not.
    if (await catalog.schemaExists(this, schema)) return;
    await this.pinned((q) => ops.keepingCurrentSchema(q, (s) => ops.createSchema(s, schema)));
  }

  dropSchema(db: Queryable, schema: string, database?: string): Promise<boolean> {
    return ops.dropEmptySchema(this.ddl(db, 'dropSchema'), schema, database);
  }

  /** TRANSIENT when `snowflake.transient_tables` is on and the build is not for prod. */
  private transient(options: BuildOptions | undefined): boolean {
    return this.transientTables && options?.forProd !== true;
  }

  createTableAs(target: Relation, select: string, options?: BuildOptions): Promise<void> {
    return ops.createTableAs(this, target, select, { transient: this.transient(options) });
  }

  createOrReplaceView(db: Queryable, spec: ViewSpec): Promise<void> {
    return ops.createOrReplaceView(this.ddl(db, 'createOrReplaceView'), spec);
  }

  loadTable(
    target: Relation,
    columns: { name: string; type: string }[],
    batches: AsyncIterable<(string | null)[][]>,
    options?: BuildOptions,
  ): Promise<number> {
    return ops.loadTable(this, target, columns, batches, { transient: this.transient(options) });
  }

  /**
   * Repoints an environment's views, schema by schema: in one ALTER SCHEMA ... SWAP WITH where vde
   * owns the schema, view by view (with COPY GRANTS) otherwise — and then says so (./promotion).
   * `create` holds every view of the environment, so per schema it names everything vde owns there.
   */
  async swapViews(db: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void> {
    this.ddl(db, 'swapViews');
    // Schema by schema, each in its database (environment_catalog_mapping may name another).
    const key = (r: Relation) => `${r.database ?? ''}\0${r.schema}`;
    const places = new Map<string, Relation>();
    for (const r of [...create.map((s) => s.view), ...drop]) places.set(key(r), r);
    const sorted = [...places].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // One session: its current schema is put back after the CREATE SCHEMA ... CLONEs.
    await this.pinned((q) =>
      ops.keepingCurrentSchema(q, async (s) => {
        const role = roleOf(s);
        for (const [k, { schema, database }] of sorted) {
          const result = await promoteSchema(
            s,
            schema,
            create.filter((v) => key(v.view) === k),
            drop.filter((r) => key(r) === k),
            role,
            database,
          );
          const name = database !== undefined ? `${database}.${schema}` : schema;
          if (result.path === 'in-place') this.notice(`${name}: views repointed one by one (not swapped in at once): ${result.reason}`);
          if (result.warning) this.notice(`${name}: ${result.warning}`);
        }
      }),
    );
  }

  async dropView(db: Queryable, view: Relation): Promise<boolean> {
    return ops.dropRelation(this.ddl(db, 'dropView'), view, 'view');
  }

  async dropTable(db: Queryable, table: Relation): Promise<boolean> {
    return ops.dropRelation(this.ddl(db, 'dropTable'), table, 'table');
  }

  /** A physical object whatever its kind, plus the temporary table an interrupted build left. */
  async dropPhysical(relation: Relation): Promise<'table' | 'view' | null> {
    const kind = await catalog.relationKind(this, relation);
    if (kind) await ops.dropRelation(this, relation, kind);
    await this.query(`DROP TABLE IF EXISTS ${this.dialect.qualify({ schema: relation.schema, name: ops.temporaryName(relation) })}`);
    return kind;
  }

  relationExists(relation: Relation): Promise<'table' | 'view' | null> {
    return catalog.relationKind(this, relation);
  }

  listColumns(relation: Relation): Promise<ColumnInfo[]> {
    return catalog.listColumns(this, relation);
  }

  listSchemas(prefix: string, database?: string): Promise<string[]> {
    return catalog.listSchemas(this, prefix, database);
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
