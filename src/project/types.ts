// Plain data produced by loading a project from disk. Nothing here touches a warehouse.
import type { Grouping, Positional, ProjectionKind } from './projection-kinds';
import type { ModelSchedule } from './schedule';
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
      /** Seconds to wait for a login (default 10) and for one statement (default: no limit). */
      connectTimeout?: number;
      queryTimeout?: number;
    }
  | { type: 'pglite'; path: string }
  | {
      type: 'snowflake';
      account: string;
      username: string;
      password?: string;
      authenticator?: 'snowflake' | 'snowflake_jwt' | 'oauth';
      privateKeyPath?: string;
      /** PEM text of the private key (usually from an environment variable). */
      privateKey?: string;
      privateKeyPassphrase?: string;
      /** OAuth access token. */
      token?: string;
      database: string;
      warehouse?: string;
      role?: string;
      host?: string;
      port?: number;
      protocol?: 'http' | 'https';
      accessUrl?: string;
    };

/** SQLMesh's `model_defaults` (config.yaml): what a model header falls back on. */
export interface ModelDefaults {
  /** The default kind as header text: `FULL`, `INCREMENTAL_BY_TIME_RANGE (time_column ds)`. */
  kind?: string;
  /** Lower-case dialect name. */
  dialect?: string;
  start?: string;
  cron?: string;
  owner?: string;
  /** `audits`: audit calls as written (`not_null(columns := [id])`) that every model runs first. */
  audits?: { items: { text: string; line: number }[]; file: string };
  /** model_naming.infer_names: a model without `name` is named after its folder and file. */
  inferNames?: boolean;
  /** Every key as written in config.yaml (values as YAML gives them). */
  raw: Record<string, unknown>;
}

export interface Config {
  /** Absolute path of the project directory. */
  projectDir: string;
  /** Absolute path of vde.yaml, or null when the project has none (defaults apply). */
  file: string | null;
  /** Absolute path of SQLMesh's config.yaml when the project has one (read when vde.yaml does not say everything). */
  sqlmeshFile: string | null;
  /** The config.yaml gateway vde connects through, and why that one; absent without config.yaml gateways. */
  gateway?: { name: string; reason: string };
  /** config.yaml `variables` (gateway variables over root ones), keys lower-case: for `@name` / `@VAR`. */
  variables: Record<string, unknown>;
  modelDefaults: ModelDefaults;
  /** Plain sentences for the CLI to print: which connection and why, what of config.yaml is ignored. */
  notes: string[];
  /** config.yaml `ignore_patterns`: globs (project-relative) of files the loader skips. */
  ignorePatterns: string[];
  connection: ConnectionConfig;
  /** Absolute path of the models folder. */
  modelsDir: string;
  stateSchema: string;
  /** Durations in seconds. */
  environmentTtl: number;
  snapshotTtl: number;
  /** How much of an incremental model's history a PR environment builds (`preview_window`). */
  previewWindow: number;
  /** `snowflake:` options (ignored by other engines). */
  snowflake?: { transientTables: boolean };
  /** `environment_catalog_mapping`: the first pattern matching an environment name picks its database (Snowflake only). */
  environmentCatalogMapping?: { pattern: string; database: string }[];
}

/** SQLMesh's `csv_settings` of a SEED kind that vde honours (pandas' names in comments). */
export interface CsvSettings {
  delimiter?: string;
  /** quotechar */
  quote?: string;
  /** escapechar */
  escape?: string;
  /** doublequote */
  doubleQuote?: boolean;
  /** skipinitialspace */
  skipInitialSpace?: boolean;
  /** lineterminator */
  lineTerminator?: string;
  /** na_values: extra values read as NULL, in every column. */
  naValues?: string[];
  /** keep_default_na: false stops pandas' NA markers (NA, NULL, NaN, ...) from meaning NULL. */
  keepDefaultNa?: boolean;
}

/** What every incremental kind takes (SQLMesh's names in comments). */
export interface IncrementalOptions {
  /** batch_size: intervals per backfill task. */
  batchSize?: number;
  /** batch_concurrency */
  batchConcurrency?: number;
  /** lookback: intervals before the current one to reprocess. */
  lookback?: number;
  /** forward_only */
  forwardOnly: boolean;
  /** disable_restatement */
  disableRestatement: boolean;
  /** on_destructive_change / on_additive_change: allow, warn, error or ignore. */
  onDestructiveChange?: string;
  onAdditiveChange?: string;
  /** auto_restatement_cron, auto_restatement_intervals */
  autoRestatementCron?: string;
  autoRestatementIntervals?: number;
  /** Line of the kind in the model file. */
  line: number;
}

/** The incremental kinds (what of them vde does not run yet: `unsupportedReason` in support.ts). */
export type IncrementalKind =
  | (IncrementalOptions & {
      name: 'INCREMENTAL_BY_TIME_RANGE';
      /** time_column (lower-case unless quoted) and its optional format. */
      timeColumn: string;
      format?: string;
      /** partition_by_time_column */
      partitionByTimeColumn?: boolean;
    })
  | (IncrementalOptions & {
      name: 'INCREMENTAL_BY_UNIQUE_KEY';
      uniqueKey: string[];
      /** when_matched / merge_filter: SQL text as written. */
      whenMatched?: string;
      mergeFilter?: string;
    })
  | (IncrementalOptions & {
      name: 'INCREMENTAL_UNMANAGED';
      insertOverwrite: boolean;
    });

export type ModelKind =
  | { name: 'FULL' }
  | {
      name: 'VIEW';
      /** materialized true: a materialized view (not supported yet, see support.ts). */
      materialized?: boolean;
    }
  | IncrementalKind
  | {
      name: 'SEED';
      /** Absolute path of the CSV file. */
      path: string;
      /** Project-relative path of the CSV file (with `/`), for messages. */
      relativePath: string;
      batchSize: number;
      csv: CsvSettings;
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

/** A `key = value` of physical_properties / virtual_properties: the value's SQL as written. */
export interface PropertyValue {
  key: string;
  sql: string;
}

/** A header property vde accepts but does not act on (listed by `vde plan --verbose`). */
export interface IgnoredProperty {
  name: string;
  line: number;
  /** The value as written (comments dropped, whitespace collapsed). */
  value: string;
}

/** One argument of an audit call: its SQL as written and, for a list, each element's SQL. */
export interface AuditArg {
  sql: string;
  items?: string[];
}

/**
 * An audit a model asks for in `audits (...)`: a built-in (not_null, unique_values, ...) or a custom
 * one from audits/*.sql, with its arguments. `name` is without a `_non_blocking` suffix.
 */
export interface AuditCall {
  name: string;
  builtin: boolean;
  /**
   * False for a `<builtin>_non_blocking` call, a custom audit defined with `blocking false`, or a
   * call that says `blocking := false` (which wins over the definition).
   */
  blocking: boolean;
  /** The call itself set `blocking := ...`. */
  explicitBlocking?: boolean;
  args: Record<string, AuditArg>;
  line: number;
  /** Set for a call that comes from config.yaml's model_defaults.audits (`line` is then config.yaml's). */
  fromDefaults?: boolean;
  /** A custom audit's query for this call, rendered by the loader. */
  rendered?: RenderedAudit;
}

/**
 * A custom audit's query for one call: its parameters (the call's arguments over the audit's
 * defaults) and macros rendered, `@this_model` as THIS_MODEL_PLACEHOLDER (model-body.ts).
 */
export interface RenderedAudit {
  sql: string;
  /** Project-relative file of the audit, the line of its `AUDIT (`, the line its query starts on. */
  file: string;
  line: number;
  queryLine: number;
  /** The dialect the query is written in (the audit's `dialect`, else the model's). */
  dialect?: string;
  /** Models the query reads by name (offsets into `sql`), rewritten to physical tables when it runs. */
  references: ModelReference[];
}

/** A custom audit from audits/*.sql: `AUDIT (name ..., ...); SELECT <rows that violate>`. */
export interface AuditDefinition {
  name: string;
  /** Project-relative file and the line of `AUDIT (`. */
  file: string;
  line: number;
  blocking: boolean;
  /** standalone true: not attached to a model (SQLMesh runs it on its own). */
  standalone: boolean;
  dialect?: string;
  /** `defaults (name = value)`: SQL text of each parameter's default. */
  defaults: Record<string, string>;
  /** The query as written, and the line it starts on. */
  query: string;
  queryLine: number;
  /** `@name` parameters the query uses (lower-case), besides SQLMesh's built-in macro variables. */
  parameters: string[];
  ignoredProperties: IgnoredProperty[];
}

/** A table vde does not build, described in external_models.yaml (or schema.yaml). */
export interface ExternalModel {
  /** Canonical `schema.table`, lower-case unless quoted. */
  name: string;
  schema: string;
  table: string;
  catalog?: string;
  columns: ColumnDef[];
  description?: string;
  columnDescriptions: Record<string, string>;
  /** Project-relative file and line of its entry. */
  file: string;
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
   * SQL dialect the query is written in (SQLMesh's `dialect` property, else config.yaml's
   * model_defaults.dialect), lower-case; absent: the engine's own.
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
  /** The model file's text, and the offset where `query` (as written) starts: in the file text, or
   * in the text with Jinja blocks rendered when there are any (see `jinjaEdits`). */
  source: string;
  queryStart: number;
  /** When `query` was rendered (macros, Jinja): edits mapping it back to the text as written. */
  renderEdits?: Edit[];
  /** When Jinja blocks were rendered: edits mapping the rendered file text back to the file. */
  jinjaEdits?: Edit[];
  /** Statements around the query, rendered: run before and after the build, in file order. */
  preStatements: { sql: string; line: number }[];
  postStatements: { sql: string; line: number }[];
  /** config.yaml variables the macros read, with their values (part of the model's identity). */
  macroVariables: Record<string, unknown>;
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
  /** Names in `depends_on` (canonical); those naming models are also in `parents`. */
  dependsOn: string[];
  /** `column_descriptions`, by column name. */
  columnDescriptions: Record<string, string>;
  audits: AuditCall[];
  /** Audits defined in the model file itself (SQLMesh's inline audits), visible to this model only. */
  inlineAudits?: AuditDefinition[];
  physicalProperties: PropertyValue[];
  virtualProperties: PropertyValue[];
  /** Properties accepted and ignored (cron, owner, tags, stamp, ...): for `vde plan --verbose`. */
  ignoredProperties: IgnoredProperty[];
  /** `enabled false` models are skipped by the loader (listed in Project.disabled). */
  enabled: boolean;
  /** Incremental models: start, end, cron and interval unit (./schedule), read when the project loads. */
  schedule?: ModelSchedule;
}

export interface Project {
  config: Config;
  /** Models by canonical name. */
  models: Map<string, Model>;
  /** Canonical names in topological order (parents before children, ties by name). */
  order: string[];
  /** Children of each model (direct). */
  children: Map<string, string[]>;
  /** Custom audits from audits/*.sql, by name. */
  audits: Map<string, AuditDefinition>;
  /** External models (sources vde never builds), by canonical name. */
  externals: Map<string, ExternalModel>;
  /** Models skipped because of `enabled false`. */
  disabled: { name: string; file: string; line: number }[];
  /**
   * Models vde reads but cannot run (a user macro from macros/*.py, a Python model), skipped with
   * the reason; a model that reads one of them is an error.
   */
  refused: { name?: string; file: string; line: number; reason: string }[];
}
