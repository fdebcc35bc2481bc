// Everything the Postgres and PGlite engines share: statement execution bookkeeping (hook, stats,
// error wrapping) and all DDL / introspection SQL. The two drivers subclass
// `PostgresFamilyEngine` and differ only in how they hold connections and transactions.
import { createHash } from 'node:crypto';
import { ConflictError, WarehouseError } from '../../errors';
import type {
  ColumnInfo,
  Engine,
  EngineStats,
  QueryResult,
  Queryable,
  Relation,
  StatementHook,
  ViewSpec,
} from '../types';
import { postgresDialect } from './dialect';

export interface EngineOptions {
  /** Called before every statement; throwing from it aborts the statement (tests use it). */
  onStatement?: StatementHook;
}

/** Postgres refuses more bind parameters than this in one statement. */
export const MAX_BIND_PARAMETERS = 65535;

/** Error codes for "CREATE OR REPLACE VIEW cannot change the columns of this view". */
const VIEW_SHAPE_CHANGED = new Set(['42P16', '42804', '42P21']);
const DEPENDENT_OBJECTS = '2BP01';

/** The SQLSTATE of a driver error, or of the driver error a WarehouseError wraps. */
export function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Wraps a driver error into a WarehouseError carrying the statement. */
export function warehouseError(err: unknown, sql: string): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const e = err as { message?: unknown; detail?: unknown; hint?: unknown };
  let detail = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.detail === 'string' && e.detail) detail += ` (${e.detail})`;
  if (typeof e?.hint === 'string' && e.hint) detail += ` hint: ${e.hint}`;
  return new WarehouseError(detail, sql, undefined, undefined, { cause: err });
}

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

export function lockConflict(environment: string): ConflictError {
  return new ConflictError(
    `environment ${environment} is being applied by another run; retry when it finishes`,
    environment,
  );
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

function blockedByDependents(err: unknown, what: string): never {
  if (sqlState(err) === DEPENDENT_OBJECTS && err instanceof WarehouseError) {
    const cause = err.cause as { detail?: unknown } | undefined;
    const dependents = typeof cause?.detail === 'string' && cause.detail ? cause.detail : 'see the statement';
    throw new WarehouseError(
      `cannot drop ${what}: other objects depend on it (${dependents}). vde never drops with CASCADE; ` +
        'drop or change the dependent objects, then retry',
      err.statement,
      undefined,
      undefined,
      { cause: err },
    );
  }
  throw err;
}

/** Runs a DROP (never CASCADE); a refusal because of dependent objects says what blocks it. */
async function dropOrExplain(tx: Queryable, sql: string, what: string): Promise<void> {
  try {
    await tx.query(sql);
  } catch (err) {
    blockedByDependents(err, what);
  }
}

/** The Engine methods that are pure SQL, shared by the Postgres and PGlite drivers. */
export abstract class PostgresFamilyEngine implements Engine {
  abstract readonly type: 'postgres' | 'pglite';
  abstract readonly concurrency: number;
  readonly dialect = postgresDialect;
  readonly stats: EngineStats = { statements: 0 };

  abstract query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  abstract transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  abstract withLock<T>(key: string, environment: string, fn: () => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;

  async createSchema(tx: Queryable, schema: string): Promise<void> {
    // Postgres checks the database-level CREATE privilege before IF NOT EXISTS, so look first:
    // a role that may only use existing schemas must not fail here.
    const r = await tx.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
    if (r.rows.length > 0) return;
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${qi(schema)}`);
  }

  async dropSchema(tx: Queryable, schema: string): Promise<boolean> {
    const r = await tx.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
    if (r.rows.length === 0) return false;
    await dropOrExplain(tx, `DROP SCHEMA IF EXISTS ${qi(schema)}`, `schema ${qi(schema)}`);
    return true;
  }

  async createTableAs(target: Relation, select: string): Promise<void> {
    const tmp: Relation = { schema: target.schema, name: temporaryName(target) };
    const body = bareSelect(select);
    // One round trip inside the transaction: build under the temporary name, then swap it in.
    const create = `CREATE TABLE ${q(tmp)} AS ${body}`;
    const batch = [`DROP TABLE IF EXISTS ${q(tmp)}`, create, `DROP TABLE IF EXISTS ${q(target)}`, `ALTER TABLE ${q(tmp)} RENAME TO ${qi(target.name)}`].join(';\n');
    await this.transaction(async (tx) => {
      try {
        await tx.query(batch);
      } catch (err) {
        if (sqlState(err) === DEPENDENT_OBJECTS) blockedByDependents(err, `table ${q(target)}`);
        // Anything else comes from the model's query: name that statement, not the whole batch.
        if (err instanceof WarehouseError) {
          const queryOffset = bodyOffset(err, batch, batch.indexOf(create) + create.length - body.length, body);
          throw new WarehouseError(err.detail, create, undefined, undefined, { cause: err.cause ?? err, ...(queryOffset !== undefined ? { queryOffset } : {}) });
        }
        throw err;
      }
    });
  }

  async createOrReplaceView(tx: Queryable, spec: ViewSpec): Promise<void> {
    const body = bareSelect(spec.select);
    const create = `CREATE OR REPLACE VIEW ${q(spec.view)} AS ${body}`;
    try {
      await tx.query(create);
    } catch (err) {
      const queryOffset = err instanceof WarehouseError ? bodyOffset(err, create, create.length - body.length, body) : undefined;
      if (queryOffset === undefined) throw err;
      throw new WarehouseError((err as WarehouseError).detail, create, undefined, undefined, { cause: (err as WarehouseError).cause ?? err, queryOffset });
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
    return this.transaction(async (tx) => {
      await tx.query(`DROP TABLE IF EXISTS ${q(tmp)}`);
      await tx.query(`CREATE TABLE ${q(tmp)} (${definition})`);
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
          await tx.query(`INSERT INTO ${q(tmp)} (${columnList}) VALUES ${tuples.join(', ')}`, params);
          total += chunk.length;
        }
      }
      await this.replaceWith(tx, tmp, target);
      return total;
    });
  }

  /** Drops `target` (no CASCADE) and renames `tmp` (same schema) into its place. */
  private async replaceWith(tx: Queryable, tmp: Relation, target: Relation): Promise<void> {
    await dropOrExplain(tx, `DROP TABLE IF EXISTS ${q(target)}`, `table ${q(target)}`);
    await tx.query(`ALTER TABLE ${q(tmp)} RENAME TO ${qi(target.name)}`);
  }

  async swapViews(tx: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void> {
    // Savepoints need a transaction: given the engine itself, open one.
    if (tx === this) return this.transaction((t) => this.swapViews(t, create, drop));
    const wanted = [...new Set(create.map((spec) => spec.view.schema))];
    const existing = wanted.length
      ? await tx.query<{ name: string }>('SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1)', [wanted])
      : { rows: [] };
    const have = new Set(existing.rows.map((r) => r.name));
    // Hundreds of views cost hundreds of round trips one by one: send them as one batch, and
    // fall back to view-by-view only when some view's columns changed shape.
    const batch = [
      ...wanted.filter((schema) => !have.has(schema)).map((schema) => `CREATE SCHEMA IF NOT EXISTS ${qi(schema)}`),
      ...create.map((spec) => `CREATE OR REPLACE VIEW ${q(spec.view)} AS ${bareSelect(spec.select)}`),
    ];
    if (batch.length) {
      await tx.query('SAVEPOINT vde_swap_all');
      try {
        await tx.query(batch.join(';\n'));
        await tx.query('RELEASE SAVEPOINT vde_swap_all');
      } catch (err) {
        if (!VIEW_SHAPE_CHANGED.has(sqlState(err) ?? '')) throw err;
        await tx.query('ROLLBACK TO SAVEPOINT vde_swap_all');
        await this.swapViewsOneByOne(tx, create);
      }
    }
    if (drop.length) {
      await dropOrExplain(tx, drop.map((view) => `DROP VIEW IF EXISTS ${q(view)}`).join(';\n'), `view(s) ${drop.map(q).join(', ')}`);
    }
  }

  private async swapViewsOneByOne(tx: Queryable, create: ViewSpec[]): Promise<void> {
    for (const spec of create) {
      await this.createSchema(tx, spec.view.schema);
      const body = bareSelect(spec.select);
      await tx.query('SAVEPOINT vde_swap');
      try {
        await tx.query(`CREATE OR REPLACE VIEW ${q(spec.view)} AS ${body}`);
      } catch (err) {
        if (!VIEW_SHAPE_CHANGED.has(sqlState(err) ?? '')) throw err;
        // Columns removed, renamed or retyped: drop (without CASCADE) and create.
        await tx.query('ROLLBACK TO SAVEPOINT vde_swap');
        await dropOrExplain(tx, `DROP VIEW IF EXISTS ${q(spec.view)}`, `view ${q(spec.view)} to change its columns`);
        await tx.query(`CREATE VIEW ${q(spec.view)} AS ${body}`);
      }
      await tx.query('RELEASE SAVEPOINT vde_swap');
    }
  }

  async dropView(tx: Queryable, view: Relation): Promise<boolean> {
    const existed = (await kindOf(tx, view)) === 'view';
    await dropOrExplain(tx, `DROP VIEW IF EXISTS ${q(view)}`, `view ${q(view)}`);
    return existed;
  }

  async dropTable(tx: Queryable, table: Relation): Promise<boolean> {
    const existed = (await kindOf(tx, table)) === 'table';
    await dropOrExplain(tx, `DROP TABLE IF EXISTS ${q(table)}`, `table ${q(table)}`);
    return existed;
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
