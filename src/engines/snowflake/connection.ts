// Sessions on Snowflake through snowflake-sdk, which is imported here lazily: nothing on the
// Postgres path (nor the action bundle's cold start) loads it. A small pool of sessions, each
// tagged with QUERY_TAG; statements with `:n` binds; errors wrapped with Snowflake's code and
// SQL state; result keys normalized (an all-upper-case key, the fold of an unquoted name, becomes
// lower case); every secret of the connection masked in every message.
import type { Connection, ConnectionOptions, RowStatement } from 'snowflake-sdk';
import { ConnectionError, VdeError } from '../../errors';
import { warehouseError } from './errors';
import type { ConnectionConfig } from '../../project/types';
import type { QueryResult } from '../types';

export type SnowflakeConnectionConfig = Extract<ConnectionConfig, { type: 'snowflake' }>;

type Sdk = typeof import('snowflake-sdk');

let sdk: Promise<Sdk> | undefined;

/** The driver, imported on first use. */
export function loadSdk(): Promise<Sdk> {
  // The driver pulls in the AWS SDK, which warns on Node < 22 about its own future support; vde
  // uses no AWS service, so the warning would only confuse.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  sdk ??= import('snowflake-sdk').then((m) => {
    const s = ((m as { default?: Sdk }).default ?? m) as Sdk;
    s.configure({ logLevel: 'OFF' });
    return s;
  });
  return sdk;
}

/** Replaces every secret of the connection in `text` (errors, statements) with `***`. */
export class SecretMask {
  private readonly secrets: string[];
  constructor(config: SnowflakeConnectionConfig) {
    this.secrets = [config.password, config.privateKey, config.privateKeyPassphrase, config.token].filter(
      (s): s is string => typeof s === 'string' && s.length >= 4,
    );
  }

  apply(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}

export function driverOptions(c: SnowflakeConnectionConfig, queryTag: string | undefined): ConnectionOptions {
  const o: Record<string, unknown> = {
    account: c.account,
    username: c.username,
    database: c.database,
    application: 'vde',
  };
  if (c.warehouse) o.warehouse = c.warehouse;
  if (c.role) o.role = c.role;
  if (c.accessUrl) o.accessUrl = c.accessUrl;
  if (c.host) o.host = c.host;
  if (c.port) o.port = c.port;
  if (c.protocol) o.protocol = c.protocol;
  if (queryTag) o.queryTag = queryTag;
  if (c.password !== undefined) o.password = c.password;
  else if (c.token !== undefined) {
    o.authenticator = 'OAUTH';
    o.token = c.token;
  } else {
    o.authenticator = 'SNOWFLAKE_JWT';
    if (c.privateKey !== undefined) o.privateKey = c.privateKey;
    if (c.privateKeyPath !== undefined) o.privateKeyPath = c.privateKeyPath;
    if (c.privateKeyPassphrase !== undefined) o.privateKeyPass = c.privateKeyPassphrase;
  }
  return o as unknown as ConnectionOptions;
}

/** A Snowflake error's code and SQL state, from a driver error or a WarehouseError wrapping one. */
export function snowflakeCode(err: unknown): { code?: string; sqlState?: string } {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const { code, sqlState } = e as { code?: unknown; sqlState?: unknown };
    const text = typeof code === 'number' ? String(code).padStart(6, '0') : code;
    if (typeof text === 'string' && /^\d{6}$/.test(text)) return { code: text, sqlState: typeof sqlState === 'string' ? sqlState : undefined };
    e = (e as { cause?: unknown }).cause;
  }
  return {};
}

/** The vde.yaml key a login error points at, by Snowflake's code. */
const LOGIN_SETTING: Record<string, string> = {
  '390100': 'username / password',
  '390144': 'private_key_path / private_key',
  '390303': 'token',
  '390318': 'token',
  '390189': 'role',
};

/** An all-upper-case key is the fold of an unquoted name: give it back lower case. */
export function normalizeKey(key: string): string {
  return /[A-Z]/.test(key) && key === key.toUpperCase() ? key.toLowerCase() : key;
}

export class SnowflakeSession {
  private appliedTag: string | undefined;
  busy = false;

  private constructor(
    readonly raw: Connection,
    private readonly mask: SecretMask,
    tag: string | undefined,
  ) {
    this.appliedTag = tag;
  }

  static async open(config: SnowflakeConnectionConfig, mask: SecretMask, queryTag: string | undefined): Promise<SnowflakeSession> {
    const s = await loadSdk();
    let raw: Connection;
    try {
      raw = s.createConnection(driverOptions(config, queryTag));
    } catch (err) {
      throw new VdeError(`connection: invalid Snowflake connection settings: ${mask.apply((err as Error).message)}`);
    }
    await new Promise<void>((resolve, reject) =>
      raw.connect((err) => {
        if (!err) return resolve();
        const { code } = snowflakeCode(err);
        const target = config.accessUrl ?? (config.host ? `${config.protocol ?? 'https'}://${config.host}${config.port ? `:${config.port}` : ''}` : `${config.account}.snowflakecomputing.com`);
        reject(
          new ConnectionError(
            `cannot connect to Snowflake account ${config.account} at ${target} as ${config.username}: ${mask.apply(err.message)}${code ? ` (${code})` : ''}`,
            target,
            `vde.yaml: connection.${LOGIN_SETTING[code ?? ''] ?? (config.accessUrl ? 'access_url' : config.host ? 'host' : 'account')}`,
            { cause: err },
          ),
        );
      }),
    );
    return new SnowflakeSession(raw, mask, queryTag);
  }

  /** Makes the session's QUERY_TAG `tag` before its next statement (no round trip if it already is). */
  async tag(tag: string | undefined): Promise<void> {
    if (tag === undefined || tag === this.appliedTag) return;
    await this.execute(`ALTER SESSION SET QUERY_TAG = '${tag.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
    this.appliedTag = tag;
  }

  execute<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>> {
    return new Promise((resolve, reject) => {
      this.raw.execute({
        sqlText: sql,
        binds: params && params.length > 0 ? (params.map(bindValue) as never) : undefined,
        complete: (err, statement: RowStatement, rows) => {
          if (err) {
            const { code, sqlState } = snowflakeCode(err);
            const message = this.mask.apply(err.message);
            const detail = `${code ? `${code}${sqlState ? ` (${sqlState})` : ''}: ` : ''}${message}`;
            reject(warehouseError(detail, this.mask.apply(sql), code, sqlState, message, err));
            return;
          }
          const out = ((rows ?? []) as Record<string, unknown>[]).map((row) => {
            const o: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(row)) o[normalizeKey(k)] = v;
            return o as R;
          });
          const fields = (statement.getColumns() ?? []).map((c) => ({ name: normalizeKey(c.getName()) }));
          const updated = statement.getNumUpdatedRows();
          resolve({ rows: out, rowCount: typeof updated === 'number' && updated >= 0 ? updated : out.length, fields });
        },
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.raw.isUp()) return resolve();
      this.raw.destroy(() => resolve());
    });
  }
}

/** Bind values the driver understands: Dates as ISO strings (UTC), bigints as decimal text. */
function bindValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined) return null;
  return v;
}

/** Up to `size` sessions, opened on demand and reused; statements wait for a free one. */
export class SessionPool {
  private readonly sessions: SnowflakeSession[] = [];
  private opening = 0;
  private readonly waiters: ((s: SnowflakeSession) => void)[] = [];
  private tag: string | undefined;
  private closed = false;
  readonly mask: SecretMask;

  constructor(
    private readonly config: SnowflakeConnectionConfig,
    private readonly size: number,
  ) {
    this.mask = new SecretMask(config);
  }

  setQueryTag(tag: string): void {
    this.tag = tag;
  }

  async acquire(): Promise<SnowflakeSession> {
    if (this.closed) throw new VdeError('the Snowflake engine is closed');
    const free = this.sessions.find((s) => !s.busy);
    let session: SnowflakeSession;
    if (free) session = free;
    else if (this.sessions.length + this.opening < this.size) {
      this.opening++;
      try {
        session = await SnowflakeSession.open(this.config, this.mask, this.tag);
      } finally {
        this.opening--;
      }
      this.sessions.push(session);
    } else {
      session = await new Promise<SnowflakeSession>((resolve) => this.waiters.push(resolve));
    }
    session.busy = true;
    try {
      await session.tag(this.tag);
    } catch (err) {
      // A session whose tag could not be set is not handed out (nor left busy for ever).
      this.release(session, true);
      throw err;
    }
    return session;
  }

  release(session: SnowflakeSession, broken = false): void {
    if (broken) {
      this.sessions.splice(this.sessions.indexOf(session), 1);
      void session.close();
      return;
    }
    const next = this.waiters.shift();
    if (next) next(session);
    else session.busy = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.sessions.map((s) => s.close()));
    this.sessions.length = 0;
  }
}
