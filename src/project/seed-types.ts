// Seed values and column types: which declared types vde can check before connecting, how a CSV
// value is normalized for them (`1.0` loads into a BIGINT column, `yes` into a BOOLEAN one), and
// which type a column gets when a seed declares none (the way SQLMesh reads a CSV with pandas).
// Pure functions.

export type ValueClass = 'integer' | 'numeric' | 'float' | 'boolean' | 'date' | 'timestamp' | 'text';

export interface TypeInfo {
  cls: ValueClass;
  /** Integer range, for integer types. */
  min?: bigint;
  max?: bigint;
  /** Timestamps: whether the type keeps a time zone (else an offset in a value is refused). */
  tz?: boolean;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  tinyint: [-(2n ** 15n), 2n ** 15n - 1n],
  byteint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** What vde can check of a declared type; `text` for anything it does not check (json, uuid, ...). */
export function typeInfo(type: string): TypeInfo {
  const t = type.toLowerCase().replace(/\s+/g, ' ').trim();
  const base = t.replace(/\s*\(.*$/, '');
  const range = INT_RANGES[base];
  if (range) return { cls: 'integer', min: range[0], max: range[1] };
  if (/^(numeric|decimal|number|dec|bignumeric|bigdecimal)$/.test(base)) {
    // Snowflake's NUMBER(p, 0) (and NUMBER alone) holds integers.
    const scale = /\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(t)?.[1];
    if (base === 'number' && (scale === undefined || scale === '0')) return { cls: 'integer' };
    return { cls: 'numeric' };
  }
  if (/^(real|float|float4|float8|float64|double|double precision)$/.test(base)) return { cls: 'float' };
  if (/^(boolean|bool)$/.test(base)) return { cls: 'boolean' };
  if (base === 'date') return { cls: 'date' };
  if (/^(timestamptz|timestamp_ltz|timestamp_tz|timestamp with time zone)$/.test(base)) return { cls: 'timestamp', tz: true };
  if (/^(timestamp|datetime|timestamp_ntz|timestamp without time zone)$/.test(base)) return { cls: 'timestamp', tz: false };
  return { cls: 'text' };
}

/**
 * Type names other dialects use (SQLMesh projects are often written for DuckDB or BigQuery) that
 * Postgres does not know, mapped to names both Postgres and Snowflake accept. Only a seed's
 * declared columns need this: they become the DDL of its table.
 */
const PORTABLE: Record<string, string> = {
  double: 'double precision',
  float64: 'double precision',
  string: 'text',
  int64: 'bigint',
  long: 'bigint',
  tinyint: 'smallint',
  byteint: 'smallint',
  datetime: 'timestamp',
  hugeint: 'numeric(38, 0)',
  ubigint: 'numeric(20, 0)',
  uinteger: 'bigint',
  usmallint: 'integer',
  utinyint: 'smallint',
  bignumeric: 'numeric',
  bigdecimal: 'numeric',
};

export function portableType(type: string): string {
  const mapped = PORTABLE[type.toLowerCase().replace(/\s+/g, ' ').trim()];
  return mapped ?? type;
}

/**
 * The NA markers pandas reads as missing. SQLMesh loads them as NULL; vde does so in columns whose
 * type cannot hold the text anyway (numbers, booleans, dates), and keeps them as text in text
 * columns, where `NA` may well be a value (Namibia's country code).
 */
export const PANDAS_NA = new Set([
  '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

export type Normalized = { ok: true; value: string | null } | { ok: false; expected: string };

const INT_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TRUE = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', 'off', '0']);
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Checks and normalizes one CSV value for a column of class `info.cls`. `nullTokens` are values that
 * mean NULL in a non-text column.
 */
export function normalizeValue(raw: string | null, info: TypeInfo, nullTokens: ReadonlySet<string>): Normalized {
  if (raw === null) return { ok: true, value: null };
  if (info.cls === 'text') return { ok: true, value: raw };
  const v = raw.trim();
  if (v === '' || nullTokens.has(v)) return { ok: true, value: null };
  switch (info.cls) {
    case 'integer': {
      const n = integerValue(v);
      if (n === null) return { ok: false, expected: 'an integer' };
      if ((info.min !== undefined && n < info.min) || (info.max !== undefined && n > info.max)) {
        return { ok: false, expected: `an integer between ${info.min} and ${info.max}` };
      }
      return { ok: true, value: n.toString() };
    }
    case 'numeric':
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? { ok: true, value: v } : { ok: false, expected: 'a number' };
    case 'float':
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return { ok: true, value: v };
      if (/^[+-]?(inf|infinity)$/i.test(v)) return { ok: true, value: v.startsWith('-') ? '-Infinity' : 'Infinity' };
      return { ok: false, expected: 'a number' };
    case 'boolean': {
      const l = v.toLowerCase();
      if (TRUE.has(l)) return { ok: true, value: 'true' };
      if (FALSE.has(l)) return { ok: true, value: 'false' };
      return { ok: false, expected: 'a boolean (true/false, yes/no, 1/0)' };
    }
    case 'date': {
      // A date-time at midnight is a date too (how a spreadsheet often writes one).
      const m = DATE.exec(v) ?? /^(\d{4})-(\d{1,2})-(\d{1,2})[ T]00:00(?::00(?:\.0+)?)?$/.exec(v);
      return m && validDate(m) ? { ok: true, value: `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` } : { ok: false, expected: 'a date as YYYY-MM-DD' };
    }
    case 'timestamp': {
      const m = TIMESTAMP.exec(v);
      if (!m || !validDate(m) || !validTime(m)) return { ok: false, expected: 'a timestamp as YYYY-MM-DD[ HH:MM[:SS[.fff]]][±HH:MM]' };
      // A column without a time zone would drop the offset silently: the hour would be wrong.
      if (m[7] !== undefined && !info.tz) return { ok: false, expected: 'a timestamp without a time zone offset (declare the column timestamp with time zone to keep offsets)' };
      return { ok: true, value: v };
    }
  }
}

/** The exact integer a text denotes (`1.0`, `1e3`, `+7`), or null when it is not one. */
export function integerValue(v: string): bigint | null {
  const m = INT_TEXT.exec(v);
  if (!m) return null;
  const [, sign, whole = '', frac = '', exp = '0'] = m;
  if (whole === '' && frac === '') return null;
  const e = Number(exp);
  if (!Number.isSafeInteger(e) || Math.abs(e) > 400) return null;
  let digits = whole + frac;
  let point = whole.length + e;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const intPart = digits.slice(0, point);
  if (/[1-9]/.test(digits.slice(point))) return null;
  const n = BigInt(intPart === '' ? '0' : intPart);
  return sign === '-' ? -n : n;
}

function validDate(m: RegExpExecArray): boolean {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

function validTime(m: RegExpExecArray): boolean {
  if (m[4] === undefined) return true;
  return Number(m[4]) <= 23 && Number(m[5]) <= 59 && (m[6] === undefined || Number(m[6]) <= 59);
}

const PANDAS_INT = /^[+-]?\d+$/;
const PANDAS_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity)$/i;
const PANDAS_BOOL = new Set(['True', 'TRUE', 'true', 'False', 'FALSE', 'false']);

/**
 * The type of a seed column declared without types, from its values, as SQLMesh infers it with
 * pandas: integers without gaps → bigint; numbers (or integers with gaps, or nothing at all) →
 * double precision; true/false → boolean; and, beyond pandas, ISO dates → date and ISO date-times →
 * timestamp (with time zone when a value has an offset; pandas reads those as text); anything else → text. `null` is an empty cell; pandas'
 * NA markers count as gaps.
 */
export function inferType(values: Iterable<string | null>): string {
  let ints = true;
  let floats = true;
  let bools = true;
  let dates = true;
  let stamps = true;
  let gaps = false;
  let seen = false;
  let offsets = false;
  for (const raw of values) {
    if (raw === null || raw.trim() === '' || PANDAS_NA.has(raw.trim())) {
      gaps = true;
      continue;
    }
    seen = true;
    const v = raw.trim();
    if (ints && !PANDAS_INT.test(v)) ints = false;
    if (floats && !PANDAS_FLOAT.test(v)) floats = false;
    if (bools && !PANDAS_BOOL.has(v)) bools = false;
    if (dates) {
      const m = DATE.exec(v);
      if (!m || !validDate(m)) dates = false;
    }
    if (stamps) {
      const m = TIMESTAMP.exec(v);
      if (!m || !validDate(m) || !validTime(m)) stamps = false;
      else if (m[7] !== undefined) offsets = true;
    }
    if (!ints && !floats && !bools && !dates && !stamps) return 'text';
  }
  if (!seen) return 'double precision';
  if (ints) return gaps ? 'double precision' : 'bigint';
  if (floats) return 'double precision';
  if (bools) return 'boolean';
  if (dates) return 'date';
  if (stamps) return offsets ? 'timestamp with time zone' : 'timestamp';
  return 'text';
}
