// The state schema's migrations. Each entry moves the schema from version i to i+1; they run in
// order inside one transaction, and `versions` records where a warehouse stands. Documented in
// docs/state.md.

import type { Dialect } from '../engines/types';

export function migrations(d: Dialect, schema: string): string[][] {
  const t = (name: string) => d.qualify({ schema, name });
  const { text, timestamp, bigint, json } = d.types;
  return [
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
  ];
}

export const SCHEMA_VERSION = 1;
