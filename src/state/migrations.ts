// The state schema's migrations. Entry i moves the schema from version i to i+1. They run under the
// state lock; where DDL is transactional all pending steps run in one transaction, elsewhere
// statement by statement, so every statement is idempotent (IF NOT EXISTS) and a run killed halfway
// converges when the next run repeats the step. `versions` records where a warehouse stands.
// Documented in docs/state.md.

import type { Dialect, Engine, Queryable } from '../engines/types';
import type { StateLocks } from './locks';
import { retryOnDuplicate, stateTable } from './sql';

export const SCHEMA_VERSION = 4;

/**
 * One migration statement; `when` makes it conditional on what the warehouse holds (read through
 * the engine's catalog), so a step interrupted halfway is neither repeated wrongly nor skipped.
 */
export type MigrationStep = string | { sql: string; when: (engine: Engine) => Promise<boolean> };

/** The `intervals` table of state schemas up to v3: one row per built (name, version), keyed. */
async function hasKeyedIntervals(engine: Engine, schema: string): Promise<boolean> {
  const columns = await engine.listColumns(stateTable(engine.dialect, schema, 'intervals'));
  const kind = engine.dialect.normalizeIdentifier('kind');
  return columns.length > 0 && !columns.some((c) => c.name === kind);
}

/** The append-only interval record (v4; docs/state.md). No key: every write is a new row. */
export function intervalsTable(d: Dialect, schema: string): string {
  const { text, timestamp, json } = d.types;
  return `CREATE TABLE IF NOT EXISTS ${d.qualify(stateTable(d, schema, 'intervals'))} (
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        kind ${text} NOT NULL,
        start_ts ${timestamp} NOT NULL,
        end_ts ${timestamp} NOT NULL,
        created_at ${timestamp} NOT NULL,
        upstream ${json}
      )`;
}

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

export function migrations(d: Dialect, schema: string): MigrationStep[][] {
  const t = (name: string) => d.qualify(stateTable(d, schema, name));
  const { text, timestamp, bigint, json } = d.types;
  const keyed = (engine: Engine) => hasKeyedIntervals(engine, schema);
  return [
    // v1: environments, snapshots.
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
      // Its keyed `intervals` table is no longer created: v4 creates the append-only one (a state
      // schema made by an older vde still has the keyed table, which v4 converts).
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
    // v4: `intervals` becomes the append-only record of what each physical object holds: one
    // `built` row per build of a table or view, one `data` row per committed batch of an
    // incremental model. The keyed table's rows move through a holding table (`intervals_keyed`), in
    // statements that converge when a run is killed between any two of them.
    [
      `CREATE TABLE IF NOT EXISTS ${t('intervals_keyed')} (
        name ${text} NOT NULL,
        version ${text} NOT NULL,
        start_ts ${timestamp} NOT NULL,
        end_ts ${timestamp} NOT NULL
      )`,
      {
        sql: `INSERT INTO ${t('intervals_keyed')} (name, version, start_ts, end_ts)
          SELECT o.name, o.version, o.start_ts, o.end_ts FROM ${t('intervals')} o
           WHERE NOT EXISTS (SELECT 1 FROM ${t('intervals_keyed')} h WHERE h.name = o.name AND h.version = o.version)`,
        when: keyed,
      },
      { sql: `DROP TABLE ${t('intervals')}`, when: keyed },
      intervalsTable(d, schema),
      `INSERT INTO ${t('intervals')} (name, version, kind, start_ts, end_ts, created_at)
        SELECT h.name, h.version, 'built', h.start_ts, h.end_ts, h.end_ts FROM ${t('intervals_keyed')} h
         WHERE NOT EXISTS (SELECT 1 FROM ${t('intervals')} i WHERE i.name = h.name AND i.version = h.version AND i.kind = 'built')`,
      `DROP TABLE IF EXISTS ${t('intervals_keyed')}`,
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
    const run = async (q: Queryable, step: MigrationStep) => {
      if (typeof step === 'string') await q.query(step);
      else if (await step.when(engine)) await q.query(step.sql);
    };
    if (engine.capabilities.transactionalDdl) {
      await engine.transaction(async (tx) => {
        await engine.createSchema(tx, schema);
        for (const step of [versionsTable(d, schema), ...steps, ...record]) await run(tx, step);
      });
    } else {
      await engine.createSchema(engine, schema);
      for (const step of [versionsTable(d, schema), ...steps]) await run(engine, step);
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
