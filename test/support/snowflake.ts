// Test helpers for the Snowflake stand-in: a stand-in on a fresh database of the shared test
// Postgres server, and a snowflake-sdk connection to it with a promise-returning `query`.
import type snowflake from 'snowflake-sdk';
import { loadSdk } from '../../src/engines/snowflake/connection';
import type { ConnectionConfig } from '../../src/project/types';
import { freshDatabase, type TestDatabase } from './pg';
import { SnowflakeStandIn, type SnowflakeStandInOptions } from './snowflake-stand-in';

export interface StandInHandle {
  standIn: SnowflakeStandIn;
  db: TestDatabase;
  close(): Promise<void>;
}

export async function startStandIn(options: Partial<SnowflakeStandInOptions> = {}): Promise<StandInHandle> {
  const db = await freshDatabase('sf_stand_in');
  const standIn = await SnowflakeStandIn.start({ databaseUrl: db.url, ...options });
  return {
    standIn,
    db,
    async close() {
      await standIn.close();
      await db.drop();
    },
  };
}

/** vde's connection config for a stand-in (what a vde.yaml would say). */
export function standInConnection(standIn: SnowflakeStandIn): Extract<ConnectionConfig, { type: 'snowflake' }> {
  return {
    type: 'snowflake',
    account: standIn.account,
    username: 'vde',
    password: 'vde',
    database: 'VDE',
    warehouse: 'COMPUTE_WH',
    role: 'SYSADMIN',
    host: '127.0.0.1',
    port: standIn.port,
    protocol: 'http',
  };
}

export interface SfConnection {
  raw: snowflake.Connection;
  /** Runs one statement; rows are objects keyed by column name. */
  query<R = Record<string, unknown>>(sqlText: string, binds?: unknown[]): Promise<R[]>;
  /** Runs one statement and returns the statement too (for metadata and row counts). */
  execute(sqlText: string, binds?: unknown[]): Promise<{ statement: snowflake.RowStatement; rows: Record<string, unknown>[] }>;
  close(): Promise<void>;
}

export function connectionOptions(standIn: SnowflakeStandIn, overrides: Partial<snowflake.ConnectionOptions> = {}): snowflake.ConnectionOptions {
  return {
    account: standIn.account,
    username: 'vde',
    password: 'vde',
    host: '127.0.0.1',
    port: standIn.port,
    protocol: 'http',
    database: 'VDE',
    warehouse: 'COMPUTE_WH',
    role: 'SYSADMIN',
    ...overrides,
  } as snowflake.ConnectionOptions;
}

export async function connect(standIn: SnowflakeStandIn, overrides: Partial<snowflake.ConnectionOptions> = {}): Promise<SfConnection> {
  const sdk = await loadSdk();
  const raw = sdk.createConnection(connectionOptions(standIn, overrides));
  await new Promise<void>((resolve, reject) => raw.connect((err) => (err ? reject(err) : resolve())));
  const execute = (sqlText: string, binds?: unknown[]) =>
    new Promise<{ statement: snowflake.RowStatement; rows: Record<string, unknown>[] }>((resolve, reject) => {
      raw.execute({
        sqlText,
        binds: binds as snowflake.Binds | undefined,
        complete: (err, statement, rows) => (err ? reject(err) : resolve({ statement, rows: (rows ?? []) as Record<string, unknown>[] })),
      });
    });
  return {
    raw,
    execute,
    async query<R>(sqlText: string, binds?: unknown[]) {
      return (await execute(sqlText, binds)).rows as R[];
    },
    close: () => new Promise<void>((resolve) => raw.destroy(() => resolve())),
  };
}
