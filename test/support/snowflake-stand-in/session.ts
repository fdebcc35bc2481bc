// Sessions and authentication: the login request (password, key pair JWT, OAuth token) checked as
// Snowflake does, the session parameters it returns, and ALTER SESSION's rules.
import { createHash, createPublicKey, verify } from 'node:crypto';
import type pg from 'pg';
import { SnowflakeError } from './errors';

export interface UserConfig {
  /** Login name; Snowflake matches it case-insensitively. */
  name: string;
  password?: string;
  /** PEM public key registered for key-pair (JWT) authentication. */
  publicKey?: string;
  oauthToken?: string;
  roles: string[];
  defaultRole?: string;
  defaultWarehouse?: string;
}

export type ParamValue = string | number | boolean;

export interface Session {
  id: string;
  token: string;
  masterToken: string;
  user: UserConfig;
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  params: Map<string, ParamValue>;
  client: pg.Client;
  inTransaction: boolean;
  lastQueryId: string | null;
  /** Statements of one session run one at a time, in order. */
  queue: Promise<unknown>;
  closed: boolean;
  /** Statements by request id, so a retried request is answered without running it twice. */
  requests: Map<string, unknown>;
}

/** Session parameters with Snowflake's defaults (the ones the driver reads or vde sets). */
export const DEFAULT_PARAMETERS: Record<string, ParamValue> = {
  TIMEZONE: 'America/Los_Angeles',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  BINARY_OUTPUT_FORMAT: 'HEX',
  QUERY_TAG: '',
  CLIENT_SESSION_KEEP_ALIVE: false,
  CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY: 3600,
  JS_TREAT_INTEGER_AS_BIGINT: false,
  QUERY_CONTEXT_CACHE_SIZE: 5,
  STATEMENT_TIMEOUT_IN_SECONDS: 172800,
  LOCK_TIMEOUT: 43200,
  AUTOCOMMIT: true,
  QUOTED_IDENTIFIERS_IGNORE_CASE: false,
  MULTI_STATEMENT_COUNT: 1,
  TIMESTAMP_TYPE_MAPPING: 'TIMESTAMP_NTZ',
  WEEK_START: 0,
  ROWS_PER_RESULTSET: 0,
};

/** Parameter values the stand-in cannot emulate: refused rather than silently ignored. */
const UNSUPPORTED_VALUES: Record<string, (v: ParamValue) => boolean> = {
  QUOTED_IDENTIFIERS_IGNORE_CASE: (v) => v === true || String(v).toUpperCase() === 'TRUE',
  AUTOCOMMIT: (v) => v === false || String(v).toUpperCase() === 'FALSE',
  TIMESTAMP_TYPE_MAPPING: (v) => String(v).toUpperCase() !== 'TIMESTAMP_NTZ',
  WEEK_START: (v) => Number(v) !== 0,
};

export function checkParameter(name: string, value: ParamValue): ParamValue {
  if (!(name in DEFAULT_PARAMETERS)) {
    throw SnowflakeError.compilation('001007', '22023', `invalid parameter '${name}'`);
  }
  if (UNSUPPORTED_VALUES[name]?.(value)) {
    throw SnowflakeError.unsupported(`${name} = ${String(value)}`);
  }
  if (name === 'QUERY_TAG' && String(value).length > 2000) {
    throw SnowflakeError.compilation('001007', '22023', 'QUERY_TAG is longer than 2000 characters');
  }
  const def = DEFAULT_PARAMETERS[name];
  if (typeof def === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n)) throw SnowflakeError.compilation('001007', '22023', `invalid value [${String(value)}] for parameter '${name}'`);
    return n;
  }
  if (typeof def === 'boolean') {
    const s = String(value).toUpperCase();
    if (s !== 'TRUE' && s !== 'FALSE') throw SnowflakeError.compilation('001007', '22023', `invalid value [${String(value)}] for parameter '${name}'`);
    return s === 'TRUE';
  }
  return String(value);
}

export function parametersList(params: Map<string, ParamValue>): { name: string; value: ParamValue }[] {
  return [...params].map(([name, value]) => ({ name, value }));
}

export class LoginError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BAD_CREDENTIALS = () => new LoginError('390100', 'Incorrect username or password was specified.');

function b64url(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function checkJwt(token: string, account: string, users: UserConfig[]): UserConfig {
  const invalid = () => new LoginError('390144', 'JWT token is invalid.');
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  const [h, p, sig] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: { iss?: string; sub?: string; exp?: number };
  try {
    header = JSON.parse(b64url(h).toString('utf8'));
    payload = JSON.parse(b64url(p).toString('utf8'));
  } catch {
    throw invalid();
  }
  if (header.alg !== 'RS256' || typeof payload.sub !== 'string' || typeof payload.iss !== 'string') throw invalid();
  const [subAccount, subUser] = payload.sub.split('.');
  if (subAccount !== account.toUpperCase() || !subUser) throw invalid();
  const user = users.find((u) => u.name.toUpperCase() === subUser);
  if (!user?.publicKey) throw invalid();
  const key = createPublicKey(user.publicKey);
  const fingerprint = `SHA256:${createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('base64')}`;
  if (payload.iss !== `${account.toUpperCase()}.${subUser}.${fingerprint}`) throw invalid();
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, b64url(sig))) throw invalid();
  // The Node driver writes exp in milliseconds; accept seconds too.
  const exp = typeof payload.exp === 'number' ? (payload.exp > 1e12 ? payload.exp : payload.exp * 1000) : 0;
  if (exp < Date.now()) throw new LoginError('390144', 'JWT token has expired.');
  return user;
}

/** Checks a login request's credentials; returns the user or throws LoginError. */
export function authenticate(data: Record<string, unknown>, account: string, users: UserConfig[]): UserConfig {
  if (String(data.ACCOUNT_NAME ?? '').toUpperCase() !== account.toUpperCase()) throw BAD_CREDENTIALS();
  const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  const loginName = String(data.LOGIN_NAME ?? '').toUpperCase();
  switch (authenticator) {
    case 'SNOWFLAKE': {
      const user = users.find((u) => u.name.toUpperCase() === loginName);
      if (!user || user.password === undefined || user.password !== data.PASSWORD) throw BAD_CREDENTIALS();
      return user;
    }
    case 'SNOWFLAKE_JWT':
      return checkJwt(String(data.TOKEN ?? ''), account, users);
    case 'OAUTH': {
      const token = String(data.TOKEN ?? '');
      const user = users.find((u) => u.oauthToken !== undefined && u.oauthToken === token);
      if (!user || (loginName && user.name.toUpperCase() !== loginName)) throw new LoginError('390303', 'Invalid OAuth access token. ');
      return user;
    }
    default:
      throw new LoginError('390100', `Authenticator ${authenticator} is not supported by the Snowflake stand-in.`);
  }
}
