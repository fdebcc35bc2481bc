// The engine contract. The core and the state store talk to warehouses only through these
// interfaces; every piece of engine-specific SQL lives in an engine's folder (driver + dialect).

export interface QueryResult<R = Record<string, unknown>> {
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
   * Statements run first, in order, in every transaction the diff opens. The first makes the
   * transaction read-only, so a user's `--where` can only read (sequences, functions that write,
   * DDL all fail); the others set what large scan-and-join statements need.
   */
  readonly readOnlySession: string[];
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
}

export interface Dialect {
  readonly name: 'postgres' | 'snowflake';
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
  /** Type names the state store uses. */
  readonly types: { text: string; timestamp: string; bigint: string; json: string };
  /** SQL that casts an expression to text for comparisons (diff). */
  castToText(expr: string): string;
  /** SQL rounding a numeric expression to `decimals` places (diff tolerance). */
  round(expr: string, decimals: number): string;
  /** True if the type name is a float/numeric type that `--decimals` applies to. */
  isNumericType(type: string): boolean;
  /**
   * Transaction-local settings run before a large scan-and-join (the table diff). Postgres needs
   * a nudge to run a FULL JOIN that feeds a grouped aggregate in parallel.
   */
  readonly heavyQuerySettings: string[];
  /** The table diff's engine-specific SQL. */
  readonly diff: DiffDialect;
}

/** Hook called before every statement an engine runs. Tests throw from it to simulate crashes. */
export type StatementHook = (sql: string) => void;

export interface EngineStats {
  statements: number;
}

export interface Engine extends Queryable {
  readonly type: 'postgres' | 'pglite' | 'snowflake';
  readonly dialect: Dialect;
  readonly stats: EngineStats;
  /** How many statements may usefully run at once (separate connections); 1 = serial. */
  readonly concurrency: number;

  /** Runs `fn` in one transaction (BEGIN/COMMIT, ROLLBACK on throw). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Holds an exclusive lock named `key` for the duration of `fn` (Postgres: session advisory lock
   * on a dedicated connection). Does not wait: if another holder has it, throws ConflictError.
   */
  withLock<T>(key: string, environment: string, fn: () => Promise<T>): Promise<T>;

  // --- DDL the core needs. Each is idempotent so a re-run after a crash converges. ---
  createSchema(tx: Queryable, schema: string): Promise<void>;
  /** Drops an empty schema (never CASCADE). Returns false if it did not exist. */
  dropSchema(tx: Queryable, schema: string): Promise<boolean>;
  /**
   * Builds a physical table from a SELECT: builds under a temporary name, then renames into place,
   * all in one transaction where the engine allows. If `target` already exists it is replaced.
   */
  createTableAs(target: Relation, select: string): Promise<void>;
  /** Creates or replaces a (physical) view. */
  createOrReplaceView(tx: Queryable, spec: ViewSpec): Promise<void>;
  /**
   * Creates a table with these columns and loads rows in batches (seeds), building under a
   * temporary name and renaming into place. Values are strings or null; the engine casts them.
   */
  loadTable(
    target: Relation,
    columns: { name: string; type: string }[],
    batches: AsyncIterable<(string | null)[][]>,
  ): Promise<number>;
  /**
   * Points views at new SELECTs and drops views that go away, in the transaction `tx`.
   * Existing views are replaced in place; when that is impossible (columns removed or retyped),
   * the old view is dropped without CASCADE and recreated.
   */
  swapViews(tx: Queryable, create: ViewSpec[], drop: Relation[]): Promise<void>;
  dropView(tx: Queryable, view: Relation): Promise<boolean>;
  dropTable(tx: Queryable, table: Relation): Promise<boolean>;

  // --- Introspection. ---
  relationExists(relation: Relation): Promise<'table' | 'view' | null>;
  listColumns(relation: Relation): Promise<ColumnInfo[]>;
  /** Schemas whose names start with `prefix`. */
  listSchemas(prefix: string): Promise<string[]>;
  /** Relations in a schema with their kind. */
  listRelations(schema: string): Promise<{ name: string; kind: 'table' | 'view' }[]>;
  /** Total bytes of a relation on disk (0 for views); for benchmarks. */
  relationSize(relation: Relation): Promise<number>;

  close(): Promise<void>;
}
