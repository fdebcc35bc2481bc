// Snowflake errors: error codes → the engine-neutral kinds the core reacts to (docs/engines.md),
// never message text. The codes checked against Snowflake's documentation are listed in
// docs/snowflake.md; Snowflake enforces no unique keys and has no dependent-object refusals, so
// those kinds never occur here.
import { WarehouseError, type WarehouseErrorKind } from '../../errors';

const KINDS: Record<string, WarehouseErrorKind> = {
  '002003': 'missing-relation', // Object / Schema / Database '...' does not exist or not authorized
  '002043': 'missing-relation', // Object does not exist, or operation cannot be performed
  '002002': 'duplicate-object', // Object '...' already exists
  '000625': 'lock-not-available', // statement aborted: a lock wait or deadlock
  '003001': 'permission', // insufficient privileges
  '390100': 'auth', // incorrect username or password
  '390144': 'auth', // JWT token is invalid
  '390303': 'auth', // invalid OAuth access token
  '390318': 'auth', // OAuth access token expired
  '390189': 'auth', // role not granted
  '390111': 'connection', // session no longer exists
  '390112': 'connection', // session token expired
  '390114': 'connection', // master token expired
};

/** The driver's own codes for network failures (it never reached Snowflake). */
const DRIVER_NETWORK = /^4010\d\d$/;

export function classifySnowflakeError(code: string | undefined, sqlState: string | undefined): WarehouseErrorKind | undefined {
  if (code && KINDS[code]) return KINDS[code];
  if (code && DRIVER_NETWORK.test(code)) return 'connection';
  if (sqlState === '42501') return 'permission';
  if (sqlState?.startsWith('08')) return 'connection';
  return undefined;
}

/**
 * The object a "does not exist" error names, as schema.name (Snowflake writes DB.SCHEMA.NAME;
 * vde's model names have no database part).
 */
export function missingObject(message: string): string | undefined {
  const m = /(?:Object|Table|View|Schema|Database) '([^']+)' does not exist/.exec(message);
  if (!m) return undefined;
  const parts = (m[1] as string).split('.');
  return parts.slice(-2).join('.');
}

export function warehouseError(detail: string, statement: string, code: string | undefined, sqlState: string | undefined, message: string, cause: unknown): WarehouseError {
  const kind = classifySnowflakeError(code, sqlState);
  const object = kind === 'missing-relation' ? missingObject(message) : undefined;
  return new WarehouseError(detail, statement, undefined, undefined, {
    cause,
    ...(kind ? { kind } : {}),
    ...(object !== undefined ? { object } : {}),
  });
}
