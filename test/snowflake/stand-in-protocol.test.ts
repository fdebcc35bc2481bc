// The Snowflake stand-in, driven only through the real snowflake-sdk: login and authentication,
// binds, Snowflake's types and result metadata, error codes and SQL states, long-running
// statements answered "in progress" and polled, heartbeat and logout.
import { generateKeyPairSync } from 'node:crypto';
import { connect, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let c: SfConnection;

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const otherKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

beforeAll(async () => {
  h = await startStandIn({
    pollAfterMs: 150,
    users: [
      { name: 'vde', password: 'vde', roles: ['SYSADMIN'], defaultRole: 'SYSADMIN', defaultWarehouse: 'COMPUTE_WH' },
      { name: 'deployer', publicKey: keys.publicKey, roles: ['TRANSFORMER'], defaultRole: 'TRANSFORMER' },
      { name: 'robot', oauthToken: 'oauth-token-123', roles: ['SYSADMIN'] },
    ],
  });
  c = await connect(h.standIn);
});

afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; sqlState?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: unknown; sqlState?: string; message: string };
    return { code: String(e.code), sqlState: e.sqlState, message: e.message };
  }
  throw new Error('expected the statement to fail');
}

describe('login', () => {
  test('password: the session gets the requested database, schema, warehouse and role', async () => {
    const rows = await c.query('SELECT CURRENT_DATABASE() AS d, CURRENT_SCHEMA() AS s, CURRENT_WAREHOUSE() AS w, CURRENT_ROLE() AS r, CURRENT_USER() AS u');
    expect(rows).toEqual([{ D: 'VDE', S: 'PUBLIC', W: 'COMPUTE_WH', R: 'SYSADMIN', U: 'VDE' }]);
  });

  test('a wrong password is refused with 390100', async () => {
    const err = await failure(connect(h.standIn, { password: 'nope' }));
    expect(err.message).toMatch(/Incorrect username or password/);
    expect(err.code).toBe('390100');
  });

  test('a wrong account is refused', async () => {
    const err = await failure(connect(h.standIn, { account: 'OTHER' }));
    expect(err.code).toBe('390100');
  });

  test('key pair: a JWT signed with the registered key logs in; another key does not', async () => {
    const kp = await connect(h.standIn, {
      username: 'deployer',
      password: undefined,
      role: 'TRANSFORMER',
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: keys.privateKey,
    } as never);
    expect(await kp.query('SELECT CURRENT_USER() AS u, CURRENT_ROLE() AS r')).toEqual([{ U: 'DEPLOYER', R: 'TRANSFORMER' }]);
    await kp.close();
    const err = await failure(
      connect(h.standIn, { username: 'deployer', password: undefined, role: 'TRANSFORMER', authenticator: 'SNOWFLAKE_JWT', privateKey: otherKeys.privateKey } as never),
    );
    expect(err.code).toBe('390144');
  });

  test('OAuth: the token logs in; a wrong token is refused with 390303', async () => {
    const o = await connect(h.standIn, { username: 'robot', password: undefined, authenticator: 'OAUTH', token: 'oauth-token-123' } as never);
    expect(await o.query('SELECT CURRENT_USER() AS u')).toEqual([{ U: 'ROBOT' }]);
    await o.close();
    const err = await failure(connect(h.standIn, { username: 'robot', password: undefined, authenticator: 'OAUTH', token: 'wrong' } as never));
    expect(err.code).toBe('390303');
  });

  test('a role not granted to the user is refused', async () => {
    const err = await failure(connect(h.standIn, { role: 'ACCOUNTADMIN' }));
    expect(err.code).toBe('390189');
  });

  test('an unknown warehouse leaves the session without one, and queries on tables then fail with 000606', async () => {
    const nw = await connect(h.standIn, { warehouse: 'NO_SUCH_WH' });
    await nw.query('CREATE SCHEMA IF NOT EXISTS wh_test');
    await nw.query('CREATE TABLE IF NOT EXISTS wh_test.t (x NUMBER)');
    const err = await failure(nw.query('SELECT * FROM wh_test.t'));
    expect(err.code).toBe('000606');
    await nw.query('USE WAREHOUSE compute_wh');
    expect(await nw.query('SELECT COUNT(*) AS n FROM wh_test.t')).toEqual([{ N: 0 }]);
    await nw.close();
  });

  test('logout ends the session on the server; heartbeat keeps it', async () => {
    const before = h.standIn.engine.openSessions;
    const s = await connect(h.standIn);
    expect(h.standIn.engine.openSessions).toBe(before + 1);
    await (s.raw as unknown as { heartbeatAsync(): Promise<unknown> }).heartbeatAsync();
    expect(h.standIn.http.requests.some((r) => r.path === '/session/heartbeat')).toBe(true);
    await s.close();
    expect(h.standIn.engine.openSessions).toBe(before);
    expect(h.standIn.http.requests.some((r) => r.path === '/session' && r.query.delete === 'true')).toBe(true);
  });
});

describe('binds', () => {
  test('? and :n placeholders with numbers, strings, booleans, nulls and dates', async () => {
    await c.query('CREATE OR REPLACE SCHEMA binds');
    await c.query('CREATE TABLE binds.t (id NUMBER, name VARCHAR, ok BOOLEAN, at TIMESTAMP_NTZ, f FLOAT)');
    await c.query('INSERT INTO binds.t VALUES (?, ?, ?, ?, ?)', [1, "O'Brien", true, new Date('2024-03-01T10:20:30.123Z'), 1.5]);
    await c.query('INSERT INTO binds.t (id, name) VALUES (:1, :2)', [2, null]);
    const rows = await c.query('SELECT id, name, ok, at, f FROM binds.t WHERE id >= :1 ORDER BY id', [1]);
    expect(rows.map((r) => [r.ID, r.NAME, r.OK, r.F])).toEqual([
      [1, "O'Brien", true, 1.5],
      [2, null, null, null],
    ]);
    expect((rows[0]?.AT as Date).toISOString()).toBe('2024-03-01T10:20:30.123Z');
  });

  test('array binding inserts one row per element', async () => {
    await c.query('CREATE OR REPLACE TABLE binds.many (id NUMBER, name VARCHAR)');
    const { statement } = await c.execute('INSERT INTO binds.many VALUES (?, ?)', [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(statement.getNumUpdatedRows()).toBe(3);
    expect(await c.query('SELECT COUNT(*) AS n, MAX(name) AS m FROM binds.many')).toEqual([{ N: 3, M: 'c' }]);
  });

  test('a missing bind value is an error', async () => {
    const err = await failure(c.query('SELECT ? AS a, ? AS b', [1]));
    expect(err.code).toBe('002049');
  });
});

describe('types and result metadata', () => {
  beforeAll(async () => {
    await c.query('CREATE OR REPLACE SCHEMA types');
    await c.query(`CREATE TABLE types.t (
      n NUMBER(10,2), i INTEGER, f FLOAT, s VARCHAR(20), b BOOLEAN, d DATE,
      ntz TIMESTAMP_NTZ, ltz TIMESTAMP_LTZ, tz TIMESTAMP_TZ, v VARIANT)`);
    await c.query("ALTER SESSION SET TIMEZONE = 'UTC'");
    await c.query(`INSERT INTO types.t VALUES (12.5, 42, 0.25, 'héllo', TRUE, '2024-02-29',
      '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15+00:00', '2024-02-29 13:14:15+00:00', PARSE_JSON('{"k": [1, 2]}'))`);
  });

  test('values come back as the driver converts Snowflake JSON results', async () => {
    const [row] = await c.query('SELECT * FROM types.t');
    expect(row).toMatchObject({ N: 12.5, I: 42, F: 0.25, S: 'héllo', B: true, V: { k: [1, 2] } });
    expect((row?.D as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect((row?.NTZ as Date).toISOString()).toBe('2024-02-29T13:14:15.123Z');
    expect((row?.LTZ as Date).toISOString()).toBe('2024-02-29T13:14:15.000Z');
    expect((row?.TZ as Date).toISOString()).toBe('2024-02-29T13:14:15.000Z');
  });

  test('column metadata carries Snowflake types, precision and scale', async () => {
    const { statement } = await c.execute('SELECT * FROM types.t');
    const cols = statement.getColumns()!.map((col) => [col.getName(), col.getType(), col.getPrecision(), col.getScale()]);
    expect(cols).toEqual([
      ['N', 'fixed', 10, 2],
      ['I', 'fixed', 38, 0],
      ['F', 'real', null, null],
      ['S', 'text', null, null],
      ['B', 'boolean', null, null],
      ['D', 'date', null, null],
      ['NTZ', 'timestamp_ntz', null, 9],
      ['LTZ', 'timestamp_ltz', null, 9],
      ['TZ', 'timestamp_tz', null, 9],
      ['V', 'variant', null, null],
    ]);
  });

  test('division is decimal, never integer division', async () => {
    expect(await c.query('SELECT 7 / 2 AS a, COUNT(*) / 2 AS b, MOD(FLOOR(13 / POWER(2, 2)), 2) AS bit FROM types.t')).toEqual([{ A: 3.5, B: 0.5, BIT: 1 }]);
  });

  test('unaliased expressions are named after their text, upper-cased', async () => {
    const { statement } = await c.execute('select count(*), max(n) from types.t');
    expect(statement.getColumns()!.map((col) => col.getName())).toEqual(['COUNT(*)', 'MAX(N)']);
  });

  test('DML reports rows affected in Snowflake result columns', async () => {
    await c.query('CREATE OR REPLACE TABLE types.d (x NUMBER)');
    const ins = await c.execute('INSERT INTO types.d SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3');
    expect(ins.rows).toEqual([{ 'number of rows inserted': 3 }]);
    const upd = await c.execute('UPDATE types.d SET x = x + 10 WHERE x > 1');
    expect(upd.statement.getNumUpdatedRows()).toBe(2);
    const del = await c.execute('DELETE FROM types.d WHERE x > 10');
    expect(del.rows).toEqual([{ 'number of rows deleted': 2 }]);
  });
});

describe('errors', () => {
  test('a missing object: 002003 / 42S02 with the fully qualified name', async () => {
    const err = await failure(c.query('SELECT * FROM public.no_such_table'));
    expect(err).toMatchObject({ code: '002003', sqlState: '42S02' });
    expect(err.message).toContain("Object 'VDE.PUBLIC.NO_SUCH_TABLE' does not exist or not authorized.");
  });

  test('a missing schema: 002003 / 02000', async () => {
    const err = await failure(c.query('SELECT * FROM nowhere.t'));
    expect(err).toMatchObject({ code: '002003', sqlState: '02000' });
    expect(err.message).toContain("Schema 'VDE.NOWHERE' does not exist or not authorized.");
  });

  test('an unknown column: 000904 invalid identifier', async () => {
    await c.query('CREATE OR REPLACE TABLE public.e (x NUMBER)');
    const err = await failure(c.query('SELECT y FROM public.e'));
    expect(err).toMatchObject({ code: '000904', sqlState: '42000' });
    expect(err.message).toContain("invalid identifier 'Y'");
  });

  test('division by zero: 100051 / 22012', async () => {
    expect(await failure(c.query('SELECT 1 / 0 AS x'))).toMatchObject({ code: '100051', sqlState: '22012' });
  });

  test('several statements in one request: 000008', async () => {
    expect(await failure(c.query('SELECT 1; SELECT 2'))).toMatchObject({ code: '000008', sqlState: '0A000' });
  });
});

describe('long-running statements', () => {
  test('a statement outlasting the poll interval is answered "in progress" and the driver polls for its result', async () => {
    const before = h.standIn.http.requests.length;
    expect(await c.query('SELECT SYSTEM$WAIT(1) AS w')).toEqual([{ W: 'waited 1 seconds' }]);
    const polls = h.standIn.http.requests.slice(before).filter((r) => /^\/queries\/[0-9a-f-]+\/result$/.test(r.path));
    expect(polls.length).toBeGreaterThan(0);
  });

  test('asyncExec returns a query id at once; the result is fetched by id', async () => {
    const { statement } = await new Promise<{ statement: { getQueryId(): string } }>((resolve, reject) =>
      c.raw.execute({ sqlText: 'SELECT SYSTEM$WAIT(300, \'MILLISECONDS\') AS w', asyncExec: true, complete: (err, statement) => (err ? reject(err) : resolve({ statement })) }),
    );
    const queryId = statement.getQueryId();
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const s = c.raw.getResultsFromQueryId({
        queryId,
        sqlText: '',
        complete: (err: unknown, _stmt: unknown, r: unknown[] | undefined) => (err ? reject(err) : resolve(r ?? [])),
      } as never);
      void s;
    });
    expect(rows).toEqual([{ W: 'waited 300 milliseconds' }]);
  });
});
