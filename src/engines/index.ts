// Engine factory: turns a connection config into a connected Engine. Engines other than Postgres
// are imported lazily so a Postgres run never loads their modules.
import { VdeError } from '../errors';
import type { ConnectionConfig } from '../project/types';
import type { Engine, StatementHook } from './types';
import { PostgresEngine } from './postgres/driver';
import { checkPglitePath } from './connect-errors';

export type { Engine } from './types';
export { PostgresEngine, type PostgresConnectionOptions } from './postgres/driver';
// Importing the PGlite driver module does not load @electric-sql/pglite (PgliteEngine.open does).
export { PgliteEngine } from './pglite/driver';
export { postgresDialect, PostgresDialect } from './postgres/dialect';
export type { EngineOptions } from './postgres/operations';

export async function createEngine(
  connection: ConnectionConfig,
  opts: { onStatement?: StatementHook; snowflake?: { transientTables: boolean } } = {},
): Promise<Engine> {
  switch (connection.type) {
    case 'postgres': {
      const { type: _type, ...options } = connection;
      return new PostgresEngine(options, opts);
    }
    case 'pglite': {
      checkPglitePath(connection.path);
      const { PgliteEngine } = await import('./pglite/driver');
      try {
        return await PgliteEngine.open(connection.path, opts);
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
      return new SnowflakeEngine(connection, { onStatement: opts.onStatement, transientTables: opts.snowflake?.transientTables });
    }
    default: {
      const unknown = (connection as { type?: unknown }).type;
      throw new VdeError(`unknown connection.type: ${String(unknown)}`);
    }
  }
}
