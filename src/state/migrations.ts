// The state schema's migrations. Entry i moves the schema from version i to i+1. They run under the
// state lock; where DDL is transactional all pending steps run in one transaction, elsewhere
// statement by statement, so every statement is idempotent (IF NOT EXISTS) and a run killed halfway
// converges when the next run repeats the step. `versions` records where a warehouse stands.
// Documented in docs/state.md.

import type { Dialect } from '../engines/types';

/** The lease-lock table: needed before the first migration can be locked (see StateStore.migrate). */
export function locksTable(d: Dialect, schema: string): string {
  const { text, timestamp } = d.types;
  return `CREATE TABLE IF NOT EXISTS ${d.qualify({ schema, name: 'locks' })} (
        name ${text} PRIMARY KEY,
        owner ${text} NOT NULL,
        acquired_at ${timestamp} NOT NULL,
        expires_at ${timestamp} NOT NULL
      )`;
}

export function versionsTable(d: Dialect, schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${d.qualify({ schema, name: 'versions' })} (schema_version ${d.types.bigint} NOT NULL)`;
}

export function migrations(d: Dialect, schema: string): string[][] {
  const t = (name: string) => d.qualify({ schema, name });
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
  ];
}

export const SCHEMA_VERSION = 2;
