// Snowflake data types: parsing a type name in SQL, the Postgres type that stores it, and the
// canonical Snowflake name SHOW / INFORMATION_SCHEMA / DESCRIBE report.
import { SnowflakeError } from './errors';
import { isOp, isWord, type Token } from './tokenizer';

export interface ParsedType {
  /** Canonical Snowflake type, e.g. NUMBER(38,0), VARCHAR(16777216), TIMESTAMP_NTZ(9). */
  sf: string;
  /** The Postgres type the stand-in stores it as. */
  pg: string;
  /** Index of the first token after the type. */
  next: number;
}

const MAX_VARCHAR = 16777216;

function args(tokens: Token[], i: number): { values: number[]; next: number } {
  if (!isOp(tokens[i], '(')) return { values: [], next: i };
  const values: number[] = [];
  let j = i + 1;
  for (;;) {
    const t = tokens[j];
    if (!t || t.kind !== 'number') throw SnowflakeError.syntax(`unexpected '${t?.text ?? '<EOF>'}' in a type`, t?.line, t?.col);
    values.push(Number(t.value));
    j++;
    if (isOp(tokens[j], ',')) {
      j++;
      continue;
    }
    if (isOp(tokens[j], ')')) return { values, next: j + 1 };
    throw SnowflakeError.syntax(`unexpected '${tokens[j]?.text ?? '<EOF>'}' in a type`, tokens[j]?.line, tokens[j]?.col);
  }
}

function timestampScale(values: number[]): number {
  const p = values[0] ?? 9;
  if (p < 0 || p > 9) throw SnowflakeError.compilation('001003', '42000', `invalid timestamp precision ${p}`);
  return p;
}

/** Parses the type starting at tokens[i]; throws for anything Snowflake (or the stand-in) lacks. */
export function parseType(tokens: Token[], i: number): ParsedType {
  const t = tokens[i];
  if (!t || t.kind !== 'word') throw SnowflakeError.syntax(`unexpected '${t?.text ?? '<EOF>'}', expected a type`, t?.line, t?.col);
  let name = t.value;
  let j = i + 1;
  if (name === 'DOUBLE' && isWord(tokens[j], 'PRECISION')) j++;
  if ((name === 'CHARACTER' || name === 'CHAR') && isWord(tokens[j], 'VARYING')) {
    name = 'VARCHAR';
    j++;
  }
  const a = args(tokens, j);
  j = a.next;
  const v = a.values;
  const done = (sf: string, pg: string): ParsedType => ({ sf, pg, next: j });
  switch (name) {
    case 'NUMBER':
    case 'NUMERIC':
    case 'DECIMAL':
    case 'DEC': {
      const p = v[0] ?? 38;
      const s = v[1] ?? 0;
      if (p < 1 || p > 38 || s < 0 || s > p) throw SnowflakeError.compilation('001003', '42000', `invalid precision or scale NUMBER(${p},${s})`);
      return done(`NUMBER(${p},${s})`, `numeric(${p},${s})`);
    }
    case 'INT':
    case 'INTEGER':
    case 'BIGINT':
    case 'SMALLINT':
    case 'TINYINT':
    case 'BYTEINT':
      if (v.length) throw SnowflakeError.syntax(`unexpected '(' after ${name}`, t.line, t.col);
      return done('NUMBER(38,0)', 'numeric(38,0)');
    case 'FLOAT':
    case 'FLOAT4':
    case 'FLOAT8':
    case 'DOUBLE':
    case 'REAL':
      return done('FLOAT', 'double precision');
    case 'VARCHAR':
    case 'STRING':
    case 'TEXT':
    case 'NVARCHAR':
    case 'NVARCHAR2':
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR': {
      const fixed = name === 'CHAR' || name === 'CHARACTER' || name === 'NCHAR';
      const n = v[0] ?? (fixed ? 1 : MAX_VARCHAR);
      if (n < 1 || n > 134217728) throw SnowflakeError.compilation('001003', '42000', `invalid length ${n}`);
      // Snowflake never pads CHAR: it is a VARCHAR with another default length.
      return done(`VARCHAR(${n})`, n >= MAX_VARCHAR ? 'text' : `varchar(${n})`);
    }
    case 'BOOLEAN':
      return done('BOOLEAN', 'boolean');
    case 'DATE':
      return done('DATE', 'date');
    case 'TIME': {
      const p = timestampScale(v);
      return done(`TIME(${p})`, `time(${Math.min(p, 6)})`);
    }
    case 'DATETIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMPNTZ': {
      const p = timestampScale(v);
      if (name === 'TIMESTAMP' && isWord(tokens[j], 'WITH', 'WITHOUT')) {
        throw SnowflakeError.unsupported('TIMESTAMP WITH/WITHOUT TIME ZONE (write TIMESTAMP_TZ or TIMESTAMP_NTZ)');
      }
      return done(`TIMESTAMP_NTZ(${p})`, `timestamp(${Math.min(p, 6)})`);
    }
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMPLTZ':
      return done(`TIMESTAMP_LTZ(${timestampScale(v)})`, `timestamptz(${Math.min(timestampScale(v), 6)})`);
    case 'TIMESTAMP_TZ':
    case 'TIMESTAMPTZ':
      return done(`TIMESTAMP_TZ(${timestampScale(v)})`, `timestamptz(${Math.min(timestampScale(v), 6)})`);
    case 'VARIANT':
      return done('VARIANT', 'jsonb');
    case 'OBJECT':
      return done('OBJECT', 'jsonb');
    case 'ARRAY':
      return done('ARRAY', 'jsonb');
    case 'BINARY':
    case 'VARBINARY':
      return done(`BINARY(${v[0] ?? 8388608})`, 'bytea');
    default:
      throw SnowflakeError.compilation('002040', '42601', `Unsupported data type '${name}'.`);
  }
}

/** Snowflake's name for a Postgres column type (pg_catalog.format_type output) the stand-in created. */
export function sfTypeOfPg(pgType: string): string {
  const t = pgType.toLowerCase();
  let m = /^numeric\((\d+),(\d+)\)$/.exec(t);
  if (m) return `NUMBER(${m[1]},${m[2]})`;
  if (t === 'numeric') return 'NUMBER(38,6)';
  if (t === 'integer' || t === 'bigint' || t === 'smallint') return 'NUMBER(38,0)';
  if (t === 'double precision' || t === 'real') return 'FLOAT';
  m = /^character varying\((\d+)\)$/.exec(t);
  if (m) return `VARCHAR(${m[1]})`;
  if (t === 'text' || t === 'character varying' || t === 'name') return `VARCHAR(${MAX_VARCHAR})`;
  if (t === 'boolean') return 'BOOLEAN';
  if (t === 'date') return 'DATE';
  if (t.startsWith('time') && !t.startsWith('timestamp')) return 'TIME(9)';
  if (t.startsWith('timestamp') && t.includes('with time zone')) return 'TIMESTAMP_LTZ(9)';
  if (t.startsWith('timestamp')) return 'TIMESTAMP_NTZ(9)';
  if (t === 'jsonb' || t === 'json') return 'VARIANT';
  if (t === 'bytea') return 'BINARY(8388608)';
  return `VARCHAR(${MAX_VARCHAR})`;
}

/** INFORMATION_SCHEMA.COLUMNS' DATA_TYPE for a canonical type: the name without arguments, NUMBER → NUMBER, VARCHAR → TEXT. */
export function dataTypeName(sf: string): string {
  const base = sf.replace(/\(.*$/, '');
  return base === 'VARCHAR' ? 'TEXT' : base;
}

export { MAX_VARCHAR };
