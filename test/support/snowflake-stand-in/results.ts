// Result sets in Snowflake's JSON row format: `rowtype` metadata per column and `rowset` values as
// strings the driver converts (NUMBER as decimal text, DATE as days since the epoch, timestamps as
// epoch seconds with nine decimals, TIMESTAMP_TZ with a time-zone index, BOOLEAN as 1/0, VARIANT
// as JSON text, BINARY as upper-case hex).
import { SnowflakeError } from './errors';
import { MAX_VARCHAR } from './types';

export interface RowType {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: 'fixed' | 'real' | 'text' | 'boolean' | 'date' | 'time' | 'timestamp_ntz' | 'timestamp_ltz' | 'timestamp_tz' | 'variant' | 'object' | 'array' | 'binary';
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
}

export type Cell = string | null;

export interface ResultSet {
  rowtype: RowType[];
  rowset: Cell[][];
  /** Snowflake's statement type id: 0x1000 SELECT, 0x31xx INSERT, ..., >= 0x6000 DDL. */
  statementTypeId: number;
}

export const STATEMENT_TYPE = {
  select: 0x1000,
  insert: 0x3100,
  update: 0x3200,
  delete: 0x3300,
  merge: 0x3400,
  ddl: 0x6000,
  session: 0x4000,
  transaction: 0x5000,
} as const;

export function column(name: string, type: RowType['type'], extra: Partial<RowType> = {}): RowType {
  const base: RowType = {
    name,
    database: '',
    schema: '',
    table: '',
    type,
    precision: null,
    scale: null,
    length: null,
    byteLength: null,
    nullable: true,
    collation: null,
  };
  if (type === 'fixed') Object.assign(base, { precision: 38, scale: 0 });
  if (type === 'text') Object.assign(base, { length: MAX_VARCHAR, byteLength: MAX_VARCHAR });
  if (type.startsWith('timestamp') || type === 'time') Object.assign(base, { scale: 9 });
  return { ...base, ...extra };
}

/** A one-row, one-column `status` result, as Snowflake answers DDL. */
export function statusResult(message: string, statementTypeId: number = STATEMENT_TYPE.ddl): ResultSet {
  return { rowtype: [column('status', 'text')], rowset: [[message]], statementTypeId };
}

export function dmlResult(kind: 'insert' | 'update' | 'delete' | 'merge', count: number): ResultSet {
  const names: Record<typeof kind, string[]> = {
    insert: ['number of rows inserted'],
    update: ['number of rows updated', 'number of multi-joined rows updated'],
    delete: ['number of rows deleted'],
    // Postgres reports one total for MERGE; the split between inserted and updated is not known.
    merge: ['number of rows merged'],
  };
  const cols = names[kind].map((n) => column(n, 'fixed', { nullable: false }));
  const row = cols.map((_, i) => (i === 0 ? String(count) : '0'));
  return { rowtype: cols, rowset: [row], statementTypeId: STATEMENT_TYPE[kind] };
}

// --- encoding Postgres text values ---

export interface PgField {
  name: string;
  dataTypeID: number;
  dataTypeModifier: number;
}

const OID = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
  unknown: 705,
} as const;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseDate(text: string): number {
  const m = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/.exec(text);
  if (!m) throw new SnowflakeError('100035', '22007', `Date '${text}' is not supported by the stand-in`);
  const year = m[4] ? 1 - Number(m[1]) : Number(m[1]);
  return daysFromCivil(year, Number(m[2]), Number(m[3]));
}

/** Seconds of a `HH:MM:SS[.ffffff]` time as [whole seconds, 9-digit fraction]. */
function parseTime(text: string): [bigint, string] {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text);
  if (!m) throw new SnowflakeError('100035', '22007', `Time '${text}' is not supported by the stand-in`);
  const secs = BigInt(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
  return [secs, (m[4] ?? '').padEnd(9, '0').slice(0, 9)];
}

/** Formats whole seconds + a 9-digit fraction as Snowflake's `s.fffffffff` (negative-safe). */
function epochText(seconds: bigint, fraction: string): string {
  const nanos = seconds * 1_000_000_000n + BigInt(fraction);
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** `YYYY-MM-DD HH:MM:SS[.f][±HH[:MM[:SS]]]` → epoch text and the offset in minutes. */
function parseTimestamp(text: string, withZone: boolean): { epoch: string; offsetMinutes: number } {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/.exec(text);
  if (!m || (withZone && !m[3])) throw new SnowflakeError('100035', '22007', `Timestamp '${text}' is not supported by the stand-in`);
  const days = parseDate(`${m[1]}${m[7] ?? ''}`);
  const [secs, frac] = parseTime(m[2] as string);
  let offsetSeconds = 0;
  if (m[3]) {
    offsetSeconds = (Number(m[4]) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0)) * (m[3] === '-' ? -1 : 1);
  }
  const local = BigInt(days) * 86400n + secs;
  return { epoch: epochText(local - BigInt(offsetSeconds), frac), offsetMinutes: Math.round(offsetSeconds / 60) };
}

function numericShape(mod: number): { precision: number; scale: number } | null {
  if (mod < 4) return null;
  return { precision: ((mod - 4) >> 16) & 0xffff, scale: (mod - 4) & 0xffff };
}

/**
 * Encodes a Postgres result (text-format values) as Snowflake JSON. `declared` gives, per column,
 * a Snowflake type declared for the table column it comes from (TIMESTAMP_TZ, OBJECT, ARRAY),
 * which Postgres' type alone cannot tell.
 */
export function encodeRows(fields: PgField[], rows: Cell[][], declared: (string | undefined)[] = []): { rowtype: RowType[]; rowset: Cell[][] } {
  const encoders: ((v: string) => string)[] = [];
  const rowtype = fields.map((f, i) => {
    const decl = declared[i];
    switch (f.dataTypeID) {
      case OID.int2:
      case OID.int4:
      case OID.int8:
      case OID.oid:
        encoders.push((v) => v);
        return column(f.name, 'fixed');
      case OID.numeric: {
        const shape = numericShape(f.dataTypeModifier);
        encoders.push((v) => {
          if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') throw new SnowflakeError('100046', '22003', 'Number out of representable range');
          return v;
        });
        if (shape) return column(f.name, 'fixed', shape);
        // An unconstrained numeric (a division, an aggregate): report the largest scale present.
        let scale = 0;
        for (const r of rows) {
          const v = r[i];
          const dot = v ? v.indexOf('.') : -1;
          if (v && dot >= 0) scale = Math.max(scale, v.length - dot - 1);
        }
        return column(f.name, 'fixed', { precision: 38, scale: Math.min(scale, 37) });
      }
      case OID.float4:
      case OID.float8:
        encoders.push((v) => v);
        return column(f.name, 'real');
      case OID.bool:
        encoders.push((v) => (v === 't' ? '1' : '0'));
        return column(f.name, 'boolean');
      case OID.date:
        encoders.push((v) => String(parseDate(v)));
        return column(f.name, 'date');
      case OID.time:
        encoders.push((v) => {
          const [s, frac] = parseTime(v);
          return epochText(s, frac);
        });
        return column(f.name, 'time');
      case OID.timestamp:
        encoders.push((v) => parseTimestamp(v, false).epoch);
        return column(f.name, 'timestamp_ntz');
      case OID.timestamptz:
        if (decl?.startsWith('TIMESTAMP_TZ')) {
          encoders.push((v) => {
            const p = parseTimestamp(v, true);
            return `${p.epoch} ${1440 + p.offsetMinutes}`;
          });
          return column(f.name, 'timestamp_tz');
        }
        encoders.push((v) => parseTimestamp(v, true).epoch);
        return column(f.name, 'timestamp_ltz');
      case OID.json:
      case OID.jsonb:
        encoders.push((v) => v);
        return column(f.name, decl === 'OBJECT' ? 'object' : decl === 'ARRAY' ? 'array' : 'variant');
      case OID.bytea:
        encoders.push((v) => v.replace(/^\\x/, '').toUpperCase());
        return column(f.name, 'binary', { length: 8388608, byteLength: 8388608 });
      case OID.varchar: {
        encoders.push((v) => v);
        const n = f.dataTypeModifier > 4 ? f.dataTypeModifier - 4 : MAX_VARCHAR;
        return column(f.name, 'text', { length: n, byteLength: Math.min(n * 4, MAX_VARCHAR) });
      }
      default:
        encoders.push((v) => v);
        return column(f.name, 'text');
    }
  });
  const rowset = rows.map((r) => r.map((v, i) => (v === null ? null : (encoders[i] as (v: string) => string)(v))));
  return { rowtype, rowset };
}
