// `npm run snowflake-stand-in`: starts the stand-in on a free loopback port and prints one line,
// SNOWFLAKE_STAND_IN=http://127.0.0.1:<port>, then stays up until interrupted. It stores data in
// a throwaway Postgres server of its own, or in a fresh database on SNOWFLAKE_STAND_IN_DATABASE_URL
// (a Postgres server URL) when that is set. Account STANDIN, user vde / password vde, role
// SYSADMIN, warehouse COMPUTE_WH, database VDE (see docs/snowflake.md).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startThrowawayPostgres } from '../throwaway-postgres.mjs';
import { SnowflakeStandIn } from './index';

async function database(): Promise<{ url: string; stop(): Promise<void> }> {
  const serverUrl = process.env.SNOWFLAKE_STAND_IN_DATABASE_URL;
  if (!serverUrl) {
    const server = await startThrowawayPostgres({ label: 'vde-snowflake-stand-in' });
    return { url: server.url, stop: () => server.stop() };
  }
  const name = `snowflake_stand_in_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  const db = await database();
  const standIn = await SnowflakeStandIn.start({
    databaseUrl: db.url,
    port: process.env.SNOWFLAKE_STAND_IN_PORT ? Number(process.env.SNOWFLAKE_STAND_IN_PORT) : undefined,
  });
  process.stdout.write(`SNOWFLAKE_STAND_IN=${standIn.url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await standIn.close().catch(() => {});
    await db.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`snowflake stand-in: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
