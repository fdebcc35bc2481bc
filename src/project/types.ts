// Plain data produced by loading a project from disk. Nothing here touches a warehouse.
import type { Grouping, Positional, ProjectionKind } from './projection-kinds';
import type { Edit } from './source-map';

export type ConnectionConfig =
  | {
      type: 'postgres';
      url?: string;
      host?: string;
      port?: number;
      user?: string;
      password?: string;
      database?: string;
      ssl?: boolean;
    }
  | { type: 'pglite'; path: string }
  | {
      type: 'snowflake';
      account: string;
      username: string;
      password?: string;
      authenticator?: string;
      privateKeyPath?: string;
      database: string;
      warehouse?: string;
      role?: string;
    };

export interface Config {
  /** Absolute path of the project directory. */
  projectDir: string;
  /** Absolute path of vde.yaml, or null when the project has none (defaults apply). */
  file: string | null;
  connection: ConnectionConfig;
  /** Absolute path of the models folder. */
  modelsDir: string;
  stateSchema: string;
  /** Durations in seconds. */
  environmentTtl: number;
  snapshotTtl: number;
}

export type ModelKind =
  | { name: 'FULL' }
  | { name: 'VIEW' }
  | {
      name: 'SEED';
      /** Absolute path of the CSV file. */
      path: string;
      batchSize: number;
    };

export interface ColumnDef {
  name: string;
  type: string;
}

/** A reference in a model's query to another model, with where it sits in the query text. */
export interface ModelReference {
  /** Referenced model's canonical name (`schema.table`, lower-case). */
  model: string;
  /** Character offsets [start, end) in `Model.query` of the whole dotted name to replace. */
  start: number;
  end: number;
  line: number;
}

export interface Model {
  /** Canonical `schema.table`, lower-case; any catalog is dropped. */
  name: string;
  schema: string;
  table: string;
  /** The catalog part if one was written (kept for Snowflake, ignored on Postgres). */
  catalog?: string;
  kind: ModelKind;
  /**
   * SQL dialect the query is written in (SQLMesh's `dialect` property or `model_defaults`);
   * absent: the engine's own.
   */
  dialect?: string;
  /** Key columns, lower-case; empty when none declared. */
  grain: string[];
  columns: ColumnDef[];
  description?: string;
  owner?: string;
  cron?: string;
  start?: string;
  tags: string[];
  /** Absolute path of the .sql file and the project-relative path used in messages. */
  file: string;
  relativeFile: string;
  /** 1-based line where `MODEL (` starts, and where the query starts. */
  line: number;
  queryLine: number;
  /** The query text exactly as written (without the trailing `;`). Empty for seeds. */
  query: string;
  /** The model file's text, and the offset in it where `query` (as written) starts. */
  source: string;
  queryStart: number;
  /** When `query` was rendered (macros, Jinja): edits mapping it back to the text as written. */
  renderEdits?: Edit[];
  /**
   * Normalized query: comments removed, whitespace collapsed, keywords lower-cased, quoted
   * identifiers and literals preserved. Whitespace/comment/keyword-case edits do not change it.
   */
  normalizedQuery: string;
  /** Normalized top-level projections of the outermost SELECT (for breaking/non-breaking). */
  projections: string[];
  /** Normalized query text with the top-level projection list cut out. */
  queryWithoutProjections: string;
  /** Top-level `SELECT DISTINCT`: adding a column there changes the rows, so it is breaking. */
  distinct: boolean;
  /**
   * The SQL parser's reading of the query, filled in only for models whose change must be
   * categorized (core/snapshot.ts analyzeDirectChanges). `error` when the parser could not read it:
   * every change is then breaking.
   */
  analysis?: { analyzer: string; projectionKinds: ProjectionKind[]; grouping: Grouping; positional: Positional } | { analyzer: string; error: string };
  /** References to other models in `query`, in text order. */
  references: ModelReference[];
  /** Parents' canonical names, deduplicated, sorted. */
  parents: string[];
  /** sha256 of the seed file's bytes, for SEED models. */
  seedHash?: string;
}

export interface Project {
  config: Config;
  /** Models by canonical name. */
  models: Map<string, Model>;
  /** Canonical names in topological order (parents before children, ties by name). */
  order: string[];
  /** Children of each model (direct). */
  children: Map<string, string[]>;
}
