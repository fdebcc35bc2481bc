// The two ways the core runs against Postgres: as Postgres (transactional DDL, advisory locks) and
// as a stand-in for engines whose DDL commits statement by statement and that have no advisory
// locks (Snowflake): `transactionalDdl: false`, lease locks in the state schema. Crash and
// concurrency tests run once per mode (describe.each(POSTGRES_MODES)).
import { PostgresEngine } from '../../src/engines/postgres/driver';
import type { EngineOptions } from '../../src/engines/postgres/operations';
import type { Engine } from '../../src/engines/types';

export interface EngineMode {
  label: string;
  /** Engine options for in-process tests. */
  options: EngineOptions;
  /** Environment variables that select the mode for a `vde` child process. */
  env: Record<string, string>;
}

export const POSTGRES_MODES: EngineMode[] = [
  { label: 'postgres', options: {}, env: {} },
  {
    label: 'postgres with autocommit DDL and lease locks',
    options: { transactionalDdl: false, advisoryLocks: false },
    env: { VDE_POSTGRES_DDL: 'autocommit' },
  },
];

export function postgresEngine(url: string, mode: EngineMode, extra: EngineOptions = {}): Engine {
  return new PostgresEngine(url, { ...mode.options, ...extra });
}
