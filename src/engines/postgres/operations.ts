// Everything the Postgres and PGlite engines share: statement execution bookkeeping (hook, stats,
// error wrapping) and all DDL / introspection SQL. The two drivers subclass
// `PostgresFamilyEngine` and differ only in how they hold connections, transactions and locks.
//
// `transactionalDdl: false` turns a Postgres engine into a stand-in for engines whose DDL commits
// statement by statement (Snowflake): every DDL statement then runs on its own, and a DDL method
// handed a transaction refuses (a core bug, not something to paper over). The crash and
// concurrency tests run in both modes.
import { createHash } from 'node:crypto';
import { WarehouseError } from '../../errors';
import type {
  ColumnInfo,
  Engine,
  EngineCapabilities,
  EngineStats,
  LockHandle,
  QueryResult,
  Queryable,
  Relation,
  StatementHook,
  ViewSpec,
} from '../types';
import { postgresDialect } from './dialect';
import { VIEW_SHAPE_CODES, blockedByDependents, sqlState, warehouseError } from './errors';

export { sqlState, warehouseError } from './errors';

export interface EngineOptions {
  /** Called before every statement; throwing from it aborts the statement (tests use it). */
  onStatement?: StatementHook;
  /** false: every DDL statement commits on its own, as on Snowflake (default true). */
  transactionalDdl?: boolean;
  /** false: no advisory locks; the core uses lease rows in the state schema (default true). */
  advisoryLocks?: boolean;
}

/** Postgres refuses more bind parameters than this in one statement. */
export const MAX_BIND_PARAMETERS = 65535;

/**
 * Runs one statement with the bookkeeping every statement gets: the hook first (a throw aborts
 * the statement and propagates unchanged), then the counter, then the driver call, whose errors
 * become WarehouseErrors. `ignoreHookError` is for ROLLBACK / unlock clean-up, which must run
 * even when a test hook simulates a crash.
 */
export async function runStatement<R>(
  stats: EngineStats,
  hook: StatementHook | undefined,
  sql: string,
  execute: () => Promise<QueryResult<R>>,
  ignoreHookError = false,
): Promise<QueryResult<R>> {
  if (hook) {
    try {
      hook(sql);
    } catch (err) {
      if (!ignoreHookError) throw err;
    }
  }
  stats.statements++;
  try {
    return await execute();
  } catch (err) {
    throw warehouseError(err, sql);
  }
}

/** Signed 64-bit advisory-lock id for a key: first 8 bytes of sha256, as a decimal string. */
export function advisoryLockId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest().readBigInt64BE(0).toString();
}


/**
 * Deterministic temporary name for building `target`: a re-run after a crash finds (and drops)
 * the same leftover. Short and ASCII, so always within 63 bytes.
 */
export function temporaryName(target: Relation): string {
  const hash = createHash('sha256').update(`${target.schema}\0${target.name}`, 'utf8').digest('hex');
  return `vde_tmp_${hash.slice(0, 16)}`;
}

/** Postgres counts a position in characters (code points); JavaScript offsets are UTF-16 units. */
function offsetOfCharacter(text: string, position: number): number {
  let i = 0;
  for (let chars = 1; i < text.length && chars < position; chars++) {
    const code = text.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return i;
}

/**
 * The error's position (Postgres: 1-based characters into the text sent) as a 0-based offset into
 * `body`, which starts `bodyStart` UTF-16 units into `sent`; undefined when outside it.
 */
function bodyOffset(err: unknown, sent: string, bodyStart: number, body: string): number | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const position = Number((e as { position?: unknown }).position);
    if (Number.isInteger(position) && position > 0) {
      const offset = offsetOfCharacter(sent, position) - bodyStart;
      return offset >= 0 && offset <= body.length ? offset : undefined;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Escapes LIKE wildcards (`%`, `_`, and the escape character itself). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A SELECT without trailing semicolons, so it can be embedded in CREATE ... AS. */
function bareSelect(select: string): string {
  const trimmed = select.replace(/[\s;]+$/, '');
  if (!trimmed) throw new Error('empty SELECT');
  return trimmed;
}

const q = (relation: Relation) => postgresDialect.qualify(relation);
const qi = (name: string) => postgresDialect.quoteIdentifier(name);

type Kind = 'table' | 'view';

const KIND_SQL = `SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 'table' ELSE 'view' END AS kind
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v')`;

async function kindOf(db: Queryable, relation: Relation): Promise<Kind | null> {
  const r = await db.query<{ kind: Kind }>(KIND_SQL, [relation.schema, relation.name]);
  return r.rows[0]?.kind ?? null;
}

/** Runs a DROP (never CASCADE); a refusal because of dependent objects says what blocks it. */
async function dropOrExplain(db: Queryable, sql: string, what: string): Promise<void> {
  try {
    await db.query(sql);
  } catch (err) {
    blockedByDependents(err, what);
  }
}

const SCHEMA_EXISTS = 'SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1';

/** The Engine methods that are pure SQL, shared by the Postgres and PGlite drivers. */
export abstract class PostgresFamilyEngine implements Engine {
  abstract readonly type: 'postgres' | 'pglite';
  abstract readonly capabilities: EngineCapabilities;
  readonly dialect = postgresDialect;
  readonly stats: EngineStats = { statements: 0 };

  abstract query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  abstract transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  abstract tryAdvisoryLock(key: string): Promise<LockHandle | null>;
  abstract close(): Promise<void>;

  /** Capabilities every Postgres-family engine shares; drivers add locks, DDL mode and concurrency. */
  protected static baseCapabilities = {
    viewsBoundToTables: true,
    atomicSchemaSwap: false,
    zeroCopyClone: false,
    identifierCase: 'lower',
    maxIdentifierLength: postgresDialect.maxIdentifierLength,
    crossDatabaseQueries: false,
  } as const;

  /**
   * Where a DDL method runs its statements. With transactional DDL: wherever the caller said.
   * Without: on the engine, statement by statement; a transaction handed in is a core bug.
   */
  protected ddl(db: Queryable, what: string): Queryable {
    if (!this.capabilities.transactionalDdl && db !== this) {
      throw new Error(`${what}: this engine commits each DDL statement on its own (transactionalDdl false); pass the engine, not a transaction`);
    }
    return db;
  }

  /** Runs statements as one unit where DDL is transactional, else one by one (each commits alone). */
  private async unit(statements: string[]): Promise<void> {
    if (this.capabilities.transactionalDdl) {
      await this.transaction(async (tx) => {
        await tx.query(statements.join(';\n'));
      });
    } else {
      for (const sql of statements) await this.query(sql);
    }
  }

  async createSchema(db: Queryable, schema: string): Promise<void> {
    const on = this.ddl(db, 'createSchema');
    // Postgres checks the database-level CREATE privilege before IF NOT EXISTS, so look first:
    // a role that may only use existing schemas must not fail here.
    if ((await on.query(SCHEMA_EXISTS, [schema])).rows.length > 0) return;
    try {
      await on.query(`CREATE SCHEMA IF NOT EXISTS ${qi(schema)}`);
    } catch (err) {
      // Two runs creating one schema at once: the loser gets a unique violation on the catalog
      // (even with IF NOT EXISTS). The schema exists, which is all that was asked. Inside a
      // transaction the error has aborted it, so let the caller's retry find the schema.
      const kind = err instanceof WarehouseError ? err.kind : undefined;
      if ((kind === 'unique-violation' || kind === 'duplicate-object') && on === this) {
        if ((await this.query(SCHEMA_EXISTS, [schema])).rows.length > 0) return;
      }
      throw err;
    }
  }

  async dropSchema(db: Queryable, schema: string): Promise<boolean> {
    const on = this.ddl(db, 'dropSchema');
    if ((await on.query(SCHEMA_EXISTS, [schema])).rows.length === 0) return false;
    await dropOrExplain(on, `DROP SCHEMA IF EXISTS ${qi(schema)}`, `schema ${qi(schema)}`);
    return true;
  }

  async createTableAs(target: Relation, select: string): Promise<void> {
    const tmp: Relation = { schema: target.schema, name: temporaryName(target) };
    const body = bareSelect(select);
    const create = `CREATE TABLE ${q(tmp)} AS ${body}`;
    const statements = [`DROP TABLE IF EXISTS ${q(tmp)}`, create, `DROP TABLE IF EXISTS ${q(target)}`, `ALTER TABLE ${q(tmp)} RENAME TO ${qi(target.name)}`];
    try {
      // Build under the temporary name, then swap it in: one round trip, one transaction where DDL allows.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.unit(statements);
          break;
        } catch (err) {
          // Statement by statement, a killed run's CREATE can still be running on the server and
          // commit its temporary table after our DROP: drop it again and rebuild.
          const kind = err instanceof WarehouseError ? err.kind : undefined;
          const lostRace = !this.capabilities.transactionalDdl && (kind === 'unique-violation' || kind === 'duplicate-object');
          if (!lostRace || attempt >= 3 || (err as WarehouseError).statement !== create) throw err;
        }
      }
    } catch (err) {
      if (err instanceof WarehouseError && err.kind === 'dependent-objects') blockedByDependents(err, `table ${q(target)}`);
      // Anything else comes from the model's query: name that statement, not the whole batch,
      // and say where in the model's SELECT the warehouse located it.
      if (err instanceof WarehouseError) {
        const sent = err.statement;
        const queryOffset = bodyOffset(err, sent, sent.indexOf(create) + create.length - body.length, body);
        throw err.withContext({ statement: create, ...(queryOffset !== undefined ? { queryOffset } : {}) });
      }
      throw err;
    }
  }

  async createOrReplaceView(db: Queryable, spec: ViewSpec): Promise<void> {
    const body = bareSelect(spec.select);
    const create = `CREATE OR REPLACE VIEW ${q(spec.view)} AS ${body}`;
    try {
      await this.ddl(db, 'createOrReplaceView').query(create);
    } catch (err) {
      const queryOffset = err instanceof WarehouseError ? bodyOffset(err, create, create.length - body.length, body) : undefined;
      if (queryOffset === undefined) throw err;
      throw (err as WarehouseError).withContext({ statement: create, queryOffset });
    }
  }

  async loadTable(
    target: Relation,
    columns: { name: string; type: string }[],
    batches: AsyncIterable<(string | null)[][]>,
  ): Promise<number> {
    if (columns.length === 0) throw new Error(`loadTable ${q(target)}: no columns`);
    const tmp: Relation = { schema: target.schema, name: temporaryName(target) };
    const columnList = columns.map((c) => qi(c.name)).join(', ');
    const definition = columns.map((c) => `${qi(c.name)} ${c.type}`).join(', ');
    const rowsPerStatement = Math.floor(MAX_BIND_PARAMETERS / columns.length);
    const load = async (db: Queryable): Promise<number> => {
      await db.query(`DROP TABLE IF EXISTS ${q(tmp)}`);
      await db.query(`CREATE TABLE ${q(tmp)} (${definition})`);
      let total = 0;
      for await (const batch of batches) {
        for (let start = 0; start < batch.length; start += rowsPerStatement) {
          const chunk = batch.slice(start, start + rowsPerStatement);
          const params: (string | null)[] = [];
          const tuples = chunk.map((row, i) => {
            if (row.length !== columns.length) {
              throw new Error(
                `loadTable ${q(target)}: row ${total + i + 1} has ${row.length} values, expected ${columns.length}`,
              );
            }
            const slots = row.map((value) => {
              params.push(value);
              return postgresDialect.placeholder(params.length);
            });
            return `(${slots.join(', ')})`;
          });
          await db.query(`INSERT INTO ${q(tmp)} (${columnList}) VALUES ${tuples.join(', ')}`, params);
          total += chunk.length;
        }
      }
      await dropOrExplain(db, `DROP TABLE IF EXISTS ${q(target)}`, `table ${q(target)}`);
      await db.query(`ALTER TABLE ${q(tmp)} RENAME TO ${qi(target.name)}`);
      return total;
    };
    if (this.capabilities.transactionalDdl) return this.transaction(load);
    try {
      return await load(this);
    } catch (err) {
      // Statement by statement, a failed load would leave its half-filled temporary table behind.
      await this.query(`DROP TABLE IF EXISTS ${q(tmp)}`).catch(() => {});
      throw err;
    }
  }

  async swapViews(db: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void> {
    if (!this.capabilities.transactionalDdl) {
      this.ddl(db, 'swapViews');
      return this.swapViewsOneByOne(this, create, drop);
    }
    // Savepoints need a transaction: given the engine itself, open one.
    if (db === this) return this.transaction((t) => this.swapViews(t, create, drop));
    const wanted = [...new Set(create.map((spec) => spec.view.schema))];
    const existing = wanted.length
      ? await db.query<{ name: string }>('SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1)', [wanted])
      : { rows: [] };
    const have = new Set(existing.rows.map((r) => r.name));
    // Hundreds of views cost hundreds of round trips one by one: send them as one batch, and
    // fall back to view-by-view only when some view's columns changed shape.
    const batch = [
      ...wanted.filter((schema) => !have.has(schema)).map((schema) => `CREATE SCHEMA IF NOT EXISTS ${qi(schema)}`),
      ...create.map((spec) => `CREATE OR REPLACE VIEW ${q(spec.view)} AS ${bareSelect(spec.select)}`),
    ];
    if (batch.length) {
      await db.query('SAVEPOINT vde_swap_all');
      try {
        await db.query(batch.join(';\n'));
        await db.query('RELEASE SAVEPOINT vde_swap_all');
      } catch (err) {
        if (!VIEW_SHAPE_CODES.has(sqlState(err) ?? '')) throw err;
        await db.query('ROLLBACK TO SAVEPOINT vde_swap_all');
        await this.swapViewsOneByOne(db, create, []);
      }
    }
    if (drop.length) {
      await dropOrExplain(db, drop.map((view) => `DROP VIEW IF EXISTS ${q(view)}`).join(';\n'), `view(s) ${drop.map(q).join(', ')}`);
    }
  }

  /** View by view: inside a transaction (savepoints), or each statement committing on its own. */
  private async swapViewsOneByOne(db: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void> {
    const inTransaction = db !== this;
    for (const spec of create) {
      await this.createSchema(db, spec.view.schema);
      const body = bareSelect(spec.select);
      if (inTransaction) await db.query('SAVEPOINT vde_swap');
      try {
        await db.query(`CREATE OR REPLACE VIEW ${q(spec.view)} AS ${body}`);
      } catch (err) {
        if (!VIEW_SHAPE_CODES.has(sqlState(err) ?? '')) throw err;
        // Columns removed, renamed or retyped: drop (without CASCADE) and create.
        if (inTransaction) await db.query('ROLLBACK TO SAVEPOINT vde_swap');
        await dropOrExplain(db, `DROP VIEW IF EXISTS ${q(spec.view)}`, `view ${q(spec.view)} to change its columns`);
        await db.query(`CREATE VIEW ${q(spec.view)} AS ${body}`);
      }
      if (inTransaction) await db.query('RELEASE SAVEPOINT vde_swap');
    }
    for (const view of drop) await dropOrExplain(db, `DROP VIEW IF EXISTS ${q(view)}`, `view ${q(view)}`);
  }

  async dropView(db: Queryable, view: Relation): Promise<boolean> {
    const on = this.ddl(db, 'dropView');
    const existed = (await kindOf(on, view)) === 'view';
    await dropOrExplain(on, `DROP VIEW IF EXISTS ${q(view)}`, `view ${q(view)}`);
    return existed;
  }

  async dropTable(db: Queryable, table: Relation): Promise<boolean> {
    const on = this.ddl(db, 'dropTable');
    const existed = (await kindOf(on, table)) === 'table';
    await dropOrExplain(on, `DROP TABLE IF EXISTS ${q(table)}`, `table ${q(table)}`);
    return existed;
  }

  async dropPhysical(relation: Relation): Promise<Kind | null> {
    const kind = await kindOf(this, relation);
    if (kind === 'view') await this.dropView(this, relation);
    else if (kind === 'table') await this.dropTable(this, relation);
    // An interrupted build's leftover (only ever a table vde built, under a vde_tmp_ name).
    await this.query(`DROP TABLE IF EXISTS ${q({ schema: relation.schema, name: temporaryName(relation) })}`);
    return kind;
  }

  relationExists(relation: Relation): Promise<Kind | null> {
    return kindOf(this, relation);
  }

  async listColumns(relation: Relation): Promise<ColumnInfo[]> {
    const r = await this.query<ColumnInfo>(
      `SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
      [relation.schema, relation.name],
    );
    return r.rows.map((row) => ({ name: row.name, type: row.type }));
  }

  async listSchemas(prefix: string): Promise<string[]> {
    const r = await this.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_catalog.pg_namespace
        WHERE nspname LIKE $1 ESCAPE '\\' ORDER BY nspname`,
      [`${escapeLike(prefix)}%`],
    );
    return r.rows.map((row) => row.name);
  }

  async listRelations(schema: string): Promise<{ name: string; kind: Kind }[]> {
    const r = await this.query<{ name: string; kind: Kind }>(
      `SELECT c.relname AS name, CASE WHEN c.relkind IN ('r', 'p') THEN 'table' ELSE 'view' END AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v')
        ORDER BY c.relname`,
      [schema],
    );
    return r.rows.map((row) => ({ name: row.name, kind: row.kind }));
  }

  async relationSize(relation: Relation): Promise<number> {
    const r = await this.query<{ size: string | number }>(
      `SELECT CASE WHEN c.relkind = 'v' THEN 0 ELSE pg_catalog.pg_total_relation_size(c.oid) END AS size
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v')`,
      [relation.schema, relation.name],
    );
    return Number(r.rows[0]?.size ?? 0);
  }
}
