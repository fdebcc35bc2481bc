// Engine factory: turns a connection config into a connected Engine. Engines other than Postgres
// are imported lazily so a Postgres run never loads their modules.
import { existsSync } from 'node:fs';
import { VdeError } from '../errors';
import type { ConnectionConfig } from '../project/types';
import type { Engine, StatementHook } from './types';
import { PostgresEngine } from './postgres/driver';
import { checkPglitePath } from './connect-errors';

export type { Engine, EngineCapabilities } from './types';
export { PostgresEngine, type PostgresConnectionOptions } from './postgres/driver';
// Importing the PGlite driver module does not load @electric-sql/pglite (PgliteEngine.open does).
export { PgliteEngine } from './pglite/driver';
export { postgresDialect, PostgresDialect } from './postgres/dialect';
export type { EngineOptions } from './postgres/operations';

export interface CreateEngineOptions {
  onStatement?: StatementHook;
  /**
   * Environment variables. `VDE_POSTGRES_DDL=autocommit` makes a Postgres engine commit every DDL
   * statement on its own and lock with lease rows instead of advisory locks, as on Snowflake: the
   * test suites run the crash and concurrency tests in that mode too (docs/engines.md).
   */
  env?: NodeJS.ProcessEnv;
  /**
   * The caller only reads. An embedded database that does not exist yet is then not created: an
   * empty in-memory one stands in for it (`ephemeral` is true), so `vde plan` on a fresh checkout
   * leaves no files behind.
   */
  readOnly?: boolean;
  /** vde.yaml's `snowflake:` options. */
  snowflake?: { transientTables: boolean };
  /** vde.yaml's `environment_catalog_mapping` (Snowflake only; the config refuses it elsewhere). */
  environmentCatalogMapping?: { pattern: string; database: string }[];
  /** Where an engine reports what it did differently from the usual (e.g. a promotion path). */
  notice?: (message: string) => void;
}

export async function createEngine(connection: ConnectionConfig, opts: CreateEngineOptions = {}): Promise<Engine> {
  return (await openEngine(connection, opts)).engine;
}

export async function openEngine(
  connection: ConnectionConfig,
  opts: CreateEngineOptions = {},
): Promise<{ engine: Engine; ephemeral: boolean }> {
  const hook = opts.onStatement ? { onStatement: opts.onStatement } : {};
  switch (connection.type) {
    case 'postgres': {
      const { type: _type, ...options } = connection;
      const autocommit = opts.env?.VDE_POSTGRES_DDL === 'autocommit';
      const mode = autocommit ? { transactionalDdl: false, advisoryLocks: false } : {};
      return { engine: new PostgresEngine(options, { ...hook, ...mode }), ephemeral: false };
    }
    case 'pglite': {
      checkPglitePath(connection.path);
      const { PgliteEngine } = await import('./pglite/driver');
      const missing = opts.readOnly === true && !connection.path.includes('://') && !existsSync(connection.path);
      try {
        return { engine: await PgliteEngine.open(missing ? 'memory://' : connection.path, hook), ephemeral: missing };
      } catch (err) {
        // The action bundle ships without PGlite's wasm files; say so instead of a module error.
        if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
          throw new VdeError(
            'connection.type pglite needs the @electric-sql/pglite package, which is not installed here ' +
              '(the GitHub Action bundles only the Postgres engine: set connection.type to postgres in vde.yaml)',
          );
        }
        throw err;
      }
    }
    case 'snowflake': {
      // Loaded only here: the Postgres path never pays for snowflake-sdk (nor for this module).
      const { SnowflakeEngine } = await import('./snowflake/driver');
      const engine = new SnowflakeEngine(connection, {
        ...hook,
        transientTables: opts.snowflake?.transientTables ?? false,
        ...(opts.environmentCatalogMapping ? { catalogs: opts.environmentCatalogMapping } : {}),
        ...(opts.notice ? { notice: opts.notice } : {}),
      });
      return { engine, ephemeral: false };
    }
    default: {
      const unknown = (connection as { type?: unknown }).type;
      throw new VdeError(`unknown connection.type: ${String(unknown)}`);
    }
  }
}
