// Typed errors shared by every layer. Each carries the context a user needs to act on it: which
// file and line, which model, which environment, which statement. The CLI and the action turn
// them into messages, annotations and exit codes; nothing else should format them.

export class VdeError extends Error {
  override readonly name: string = 'VdeError';
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number = 1;
}

/** Bad vde.yaml: missing variable, wrong type, unknown key. */
export class ConfigError extends VdeError {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly file: string,
    readonly key?: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key ? `${key}: ` : ''}${message}`);
  }
}

/** A problem in a model file (or the project's model graph) that points at a file and line. */
export class ModelError extends VdeError {
  override readonly name = 'ModelError';
  constructor(
    readonly detail: string,
    readonly file: string,
    readonly line: number,
    readonly model?: string,
    readonly column?: number,
  ) {
    super(`${file}:${line}${column ? `:${column}` : ''}: ${detail}`);
  }
}

/**
 * A model vde reads but cannot run (it uses a user macro from macros/*.py, or is a Python model):
 * the loader skips it and refuses only the models that depend on it.
 */
export class UnsupportedModelError extends ModelError {
  readonly unsupported = true;
}

/** One blocking audit that found rows, as an AuditError lists it. */
export interface FailedAudit {
  model: string;
  audit: string;
  /** The call as written: `not_null(columns := (id))`. */
  call: string;
  violations: number;
  file: string;
  line: number;
  definedIn?: { file: string; line: number };
}

/**
 * Blocking audits found rows: the apply stops before any view moves. Points at the first failing
 * call (its model file and line); the message has one line per failed audit.
 */
export class AuditError extends ModelError {
  readonly failures: FailedAudit[];
  constructor(failures: FailedAudit[], readonly environment: string) {
    const first = failures[0]!;
    super(auditFailureText(failures), first.file, first.line, first.model);
    this.failures = failures;
  }
}

function auditFailureText(failures: FailedAudit[]): string {
  const line = (f: FailedAudit) =>
    `blocking audit ${f.call} of model ${f.model} failed: ${f.violations} ${f.violations === 1 ? 'row violates' : 'rows violate'} it` +
    (f.definedIn ? ` (audit defined at ${f.definedIn.file}:${f.definedIn.line})` : '');
  if (failures.length === 1) return line(failures[0]!);
  return `${failures.length} blocking audits failed:\n${failures.map((f) => `  ${f.file}:${f.line}: ${line(f)}`).join('\n')}`;
}

/** A name from outside (environment, model, branch) that cannot become an identifier. */
export class NameError extends VdeError {
  override readonly name = 'NameError';
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}

/**
 * What kind of failure a warehouse error is, decided by each engine from its error codes (never
 * from message text), so the core can react without knowing which engine it talks to.
 */
export type WarehouseErrorKind =
  /** A table, view or schema the statement names does not exist. */
  | 'missing-relation'
  /** A drop refused because other objects depend on the object. */
  | 'dependent-objects'
  /** CREATE OR REPLACE VIEW cannot change the view's columns (drop and create instead). */
  | 'view-shape-changed'
  /** A lock could not be taken without waiting. */
  | 'lock-not-available'
  /** CREATE of an object that already exists (e.g. two runs racing on IF NOT EXISTS). */
  | 'duplicate-object'
  /** A unique or primary key constraint refused a row (e.g. two runs inserting one key). */
  | 'unique-violation'
  /** A concurrent transaction conflicted; retrying may succeed. */
  | 'serialization'
  /** The connection failed or was lost. */
  | 'connection'
  /** The warehouse refused the credentials. */
  | 'auth'
  /** The role lacks a privilege. */
  | 'permission';

export interface WarehouseErrorOptions {
  cause?: unknown;
  kind?: WarehouseErrorKind;
  /** For `missing-relation`: the name the warehouse reported, as it wrote it. */
  object?: string;
  /** 0-based offset into the SELECT handed to the engine where the warehouse located the error. */
  queryOffset?: number;
  /** The model file's line the error points at, once the core located it. */
  location?: { file: string; line: number; column: number };
}

/** A statement the warehouse rejected. */
export class WarehouseError extends VdeError {
  override readonly name = 'WarehouseError';
  readonly kind: WarehouseErrorKind | undefined;
  readonly object: string | undefined;
  /**
   * Where the warehouse said the error is, as a 0-based offset into the SELECT the caller handed
   * to the engine (set by engines for model builds); the core maps it to the model's file.
   */
  readonly queryOffset?: number;
  /** The model file's line the error points at, once the core located it. */
  readonly location?: { file: string; line: number; column: number };
  constructor(
    readonly detail: string,
    readonly statement: string,
    readonly model?: string,
    readonly environment?: string,
    options: WarehouseErrorOptions = {},
  ) {
    super(
      `${model ? `model ${model}: ` : ''}${environment ? `environment ${environment}: ` : ''}${detail}\n  statement: ${truncate(statement, 500)}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.kind = options.kind;
    this.object = options.object;
    if (options.queryOffset !== undefined) this.queryOffset = options.queryOffset;
    if (options.location !== undefined) this.location = options.location;
  }

  /**
   * The same error with more context: a model, an environment, a longer detail, the one statement
   * of a batch that failed, where it is in the model's file. Keeps kind, object and query offset.
   */
  withContext(more: {
    detail?: string;
    model?: string;
    environment?: string;
    statement?: string;
    queryOffset?: number;
    location?: { file: string; line: number; column: number };
  }): WarehouseError {
    const queryOffset = more.queryOffset ?? this.queryOffset;
    const location = more.location ?? this.location;
    return new WarehouseError(more.detail ?? this.detail, more.statement ?? this.statement, more.model ?? this.model, more.environment ?? this.environment, {
      cause: this.cause ?? this,
      ...(this.kind ? { kind: this.kind } : {}),
      ...(this.object !== undefined ? { object: this.object } : {}),
      ...(queryOffset !== undefined ? { queryOffset } : {}),
      ...(location !== undefined ? { location } : {}),
    });
  }
}

/** The kind of a warehouse error (undefined for anything else). */
export function warehouseErrorKind(err: unknown): WarehouseErrorKind | undefined {
  return err instanceof WarehouseError ? err.kind : undefined;
}

/** Another apply holds the environment, or the environment changed under this apply (CAS). */
export class ConflictError extends VdeError {
  override readonly name = 'ConflictError';
  override readonly exitCode = 3;
  constructor(
    message: string,
    readonly environment: string,
  ) {
    super(message);
  }
}

/** An operation that is refused by the rules (invalidating prod, unknown environment, ...). */
export class RefusedError extends VdeError {
  override readonly name = 'RefusedError';
  constructor(
    message: string,
    readonly environment?: string,
  ) {
    super(message);
  }
}

/** A command-line flag (or an action input) with a value vde cannot use; the message names it. */
export class UsageError extends VdeError {
  override readonly name = 'UsageError';
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
  }
}

/**
 * The warehouse (or GitHub's API) could not be reached or refused the login. Names where vde tried
 * to connect (never the password) and the setting to check; no statement, since none ran.
 */
export class ConnectionError extends VdeError {
  override readonly name = 'ConnectionError';
  constructor(
    message: string,
    /** `host:port` (or the API URL) vde tried to reach. */
    readonly target: string,
    /** The config key or flag to check, e.g. `vde.yaml: connection.url`. */
    readonly setting?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
