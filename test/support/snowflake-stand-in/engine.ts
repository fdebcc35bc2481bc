// The stand-in's server-side state: the catalog, the sessions (one Postgres connection each), the
// query history, and statement execution queued per session. HTTP lives in http.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Catalog, PG_DATA_SCHEMA } from './catalog';
import { compatStatements } from './compat';
import { fromPostgres, SnowflakeError } from './errors';
import { executeText } from './executor';
import { QueryHistory, type QueryRecord } from './history';
import type { ResultSet } from './results';
import { authenticate, DEFAULT_PARAMETERS, type ParamValue, type Session, type UserConfig } from './session';

export interface StandInEngineOptions {
  /** A Postgres database the stand-in owns (it creates schemas sf_data and sf_compat in it). */
  databaseUrl: string;
  /** Account name the driver must send (default STANDIN). */
  account?: string;
  users?: UserConfig[];
  /** Databases that exist from the start, each with a PUBLIC schema (default: VDE). */
  databases?: string[];
  warehouses?: string[];
  /** Roles known to GRANT (users' roles are added). */
  roles?: string[];
}

export const DEFAULT_USERS: UserConfig[] = [
  { name: 'VDE', password: 'vde', roles: ['SYSADMIN', 'PUBLIC'], defaultRole: 'SYSADMIN', defaultWarehouse: 'COMPUTE_WH' },
];

export interface QueryOutcome {
  queryId: string;
  done: Promise<ResultSet>;
  record: QueryRecord;
}

export interface BindingValue {
  type: string;
  value: string | null | (string | null)[];
}

export class StandInEngine {
  readonly catalog = new Catalog();
  readonly history = new QueryHistory();
  readonly account: string;
  readonly users: UserConfig[];
  readonly warehouses: Set<string>;
  readonly roles: Set<string>;
  private readonly sessions = new Map<string, Session>();
  private readonly outcomes = new Map<string, QueryOutcome>();
  private admin: pg.Client | null = null;
  private nextSession = 1000;

  constructor(private readonly options: StandInEngineOptions) {
    this.account = (options.account ?? 'STANDIN').toUpperCase();
    this.users = options.users ?? DEFAULT_USERS;
    this.warehouses = new Set((options.warehouses ?? ['COMPUTE_WH']).map((w) => w.toUpperCase()));
    this.roles = new Set(['PUBLIC', 'SYSADMIN', 'ACCOUNTADMIN', ...(options.roles ?? []), ...this.users.flatMap((u) => u.roles)].map((r) => r.toUpperCase()));
  }

  async init(): Promise<this> {
    this.admin = await this.connect('UTC');
    for (const sql of [`CREATE SCHEMA IF NOT EXISTS ${PG_DATA_SCHEMA}`, ...compatStatements()]) await this.admin.query(sql);
    for (const name of this.options.databases ?? ['VDE']) {
      const db = this.catalog.addDatabase(name.toUpperCase(), 'SYSADMIN');
      this.catalog.addSchema(db, 'PUBLIC', 'SYSADMIN', false);
    }
    return this;
  }

  private async connect(timezone: string): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      // Every value arrives as Postgres text; results.ts encodes it the way Snowflake does.
      types: { getTypeParser: () => (value: string) => value },
    });
    await client.connect();
    client.on('error', () => {});
    await client.query(
      `SET search_path = sf_compat, pg_catalog; SET datestyle = 'ISO, YMD'; SET bytea_output = 'hex'; SET intervalstyle = 'postgres'; SET TimeZone = '${timezone.replace(/'/g, "''")}'`,
    );
    return client;
  }

  // --- sessions ---

  async login(
    data: Record<string, unknown>,
    query: { databaseName?: string; schemaName?: string; roleName?: string; warehouse?: string },
  ): Promise<Session> {
    const user = authenticate(data, this.account, this.users);
    const requestedRole = query.roleName ?? user.defaultRole ?? 'PUBLIC';
    const role = normalizeName(requestedRole);
    if (!user.roles.map((r) => r.toUpperCase()).includes(role) && role !== 'PUBLIC') {
      throw new SnowflakeError('390189', '08004', `Role '${role}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`);
    }
    const params = new Map<string, ParamValue>(Object.entries(DEFAULT_PARAMETERS));
    const sessionParams = (data.SESSION_PARAMETERS ?? {}) as Record<string, ParamValue>;
    for (const [k, v] of Object.entries(sessionParams)) if (k in DEFAULT_PARAMETERS) params.set(k, v);
    // A database, schema or warehouse that does not exist leaves the session without one, as
    // Snowflake does; statements that need it then fail with its "no current ..." errors.
    const database = query.databaseName ? this.catalog.database(normalizeName(query.databaseName)) : undefined;
    const schema = database && query.schemaName ? this.catalog.schema(database, normalizeName(query.schemaName)) : undefined;
    const wh = normalizeName(query.warehouse ?? user.defaultWarehouse ?? '');
    const session: Session = {
      id: String(this.nextSession++),
      token: randomBytes(24).toString('hex'),
      masterToken: randomBytes(24).toString('hex'),
      user,
      role,
      warehouse: wh && this.warehouses.has(wh) ? wh : null,
      database: database?.name ?? null,
      schema: schema?.name ?? (database && !query.schemaName && this.catalog.schema(database, 'PUBLIC') ? 'PUBLIC' : null),
      params,
      client: await this.connect(String(params.get('TIMEZONE'))),
      inTransaction: false,
      lastQueryId: null,
      queue: Promise.resolve(),
      closed: false,
      requests: new Map(),
    };
    this.sessions.set(session.token, session);
    return session;
  }

  sessionByToken(token: string): Session | undefined {
    return this.sessions.get(token);
  }

  sessionByMasterToken(token: string): Session | undefined {
    for (const s of this.sessions.values()) if (s.masterToken === token) return s;
    return undefined;
  }

  renewToken(session: Session): void {
    this.sessions.delete(session.token);
    session.token = randomBytes(24).toString('hex');
    this.sessions.set(session.token, session);
  }

  /** Ends a session: an open transaction is rolled back, as when a Snowflake session ends. */
  async logout(session: Session): Promise<void> {
    if (session.closed) return;
    session.closed = true;
    this.sessions.delete(session.token);
    await session.queue.catch(() => {});
    await session.client.end().catch(() => {});
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  // --- statements ---

  run(session: Session, text: string, bindings: Record<string, BindingValue> | undefined, parameters: Record<string, unknown> | undefined): QueryOutcome {
    const queryId = randomUUID();
    const record = this.history.add({
      queryId,
      sessionId: session.id,
      userName: session.user.name.toUpperCase(),
      roleName: session.role,
      warehouseName: session.warehouse,
      databaseName: session.database,
      schemaName: session.schema,
      queryTag: String(session.params.get('QUERY_TAG') ?? ''),
      queryText: text,
      queryType: 'UNKNOWN',
      executionStatus: 'RUNNING',
      errorCode: null,
      errorMessage: null,
      startTime: new Date(),
      endTime: null,
      rowsProduced: null,
    });
    const done = session.queue.then(async () => {
      if (session.closed) throw new SnowflakeError('390111', '08003', 'Session no longer exists.  New login required to access the service.');
      // The tag in effect when the statement starts (an earlier ALTER SESSION in the queue counts).
      record.queryTag = String(session.params.get('QUERY_TAG') ?? '');
      record.startTime = new Date();
      try {
        const result = await executeText(this, session, text, bindings ?? {}, parameters ?? {}, record);
        record.executionStatus = 'SUCCESS';
        record.rowsProduced = result.rowset.length;
        return result;
      } catch (err) {
        const e = fromPostgres(err);
        record.executionStatus = 'FAILED_WITH_ERROR';
        record.errorCode = e.code;
        record.errorMessage = e.message;
        throw e;
      } finally {
        record.endTime = new Date();
        session.lastQueryId = queryId;
      }
    });
    session.queue = done.catch(() => {});
    const outcome = { queryId, done, record };
    this.outcomes.set(queryId, outcome);
    return outcome;
  }

  outcome(queryId: string): QueryOutcome | undefined {
    return this.outcomes.get(queryId);
  }

  /** Cancels the statement running in the session (its Postgres query). */
  async cancel(session: Session): Promise<void> {
    const pid = (session.client as unknown as { processID?: number }).processID;
    if (pid && this.admin) await this.admin.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
  }

  async close(): Promise<void> {
    for (const s of [...this.sessions.values()]) await this.logout(s);
    await this.admin?.end().catch(() => {});
    this.admin = null;
  }
}

/** A name from the connection string or a parameter: folded like an unquoted identifier unless quoted. */
export function normalizeName(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) return name.slice(1, -1).replace(/""/g, '"');
  return name.toUpperCase();
}
