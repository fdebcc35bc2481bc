import { freshDatabase, type TestDatabase } from '../support/pg';
import { PostgresEngine } from '../../src/engines/postgres/driver';
import type { Engine } from '../../src/engines/types';
import { engineSuite } from './suite';

engineSuite('postgres', async () => {
  const db: TestDatabase = await freshDatabase('engines');
  const opened: Engine[] = [];
  return {
    async open(opts) {
      const e = new PostgresEngine(db.url, opts);
      opened.push(e);
      return e;
    },
    // Another pool on the same database: advisory locks are per session, so this contends.
    async contender() {
      const e = new PostgresEngine(db.url);
      opened.push(e);
      return e;
    },
    async teardown() {
      for (const e of opened) await e.close().catch(() => {});
      await db.drop();
    },
  };
});
