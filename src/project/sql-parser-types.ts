// The shapes the SQL parser answers with, and the dialect names it reads. Known without loading
// the parser: the loader refuses an unknown dialect at its line without compiling any WASM.
import { nearest } from './nearest';
import type { Grouping, Positional, ProjectionKind } from './projection-kinds';

export type { Grouping, Positional, ProjectionKind };

/** What vde takes from the parser's tree for one query. */
export interface QueryAnalysis {
  projectionKinds: ProjectionKind[];
  grouping: Grouping;
  positional: Positional;
  distinct: boolean;
  /** Tables read (CTE names excluded), as written: parts and whether each was quoted. */
  tables: TableName[];
}

export interface TableName {
  catalog?: NamePart;
  schema?: NamePart;
  name: NamePart;
}

export interface NamePart {
  name: string;
  quoted: boolean;
}

export type ParseResult = { ok: true; analysis: QueryAnalysis } | { ok: false; error: string };
export type TranspileResult = { ok: true; sql: string } | { ok: false; error: string };

/** The SQL parser as vde calls it: in a worker thread (the bundles) or in this one (sources). */
export interface SqlParser {
  /** `@polyglot-sql/sdk@x.y.z`: recorded with every analysis, so categories never mix versions. */
  readonly id: string;
  analyze(sql: string, dialect: string): Promise<ParseResult>;
  transpile(sql: string, from: string, to: string): Promise<TranspileResult>;
}

// SQLMesh's dialect names → the parser's.
const DIALECT_NAMES: Record<string, string> = { postgres: 'postgresql', postgresql: 'postgresql' };

export function parserDialect(dialect: string): string {
  const d = dialect.toLowerCase();
  return DIALECT_NAMES[d] ?? d;
}

// The parser's dialects (its getDialects()), known without loading it, so that a model naming a
// dialect nobody reads is refused when the project loads, at the line of its `dialect`.
// test/project/sql-parser-dialects.test.ts keeps this list equal to the parser's.
export const PARSER_DIALECTS: readonly string[] = [
  'generic', 'postgresql', 'mysql', 'bigquery', 'snowflake', 'duckdb', 'sqlite', 'hive', 'spark', 'trino', 'presto', 'redshift',
  'tsql', 'oracle', 'clickhouse', 'databricks', 'athena', 'teradata', 'doris', 'starrocks', 'materialize', 'risingwave',
  'singlestore', 'cockroachdb', 'tidb', 'druid', 'solr', 'tableau', 'dune', 'fabric', 'drill', 'dremio', 'exasol', 'datafusion',
];

/** Why `dialect` (SQLMesh's spelling) cannot be read, or null when the parser knows it. */
export function unknownDialect(dialect: string): string | null {
  if (PARSER_DIALECTS.includes(parserDialect(dialect))) return null;
  const names = [...PARSER_DIALECTS.filter((d) => d !== 'postgresql'), 'postgres'].sort();
  const near = nearest(dialect.toLowerCase(), names);
  return `unknown SQL dialect ${dialect}${near ? `; did you mean ${near}?` : ''} (vde reads ${names.join(', ')})`;
}

