// Starts a throwaway real Postgres server for the whole test run unless VDE_TEST_DATABASE_URL
// points at one. Workers inherit VDE_TEST_DATABASE_URL from this process's environment.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

export default async function globalSetup() {
  // End-to-end tests run the bundles (dist/cli.js, dist/index.js) as child processes: build them
  // once here so they always match the sources under test.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // Bundles run by tests keep their parse caches here, never in the user's own cache folder.
  process.env.VDE_CACHE_DIR = mkdtempSync(join(tmpdir(), 'vde-test-cache-'));
  if (process.env.VDE_TEST_DATABASE_URL) return;
  const server = await startThrowawayPostgres({ label: 'vde-test-pg', flags: ['-c', 'max_connections=200'] });
  globalThis.__VDE_PG__ = server;
  process.env.VDE_TEST_DATABASE_URL = server.url;
}
