// DDL on Snowflake. Every statement commits on its own, so each step is written to be re-run:
// a physical table is built under a temporary name and swapped (or renamed) into place; views
// are replaced with COPY GRANTS so the grants on them survive; a schema is dropped only when it
// holds nothing, because Snowflake's DROP SCHEMA drops everything in it (CASCADE by default, and
// RESTRICT only concerns foreign keys).
import { createHash } from 'node:crypto';
import { WarehouseError } from '../../errors';
import type { Queryable, Relation, ViewSpec } from '../types';
import { snowflakeDialect as d } from './dialect';
import { listRelations, relationKind, schemaExists, type RelationKind } from './introspection';

const q = (r: Relation) => d.qualify(r);
const qi = (name: string) => d.quoteIdentifier(name);

/** A SELECT without trailing semicolons, so it can follow `AS`. */
export function bareSelect(select: string): string {
  const trimmed = select.replace(/[\s;]+$/, '');
  if (!trimmed) throw new Error('empty SELECT');
  return trimmed;
}

/** Deterministic temporary name for building `target`: a re-run after a crash replaces the same leftover. */
export function temporaryName(target: Relation): string {
  const hash = createHash('sha256').update(`${target.schema}\0${target.name}`, 'utf8').digest('hex');
  return `VDE_TMP_${hash.slice(0, 16).toUpperCase()}`;
}

/** Creates `schema` unless it exists; true when this call created it. */
export async function createSchema(db: Queryable, schema: string, database?: string): Promise<boolean> {
  // Looking first spares a role that may only use existing schemas the CREATE SCHEMA privilege.
  if (await schemaExists(db, schema, database)) return false;
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${d.qualifySchema(schema, database)}`);
  return true;
}

/**
 * Runs `fn` on one session and then gives that session back the current schema it had: on
 * Snowflake, CREATE SCHEMA (and CREATE SCHEMA ... CLONE) makes the new schema the session's
 * current one, and unqualified names in later statements on that pooled session would resolve
 * there.
 */
export async function keepingCurrentSchema<T>(db: Queryable, fn: (db: Queryable) => Promise<T>): Promise<T> {
  const r = await db.query<{ db: string | null; sch: string | null }>('SELECT CURRENT_DATABASE() AS db, CURRENT_SCHEMA() AS sch');
  const before = r.rows[0];
  try {
    return await fn(db);
  } finally {
    if (before?.db && before.sch) await db.query(`USE SCHEMA ${qi(before.db)}.${qi(before.sch)}`).catch(() => {});
  }
}

/** Drops `schema` if it exists and holds nothing; refuses (never cascades) otherwise. */
export async function dropEmptySchema(db: Queryable, schema: string, database?: string): Promise<boolean> {
  if (!(await schemaExists(db, schema, database))) return false;
  const held = await listRelations(db, schema, database);
  const sql = `DROP SCHEMA IF EXISTS ${d.qualifySchema(schema, database)} RESTRICT`;
  if (held.length > 0) {
    const names = held.slice(0, 5).map((r) => `${r.name} (${r.kind})`).join(', ');
    throw new WarehouseError(
      `cannot drop schema ${d.qualifySchema(schema, database)}: it still holds ${held.length} object(s): ${names}${held.length > 5 ? ', ...' : ''}. ` +
        'vde never drops with CASCADE, and drops only empty schemas (on Snowflake DROP SCHEMA would drop everything in it)',
      sql,
    );
  }
  await db.query(sql);
  return true;
}

/** Puts the freshly built `tmp` in `target`'s place: SWAP WITH (atomic) when the target exists. */
async function moveIntoPlace(db: Queryable, tmp: Relation, target: Relation): Promise<void> {
  const existing = await relationKind(db, target);
  if (existing === 'table') {
    await db.query(`ALTER TABLE ${q(tmp)} SWAP WITH ${q(target)}`);
    await db.query(`DROP TABLE IF EXISTS ${q(tmp)}`);
  } else {
    if (existing === 'view') throw new WarehouseError(`cannot build table ${q(target)}: a view has that name`, `ALTER TABLE ${q(tmp)} RENAME TO ${q(target)}`);
    await db.query(`ALTER TABLE ${q(tmp)} RENAME TO ${q(target)}`);
  }
}

export async function createTableAs(db: Queryable, target: Relation, select: string, opts: { transient: boolean }): Promise<void> {
  const tmp: Relation = { schema: target.schema, name: temporaryName(target) };
  const create = `CREATE OR REPLACE ${opts.transient ? 'TRANSIENT ' : ''}TABLE ${q(tmp)} AS ${bareSelect(select)}`;
  await db.query(create);
  await moveIntoPlace(db, tmp, target);
}

export async function createOrReplaceView(db: Queryable, spec: ViewSpec): Promise<void> {
  await db.query(`CREATE OR REPLACE VIEW ${q(spec.view)} COPY GRANTS AS ${bareSelect(spec.select)}`);
}

/** Replaces each view in place (COPY GRANTS keeps its grants) and drops the views that go away. */
export async function replaceViews(db: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void> {
  const schemas = new Map(create.map((s) => [`${s.view.database ?? ''}\0${s.view.schema}`, s.view]));
  for (const v of schemas.values()) await createSchema(db, v.schema, v.database);
  for (const spec of create) await createOrReplaceView(db, spec);
  for (const view of drop) await db.query(`DROP VIEW IF EXISTS ${q(view)}`);
}

/** Binds per INSERT: well under Snowflake's limits, few enough round trips for seeds. */
const BINDS_PER_STATEMENT = 4000;

export async function loadTable(
  db: Queryable,
  target: Relation,
  columns: { name: string; type: string }[],
  batches: AsyncIterable<(string | null)[][]>,
  opts: { transient: boolean },
): Promise<number> {
  if (columns.length === 0) throw new Error(`loadTable ${q(target)}: no columns`);
  const tmp: Relation = { schema: target.schema, name: temporaryName(target) };
  // Seed columns follow the identifier rule like every other name vde writes: a name that could
  // be written unquoted is stored as Snowflake folds it; any other is kept exactly.
  const names = columns.map((c) => qi(/^[A-Za-z_][A-Za-z0-9_$]*$/.test(c.name) ? d.normalizeIdentifier(c.name) : c.name));
  const definition = columns.map((c, i) => `${names[i]} ${c.type}`).join(', ');
  await db.query(`CREATE OR REPLACE ${opts.transient ? 'TRANSIENT ' : ''}TABLE ${q(tmp)} (${definition})`);
  try {
    const total = await insertBatches(db, tmp, target, names, columns.length, batches);
    await moveIntoPlace(db, tmp, target);
    return total;
  } catch (err) {
    // Nothing is transactional here: a failed load must not leave its half-filled table behind.
    await db.query(`DROP TABLE IF EXISTS ${q(tmp)}`).catch(() => {});
    throw err;
  }
}

async function insertBatches(
  db: Queryable,
  tmp: Relation,
  target: Relation,
  names: string[],
  width: number,
  batches: AsyncIterable<(string | null)[][]>,
): Promise<number> {
  const rowsPerStatement = Math.max(1, Math.floor(BINDS_PER_STATEMENT / width));
  let total = 0;
  for await (const batch of batches) {
    for (let start = 0; start < batch.length; start += rowsPerStatement) {
      const chunk = batch.slice(start, start + rowsPerStatement);
      const params: (string | null)[] = [];
      const tuples = chunk.map((row, i) => {
        if (row.length !== width) {
          throw new Error(`loadTable ${q(target)}: row ${total + i + 1} has ${row.length} values, expected ${width}`);
        }
        return `(${row.map((v) => (params.push(v), d.placeholder(params.length))).join(', ')})`;
      });
      await db.query(`INSERT INTO ${q(tmp)} (${names.join(', ')}) VALUES ${tuples.join(', ')}`, params);
      total += chunk.length;
    }
  }
  return total;
}

export async function dropRelation(db: Queryable, relation: Relation, kind: RelationKind): Promise<boolean> {
  const existing = await relationKind(db, relation);
  if (existing !== kind) return false;
  await db.query(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${q(relation)}`);
  return true;
}
