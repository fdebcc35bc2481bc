// Test databases on the real Postgres server that global-setup started (or VDE_TEST_DATABASE_URL).
// Each call creates a fresh database so test files never see each other's objects.
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export function serverUrl(): string {
  const url = process.env.VDE_TEST_DATABASE_URL;
  if (!url) throw new Error('VDE_TEST_DATABASE_URL is not set: jest globalSetup should have started a server');
  return url;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function freshDatabase(label = 'vde'): Promise<TestDatabase> {
  const name = `${label.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
