// The Postgres dialect: quoting, identifier folding and the type names vde uses. PGlite is
// Postgres compiled to wasm, so it shares this dialect unchanged.
import type { Dialect, ParamType, Relation } from '../types';
import { postgresDiffDialect } from './diff-dialect';
import { postgresIncremental } from './incremental';

export class PostgresDialect implements Dialect {
  readonly name = 'postgres' as const;
  readonly maxIdentifierLength = 63;
  readonly types = { text: 'text', timestamp: 'timestamptz', bigint: 'bigint', json: 'jsonb' };
  // The table diff's SQL (its session settings, type families, catalog query): diff-dialect.ts.
  readonly diff = postgresDiffDialect((value) => this.quoteLiteral(value));
  readonly incremental = postgresIncremental(this);

  quoteIdentifier(name: string): string {
    if (name.length === 0) throw new Error('cannot quote an empty identifier');
    if (name.includes('\0')) throw new Error('identifier contains a NUL character');
    return `"${name.replace(/"/g, '""')}"`;
  }

  qualify(relation: Relation): string {
    return `${this.quoteIdentifier(relation.schema)}.${this.quoteIdentifier(relation.name)}`;
  }

  quoteLiteral(value: string): string {
    if (value.includes('\0')) throw new Error('string literal contains a NUL character');
    // standard_conforming_strings is on by default since 9.1: backslashes are literal. If the
    // value has a backslash, use the E'' form so the result is right either way.
    const escaped = value.replace(/'/g, "''");
    return value.includes('\\') ? `E'${escaped.replace(/\\/g, '\\\\')}'` : `'${escaped}'`;
  }

  normalizeIdentifier(name: string): string {
    return name.toLowerCase();
  }

  placeholder(index: number): string {
    if (!Number.isInteger(index) || index < 1) throw new Error(`bad placeholder index ${index}`);
    return `$${index}`;
  }

  param(index: number, type: ParamType): string {
    return `CAST(${this.placeholder(index)} AS ${this.types[type]})`;
  }

  textIn(column: string, index: number): string {
    return `${column} = ANY(CAST(${this.placeholder(index)} AS ${this.types.text}[]))`;
  }

  readonly currentTimestamp = 'CURRENT_TIMESTAMP';

  plusSeconds(timestamp: string, seconds: number): string {
    if (!Number.isInteger(seconds)) throw new Error(`bad seconds ${seconds}`);
    return `(${timestamp} + INTERVAL '${seconds} seconds')`;
  }

  regexMatch(expr: string, pattern: string): string {
    return `(${expr} ~ ${pattern})`;
  }

  castToText(expr: string): string {
    return `CAST(${expr} AS text)`;
  }
}

export const postgresDialect = new PostgresDialect();
