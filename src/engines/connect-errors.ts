// Reaching a Postgres server: the timeouts, and what a user reads when it fails. A failed connection
// names the host, port, database and user vde tried (never the password, never an internal
// statement) and the vde.yaml key to check. The driver keeps only the hooks (see driver.ts).
import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { ConfigError, ConnectionError } from '../errors';
import type { ConnectionConfig } from '../project/types';

type PostgresConfig = Omit<Extract<ConnectionConfig, { type: 'postgres' }>, 'type'>;

/** Seconds to wait for a server to accept a login before giving up (libpq's connect_timeout). */
export const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** Where a connection goes, as far as messages need it. */
export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** `connection.url` when the URL sets it, otherwise the part's own key. */
  keys: { host: string; port: string; database: string; user: string; password: string };
  connectTimeoutMs: number;
}

const CONFIG = 'vde.yaml';

/**
 * Checks the connection settings and works out where they point, the way `pg` will: the URL, then
 * `PG*` environment variables, then pg's defaults. Throws a ConfigError for a URL that is not one.
 */
export function postgresTarget(c: PostgresConfig, env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  let fromUrl: Partial<Record<'host' | 'port' | 'database' | 'user', string>> = {};
  if (c.url !== undefined) fromUrl = parsePostgresUrl(c.url);
  const pick = (key: 'host' | 'port' | 'database' | 'user', part: string | number | undefined, envName: string) => {
    if (fromUrl[key]) return { value: fromUrl[key]!, key: 'connection.url' };
    if (part !== undefined && part !== '') return { value: String(part), key: `connection.${key}` };
    return { value: env[envName] ?? '', key: c.url !== undefined ? 'connection.url' : `connection.${key}` };
  };
  const host = pick('host', c.host, 'PGHOST');
  const port = pick('port', c.port, 'PGPORT');
  const user = pick('user', c.user, 'PGUSER');
  const database = pick('database', c.database, 'PGDATABASE');
  const userName = user.value || env.USER || env.USERNAME || '';
  const timeoutS = c.connectTimeout ?? envSeconds(env.PGCONNECT_TIMEOUT) ?? DEFAULT_CONNECT_TIMEOUT_S;
  return {
    host: host.value || 'localhost',
    port: Number(port.value) || 5432,
    user: userName,
    database: database.value || userName,
    keys: {
      host: host.key,
      port: port.key,
      user: user.key,
      database: database.key,
      password: c.password !== undefined || c.url === undefined ? 'connection.password' : 'connection.url',
    },
    connectTimeoutMs: timeoutS * 1000,
  };
}

function parsePostgresUrl(url: string): Partial<Record<'host' | 'port' | 'database' | 'user', string>> {
  const bad = (why: string) =>
    new ConfigError(
      `${why}; expected a URL like postgres://user:password@host:5432/database`,
      CONFIG,
      'connection.url',
    );
  const trimmed = url.trim();
  // A bare path is a Unix socket directory, as libpq allows.
  if (trimmed.startsWith('/') || /^socket:/i.test(trimmed)) return {};
  if (!/^postgres(ql)?:\/\//i.test(trimmed)) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
    throw bad(scheme ? `the URL's scheme is ${scheme}:, not postgres:` : 'this is not a URL');
  }
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    throw bad('this URL cannot be parsed (are special characters in the password percent-encoded?)');
  }
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const socketHost = u.searchParams.get('host');
  return {
    host: socketHost ?? decode(u.hostname.replace(/^\[|\]$/g, '')),
    port: u.port,
    database: decode(u.pathname.replace(/^\//, '')),
    user: decode(u.username),
  };
}

function envSeconds(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Pool settings that bound how long vde waits: each new connection must log in within the
 * connect timeout. The timeout is set on the client, not the pool, so waiting for a free pooled
 * connection while builds run is never cut short.
 */
export function poolTimeouts(c: PostgresConfig, target: PostgresTarget): Partial<pg.PoolConfig> {
  const ms = target.connectTimeoutMs;
  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      // A copy with descriptors: pg-pool hides the password as a non-enumerable property, which
      // an object spread would drop.
      const own = Object.defineProperties({}, Object.getOwnPropertyDescriptors(config ?? {})) as pg.ClientConfig;
      own.connectionTimeoutMillis = ms;
      super(own);
    }
  }
  const out: Partial<pg.PoolConfig> = { Client: TimedClient as unknown as typeof pg.Client };
  if (c.queryTimeout !== undefined) out.query_timeout = c.queryTimeout * 1000;
  return out;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
const LOGIN_STATES = new Set(['28P01', '28000', '3D000', '57P03', '53300', '08001', '08004', '08006']);
const TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_.*)$/;

/** The driver error under a wrapper (WarehouseError keeps it as `cause`). */
function driverError(err: unknown): { code?: string; message: string } | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    const message = (e as { message?: unknown }).message;
    const cause = (e as { cause?: unknown }).cause;
    if (typeof code === 'string' || !cause) return { ...(typeof code === 'string' ? { code } : {}), message: String(message ?? e) };
    e = cause;
  }
  return null;
}

/**
 * Turns a failure to connect or log in into a ConnectionError that says where and what to check;
 * any other error is returned unchanged.
 */
export function connectionFailure(err: unknown, t: PostgresTarget): unknown {
  if (err instanceof ConnectionError) return err;
  const d = driverError(err);
  if (!d) return err;
  const code = d.code ?? '';
  const timedOut = /^timeout expired$|connection timeout/i.test(d.message);
  const tls = TLS_CODES.test(code) || (!code && /\bSSL\b/i.test(d.message));
  if (!timedOut && !tls && !NETWORK_CODES.has(code) && !LOGIN_STATES.has(code)) return err;

  const where = `${t.host}:${t.port}`;
  const who = `database "${t.database}", user "${t.user}"`;
  let what: string;
  let check: string;
  switch (true) {
    case timedOut:
      what = `no answer within ${formatSeconds(t.connectTimeoutMs)}`;
      check = `is ${t.host} reachable and a Postgres server on port ${t.port}? Check ${CONFIG}: ${t.keys.host} (or raise connection.connect_timeout)`;
      break;
    case code === 'ECONNREFUSED':
      what = 'connection refused: nothing is listening on that port';
      check = `is the server running? Check the host and port in ${CONFIG}: ${t.keys.port === t.keys.host ? t.keys.host : `${t.keys.host}, ${t.keys.port}`}`;
      break;
    case code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL':
      what = `unknown host ${t.host}${code === 'EAI_AGAIN' ? ' (name lookup failed, maybe temporarily)' : ''}`;
      check = `check the host name in ${CONFIG}: ${t.keys.host}`;
      break;
    case code === '28P01':
      what = `the password for user "${t.user}" was rejected`;
      check = `check the password in ${CONFIG}: ${t.keys.password} (and the environment variable it reads)`;
      break;
    case code === '28000':
      what = `the server refused the login: ${oneLine(d.message)}`;
      check = `check the user in ${CONFIG}: ${t.keys.user}, and the server's pg_hba.conf`;
      break;
    case code === '3D000':
      what = `database "${t.database}" does not exist`;
      check = `check the database name in ${CONFIG}: ${t.keys.database}, or create it`;
      break;
    case tls:
      what = `TLS/SSL failed: ${oneLine(d.message)}`;
      check = `check ${CONFIG}: connection.ssl (or sslmode in the URL)`;
      break;
    default:
      what = oneLine(d.message);
      check = `check ${CONFIG}: ${t.keys.host}`;
  }
  return new ConnectionError(`cannot connect to Postgres at ${where} (${who}): ${what}\n  ${check}`, where, `${CONFIG}: ${t.keys.host}`, {
    cause: err,
  });
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * PGlite keeps its database in a folder that it creates: refuse, naming the key, a path that is (or
 * lies under) a file, before anything is created.
 */
export function checkPglitePath(path: string, shown = path): void {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    let st: Stats | undefined;
    try {
      st = statSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
    }
    if (st) {
      if (st.isDirectory()) return;
      const what = dir === resolve(path) ? `${shown} is a file` : `${dir} (in ${shown}) is a file`;
      throw new ConfigError(`${what}, not a folder: PGlite keeps its database in a folder; point connection.path at one (default .vde/pglite)`, CONFIG, 'connection.path');
    }
    if (dirname(dir) === dir) return;
  }
}
