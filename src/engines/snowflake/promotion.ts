// Atomic promotion of one prod virtual schema (docs/snowflake.md, "Promotion"). Snowflake has no
// transactional DDL, but ALTER SCHEMA ... SWAP WITH exchanges two schemas in one operation — and
// exchanges the grants on them and on everything in them. So, when the prod schema holds only
// vde's views and is owned by vde's role:
//   1. clone prod into a staging schema (the clone's views keep their grants),
//   2. give the staging schema prod's schema grants and future grants,
//   3. replace the changed views in staging (COPY GRANTS) and drop the removed ones,
//   4. SWAP staging with prod — readers see all the new views at once, with prod's grants,
//   5. drop the old views (now in staging) one by one, then staging if it is empty.
// Otherwise (the schema holds objects vde does not manage, or another role owns it), each view is
// replaced in place with COPY GRANTS, and the result says why.
import type { Queryable, Relation, ViewSpec } from '../types';
import { snowflakeDialect as d } from './dialect';
import { futureGrantsIn, grantsOn, listRelations, schemaExists } from './introspection';
import { bareSelect, createOrReplaceView, dropEmptySchema, replaceViews } from './operations';

export type PromotionPath = 'swap' | 'in-place' | 'new-schema' | 'unchanged';

export interface SchemaPromotion {
  schema: string;
  /** The database, when it is not the connection's (`environment_catalog_mapping`). */
  database?: string;
  path: PromotionPath;
  /** Why the swap was not used (in-place only). */
  reason?: string;
  /** A leftover vde could not clean up (kept, never dropped). */
  warning?: string;
}

const qi = (name: string) => d.quoteIdentifier(name);
/** `"DB"."SCHEMA"` or `"SCHEMA"`. */
const qs = (schema: string, database: string | undefined) => d.qualifySchema(schema, database);

/**
 * The staging schema for `schema`. `$` cannot occur in an environment name (they are
 * [a-z0-9_]), so no environment's schema can ever be called this.
 */
export function stagingSchema(schema: string): string {
  return d.normalizeIdentifier(`${schema}__vde$swap`);
}

/** The session's role, asked once per promotion. */
export function roleOf(db: Queryable): () => Promise<string> {
  let role: Promise<string> | undefined;
  return () =>
    (role ??= db.query<{ role: string }>('SELECT CURRENT_ROLE() AS "role"').then((r) => String(r.rows[0]?.role ?? '')));
}

/** Whether `schema` exists (and its owner), and whether its staging schema exists: one SHOW. */
async function schemaInfo(db: Queryable, schema: string, database: string | undefined): Promise<{ owner: string | null; staging: boolean }> {
  const like = d.quoteLiteral(`${schema.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const r = await db.query<{ name: string; owner: string }>(`SHOW SCHEMAS LIKE ${like}${database !== undefined ? ` IN DATABASE ${qi(database)}` : ''}`);
  const row = r.rows.find((x) => x.name === schema);
  return { owner: row ? String(row.owner ?? '') : null, staging: r.rows.some((x) => x.name === stagingSchema(schema)) };
}

/** The statement text of each view in `schema` (SHOW VIEWS' `text`), by name. */
async function viewTexts(db: Queryable, schema: string, database: string | undefined): Promise<Map<string, string>> {
  const r = await db.query<{ name: string; text: string }>(`SHOW VIEWS IN SCHEMA ${qs(schema, database)}`);
  return new Map(r.rows.map((row) => [row.name, String(row.text ?? '')]));
}

/** Empties a staging schema left by an earlier run, if it holds only vde's views; else says why not. */
async function clearStaging(db: Queryable, staging: string, database: string | undefined, managed: Set<string>): Promise<string | null> {
  if (!(await schemaExists(db, staging, database))) return null;
  const held = await listRelations(db, staging, database);
  const foreign = held.filter((r) => r.kind !== 'view' || !managed.has(r.name));
  if (foreign.length) return `the staging schema ${staging} holds objects vde did not put there: ${foreign.map((r) => r.name).slice(0, 5).join(', ')}`;
  for (const r of held) await db.query(`DROP VIEW IF EXISTS ${qs(staging, database)}.${qi(r.name)}`);
  await dropEmptySchema(db, staging, database);
  return null;
}

async function copySchemaGrants(db: Queryable, from: string, to: string): Promise<void> {
  for (const g of await grantsOn(db, 'SCHEMA', from)) {
    await db.query(`GRANT ${g.privilege} ON SCHEMA ${to} TO ROLE ${qi(g.granteeName)}${g.grantOption ? ' WITH GRANT OPTION' : ''}`);
  }
  for (const g of await futureGrantsIn(db, from)) {
    const kind = g.grantOn.toUpperCase() === 'VIEW' ? 'VIEWS' : g.grantOn.toUpperCase() === 'TABLE' ? 'TABLES' : null;
    if (kind) await db.query(`GRANT ${g.privilege} ON FUTURE ${kind} IN SCHEMA ${to} TO ROLE ${qi(g.granteeName)}`);
  }
}

/**
 * Repoints one virtual schema: `create` are all of vde's views in it afterwards, `drop` the views
 * that go away. Views whose SELECT is already the one wanted are left alone; a schema where
 * nothing changes costs two SHOW commands.
 */
export async function promoteSchema(
  db: Queryable,
  schema: string,
  create: ViewSpec[],
  drop: Relation[],
  role: () => Promise<string> = roleOf(db),
  database?: string,
): Promise<SchemaPromotion> {
  const where = { schema, ...(database !== undefined ? { database } : {}) };
  const info = await schemaInfo(db, schema, database);
  if (info.owner === null) {
    await replaceViews(db, create, drop);
    return { ...where, path: 'new-schema' };
  }
  const managed = new Set([...create.map((s) => s.view.name), ...drop.map((r) => r.name)]);
  const staging = stagingSchema(schema);
  const [held, texts] = await Promise.all([listRelations(db, schema, database), viewTexts(db, schema, database)]);
  const present = new Set(held.map((r) => r.name));
  const changed = create.filter((s) => !texts.get(s.view.name)?.endsWith(` AS ${bareSelect(s.select)}`));
  const gone = drop.filter((r) => present.has(r.name));
  if (changed.length === 0 && gone.length === 0) {
    // A run killed after its swap left the old views in staging: clean up (only vde's views).
    const left = info.staging ? await clearStaging(db, staging, database, managed) : null;
    return { ...where, path: 'unchanged', ...(left ? { warning: `kept ${staging}: ${left}` } : {}) };
  }

  const foreign = held.filter((r) => r.kind !== 'view' || !managed.has(r.name));
  const currentRole = await role();
  let blocker: string | null = null;
  if (foreign.length) {
    const names = foreign.slice(0, 5).map((r) => `${r.name} (${r.kind})`).join(', ');
    blocker = `it holds ${foreign.length} object(s) vde does not manage: ${names}${foreign.length > 5 ? ', ...' : ''}`;
  } else if (info.owner !== currentRole) {
    blocker = `it is owned by role ${info.owner || '(unknown)'}, not ${currentRole}: swapping would hand ${currentRole} its ownership`;
  } else if (info.staging) {
    blocker = await clearStaging(db, staging, database, managed);
  }
  if (blocker) {
    for (const spec of changed) await createOrReplaceView(db, spec);
    for (const view of gone) await db.query(`DROP VIEW IF EXISTS ${qs(schema, database)}.${qi(view.name)}`);
    return { ...where, path: 'in-place', reason: blocker };
  }
  // SWAP WITH names the second schema in the first one's database: staging lives beside prod.
  await db.query(`CREATE SCHEMA ${qs(staging, database)} CLONE ${qs(schema, database)}`);
  await copySchemaGrants(db, qs(schema, database), qs(staging, database));
  for (const spec of changed) {
    await createOrReplaceView(db, { view: { ...where, schema: staging, name: spec.view.name }, select: spec.select });
  }
  for (const view of gone) await db.query(`DROP VIEW IF EXISTS ${qs(staging, database)}.${qi(view.name)}`);
  await db.query(`ALTER SCHEMA ${qs(schema, database)} SWAP WITH ${qs(staging, database)}`);
  // The old views are now in staging. Drop only vde's; anything else means someone wrote into the
  // prod schema during the promotion: keep it, and say where it is.
  for (const r of await listRelations(db, staging, database)) {
    if (r.kind === 'view' && managed.has(r.name)) await db.query(`DROP VIEW IF EXISTS ${qs(staging, database)}.${qi(r.name)}`);
  }
  try {
    await dropEmptySchema(db, staging, database);
    return { ...where, path: 'swap' };
  } catch (err) {
    return { ...where, path: 'swap', warning: `kept ${staging}: ${(err as Error).message.split('\n')[0]}` };
  }
}
