// The state schema's migrations. Entry i moves the schema from version i to i+1. They run under the
// state lock; where DDL is transactional all pending steps run in one transaction, elsewhere
// statement by statement, so every statement is idempotent (IF NOT EXISTS) and a run killed halfway
// converges when the next run repeats the step. `versions` records where a warehouse stands.
// Documented in docs/state.md.

import type { Dialect, Engine } from '../engines/types';
import type { StateLocks } from './locks';
import { retryOnDuplicate, stateTable } from './sql';

export const SCHEMA_VERSION = 3;

/** The lease-lock table: needed before the first migration can be locked (see migrateState). */
export function locksTable(d: Dialect, schema: string): string {
  const { text, timestamp } = d.types;
  return `CREATE TABLE IF NOT EXISTS ${d.qualify(stateTable(d, schema, 'locks'))} (
        name ${text} PRIMARY KEY,
        owner ${text} NOT NULL,
        acquired_at ${timestamp} NOT NULL,
        expires_at ${timestamp} NOT NULL
      )`;
}

export function versionsTable(d: Dialect, schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${d.qualify(stateTable(d, schema, 'versions'))} (schema_version ${d.types.bigint} NOT NULL)`;
}

export function migrations(d: Dialect, schema: string): string[][] {
  const t = (name: string) => d.qualify(stateTable(d, schema, name));
  const { text, timestamp, bigint, json } = d.types;
  return [
    // v1: environments, snapshots, intervals.
    [
      `CREATE TABLE IF NOT EXISTS ${t('environments')} (
        name ${text} PRIMARY KEY,
        snapshots ${json} NOT NULL,
        plan_id ${text} NOT NULL,
        previous_plan_id ${text},
        created_at ${timestamp} NOT NULL,
        updated_at ${timestamp} NOT NULL,
        expires_at ${timestamp},
        finalized_at ${timestamp}
      )`,
      `CREATE TABLE IF NOT EXISTS ${t('snapshots')} (
        name ${text} NOT NULL,
        fingerprint ${text} PRIMARY KEY,
        version ${text} NOT NULL,
        kind ${text} NOT NULL,
        physical_table ${json} NOT NULL,
        parents ${json} NOT NULL,
        definition ${json} NOT NULL,
        created_at ${timestamp} NOT NULL,
        updated_at ${timestamp} NOT NULL,
        ttl ${bigint} NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS ${t('intervals')} (
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        start_ts ${timestamp} NOT NULL,
        end_ts ${timestamp} NOT NULL,
        PRIMARY KEY (name, version)
      )`,
    ],
    // v2: staged apply. `previous_snapshots` keeps what an unfinalized environment's views may still
    // point at; `applies` lists the physical tables of applies in flight (the janitor keeps them);
    // `locks` holds lease locks on engines without advisory locks.
    [
      `ALTER TABLE ${t('environments')} ADD COLUMN IF NOT EXISTS previous_snapshots ${json}`,
      `CREATE TABLE IF NOT EXISTS ${t('applies')} (
        plan_id ${text} PRIMARY KEY,
        environment ${text} NOT NULL,
        owner ${text} NOT NULL,
        tables ${json} NOT NULL,
        started_at ${timestamp} NOT NULL,
        expires_at ${timestamp} NOT NULL
      )`,
      locksTable(d, schema),
    ],
    // v3: audits. One row per audit run on a model version's table that did not block (passed, or
    // a non-blocking audit's findings), so an apply reusing the table does not run it again.
    [
      `CREATE TABLE IF NOT EXISTS ${t('audit_results')} (
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        audit_key ${text} NOT NULL,
        result ${json} NOT NULL,
        ran_at ${timestamp} NOT NULL,
        PRIMARY KEY (name, version, audit_key)
      )`,
    ],
  ];
}


/** The state schema's version in the warehouse; 0 when it does not exist. Never writes. */
export async function stateVersion(engine: Engine, schema: string): Promise<number> {
  if (!(await engine.relationExists(stateTable(engine.dialect, schema, 'versions')))) return 0;
  const res = await engine.query<{ v: unknown }>(`SELECT max(schema_version) AS v FROM ${engine.dialect.qualify(stateTable(engine.dialect, schema, 'versions'))}`);
  return Number(res.rows[0]?.v ?? 0);
}

/**
 * Creates or upgrades the state schema under the lock `vde:<schema>:state`, so two first runs do
 * not race; returns the version it stands at (newer than SCHEMA_VERSION: left alone, for the
 * caller to refuse).
 */
export async function migrateState(engine: Engine, schema: string, locks: StateLocks): Promise<number> {
  if (!engine.capabilities.advisoryLocks) await bootstrapLocks(engine, schema);
  const lock = await locks.acquire(locks.key('state'), { waitMs: 120_000, what: `the state schema ${schema} (another run is migrating it)` });
  try {
    const version = await stateVersion(engine, schema);
    if (version >= SCHEMA_VERSION) return version;
    const d = engine.dialect;
    const versions = d.qualify(stateTable(d, schema, 'versions'));
    const steps = migrations(d, schema).slice(version).flat();
    const record = [`DELETE FROM ${versions}`, `INSERT INTO ${versions} (schema_version) VALUES (${SCHEMA_VERSION})`];
    if (engine.capabilities.transactionalDdl) {
      await engine.transaction(async (tx) => {
        await engine.createSchema(tx, schema);
        for (const sql of [versionsTable(d, schema), ...steps, ...record]) await tx.query(sql);
      });
    } else {
      await engine.createSchema(engine, schema);
      for (const sql of [versionsTable(d, schema), ...steps]) await engine.query(sql);
      await engine.transaction(async (tx) => {
        for (const sql of record) await tx.query(sql);
      });
    }
    return SCHEMA_VERSION;
  } finally {
    await lock.release();
  }
}

/**
 * Lease locks live in the state schema, so the lock that guards the first migration needs its
 * table first. Both statements are idempotent and safe to race (a lost race on the schema is not
 * an error, see Engine.createSchema).
 */
async function bootstrapLocks(engine: Engine, schema: string): Promise<void> {
  if (await engine.relationExists(stateTable(engine.dialect, schema, 'locks'))) return;
  await engine.createSchema(engine, schema);
  await retryOnDuplicate(() => engine.query(locksTable(engine.dialect, schema)));
}
