// Errors the stand-in answers with, in Snowflake's shape: a 6-digit error code, an SQLSTATE and
// Snowflake's message text. docs/snowflake.md lists which codes were checked against Snowflake's
// documentation and which are the stand-in's best approximation.

export class SnowflakeError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }

  static compilation(code: string, sqlState: string, detail: string): SnowflakeError {
    return new SnowflakeError(code, sqlState, `SQL compilation error:\n${detail}`);
  }

  static syntax(detail: string, line = 1, position = 0): SnowflakeError {
    return SnowflakeError.compilation('001003', '42000', `syntax error line ${line} at position ${position} ${detail}.`);
  }

  /** A statement (or clause) the stand-in does not understand: refused, never guessed at. */
  static unsupported(what: string): SnowflakeError {
    return SnowflakeError.compilation('001003', '42000', `syntax error: ${what} (not understood by the Snowflake stand-in)`);
  }

  static objectMissing(kind: 'Object' | 'Table' | 'View', fqn: string): SnowflakeError {
    return SnowflakeError.compilation('002003', '42S02', `${kind} '${fqn}' does not exist or not authorized.`);
  }

  static schemaMissing(fqn: string): SnowflakeError {
    return SnowflakeError.compilation('002003', '02000', `Schema '${fqn}' does not exist or not authorized.`);
  }

  static databaseMissing(name: string): SnowflakeError {
    return SnowflakeError.compilation('002003', '02000', `Database '${name}' does not exist or not authorized.`);
  }

  static alreadyExists(fqn: string): SnowflakeError {
    return SnowflakeError.compilation('002002', '42710', `Object '${fqn}' already exists.`);
  }

  static invalidIdentifier(name: string): SnowflakeError {
    return SnowflakeError.compilation('000904', '42000', `error line 1 at position 0\ninvalid identifier '${name}'`);
  }

  static unknownFunction(name: string): SnowflakeError {
    return SnowflakeError.compilation('002140', '42601', `Unknown function ${name}`);
  }

  static noCurrentDatabase(action: string): SnowflakeError {
    return new SnowflakeError(
      '090105',
      '22000',
      `Cannot perform ${action}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.`,
    );
  }

  static noCurrentSchema(action: string): SnowflakeError {
    return new SnowflakeError(
      '090106',
      '22000',
      `Cannot perform ${action}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.`,
    );
  }

  static noWarehouse(): SnowflakeError {
    return new SnowflakeError(
      '000606',
      '57P03',
      "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
    );
  }

  static statementCount(actual: number): SnowflakeError {
    return new SnowflakeError(
      '000008',
      '0A000',
      `Actual statement count ${actual} did not match the desired statement count 1.`,
    );
  }

  static identifierTooLong(name: string): SnowflakeError {
    return SnowflakeError.compilation('001003', '42000', `identifier '${name.slice(0, 40)}...' is too long (the limit is 255 characters)`);
  }
}

/** Maps a Postgres error (SQLSTATE in `code`) from the engine under the stand-in to Snowflake's. */
export function fromPostgres(err: unknown): SnowflakeError {
  if (err instanceof SnowflakeError) return err;
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  switch (e.code) {
    case '42703': {
      const m = /column "([^"]+)"/.exec(message) ?? /column ([^ ]+) does not exist/.exec(message);
      return SnowflakeError.invalidIdentifier(m?.[1] ?? message);
    }
    case '42601':
      return SnowflakeError.syntax(`(${message})`);
    case '42883':
      return SnowflakeError.compilation('001044', '42P13', `Invalid argument types for function or operator: ${message}`);
    case '42804':
    case '42846':
      return SnowflakeError.compilation('002023', '22000', `Expression type does not match column data type: ${message}`);
    case '42P01':
      return SnowflakeError.compilation('002003', '42S02', `Object does not exist or not authorized (${message}).`);
    case '42P07':
      return SnowflakeError.compilation('002002', '42710', `Object already exists (${message}).`);
    case '42702':
      return SnowflakeError.compilation('002028', '42601', `ambiguous column name (${message})`);
    case '42803':
      return SnowflakeError.compilation('000979', '42601', `[${message}] is not a valid group by expression`);
    case '22012':
      return new SnowflakeError('100051', '22012', 'Division by zero');
    case '22P02':
    case '22007':
    case '22008':
      return new SnowflakeError('100038', '22018', `Value is not recognized: ${message}`);
    case '22003':
      return new SnowflakeError('100046', '22003', 'Number out of representable range');
    case '22001':
      return new SnowflakeError('100078', '22000', `String is too long and would be truncated (${message})`);
    case '23502':
      return new SnowflakeError('100072', '22000', `NULL result in a non-nullable column`);
    case '40P01':
      return new SnowflakeError('000625', '57014', `Statement aborted because it would have caused a deadlock (${message})`);
    case '57014':
      return new SnowflakeError('000604', '57014', 'SQL execution canceled');
    case '21000':
      return new SnowflakeError('090150', '22000', `Single-row subquery returns more than one row.`);
    default:
      return new SnowflakeError('000603', 'XX000', `SQL execution internal error: ${message} (stand-in engine error ${e.code ?? '?'})`);
  }
}
