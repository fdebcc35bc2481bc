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
import { futureGrantsIn, grantsOn, likeExactly, listRelations, schemaExists } from './introspection';
import { createOrReplaceView, dropEmptySchema, replaceViews } from './operations';

export type PromotionPath = 'swap' | 'in-place' | 'new-schema';

export interface SchemaPromotion {
  schema: string;
  path: PromotionPath;
  /** Why the swap was not used (in-place only). */
  reason?: string;
  /** A leftover vde could not clean up (kept, never dropped). */
  warning?: string;
}

const qi = (name: string) => d.quoteIdentifier(name);

/**
 * The staging schema for `schema`. `$` cannot occur in an environment name (they are
 * [a-z0-9_]), so no environment's schema can ever be called this.
 */
export function stagingSchema(schema: string): string {
  return d.normalizeIdentifier(`${schema}__vde$swap`);
}

async function currentRole(db: Queryable): Promise<string> {
  const r = await db.query<{ role: string }>('SELECT CURRENT_ROLE() AS "role"');
  return String(r.rows[0]?.role ?? '');
}

async function schemaOwner(db: Queryable, schema: string): Promise<string | null> {
  const r = await db.query<{ name: string; owner: string }>(`SHOW SCHEMAS LIKE ${likeExactly(schema)}`);
  return r.rows.find((row) => row.name === schema)?.owner ?? null;
}

/** Why `schema` cannot be swapped (null: it can). `managed` are the view names vde owns there. */
async function swapBlocker(db: Queryable, schema: string, managed: Set<string>): Promise<string | null> {
  const foreign = (await listRelations(db, schema)).filter((r) => r.kind !== 'view' || !managed.has(r.name));
  if (foreign.length) {
    const names = foreign.slice(0, 5).map((r) => `${r.name} (${r.kind})`).join(', ');
    return `it holds ${foreign.length} object(s) vde does not manage: ${names}${foreign.length > 5 ? ', ...' : ''}`;
  }
  const [owner, role] = await Promise.all([schemaOwner(db, schema), currentRole(db)]);
  if (owner !== role) return `it is owned by role ${owner ?? '(unknown)'}, not ${role}: swapping would hand ${role} its ownership`;
  return null;
}

/** Empties a staging schema left by an earlier run, if it holds only vde's views; else says why not. */
async function clearStaging(db: Queryable, staging: string, managed: Set<string>): Promise<string | null> {
  if (!(await schemaExists(db, staging))) return null;
  const held = await listRelations(db, staging);
  const foreign = held.filter((r) => r.kind !== 'view' || !managed.has(r.name));
  if (foreign.length) return `the staging schema ${staging} holds objects vde did not put there: ${foreign.map((r) => r.name).slice(0, 5).join(', ')}`;
  for (const r of held) await db.query(`DROP VIEW IF EXISTS ${qi(staging)}.${qi(r.name)}`);
  await dropEmptySchema(db, staging);
  return null;
}

async function copySchemaGrants(db: Queryable, from: string, to: string): Promise<void> {
  for (const g of await grantsOn(db, 'SCHEMA', qi(from))) {
    await db.query(`GRANT ${g.privilege} ON SCHEMA ${qi(to)} TO ROLE ${qi(g.granteeName)}${g.grantOption ? ' WITH GRANT OPTION' : ''}`);
  }
  for (const g of await futureGrantsIn(db, qi(from))) {
    const kind = g.grantOn.toUpperCase() === 'VIEW' ? 'VIEWS' : g.grantOn.toUpperCase() === 'TABLE' ? 'TABLES' : null;
    if (kind) await db.query(`GRANT ${g.privilege} ON FUTURE ${kind} IN SCHEMA ${qi(to)} TO ROLE ${qi(g.granteeName)}`);
  }
}

/**
 * Repoints one prod virtual schema: `create` are all of vde's views in it after the promotion,
 * `drop` the views that go away. `managed` adds view names vde owns there beyond those (views of
 * models removed earlier and not yet dropped).
 */
export async function promoteSchema(
  db: Queryable,
  schema: string,
  create: ViewSpec[],
  drop: Relation[],
  managedExtra: string[] = [],
): Promise<SchemaPromotion> {
  if (!(await schemaExists(db, schema))) {
    await replaceViews(db, create, drop);
    return { schema, path: 'new-schema' };
  }
  const managed = new Set([...create.map((s) => s.view.name), ...drop.map((r) => r.name), ...managedExtra]);
  const staging = stagingSchema(schema);
  const blocker = (await swapBlocker(db, schema, managed)) ?? (await clearStaging(db, staging, managed));
  if (blocker) {
    await replaceViews(db, create, drop);
    return { schema, path: 'in-place', reason: blocker };
  }
  await db.query(`CREATE SCHEMA ${qi(staging)} CLONE ${qi(schema)}`);
  await copySchemaGrants(db, schema, staging);
  for (const spec of create) await createOrReplaceView(db, { view: { schema: staging, name: spec.view.name }, select: spec.select });
  for (const view of drop) await db.query(`DROP VIEW IF EXISTS ${qi(staging)}.${qi(view.name)}`);
  await db.query(`ALTER SCHEMA ${qi(schema)} SWAP WITH ${qi(staging)}`);
  // The old views are now in staging. Drop only vde's; anything else means someone wrote into the
  // prod schema during the promotion: keep it, and say where it is.
  const leftovers = await listRelations(db, staging);
  for (const r of leftovers) if (r.kind === 'view' && managed.has(r.name)) await db.query(`DROP VIEW IF EXISTS ${qi(staging)}.${qi(r.name)}`);
  try {
    await dropEmptySchema(db, staging);
    return { schema, path: 'swap' };
  } catch (err) {
    return { schema, path: 'swap', warning: `kept ${staging}: ${(err as Error).message.split('\n')[0]}` };
  }
}
