// The engine contract. The core and the state store talk to warehouses only through these
// interfaces; every piece of engine-specific SQL lives in an engine's folder (driver + dialect).
// docs/engines.md explains the contract and what the core does with each capability.

export interface QueryResult<R = Record<string, unknown>> {
  /**
   * Rows keyed by column name. A column named by an unquoted identifier comes back in lower case
   * on every engine (drivers of upper-folding engines lower-case such names), so callers alias
   * their result columns with lower-case unquoted names.
   */
  rows: R[];
  /** Rows affected for DML, rows returned for SELECT. */
  rowCount: number;
  fields: { name: string }[];
}

/** Something that runs SQL: the engine itself (any pooled connection) or one transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
}

/** A schema-qualified relation name, unquoted and already normalized. */
export interface Relation {
  schema: string;
  name: string;
  /**
   * The database (catalog) when it is not the connection's own: environment views placed by
   * `environment_catalog_mapping` (only on engines with `crossDatabaseQueries`).
   */
  database?: string;
}

export interface ViewSpec {
  view: Relation;
  /** The SELECT the view stands for. */
  select: string;
}

export interface ColumnInfo {
  name: string;
  /** The engine's type name, e.g. `integer`, `numeric(10,2)`, `text`. */
  type: string;
}

/** Types of values the state store binds; the dialect decides how each is written in SQL. */
export type ParamType = 'text' | 'bigint' | 'timestamp' | 'json';

/**
 * How the table diff (src/diff) compares and profiles a column type:
 * - `integer`, `decimal`, `float`: numbers, compared by value across the three;
 * - `temporal`: dates and times (native `=`; min/max in the profile);
 * - `equatable`: any other type whose `=` is a value equality (text, boolean, uuid, ...);
 * - `textual`: no usable `=` (json, geometric and unknown types): compared through its text form.
 */
export type ValueFamily = 'integer' | 'decimal' | 'float' | 'temporal' | 'equatable' | 'textual';

/** The engine-specific SQL the table diff needs; the comparison rules themselves live in src/diff. */
export interface DiffDialect {
  family(type: string): ValueFamily;
  /** `expr`, a number of `family`, as an exact decimal; a float through its shortest round-trip text. */
  exactDecimal(expr: string, family: 'integer' | 'decimal' | 'float'): string;
  /**
   * A literal of type `type` to stand for NULL in a NULL-safe key match
   * (`(f.k IS NULL) = (t.k IS NULL) AND COALESCE(f.k, filler) = COALESCE(t.k, filler)`), or null
   * when the engine has none for the type (the diff then matches that key part on its text).
   */
  keyFiller(type: string, family: ValueFamily): string | null;
  /**
   * Statements run first, in order, in every transaction the diff opens (one round trip each;
   * Postgres needs one). They make the transaction read-only, so a user's `--where` can only read
   * (sequences, functions that write, DDL all fail), and set what large scan-and-join statements
   * need. An engine without read-only transactions must give the diff an equivalent (for example
   * a role that may only read); the diff never runs a user's filter otherwise.
   */
  readonly readOnlySession: string[];
  /**
   * Engines whose transactions cannot be made read-only (Snowflake): why a user's `--where` could
   * write or act (a call that has side effects, a second statement), or null when it can only
   * read. The diff refuses a filter with a reason before running anything. Engines whose
   * `readOnlySession` makes writes fail leave it out.
   */
  writingFilter?(where: string): string | null;
  /**
   * One catalog query for the columns of several relations. Rows: `schema_name`, `table_name`,
   * `column_name`, `data_type`, in column order within each relation.
   */
  columnsQuery(relations: Relation[]): string;
  /**
   * A select-list item that keeps the planner from inlining the subquery it is added to, or null.
   * Postgres estimates a GROUP BY over inlined join expressions at one group per row and then
   * refuses to aggregate in parallel workers; over a subquery's outputs it estimates few groups.
   */
  readonly subqueryFence: string | null;
  /**
   * Aggregate concatenating the texts of `expr` over the rows where `when` is true, in any order
   * (Postgres: `string_agg(expr, '') FILTER (WHERE when)`).
   */
  concatAgg(expr: string, when: string): string;
}

/**
 * The SQL incremental models need (docs/incremental.md). Statements are DML only (they run in one
 * transaction on every engine, with the interval record written in it too), except `addColumn`.
 * Identifiers are quoted here; `select` is the model's rendered query for one batch.
 */
export interface IncrementalDialect {
  /** A SELECT with the columns of `select` and no rows: an incremental model's empty table. */
  emptySelect(select: string): string;
  /**
   * A literal comparable with a column of type `columnType` (as listColumns gives it) that stands
   * for the instant `at` (UTC); for a text column `format` (strftime: %Y, %m, %d, %H, %M, %S) says
   * how the column writes times. null when a column of that type cannot hold a time.
   */
  timeLiteral(at: Date, columnType: string, format?: string): string | null;
  /** Replaces the rows of `table` whose `timeColumn` is in [from, to) by `select`'s rows in that range (others are not written). */
  replaceRange(table: Relation, columns: string[], select: string, timeColumn: string, from: string, to: string): string[];
  /** Merges `select`'s rows into `table` on `key`: a matched row gets every other column, the rest are inserted. */
  merge(table: Relation, columns: string[], select: string, key: string[]): string[];
  /** Appends `select`'s rows. */
  append(table: Relation, columns: string[], select: string): string[];
  /** Replaces every row of `table` (a table refreshed in place, keeping the views that read it). */
  replaceAll(table: Relation, columns: string[], select: string): string[];
  /** Adds a column (DDL; a forward-only change that adds columns). */
  addColumn(table: Relation, column: ColumnInfo): string;
}

export interface Dialect {
  readonly name: 'postgres' | 'snowflake';
  /** Present when the engine runs incremental models. */
  readonly incremental?: IncrementalDialect;
  /** Longest identifier in bytes (Postgres: 63). */
  readonly maxIdentifierLength: number;
  quoteIdentifier(name: string): string;
  /** `"schema"."name"`. */
  qualify(relation: Relation): string;
  quoteLiteral(value: string): string;
  /** How the engine folds an unquoted identifier (Postgres lower-cases, Snowflake upper-cases). */
  normalizeIdentifier(name: string): string;
  /** Bind placeholder for the i-th (1-based) parameter. */
  placeholder(index: number): string;
  /**
   * The database an environment's views live in when it is not the connection's own
   * (`environment_catalog_mapping`); undefined: the connection's.
   */
  catalogFor?(environment: string): string | undefined;
  /**
   * The connection's database, set when `catalogFor` can name another: a view placed elsewhere
   * names the physical table with it (unqualified names in a view resolve in the view's database).
   */
  readonly homeCatalog?: string;
  /** Every database `catalogFor` can name (where an environment's views may have been put). */
  readonly mappedCatalogs?: readonly string[];
  /**
   * The i-th bind parameter as a value of `type`, usable anywhere an expression is (a SELECT list,
   * a WHERE clause): e.g. `CAST($1 AS jsonb)` on Postgres, `PARSE_JSON(?)` on Snowflake. The
   * state store binds JSON as its text, timestamps as ISO-8601 strings, bigints as numbers.
   */
  param(index: number, type: ParamType): string;
  /**
   * `column` equals one of a list of text values bound as one array parameter, the i-th (Postgres:
   * `column = ANY(CAST($1 AS text[]))`: one short statement for 5,000 keys instead of five IN lists
   * of 1,000 placeholders each). Absent where the driver binds no arrays: the state store then
   * sends IN lists in chunks.
   */
  textIn?(column: string, index: number): string;
  /** The warehouse's current time (a timestamp expression). */
  readonly currentTimestamp: string;
  /** A timestamp expression `seconds` (a whole number) after `timestamp`. */
  plusSeconds(timestamp: string, seconds: number): string;
  /** Type names the state store uses. */
  readonly types: { text: string; timestamp: string; bigint: string; json: string };
  /**
   * A boolean expression: `expr` matches the regular expression `pattern` (a SQL string
   * expression) somewhere. Audits (valid_email, match_regex_pattern_list, ...) use it.
   */
  regexMatch(expr: string, pattern: string): string;
  /** SQL that casts an expression to text for comparisons (diff). */
  castToText(expr: string): string;
  /** The table diff's engine-specific SQL. */
  readonly diff: DiffDialect;
}

/**
 * What an engine can and cannot do. The core branches on these, never on the engine's name.
 * docs/engines.md says what the core does differently for each.
 */
export interface EngineCapabilities {
  /**
   * DDL takes part in transactions and rolls back with them (Postgres). When false, every DDL
   * statement commits on its own (Snowflake): the core never passes a transaction to a DDL method
   * and sequences apply in stages that converge on re-run instead.
   */
  readonly transactionalDdl: boolean;
  /**
   * The engine refuses to drop a table that a view reads (Postgres). Informational only: the
   * janitor's safety comes from the state, never from this refusal.
   */
  readonly viewsBoundToTables: boolean;
  /** Two schemas can be swapped atomically (`ALTER SCHEMA ... SWAP WITH`). */
  readonly atomicSchemaSwap: boolean;
  /** A table can be copied without copying its data (`CREATE TABLE ... CLONE`). */
  readonly zeroCopyClone: boolean;
  /** How unquoted identifiers fold. */
  readonly identifierCase: 'lower' | 'upper';
  /** Longest identifier in bytes. */
  readonly maxIdentifierLength: number;
  /**
   * The engine offers session-scoped exclusive locks that need no table and are released when
   * the session ends (`tryAdvisoryLock`). When false, the core takes a lease row in the state
   * schema instead.
   */
  readonly advisoryLocks: boolean;
  /** Queries may name objects in other databases (`db.schema.name`). */
  readonly crossDatabaseQueries: boolean;
  /** How many statements may usefully run at once (separate connections); 1 = serial. */
  readonly concurrency: number;
}

/** What the core knows about a physical build that an engine may act on. */
export interface BuildOptions {
  /**
   * The build is for prod (an apply of the prod environment). An engine may store builds for
   * other environments more cheaply (Snowflake: TRANSIENT tables with `snowflake.transient_tables`).
   */
  forProd: boolean;
}

/** A held lock; `release` is idempotent and never throws. */
export interface LockHandle {
  release(): Promise<void>;
}

/** Hook called before every statement an engine runs. Tests throw from it to simulate crashes. */
export type StatementHook = (sql: string) => void;

export interface EngineStats {
  statements: number;
}

export interface Engine extends Queryable {
  readonly type: 'postgres' | 'pglite' | 'snowflake';
  readonly dialect: Dialect;
  readonly capabilities: EngineCapabilities;
  readonly stats: EngineStats;

  /**
   * Runs `fn` in one transaction (BEGIN/COMMIT, ROLLBACK on throw). With `transactionalDdl`
   * false, only DML (the state store's reads and writes) may run inside it.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Present when `capabilities.advisoryLocks`: takes the exclusive session lock named `key`
   * without waiting; null when another session holds it.
   */
  tryAdvisoryLock?(key: string): Promise<LockHandle | null>;

  // --- DDL the core needs. Each is idempotent so a re-run after a crash converges. `db` is a
  // transaction from `transaction` (only when `transactionalDdl`) or the engine itself. ---

  /** Creates a schema if it does not exist; a concurrent creator is not an error. */
  createSchema(db: Queryable, schema: string): Promise<void>;
  /**
   * Drops a schema only if it is empty (never CASCADE, even where the engine's DROP SCHEMA would
   * take the contents along). Returns false if it did not exist; throws if it is not empty.
   */
  dropSchema(db: Queryable, schema: string, database?: string): Promise<boolean>;
  /**
   * Builds a physical table from a SELECT: builds under a temporary name, then renames into place,
   * all in one transaction where the engine allows. If `target` already exists it is replaced.
   * A crash leaves either the old state or the finished table, plus possibly a temporary table
   * that the next build of the same target (or `dropPhysical`) removes.
   */
  createTableAs(target: Relation, select: string, options?: BuildOptions): Promise<void>;
  /** Creates or replaces a (physical) view. */
  createOrReplaceView(db: Queryable, spec: ViewSpec): Promise<void>;
  /**
   * Creates a table with these columns and loads rows in batches (seeds), building under a
   * temporary name and renaming into place. Values are strings or null; the engine casts them.
   */
  loadTable(
    target: Relation,
    columns: { name: string; type: string }[],
    batches: AsyncIterable<(string | null)[][]>,
    options?: BuildOptions,
  ): Promise<number>;
  /**
   * Points views at new SELECTs and drops views that go away. Existing views are replaced in
   * place; when that is impossible (columns removed or retyped) the old view is dropped without
   * CASCADE and recreated. Given a transaction, all of it happens in that transaction; given the
   * engine on an engine without transactional DDL, each view changes on its own.
   */
  swapViews(db: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void>;
  dropView(db: Queryable, view: Relation): Promise<boolean>;
  dropTable(db: Queryable, table: Relation): Promise<boolean>;
  /**
   * Present when `capabilities.zeroCopyClone`: creates `target` as a copy of `source` that shares
   * its storage (a forward-only change's preview starts from prod's rows). Idempotent: an existing
   * `target` is replaced.
   */
  cloneTable?(target: Relation, source: Relation): Promise<void>;
  /**
   * Drops a physical-layer object whatever its kind (table or view) together with any temporary
   * table an interrupted build of it left. Never CASCADE. Returns the kind dropped, or null.
   */
  dropPhysical(relation: Relation): Promise<'table' | 'view' | null>;

  // --- Introspection. ---
  relationExists(relation: Relation): Promise<'table' | 'view' | null>;
  listColumns(relation: Relation): Promise<ColumnInfo[]>;
  /** Schemas whose names start with `prefix`. */
  listSchemas(prefix: string, database?: string): Promise<string[]>;
  /** Relations in a schema with their kind. */
  listRelations(schema: string): Promise<{ name: string; kind: 'table' | 'view' }[]>;
  /** Total bytes of a relation on disk (0 for views); for benchmarks. */
  relationSize(relation: Relation): Promise<number>;

  /**
   * Labels every statement from now on where the warehouse keeps such a label (Snowflake's
   * QUERY_TAG): `vde:<command>:<environment>`. Engines without one leave it out.
   */
  setQueryTag?(tag: string): void;

  close(): Promise<void>;
}
