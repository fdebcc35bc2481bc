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

describe('postgres specifics', () => {
  test('createSchema on an existing schema needs no CREATE privilege on the database', async () => {
    const db = await freshDatabase('engines_priv');
    const admin = new PostgresEngine(db.url);
    const role = `vde_limited_${db.name.slice(-10)}`;
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
      await admin.query(`REVOKE CREATE ON DATABASE "${db.name}" FROM PUBLIC`);
      await admin.query(`CREATE SCHEMA shared AUTHORIZATION ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = 'pw';
      const limited = new PostgresEngine(url.toString());
      try {
        await limited.createSchema(limited, 'shared');
        await limited.swapViews(limited, [{ view: { schema: 'shared', name: 'v' }, select: 'SELECT 1 AS a' }], []);
        expect(await limited.relationExists({ schema: 'shared', name: 'v' })).toBe('view');
        await expect(limited.createSchema(limited, 'brand_new')).rejects.toThrow(/permission denied/);
      } finally {
        await limited.close();
      }
    } finally {
      await admin.close();
      await db.drop();
      const cleanup = new PostgresEngine(process.env.VDE_TEST_DATABASE_URL!);
      await cleanup.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
      await cleanup.close();
    }
  });
});
