// The HTTP side of the stand-in: the REST endpoints snowflake-sdk calls (login, query request,
// result polling, abort, heartbeat, token renewal, logout, telemetry), answering with
// Snowflake's JSON envelopes: HTTP 200 with `success: false` and Snowflake's code for errors;
// 333333 "in progress" with a result URL when a statement outlasts the poll interval.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { BindingValue, QueryOutcome, StandInEngine } from './engine';
import { fromPostgres, SnowflakeError } from './errors';
import type { ResultSet } from './results';
import { LoginError, parametersList, type Session } from './session';

export interface HttpOptions {
  /** A statement still running after this long is answered "in progress" (driver polls). */
  pollAfterMs: number;
}

type Json = Record<string, unknown>;

function send(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Json | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let buf = Buffer.concat(chunks);
  if (buf.length === 0) return null;
  if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') buf = gunzipSync(buf);
  return JSON.parse(buf.toString('utf8')) as Json;
}

function failure(code: string, message: string, data: Json | null = null): Json {
  return { data, code, message, success: false, headers: null };
}

function sessionToken(req: IncomingMessage): string | null {
  const m = /Snowflake Token="([^"]*)"/.exec(String(req.headers.authorization ?? ''));
  return m ? (m[1] as string) : null;
}

export function queryErrorBody(err: SnowflakeError, queryId: string): Json {
  return failure(err.code, err.message, {
    internalError: false,
    unredactedFromSecureObject: false,
    errorCode: err.code,
    age: 0,
    sqlState: err.sqlState,
    queryId,
    line: -1,
    pos: -1,
    type: 'COMPILATION',
  });
}

function resultBody(session: Session, queryId: string, result: ResultSet): Json {
  return {
    data: {
      parameters: parametersList(session.params),
      rowtype: result.rowtype,
      rowset: result.rowset,
      total: result.rowset.length,
      returned: result.rowset.length,
      queryId,
      databaseProvider: null,
      finalDatabaseName: session.database,
      finalSchemaName: session.schema,
      finalWarehouseName: session.warehouse,
      finalRoleName: session.role,
      numberOfBinds: 0,
      arrayBindSupported: false,
      statementTypeId: result.statementTypeId,
      version: 1,
      sendResultTime: Date.now(),
      queryResultFormat: 'json',
      queryContext: { entries: [] },
    },
    code: null,
    message: null,
    success: true,
  };
}

function inProgress(queryId: string, async: boolean): Json {
  return {
    data: { queryId, getResultUrl: `/queries/${queryId}/result`, queryAbortsAfterSecs: 300, progressDesc: null },
    code: async ? '333334' : '333333',
    message: async ? 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.' : 'Query execution in progress. Query will be continued to be processed asynchronously',
    success: true,
  };
}

export class StandInHttp {
  /** Every request, for tests that assert on the protocol (path, query, body). */
  readonly requests: { method: string; path: string; query: Record<string, string>; body: Json | null }[] = [];

  constructor(
    private readonly engine: StandInEngine,
    private readonly options: HttpOptions,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, body });
    const path = url.pathname;
    if (req.method === 'POST' && path === '/session/v1/login-request') return this.login(res, body, query);
    if (req.method === 'GET' && path === '/stand-in/history') return send(res, this.engine.history.records);
    if (req.method === 'POST' && path === '/session/token-request') return this.renew(req, res);
    const token = sessionToken(req);
    const session = token ? this.engine.sessionByToken(token) : undefined;
    if (!session) return send(res, failure('390111', 'Session no longer exists.  New login required to access the service.'));
    if (req.method === 'POST' && path === '/queries/v1/query-request') return this.query(res, session, body ?? {}, query.requestId ?? '');
    let m = /^\/queries\/([0-9a-f-]+)\/result$/.exec(path);
    if (req.method === 'GET' && m) return this.result(res, session, m[1] as string);
    m = /^\/monitoring\/queries\/([0-9a-f-]+)$/.exec(path);
    if (req.method === 'GET' && m) return this.monitor(res, m[1] as string);
    if (req.method === 'POST' && path === '/queries/v1/abort-request') {
      await this.engine.cancel(session);
      return send(res, { data: null, code: null, message: null, success: true });
    }
    if (req.method === 'POST' && path === '/session/heartbeat') return send(res, { data: null, code: null, message: null, success: true });
    if (req.method === 'POST' && path === '/telemetry/send') return send(res, { data: null, code: null, message: null, success: true });
    if (req.method === 'POST' && path === '/session' && query.delete === 'true') {
      await this.engine.logout(session);
      return send(res, { data: null, code: null, message: null, success: true });
    }
    send(res, { data: null, code: '000404', message: `stand-in: no route ${req.method} ${path}`, success: false }, 404);
  }

  private async login(res: ServerResponse, body: Json | null, query: Record<string, string>): Promise<void> {
    const data = (body?.data ?? {}) as Json;
    try {
      const session = await this.engine.login(data, {
        databaseName: query.databaseName,
        schemaName: query.schemaName,
        roleName: query.roleName,
        warehouse: query.warehouse,
      });
      send(res, {
        data: {
          masterToken: session.masterToken,
          token: session.token,
          validityInSeconds: 3600,
          masterValidityInSeconds: 14400,
          displayUserName: session.user.name.toUpperCase(),
          serverVersion: '9.0.0-stand-in',
          firstLogin: false,
          remMeToken: null,
          remMeValidityInSeconds: 0,
          healthCheckInterval: 45,
          newClientForUpgrade: null,
          sessionId: Number(session.id),
          parameters: parametersList(session.params),
          sessionInfo: { databaseName: session.database, schemaName: session.schema, warehouseName: session.warehouse, roleName: session.role },
          idToken: null,
          idTokenValidityInSeconds: 0,
          responseData: null,
          mfaToken: null,
          mfaTokenValidityInSeconds: 0,
        },
        code: null,
        message: null,
        success: true,
      });
    } catch (err) {
      if (err instanceof LoginError) return send(res, failure(err.code, err.message, { nextAction: 'RETRY_LOGIN', authnMethod: 'USERNAME_PASSWORD' }));
      if (err instanceof SnowflakeError) return send(res, failure(err.code, err.message, { errorCode: err.code, sqlState: err.sqlState }));
      const e = fromPostgres(err);
      send(res, failure(e.code, e.message));
    }
  }

  private renew(req: IncomingMessage, res: ServerResponse): void {
    const master = sessionToken(req);
    const session = master ? this.engine.sessionByMasterToken(master) : undefined;
    if (!session) return send(res, failure('390114', 'Authentication token has expired.  The user must authenticate again.'));
    this.engine.renewToken(session);
    send(res, {
      data: { sessionToken: session.token, validityInSecondsST: 3600, masterToken: session.masterToken, validityInSecondsMT: 14400 },
      code: null,
      message: null,
      success: true,
    });
  }

  private async query(res: ServerResponse, session: Session, body: Json, requestId: string): Promise<void> {
    // A retried request (same request id) gets the first attempt's statement, not a second run.
    let outcome = requestId ? (session.requests.get(requestId) as QueryOutcome | undefined) : undefined;
    if (!outcome) {
      if (body.describeOnly) return send(res, queryErrorBody(SnowflakeError.unsupported('describeOnly requests'), ''));
      if (body.bindStage) return send(res, queryErrorBody(SnowflakeError.unsupported('bind staging (PUT of bind files)'), ''));
      outcome = this.engine.run(
        session,
        String(body.sqlText ?? ''),
        body.bindings as Record<string, BindingValue> | undefined,
        body.parameters as Record<string, unknown> | undefined,
      );
      if (requestId) session.requests.set(requestId, outcome);
    }
    if (body.asyncExec === true) {
      outcome.done.catch(() => {});
      return send(res, inProgress(outcome.queryId, true));
    }
    return this.answer(res, session, outcome);
  }

  private async answer(res: ServerResponse, session: Session, outcome: QueryOutcome): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.options.pollAfterMs);
    });
    try {
      const r = await Promise.race([outcome.done, late]);
      if (r === 'late') return send(res, inProgress(outcome.queryId, false));
      send(res, resultBody(session, outcome.queryId, r));
    } catch (err) {
      send(res, queryErrorBody(fromPostgres(err), outcome.queryId));
    } finally {
      clearTimeout(timer);
    }
  }

  private async result(res: ServerResponse, session: Session, queryId: string): Promise<void> {
    const outcome = this.engine.outcome(queryId);
    if (!outcome) return send(res, queryErrorBody(SnowflakeError.compilation('000709', '02000', `Statement ${queryId} not found`), queryId));
    return this.answer(res, session, outcome);
  }

  private monitor(res: ServerResponse, queryId: string): void {
    const record = this.engine.history.get(queryId);
    const queries = record
      ? [{ id: queryId, status: record.executionStatus, errorCode: record.errorCode, errorMessage: record.errorMessage, sqlText: record.queryText }]
      : [];
    send(res, { data: { queries }, code: null, message: null, success: true });
  }
}
