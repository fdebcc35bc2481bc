// The stand-in's translation layer is faithful, not lenient: Snowflake's identifier folding,
// DDL that commits on its own, SWAP WITH, late-bound views, COPY GRANTS and grant tracking,
// DROP SCHEMA's default CASCADE, unenforced primary keys, TRANSIENT, CLONE, QUERY_TAG in the
// query history, and refusal of anything it does not understand (including Postgres-isms).
import { connect, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let c: SfConnection;

beforeAll(async () => {
  h = await startStandIn({ roles: ['REPORTER', 'ANALYST'] });
  c = await connect(h.standIn);
});

afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: unknown; message: string };
    return { code: String(e.code), message: e.message };
  }
  throw new Error('expected the statement to fail');
}

async function grantsOn(kind: string, name: string): Promise<string[]> {
  const rows = await c.query<{ privilege: string; grantee_name: string }>(`SHOW GRANTS ON ${kind} ${name}`);
  return rows.map((r) => `${r.privilege}:${r.grantee_name}`).sort();
}

describe('identifiers', () => {
  test('unquoted names fold to upper case; a mis-cased quoted name fails as on Snowflake', async () => {
    await c.query('CREATE SCHEMA marts');
    await c.query('CREATE TABLE marts.orders (id NUMBER, Amount NUMBER)');
    expect(await c.query('SELECT ID, amount FROM MARTS.Orders')).toEqual([]);
    expect(await c.query('SELECT "ID", "AMOUNT" FROM "MARTS"."ORDERS"')).toEqual([]);
    const table = await failure(c.query('SELECT * FROM "marts"."orders"'));
    expect(table.code).toBe('002003');
    expect(table.message).toContain("Schema 'VDE.marts' does not exist");
    const column = await failure(c.query('SELECT "amount" FROM marts.orders'));
    expect(column.code).toBe('000904');
    expect(column.message).toContain("invalid identifier 'amount'");
  });

  test('a quoted mixed-case name is only reachable quoted', async () => {
    await c.query('CREATE TABLE marts."MixedCase" ("Key" NUMBER)');
    await c.query('INSERT INTO marts."MixedCase" VALUES (1)');
    expect(await c.query('SELECT "Key" FROM marts."MixedCase"')).toEqual([{ Key: 1 }]);
    expect((await failure(c.query('SELECT * FROM marts.MixedCase'))).code).toBe('002003');
  });

  test('names longer than 255 characters are refused', async () => {
    const err = await failure(c.query(`CREATE TABLE marts.${'x'.repeat(256)} (a NUMBER)`));
    expect(err.message).toMatch(/too long/);
  });
});

describe('transactions and DDL', () => {
  test('DML inside BEGIN ... ROLLBACK is undone', async () => {
    await c.query('CREATE TABLE public.tx (x NUMBER)');
    await c.query('BEGIN');
    await c.query('INSERT INTO public.tx VALUES (1)');
    await c.query('ROLLBACK');
    expect(await c.query('SELECT COUNT(*) AS n FROM public.tx')).toEqual([{ N: 0 }]);
  });

  test('a DDL statement commits the open transaction and itself; ROLLBACK then undoes nothing', async () => {
    await c.query('BEGIN');
    await c.query('INSERT INTO public.tx VALUES (2)');
    await c.query('CREATE TABLE public.tx_other (y NUMBER)');
    await c.query('ROLLBACK');
    expect(await c.query('SELECT COUNT(*) AS n FROM public.tx')).toEqual([{ N: 1 }]);
    expect(await c.query('SELECT COUNT(*) AS n FROM public.tx_other')).toEqual([{ N: 0 }]);
  });

  test('another session sees committed DDL at once', async () => {
    const other = await connect(h.standIn);
    await c.query('CREATE TABLE public.seen (z NUMBER)');
    expect(await other.query('SELECT COUNT(*) AS n FROM public.seen')).toEqual([{ N: 0 }]);
    await other.close();
  });
});

describe('views are late-bound', () => {
  test('a view reads whatever has the name when it is queried, and fails when nothing does', async () => {
    await c.query('CREATE SCHEMA late');
    await c.query('CREATE TABLE late.t AS SELECT 1 AS x');
    await c.query('CREATE VIEW late.v AS SELECT x FROM late.t');
    await c.query('CREATE OR REPLACE TABLE late.t AS SELECT 2 AS x');
    expect(await c.query('SELECT x FROM late.v')).toEqual([{ X: 2 }]);
    await c.query('DROP TABLE late.t');
    const err = await failure(c.query('SELECT x FROM late.v'));
    expect(err.code).toBe('002003');
    expect(err.message).toContain("Failure during expansion of view 'V'");
    await c.query('CREATE TABLE late.t AS SELECT 3 AS x');
    expect(await c.query('SELECT x FROM late.v')).toEqual([{ X: 3 }]);
  });

  test('dropping a table does not ask about views on it (no binding, no CASCADE needed)', async () => {
    await c.query('CREATE TABLE late.base AS SELECT 1 AS x');
    await c.query('CREATE VIEW late.on_base AS SELECT * FROM late.base');
    await c.query('DROP TABLE late.base');
    expect((await c.query('SHOW VIEWS LIKE \'ON_BASE\' IN SCHEMA late')).length).toBe(1);
  });

  test('unqualified names in a view resolve in the view\'s schema, not the session\'s', async () => {
    await c.query('CREATE TABLE late.local_t AS SELECT 7 AS x');
    await c.query('CREATE VIEW late.uses_local AS SELECT x FROM local_t');
    await c.query('USE SCHEMA public');
    expect(await c.query('SELECT x FROM late.uses_local')).toEqual([{ X: 7 }]);
  });
});

describe('ALTER SCHEMA ... SWAP WITH', () => {
  test('swaps names atomically; objects, their grants and the schemas\' grants go with each schema', async () => {
    await c.query('CREATE SCHEMA prod_v');
    await c.query('CREATE VIEW prod_v.orders AS SELECT 1 AS version');
    await c.query('GRANT USAGE ON SCHEMA prod_v TO ROLE reporter');
    await c.query('GRANT SELECT ON VIEW prod_v.orders TO ROLE reporter');
    await c.query('CREATE SCHEMA stage_v');
    await c.query('CREATE VIEW stage_v.orders AS SELECT 2 AS version');
    await c.query('ALTER SCHEMA prod_v SWAP WITH stage_v');
    expect(await c.query('SELECT version FROM prod_v.orders')).toEqual([{ VERSION: 2 }]);
    expect(await c.query('SELECT version FROM stage_v.orders')).toEqual([{ VERSION: 1 }]);
    // Snowflake swaps the grants along with the schemas: the new PROD_V has none of the old ones.
    expect(await grantsOn('SCHEMA', 'prod_v')).toEqual(['OWNERSHIP:SYSADMIN']);
    expect(await grantsOn('VIEW', 'prod_v.orders')).toEqual(['OWNERSHIP:SYSADMIN']);
    expect(await grantsOn('SCHEMA', 'stage_v')).toEqual(['OWNERSHIP:SYSADMIN', 'USAGE:REPORTER']);
    expect(await grantsOn('VIEW', 'stage_v.orders')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
  });

  test('swapping with a schema that does not exist fails and changes nothing', async () => {
    const err = await failure(c.query('ALTER SCHEMA prod_v SWAP WITH nowhere'));
    expect(err.code).toBe('002003');
    expect(await c.query('SELECT version FROM prod_v.orders')).toEqual([{ VERSION: 2 }]);
  });
});

describe('grants', () => {
  test('CREATE OR REPLACE VIEW keeps the grants only with COPY GRANTS', async () => {
    await c.query('CREATE SCHEMA g');
    await c.query('CREATE VIEW g.v AS SELECT 1 AS a');
    await c.query('GRANT SELECT ON VIEW g.v TO ROLE reporter');
    await c.query('CREATE OR REPLACE VIEW g.v COPY GRANTS AS SELECT 2 AS a');
    expect(await grantsOn('VIEW', 'g.v')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
    await c.query('CREATE OR REPLACE VIEW g.v AS SELECT 3 AS a');
    expect(await grantsOn('VIEW', 'g.v')).toEqual(['OWNERSHIP:SYSADMIN']);
  });

  test('future grants apply to objects created later (and not with COPY GRANTS)', async () => {
    await c.query('GRANT SELECT ON FUTURE VIEWS IN SCHEMA g TO ROLE analyst');
    await c.query('CREATE VIEW g.w AS SELECT 1 AS a');
    expect(await grantsOn('VIEW', 'g.w')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:ANALYST']);
    await c.query('REVOKE SELECT ON VIEW g.w FROM ROLE analyst');
    expect(await grantsOn('VIEW', 'g.w')).toEqual(['OWNERSHIP:SYSADMIN']);
  });

  test('grants follow a renamed table and are visible in INFORMATION_SCHEMA.TABLE_PRIVILEGES', async () => {
    await c.query('CREATE TABLE g.t (a NUMBER)');
    await c.query('GRANT SELECT, INSERT ON TABLE g.t TO ROLE reporter');
    await c.query('ALTER TABLE g.t RENAME TO g.t2');
    expect(await grantsOn('TABLE', 'g.t2')).toEqual(['INSERT:REPORTER', 'OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
    const rows = await c.query("SELECT privilege_type FROM information_schema.table_privileges WHERE table_schema = 'G' AND table_name = 'T2' AND grantee = 'REPORTER' ORDER BY 1");
    expect(rows).toEqual([{ PRIVILEGE_TYPE: 'INSERT' }, { PRIVILEGE_TYPE: 'SELECT' }]);
  });

  test('a grant to an unknown role or with the wrong object kind is refused', async () => {
    expect((await failure(c.query('GRANT SELECT ON VIEW g.w TO ROLE nobody'))).code).toBe('002003');
    expect((await failure(c.query('GRANT SELECT ON TABLE g.w TO ROLE reporter'))).message).toMatch(/not specified type 'TABLE'/);
  });
});

describe('schemas and tables', () => {
  test('DROP SCHEMA drops everything in it, RESTRICT or not (RESTRICT is about foreign keys)', async () => {
    await c.query('CREATE SCHEMA doomed');
    await c.query('CREATE TABLE doomed.t AS SELECT 1 AS x');
    await c.query('DROP SCHEMA doomed RESTRICT');
    expect((await failure(c.query('SELECT * FROM doomed.t'))).code).toBe('002003');
    expect(await c.query("SHOW SCHEMAS LIKE 'DOOMED'")).toEqual([]);
  });

  test('PRIMARY KEY and UNIQUE are recorded but not enforced; NOT NULL is', async () => {
    await c.query('CREATE TABLE public.pk (id NUMBER PRIMARY KEY, name VARCHAR NOT NULL)');
    await c.query("INSERT INTO public.pk VALUES (1, 'a'), (1, 'b')");
    expect(await c.query('SELECT COUNT(*) AS n FROM public.pk')).toEqual([{ N: 2 }]);
    expect((await failure(c.query('INSERT INTO public.pk VALUES (2, NULL)'))).code).toBe('100072');
  });

  test('TRANSIENT tables are reported as such', async () => {
    await c.query('CREATE TRANSIENT TABLE public.tr AS SELECT 1 AS x');
    await c.query('CREATE TABLE public.perm AS SELECT 1 AS x');
    const shown = await c.query<{ name: string; kind: string }>("SHOW TABLES LIKE '%R%' IN SCHEMA public");
    expect(shown.filter((r) => ['TR', 'PERM'].includes(r.name)).map((r) => `${r.name}:${r.kind}`).sort()).toEqual(['PERM:TABLE', 'TR:TRANSIENT']);
    const info = await c.query("SELECT table_name, is_transient FROM information_schema.tables WHERE table_schema = 'PUBLIC' AND table_name IN ('TR', 'PERM') ORDER BY 1");
    expect(info).toEqual([
      { TABLE_NAME: 'PERM', IS_TRANSIENT: 'NO' },
      { TABLE_NAME: 'TR', IS_TRANSIENT: 'YES' },
    ]);
  });

  test('a schema clone copies tables (data), views and the grants on them, not the schema\'s grants', async () => {
    await c.query('CREATE SCHEMA src_s');
    await c.query('CREATE TABLE src_s.t AS SELECT 5 AS x');
    await c.query('CREATE VIEW src_s.v AS SELECT x FROM src_s.t');
    await c.query('GRANT SELECT ON VIEW src_s.v TO ROLE reporter');
    await c.query('GRANT USAGE ON SCHEMA src_s TO ROLE reporter');
    await c.query('CREATE SCHEMA cloned_s CLONE src_s');
    await c.query('INSERT INTO src_s.t VALUES (6)');
    expect(await c.query('SELECT COUNT(*) AS n FROM cloned_s.t')).toEqual([{ N: 1 }]);
    expect(await grantsOn('VIEW', 'cloned_s.v')).toEqual(['OWNERSHIP:SYSADMIN', 'SELECT:REPORTER']);
    expect(await grantsOn('SCHEMA', 'cloned_s')).toEqual(['OWNERSHIP:SYSADMIN']);
  });

  test('a table cannot be cloned from transient to permanent', async () => {
    expect((await failure(c.query('CREATE TABLE public.perm2 CLONE public.tr'))).message).toMatch(/Transient/);
    await c.query('CREATE TRANSIENT TABLE public.tr2 CLONE public.tr');
    expect(await c.query('SELECT x FROM public.tr2')).toEqual([{ X: 1 }]);
  });

  test('ALTER TABLE ... SWAP WITH exchanges two tables', async () => {
    await c.query('CREATE TABLE public.sw_a AS SELECT \'a\' AS v');
    await c.query('CREATE TABLE public.sw_b AS SELECT \'b\' AS v');
    await c.query('ALTER TABLE public.sw_a SWAP WITH public.sw_b');
    expect(await c.query('SELECT v FROM public.sw_a')).toEqual([{ V: 'b' }]);
  });

  test('INFORMATION_SCHEMA.COLUMNS and DESCRIBE report Snowflake types', async () => {
    await c.query('CREATE TABLE public.cols (n NUMBER(12,3), s VARCHAR(40), ts TIMESTAMP_TZ)');
    const cols = await c.query("SELECT column_name, data_type, numeric_precision, numeric_scale, character_maximum_length FROM information_schema.columns WHERE table_schema = 'PUBLIC' AND table_name = 'COLS' ORDER BY ordinal_position");
    expect(cols).toEqual([
      { COLUMN_NAME: 'N', DATA_TYPE: 'NUMBER', NUMERIC_PRECISION: 12, NUMERIC_SCALE: 3, CHARACTER_MAXIMUM_LENGTH: null },
      { COLUMN_NAME: 'S', DATA_TYPE: 'TEXT', NUMERIC_PRECISION: null, NUMERIC_SCALE: null, CHARACTER_MAXIMUM_LENGTH: 40 },
      { COLUMN_NAME: 'TS', DATA_TYPE: 'TIMESTAMP_LTZ', NUMERIC_PRECISION: null, NUMERIC_SCALE: null, CHARACTER_MAXIMUM_LENGTH: null },
    ]);
    const described = await c.query<{ name: string; type: string }>('DESCRIBE TABLE public.cols');
    expect(described.map((r) => `${r.name} ${r.type}`)).toEqual(['N NUMBER(12,3)', 'S VARCHAR(40)', 'TS TIMESTAMP_TZ(9)']);
  });
});

describe('QUERY_TAG', () => {
  test('ALTER SESSION SET QUERY_TAG tags later statements in the query history', async () => {
    await c.query("ALTER SESSION SET QUERY_TAG = 'vde:plan:pr_7'");
    await c.query('SELECT 42 AS answer');
    await c.query('ALTER SESSION UNSET QUERY_TAG');
    await c.query('SELECT 43 AS answer');
    const tagged = h.standIn.history.records.filter((r) => r.queryText.startsWith('SELECT 4'));
    expect(tagged.map((r) => [r.queryText, r.queryTag])).toEqual([
      ['SELECT 42 AS answer', 'vde:plan:pr_7'],
      ['SELECT 43 AS answer', ''],
    ]);
    const viaSql = await c.query("SELECT query_tag FROM snowflake.account_usage.query_history WHERE query_text = 'SELECT 42 AS answer'");
    expect(viaSql).toEqual([{ QUERY_TAG: 'vde:plan:pr_7' }]);
  });

  test('the queryTag connection option sets it for the whole session', async () => {
    const tagged = await connect(h.standIn, { queryTag: 'vde:apply:prod' } as never);
    await tagged.query('SELECT 44 AS answer');
    await tagged.close();
    expect(h.standIn.history.records.find((r) => r.queryText === 'SELECT 44 AS answer')?.queryTag).toBe('vde:apply:prod');
  });
});

describe('what the stand-in does not understand is an error', () => {
  test.each([
    ['an unknown statement', 'FROBNICATE everything'],
    ['an unknown function', 'SELECT NOW() AS t'],
    ['a Postgres-only function', "SELECT STRING_AGG(name, ',') FROM public.pk"],
    ['Postgres placeholders', 'SELECT * FROM public.pk WHERE id = $1'],
    ['ON CONFLICT', 'INSERT INTO public.pk VALUES (3, \'c\') ON CONFLICT DO NOTHING'],
    ['RETURNING', 'DELETE FROM public.pk WHERE id = 3 RETURNING id'],
    ['DISTINCT ON', 'SELECT DISTINCT ON (id) id FROM public.pk'],
    ['a Postgres cast type', "SELECT 'x'::regclass"],
    ['SAVEPOINT', 'SAVEPOINT s1'],
    ['CREATE SEQUENCE', 'CREATE SEQUENCE public.seq'],
    ['QUALIFY (not emulated)', 'SELECT id FROM public.pk QUALIFY ROW_NUMBER() OVER (ORDER BY id) = 1'],
    ['a session parameter it cannot emulate', 'ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE'],
    ['an unknown session parameter', "ALTER SESSION SET NO_SUCH_PARAMETER = 'x'"],
  ])('%s', async (_what, sql) => {
    const err = await failure(c.query(sql));
    expect(err.code).toMatch(/^\d{6}$/);
  });
});
