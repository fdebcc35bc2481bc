// The engine suite on Postgres with `transactionalDdl: false` and no advisory locks: the stand-in
// for engines whose DDL commits statement by statement (Snowflake). Locks there are lease rows,
// tested with the core (test/core/*-modes.test.ts).
import { freshDatabase, type TestDatabase } from '../support/pg';
import { PostgresEngine } from '../../src/engines/postgres/driver';
import type { Engine } from '../../src/engines/types';
import { engineSuite } from './suite';

engineSuite(
  'postgres (autocommit DDL)',
  async () => {
    const db: TestDatabase = await freshDatabase('engines_ac');
    const opened: Engine[] = [];
    const open = (opts?: { onStatement?: (sql: string) => void }) => {
      const e = new PostgresEngine(db.url, { ...opts, transactionalDdl: false });
      opened.push(e);
      return e;
    };
    return {
      async open(opts) {
        return open(opts);
      },
      async contender() {
        return open();
      },
      async teardown() {
        for (const e of opened) await e.close().catch(() => {});
        await db.drop();
      },
    };
  },
  { transactionalDdl: false },
);
