// Statement execution: one request's SQL text → tokens → exactly one statement (Snowflake refuses
// more unless MULTI_STATEMENT_COUNT says otherwise) → the handler for its kind. Queries and the
// session statements live here; DML, DDL, SHOW and GRANT in their own modules. A statement whose
// first words are not listed is refused.
import { executeDdl } from './ddl';
import { executeDml } from './dml';
import type { BindingValue, StandInEngine } from './engine';
import { fromPostgres, SnowflakeError } from './errors';
import { executeGrant } from './grants';
import type { QueryRecord } from './history';
import { informationSchema, queryHistoryRelation } from './infoschema';
import { encodeRows, STATEMENT_TYPE, statusResult, type Cell, type ResultSet } from './results';
import { checkParameter, DEFAULT_PARAMETERS, type Session } from './session';
import { executeShow } from './show';
import { isOp, isWord, splitStatements, tokenize, type Token } from './tokenizer';
import { Translator, type TranslateContext } from './translate';
import { Cursor } from './cursor';

export interface Exec {
  engine: StandInEngine;
  session: Session;
  tokens: Token[];
  text: string;
  bindTypes: Map<number, string>;
  /** Bind values, 0-based; each an array for array binding (one execution per row). */
  values: (string | null)[] | (string | null)[][];
  arrayBinding: boolean;
}

export async function executeText(
  engine: StandInEngine,
  session: Session,
  text: string,
  bindings: Record<string, BindingValue>,
  parameters: Record<string, unknown>,
  record: QueryRecord,
): Promise<ResultSet> {
  const statements = splitStatements(tokenize(text));
  if (statements.length === 0) throw SnowflakeError.compilation('000900', '42000', 'Empty SQL statement.');
  if (statements.length > 1) {
    const wanted = Number(parameters.MULTI_STATEMENT_COUNT ?? session.params.get('MULTI_STATEMENT_COUNT') ?? 1);
    if (wanted === 1 || (wanted !== 0 && wanted !== statements.length)) throw SnowflakeError.statementCount(statements.length);
    throw SnowflakeError.unsupported('multi-statement requests (MULTI_STATEMENT_COUNT)');
  }
  const tokens = statements[0] as Token[];
  record.queryType = queryType(tokens);
  const bindTypes = new Map<number, string>();
  const columns: (string | null | (string | null)[])[] = [];
  for (const [k, b] of Object.entries(bindings)) {
    const n = Number(k);
    if (!Number.isInteger(n) || n < 1) throw SnowflakeError.unsupported(`named bind variable :${k}`);
    bindTypes.set(n, String(b.type).toUpperCase());
    columns[n - 1] = b.value;
  }
  const arrayBinding = columns.some((v) => Array.isArray(v));
  let values: (string | null)[] | (string | null)[][];
  if (arrayBinding) {
    const rows = (columns[0] as (string | null)[] | undefined)?.length ?? 0;
    values = Array.from({ length: rows }, (_, r) => columns.map((col) => (Array.isArray(col) ? (col[r] ?? null) : (col ?? null))));
  } else {
    values = columns.map((v) => (v === undefined ? null : (v as string | null)));
  }
  return executeStatement({ engine, session, tokens, text, bindTypes, values, arrayBinding });
}

function queryType(tokens: Token[]): string {
  const words = tokens.slice(0, 3).filter((t) => t.kind === 'word').map((t) => t.value);
  const first = words[0] ?? 'UNKNOWN';
  if (first === 'CREATE' || first === 'DROP' || first === 'ALTER') return words.slice(0, 2).join('_');
  if (first === 'WITH') return 'SELECT';
  return first;
}

async function executeStatement(x: Exec): Promise<ResultSet> {
  const first = x.tokens[0] as Token;
  if (isOp(first, '(') || isWord(first, 'SELECT', 'WITH')) return runQuery(x);
  if (first.kind !== 'word') throw SnowflakeError.syntax(`unexpected '${first.text}'`, first.line, first.col);
  switch (first.value) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'TRUNCATE':
      return executeDml(x);
    case 'CREATE':
    case 'DROP':
    case 'UNDROP':
      await commitOpenTransaction(x.session);
      return executeDdl(x);
    case 'ALTER':
      if (isWord(x.tokens[1], 'SESSION')) return alterSession(x);
      await commitOpenTransaction(x.session);
      return executeDdl(x);
    case 'GRANT':
    case 'REVOKE':
      await commitOpenTransaction(x.session);
      return executeGrant(x);
    case 'SHOW':
    case 'DESCRIBE':
    case 'DESC':
      return executeShow(x);
    case 'USE':
      return use(x);
    case 'BEGIN':
    case 'START':
    case 'COMMIT':
    case 'ROLLBACK':
      return transaction(x);
    default:
      throw SnowflakeError.syntax(`unexpected '${first.text}'`, first.line, first.col);
  }
}

/** Snowflake commits an open transaction before running a DDL statement. */
export async function commitOpenTransaction(session: Session): Promise<void> {
  if (!session.inTransaction) return;
  session.inTransaction = false;
  await session.client.query('COMMIT');
}

export function translateContext(x: Exec, action: string): TranslateContext {
  const { engine, session } = x;
  return {
    catalog: engine.catalog,
    fn: {
      database: session.database,
      schema: session.schema,
      role: session.role,
      user: session.user.name.toUpperCase(),
      warehouse: session.warehouse,
      sessionId: session.id,
      lastQueryId: session.lastQueryId,
    },
    bindTypes: x.bindTypes,
    action,
    virtual(database, schema, name) {
      if (database === 'SNOWFLAKE' && schema === 'ACCOUNT_USAGE' && name === 'QUERY_HISTORY') return queryHistoryRelation(engine.history);
      if (schema !== 'INFORMATION_SCHEMA') return null;
      const db = engine.catalog.database(database);
      if (!db) throw SnowflakeError.databaseMissing(database);
      return informationSchema(engine.catalog, db, name);
    },
  };
}

export function requireWarehouse(session: Session): void {
  if (!session.warehouse) throw SnowflakeError.noWarehouse();
}

/** Runs translated SQL on the session's connection; Postgres errors become Snowflake's. */
export async function runPg(session: Session, sql: string, values: (string | null)[] = []): Promise<{ fields: { name: string; dataTypeID: number; dataTypeModifier: number }[]; rows: Cell[][]; rowCount: number }> {
  try {
    const r = await session.client.query({ text: sql, values, rowMode: 'array' });
    return { fields: r.fields, rows: r.rows as Cell[][], rowCount: r.rowCount ?? 0 };
  } catch (err) {
    throw fromPostgres(err);
  }
}

export function checkBinds(x: Exec, used: number): (string | null)[] {
  if (x.arrayBinding) throw SnowflakeError.unsupported('array binding outside INSERT');
  const values = x.values as (string | null)[];
  if (used > values.length) {
    throw SnowflakeError.compilation('002049', '42601', `error line 1 at position 0 Bind variable :${values.length + 1} not set.`);
  }
  return values.slice(0, used);
}

async function runQuery(x: Exec): Promise<ResultSet> {
  const tr = new Translator(x.tokens, translateContext(x, 'SELECT'));
  const sql = tr.query(0, x.tokens.length);
  const translation = tr.result(sql);
  if (tr.relationCount > 0) requireWarehouse(x.session);
  const r = await runPg(x.session, translation.sql, checkBinds(x, translation.binds));
  const declared = declaredTypes(x, r.fields as { tableID?: number; columnID?: number }[]);
  return { ...encodeRows(r.fields, r.rows, declared), statementTypeId: STATEMENT_TYPE.select };
}

/** Snowflake types declared for the table columns a result column comes straight from. */
function declaredTypes(x: Exec, fields: { tableID?: number; columnID?: number }[]): (string | undefined)[] {
  return fields.map((f) => {
    if (!f.tableID || !f.columnID) return undefined;
    for (const o of x.engine.catalog.objects.values()) {
      if (o.pgOid === f.tableID) return o.declaredTypes.get(String(f.columnID));
    }
    return undefined;
  });
}

async function use(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  c.expect('USE');
  const kind = c.oneOf('ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'SECONDARY');
  if (kind === 'SECONDARY') throw SnowflakeError.unsupported('USE SECONDARY ROLES');
  const parts = c.name(kind === 'SCHEMA' || kind === null ? 2 : 1);
  c.end();
  const { catalog } = x.engine;
  const missing = () => SnowflakeError.compilation('002043', '02000', 'Object does not exist, or operation cannot be performed.');
  const s = x.session;
  if (kind === 'ROLE') {
    const role = parts[0] as string;
    if (!s.user.roles.map((r) => r.toUpperCase()).includes(role) && role !== 'PUBLIC') throw SnowflakeError.compilation('003013', '42501', `Requested role '${role}' is not assigned to the executing user. Specify another role to activate.`);
    s.role = role;
  } else if (kind === 'WAREHOUSE') {
    if (!x.engine.warehouses.has(parts[0] as string)) throw missing();
    s.warehouse = parts[0] as string;
  } else if (kind === 'DATABASE' || (kind === null && parts.length === 1)) {
    const db = catalog.database(parts[0] as string);
    if (!db) throw missing();
    s.database = db.name;
    s.schema = catalog.schema(db, 'PUBLIC') ? 'PUBLIC' : null;
  } else {
    const dbName = parts.length === 2 ? (parts[0] as string) : s.database;
    if (!dbName) throw SnowflakeError.noCurrentDatabase('USE');
    const db = catalog.database(dbName);
    const schema = db ? catalog.schema(db, parts[parts.length - 1] as string) : undefined;
    if (!db || !schema) throw missing();
    s.database = db.name;
    s.schema = schema.name;
  }
  return statusResult('Statement executed successfully.', STATEMENT_TYPE.session);
}

async function alterSession(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  c.expect('ALTER', 'SESSION');
  const s = x.session;
  if (c.accept('UNSET')) {
    do {
      const name = c.identifier();
      if (!(name in DEFAULT_PARAMETERS)) checkParameter(name, '');
      s.params.set(name, DEFAULT_PARAMETERS[name] as string | number | boolean);
      if (name === 'TIMEZONE') await s.client.query(`SET TimeZone = '${String(DEFAULT_PARAMETERS.TIMEZONE)}'`);
    } while (c.acceptOp(','));
    c.end();
    return statusResult('Statement executed successfully.', STATEMENT_TYPE.session);
  }
  c.expect('SET');
  const changes: [string, string | number | boolean][] = [];
  while (!c.atEnd()) {
    const name = c.identifier();
    c.expectOp('=');
    const value = c.literal();
    changes.push([name, checkParameter(name, value)]);
    c.acceptOp(',');
  }
  if (changes.length === 0) c.fail();
  for (const [name, value] of changes) {
    if (name === 'TIMEZONE') {
      try {
        await s.client.query(`SET TimeZone = '${String(value).replace(/'/g, "''")}'`);
      } catch {
        throw SnowflakeError.compilation('001007', '22023', `invalid value [${String(value)}] for parameter 'TIMEZONE'`);
      }
    }
    s.params.set(name, value);
  }
  return statusResult('Statement executed successfully.', STATEMENT_TYPE.session);
}

async function transaction(x: Exec): Promise<ResultSet> {
  const c = new Cursor(x.tokens);
  const s = x.session;
  const word = c.oneOf('BEGIN', 'START', 'COMMIT', 'ROLLBACK');
  if (word === 'START') c.expect('TRANSACTION');
  else if (word === 'BEGIN') {
    if (!c.accept('TRANSACTION')) c.accept('WORK');
    if (c.accept('NAME')) c.identifier();
  } else c.accept('WORK');
  c.end();
  if (word === 'BEGIN' || word === 'START') {
    // Snowflake ignores a BEGIN inside a transaction; it does not nest.
    if (!s.inTransaction) {
      await s.client.query('BEGIN');
      s.inTransaction = true;
    }
  } else if (s.inTransaction) {
    s.inTransaction = false;
    await s.client.query(word as string);
  }
  return statusResult('Statement executed successfully.', STATEMENT_TYPE.transaction);
}
