// Postgres (and PGlite) errors: SQLSTATE codes → the engine-neutral kinds the core reacts to.
// https://www.postgresql.org/docs/current/errcodes-appendix.html
import { WarehouseError, type WarehouseErrorKind } from '../../errors';

const KINDS: Record<string, WarehouseErrorKind> = {
  '42P01': 'missing-relation', // undefined_table
  '3F000': 'missing-relation', // invalid_schema_name
  '2BP01': 'dependent-objects', // dependent_objects_still_exist
  '42P16': 'view-shape-changed', // invalid_table_definition: "cannot drop columns from view"
  '55P03': 'lock-not-available',
  '42P06': 'duplicate-object', // duplicate_schema
  '42P07': 'duplicate-object', // duplicate_table
  '42710': 'duplicate-object', // duplicate_object
  '23505': 'unique-violation', // also what two concurrent CREATE SCHEMA IF NOT EXISTS raise
  '40001': 'serialization',
  '40P01': 'serialization', // deadlock_detected
  '28P01': 'auth', // invalid_password
  '28000': 'auth', // invalid_authorization_specification
  '42501': 'permission', // insufficient_privilege
  '57P01': 'connection', // admin_shutdown
  '57P02': 'connection',
  '57P03': 'connection', // cannot_connect_now
};

/** Codes CREATE OR REPLACE VIEW raises when the new SELECT changes the view's columns. */
export const VIEW_SHAPE_CODES = new Set(['42P16', '42804', '42P21']);

/** Socket-level failures of the driver (no SQLSTATE). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);

/** The SQLSTATE of a driver error, or of the driver error a WarehouseError wraps. */
export function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyPostgresError(err: unknown): WarehouseErrorKind | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (NETWORK_CODES.has(code) || code.startsWith('08')) return 'connection';
  return KINDS[code];
}

/** Wraps a driver error into a WarehouseError carrying the statement and the error's kind. */
export function warehouseError(err: unknown, sql: string): WarehouseError {
  if (err instanceof WarehouseError) return err;
  const e = err as { message?: unknown; detail?: unknown; hint?: unknown };
  let detail = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof e?.detail === 'string' && e.detail) detail += ` (${e.detail})`;
  if (typeof e?.hint === 'string' && e.hint) detail += ` hint: ${e.hint}`;
  const kind = classifyPostgresError(err);
  // Postgres names the missing relation only in the message text (no field carries it).
  const object = kind === 'missing-relation' && typeof e?.message === 'string' ? /"([^"]+)"/.exec(e.message)?.[1] : undefined;
  return new WarehouseError(detail, sql, undefined, undefined, {
    cause: err,
    ...(kind ? { kind } : {}),
    ...(object !== undefined ? { object } : {}),
  });
}

/** A refused drop (dependent objects) rephrased to say what blocks it and that vde never cascades. */
export function blockedByDependents(err: unknown, what: string): never {
  if (err instanceof WarehouseError && err.kind === 'dependent-objects') {
    const cause = err.cause as { detail?: unknown } | undefined;
    const dependents = typeof cause?.detail === 'string' && cause.detail ? cause.detail : 'see the statement';
    throw new WarehouseError(
      `cannot drop ${what}: other objects depend on it (${dependents}). vde never drops with CASCADE; ` +
        'drop or change the dependent objects, then retry',
      err.statement,
      undefined,
      undefined,
      { cause: err, kind: 'dependent-objects' },
    );
  }
  throw err;
}
