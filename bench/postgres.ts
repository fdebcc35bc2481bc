// Postgres for the benchmark: a throwaway embedded server (unless VDE_BENCH_DATABASE_URL points at
// one), and one fresh database per measurement so measurements never see each other's objects.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.mjs';

export interface BenchServer {
  /** Connection URL of the server's maintenance database. */
  url: string;
  /** True when the server was started by this process (and is stopped by `stop`). */
  embedded: boolean;
  /** Creates a fresh database and returns its URL plus a function that drops it. */
  freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }>;
  stop(): Promise<void>;
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
    const t0 = Date.now();
    const server = await startThrowawayPostgres({ label: 'vde-bench-pg', flags: ['-c', 'max_connections=100', '-c', 'synchronous_commit=off'] });
    log(`started a throwaway Postgres on port ${server.port} in ${Date.now() - t0} ms (fsync=off)`);
    url = server.url;
    stopServer = () => server.stop();
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
