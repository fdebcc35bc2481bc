// The Snowflake dialect. The identifier rule (docs/snowflake.md): vde quotes every identifier it
// writes, and writes the names of its schemas and objects upper-case — the fold of the same name
// unquoted — so model `marts.orders` lives in MARTS.ORDERS and environment views in
// MARTS__PR_1.ORDERS, and user SQL that says `marts.orders` unquoted resolves to the same object.
// core/naming applies `normalizeIdentifier` to every name it makes; this is that one place.
import type { Dialect, Relation } from '../types';
import { snowflakeDiffDialect } from './diff-dialect';

/** `environment_catalog_mapping`: the first pattern matching an environment name picks the database of its views. */
export interface CatalogMapping {
  pattern: string;
  database: string;
}

export class SnowflakeDialect implements Dialect {
  readonly name = 'snowflake' as const;
  /** Snowflake allows 255 characters (vde counts bytes, which is never fewer). */
  readonly maxIdentifierLength = 255;
  // JSON is stored as text: a VARIANT column would need PARSE_JSON around every bound value.
  readonly types = { text: 'VARCHAR', timestamp: 'TIMESTAMP_NTZ', bigint: 'NUMBER(38,0)', json: 'VARCHAR' };
  readonly diff = snowflakeDiffDialect((value) => this.quoteLiteral(value));
  private readonly catalogs: { pattern: RegExp; database: string }[];
  readonly homeCatalog?: string;
  readonly mappedCatalogs?: readonly string[];

  /** `home`: the connection's database, needed with a mapping (views elsewhere name it). */
  constructor(catalogs: CatalogMapping[] = [], home?: string) {
    // A database written in vde.yaml is read like an unquoted name (ANALYTICS_DEV), as the
    // connection's own `database` is.
    // Matched from the start of the name, as SQLMesh does (Python's re.match): `pr_` matches
    // `pr_1`, `_1` does not; `$` anchors the end.
    this.catalogs = catalogs.map((c) => ({ pattern: new RegExp(`^(?:${c.pattern})`), database: this.normalizeIdentifier(c.database) }));
    if (catalogs.length > 0) {
      if (home === undefined) throw new Error('environment_catalog_mapping needs the connection database');
      this.homeCatalog = this.normalizeIdentifier(home);
      this.mappedCatalogs = [...new Set(this.catalogs.map((c) => c.database))];
    }
  }

  catalogFor(environment: string): string | undefined {
    return this.catalogs.find((c) => c.pattern.test(environment))?.database;
  }

  quoteIdentifier(name: string): string {
    if (name.length === 0) throw new Error('cannot quote an empty identifier');
    if (name.includes('\0')) throw new Error('identifier contains a NUL character');
    if (name.length > this.maxIdentifierLength) throw new Error(`identifier longer than ${this.maxIdentifierLength} characters: ${name.slice(0, 40)}...`);
    return `"${name.replace(/"/g, '""')}"`;
  }

  qualify(relation: Relation): string {
    const database = relation.database !== undefined ? `${this.quoteIdentifier(relation.database)}.` : '';
    return `${database}${this.quoteIdentifier(relation.schema)}.${this.quoteIdentifier(relation.name)}`;
  }

  /** `"DB"."SCHEMA"`, or `"SCHEMA"` in the connection's database. */
  qualifySchema(schema: string, database?: string): string {
    return `${database !== undefined ? `${this.quoteIdentifier(database)}.` : ''}${this.quoteIdentifier(schema)}`;
  }

  quoteLiteral(value: string): string {
    if (value.includes('\0')) throw new Error('string literal contains a NUL character');
    // Snowflake reads backslash escapes inside '...': a literal backslash must be doubled.
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  normalizeIdentifier(name: string): string {
    return name.toUpperCase();
  }

  placeholder(index: number): string {
    if (!Number.isInteger(index) || index < 1) throw new Error(`bad placeholder index ${index}`);
    // Numbered binds: the same value can be used twice, which `?` cannot do.
    return `:${index}`;
  }

  /**
   * A bound state value: timestamps arrive as ISO-8601 UTC strings and are stored TIMESTAMP_NTZ
   * (UTC wall clock); JSON is stored as text; bigints are NUMBER(38,0).
   */
  param(index: number, type: 'text' | 'bigint' | 'timestamp' | 'json'): string {
    const p = this.placeholder(index);
    if (type === 'timestamp') return `TO_TIMESTAMP_NTZ(${p})`;
    if (type === 'bigint') return `CAST(${p} AS NUMBER(38,0))`;
    return `CAST(${p} AS VARCHAR)`;
  }

  /**
   * The current time as TIMESTAMP_NTZ in UTC, like the state's columns. (CURRENT_TIMESTAMP is a
   * TIMESTAMP_LTZ, which Snowflake would compare with an NTZ column in the session's time zone.)
   */
  readonly currentTimestamp = 'SYSDATE()';

  plusSeconds(timestamp: string, seconds: number): string {
    if (!Number.isInteger(seconds)) throw new Error(`bad seconds ${seconds}`);
    return `DATEADD(second, ${seconds}, ${timestamp})`;
  }

  castToText(expr: string): string {
    return `CAST(${expr} AS VARCHAR)`;
  }

  /**
   * Matches anywhere in the text, like Postgres's `~`. (REGEXP_LIKE / RLIKE would match the whole
   * string only: an unanchored audit pattern would then flag rows Postgres passes.)
   */
  regexMatch(expr: string, pattern: string): string {
    return `(REGEXP_INSTR(${expr}, ${pattern}) > 0)`;
  }
}

export const snowflakeDialect = new SnowflakeDialect();
