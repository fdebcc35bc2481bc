// The bad-input corpus (issue 7 §4): models, seeds, vde.yaml, CLI flags and action event payloads
// that vde must refuse with a non-zero exit, a message naming the file and line (or the input), no
// stack trace, and no change to the warehouse. The runner is ./bad-input.test.ts.
//
// A CLI case replaces or adds project files (null deletes one) for one run of `vde <args>` against
// the shop project (test/support/project.ts), which has prod and pr_1 applied; files are restored
// after the run. An action case runs the bundled action with an event payload and inputs.

export interface CliCase {
  area: 'model' | 'seed' | 'config' | 'flag' | 'sqlmesh';
  label: string;
  files?: Record<string, string | Buffer | null>;
  /** Default: apply pr_2. */
  args?: string[];
  /** What stderr must say: the file and line, the key, the flag or the input. */
  expect: RegExp;
}

export interface ActionCase {
  area: 'event';
  label: string;
  eventName: string;
  /** The payload file's raw text. */
  payload: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  expect: RegExp;
}

const BAD = 'models/bad/bad.sql';
const at = (file: string, line?: number) => new RegExp(`${file.replace(/[./]/g, (c) => `\\${c}`)}:${line ?? '\\d+'}\\b`);
const model = (text: string | Buffer) => ({ [BAD]: text });
const latin1 = (text: string) => Buffer.from(text, 'latin1');

const MODELS: CliCase[] = (
  [
  { label: 'header never closed', files: model('MODEL (\n  name bad.a,\n  kind FULL\nSELECT 1 AS x\n'), expect: at(BAD) },
  { label: 'missing comma between properties', files: model('MODEL (\n  name bad.a\n  kind FULL\n);\nSELECT 1 AS x\n'), expect: at(BAD, 3) },
  { label: 'unknown kind', files: model('MODEL (\n  name bad.a,\n  kind SNAPSHOTTY\n);\nSELECT 1 AS x\n'), expect: at(BAD, 3) },
  { label: 'no name', files: model('MODEL (kind FULL);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'name without a schema', files: model('MODEL (name a, kind FULL);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'name with four parts', files: model('MODEL (name a.b.c.d, kind FULL);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'name with a dash', files: model('MODEL (name bad.a-b, kind FULL);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'schema containing __', files: model('MODEL (name bad__x.a, kind FULL);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'schema equal to the state schema', files: model('MODEL (name vde_state.a, kind FULL);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'a name taken by another model', files: model('MODEL (name stg.orders, kind FULL);\nSELECT 1 AS x\n'), expect: /stg\.orders/ },
  {
    label: 'a cycle',
    files: {
      'models/bad/a.sql': 'MODEL (name bad.a, kind FULL);\nSELECT * FROM bad.b\n',
      'models/bad/b.sql': 'MODEL (name bad.b, kind FULL);\nSELECT * FROM bad.a\n',
    },
    expect: /bad\.a -> bad\.b -> bad\.a|bad\.b -> bad\.a -> bad\.b/,
  },
  { label: 'a model reading itself', files: model('MODEL (name bad.a, kind FULL);\nSELECT * FROM bad.a\n'), expect: at(BAD) },
  { label: 'a header and no query', files: model('MODEL (name bad.a, kind FULL);\n'), expect: at(BAD) },
  { label: 'a query that is only a comment', files: model('MODEL (name bad.a, kind FULL);\n-- nothing here\n'), expect: at(BAD) },
  { label: 'two statements', files: model('MODEL (name bad.a, kind FULL);\nSELECT 1 AS x;\nSELECT 2 AS y;\n'), expect: at(BAD) },
  { label: 'no MODEL header', files: model('SELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'an empty file', files: model(''), expect: at(BAD) },
  { label: 'an unterminated string literal', files: model("MODEL (name bad.a, kind FULL);\nSELECT 'abc AS x\n"), expect: at(BAD, 2) },
  { label: 'an unterminated block comment', files: model('MODEL (name bad.a, kind FULL);\nSELECT 1 AS x /* open\n'), expect: at(BAD, 2) },
  { label: 'an unterminated quoted identifier', files: model('MODEL (name bad.a, kind FULL);\nSELECT 1 AS "x\n'), expect: at(BAD, 2) },
  { label: 'a header with an unbalanced parenthesis', files: model('MODEL (name bad.a, kind FULL, grain (a, b);\nSELECT 1 AS a, 2 AS b\n'), expect: at(BAD) },
  { label: 'a property given twice', files: model('MODEL (name bad.a, kind FULL, kind VIEW);\nSELECT 1 AS x\n'), expect: at(BAD, 1) },
  { label: 'a SQL syntax error', files: model('MODEL (name bad.a, kind FULL);\n\nSELEC 1 AS x\n'), expect: at(BAD, 3) },
  { label: 'a column that does not exist', files: model('MODEL (name bad.a, kind FULL);\nSELECT o.nope\nFROM stg.orders AS o\n'), expect: at(BAD, 2) },
  { label: 'a table that does not exist', files: model('MODEL (name bad.a, kind FULL);\nSELECT *\nFROM nowhere.at_all\n'), expect: at(BAD, 3) },
  { label: 'a division by zero', files: model('MODEL (name bad.a, kind FULL);\nSELECT 1 / 0 AS x\n'), expect: at(BAD) },
  { label: 'a cast that fails', files: model("MODEL (name bad.a, kind FULL);\nSELECT 'abc'::int AS x\n"), expect: at(BAD) },
  { label: 'two output columns with one name', files: model('MODEL (name bad.a, kind FULL);\nSELECT 1 AS x, 2 AS x\n'), expect: at(BAD) },
  { label: 'a DELETE as the query', files: model('MODEL (name bad.a, kind FULL);\nDELETE FROM stg.orders\n'), expect: at(BAD) },
  { label: 'an INSERT as the query', files: model('MODEL (name bad.a, kind FULL);\nINSERT INTO stg.orders VALUES (1)\n'), expect: at(BAD) },
  { label: 'a VIEW model with an error', files: model('MODEL (name bad.a, kind VIEW);\nSELECT o.nope FROM stg.orders AS o\n'), expect: at(BAD) },
  { label: 'a SEED without a path', files: model('MODEL (name bad.a, kind SEED (), columns (id int));\n'), expect: at(BAD, 1) },
  { label: 'a SEED whose columns are not in its CSV', files: model("MODEL (name bad.a, kind SEED (path '../seeds/orders.csv'), columns (nope int));\n"), expect: /orders\.csv|bad\.sql/ },
  { label: 'a SEED with batch_size 0', files: model("MODEL (name bad.a, kind SEED (path '../seeds/orders.csv', batch_size 0), columns (id int));\n"), expect: at(BAD, 1) },
  { label: 'a SEED with batch_size x', files: model("MODEL (name bad.a, kind SEED (path '../seeds/orders.csv', batch_size x), columns (id int));\n"), expect: at(BAD, 1) },
  { label: 'a quoted reference in the wrong case', files: model('MODEL (name bad.a, kind FULL);\nSELECT * FROM "STG"."ORDERS"\n'), expect: at(BAD, 2) },
  { label: 'non-UTF-8 bytes in a model file', files: model(latin1("MODEL (name bad.a, kind FULL);\nSELECT 'caf\xe9' AS x\n")), expect: at(BAD, 2) },
  { label: 'grain as a string', files: model("MODEL (name bad.a, kind FULL, grain 'x y');\nSELECT 1 AS x\n"), expect: at(BAD, 1) },
  {
    label: 'a broken edit of an existing model',
    files: { 'models/stg/orders.sql': 'MODEL (name stg.orders, kind FULL, grain order_id);\n\nSELECT id AS order_id, customer_id,\nFROM raw.orders\n' },
    expect: at('models/stg/orders.sql'),
  },
  {
    label: 'a reference to a removed column in a child',
    files: { 'models/marts/daily_revenue.sql': 'MODEL (name marts.daily_revenue, kind FULL, grain order_date);\n\nSELECT ordered_on AS order_date, sum(o.discount) AS revenue\nFROM stg.orders AS o\nGROUP BY ordered_on\n' },
    expect: at('models/marts/daily_revenue.sql'),
  },
] as Omit<CliCase, 'area'>[]
).map((c) => ({ ...c, area: 'model' as const }));

const ORDERS = 'models/seeds/orders.csv';
const HEADER = 'id,customer_id,amount,status,ordered_on\n';
const GOOD_ROW = '10,1,20.50,paid,2024-01-01\n';
const csv = (rows: string) => ({ [ORDERS]: HEADER + GOOD_ROW + rows });
const csvBytes = (rows: string) => ({ [ORDERS]: latin1(HEADER + GOOD_ROW + rows) });
const csvAt = (row?: number) => new RegExp(`models/seeds/orders\\.csv${row ? `:${row}` : ''}|orders\\.csv.*(row|line) ${row ?? '\\d+'}`);
const SEED_SQL = 'models/seeds/raw_orders.sql';
const seedHeader = (kind: string, columns = 'id int, customer_id int, amount numeric(10,2), status text, ordered_on date') =>
  ({ [SEED_SQL]: `MODEL (\n  name raw.orders,\n  kind ${kind},\n  columns (${columns}),\n  grain id\n);\n` });

const SEEDS: CliCase[] = (
  [
  { label: 'a row with too many fields', files: csv('11,1,5.00,paid,2024-01-01,extra\n'), expect: csvAt(3) },
  { label: 'a row with too few fields', files: csv('11,1,5.00\n'), expect: csvAt(3) },
  { label: 'a word in an int column', files: csv('eleven,1,5.00,paid,2024-01-01\n'), expect: csvAt(3) },
  { label: 'a word in a numeric column', files: csv('11,1,lots,paid,2024-01-01\n'), expect: csvAt(3) },
  { label: 'an impossible date', files: csv('11,1,5.00,paid,2024-13-45\n'), expect: csvAt(3) },
  { label: 'an int that overflows', files: csv('99999999999,1,5.00,paid,2024-01-01\n'), expect: csvAt(3) },
  { label: 'an unterminated quote', files: csv('11,1,5.00,"paid,2024-01-01\n'), expect: csvAt() },
  { label: 'a header that names other columns', files: { [ORDERS]: `id,cust,amount,status,ordered_on\n${GOOD_ROW}` }, expect: /orders\.csv/ },
  { label: 'a header missing a column', files: { [ORDERS]: `id,customer_id,amount,status\n10,1,20.50,paid\n` }, expect: /orders\.csv/ },
  { label: 'a duplicate header column', files: { [ORDERS]: `id,id,amount,status,ordered_on\n${GOOD_ROW}` }, expect: /orders\.csv/ },
  { label: 'an empty file', files: { [ORDERS]: '' }, expect: /orders\.csv/ },
  { label: 'non-UTF-8 bytes', files: csvBytes('11,1,5.00,caf\xe9,2024-01-01\n'), expect: csvAt(3) },
  { label: 'a seed path outside the project', files: seedHeader("SEED (path '../../../../../../etc/hostname')"), expect: at(SEED_SQL) },
  { label: 'an absolute seed path', files: seedHeader("SEED (path '/etc/hostname')"), expect: at(SEED_SQL) },
  { label: 'a seed path that is a folder', files: seedHeader("SEED (path '.')"), expect: at(SEED_SQL) },
  { label: 'a seed file that does not exist', files: seedHeader("SEED (path 'nope.csv')"), expect: at(SEED_SQL, 3) },
  { label: 'a column type that does not exist', files: seedHeader("SEED (path 'orders.csv')", 'id nosuchtype, customer_id int, amount numeric(10,2), status text, ordered_on date'), expect: at(SEED_SQL) },
  { label: 'a column declared twice', files: seedHeader("SEED (path 'orders.csv')", 'id int, id int, amount numeric(10,2), status text, ordered_on date'), expect: at(SEED_SQL) },
  { label: 'a NUL byte in a value', files: csv('11,1,5.00,pa\u0000id,2024-01-01\n'), expect: csvAt(3) },
  { label: 'fewer columns declared than the CSV has', files: seedHeader("SEED (path 'orders.csv')", 'id int, customer_id int'), expect: /orders\.csv|raw_orders\.sql/ },
] as Omit<CliCase, 'area'>[]
).map((c) => ({ ...c, area: 'seed' as const }));

// Issue 9's blocker table, row by row, for what vde refuses: a SQLMesh project feature it cannot
// run must stop at the file and line naming the feature, never reach the warehouse as SQL it
// cannot read. What it supports runs in the fixture projects (test/core/sqlmesh-fixtures.test.ts);
// docs/sqlmesh.md maps every row to its tests.
const SQLMESH: CliCase[] = (
  [
  { label: 'a misspelt header property (row: header properties)', files: model("MODEL (\n  name bad.a,\n  kind FULL,\n  crom '@daily'\n);\nSELECT 1 AS x\n"), expect: /models\/bad\/bad\.sql:4: .*crom.*did you mean cron\?/ },
  { label: 'blueprints (row: header properties)', files: model('MODEL (\n  name bad.a_@x,\n  blueprints ((x := 1))\n);\nSELECT @x AS x\n'), expect: /models\/bad\/bad\.sql:\d+: .*blueprints/ },
  { label: 'an audit neither built in nor in audits/ (row: audits)', files: model('MODEL (\n  name bad.a,\n  kind FULL,\n  audits (not_nul(columns := [x]))\n);\nSELECT 1 AS x\n'), expect: /models\/bad\/bad\.sql:4: audit not_nul .*did you mean not_null\?/ },
  { label: 'a built-in audit without its argument (row: audits)', files: model('MODEL (\n  name bad.a,\n  kind FULL,\n  audits (accepted_values(column := x))\n);\nSELECT 1 AS x\n'), expect: /models\/bad\/bad\.sql:4: .*accepted_values.*is_in/ },
  { label: 'an audit file without a query (row: audits)', files: { 'audits/bad.sql': 'AUDIT (name broken);\n' }, expect: /audits\/bad\.sql:1: / },
  { label: 'a $root seed that does not exist (row: seed conventions)', files: model("MODEL (\n  name bad.a,\n  kind SEED (\n    path '$root/seeds/nope.csv'\n  )\n);\n"), expect: /models\/bad\/bad\.sql:4: .*nope\.csv/ },
  { label: 'a dialect vde does not know (row: dialects)', files: model('MODEL (\n  name bad.a,\n  kind FULL,\n  dialect klingon\n);\nSELECT 1 AS x\n'), expect: /models\/bad\/bad\.sql:4: .*klingon/ },
  { label: 'DuckDB SQL the transpiler cannot read (row: dialects)', files: model('MODEL (\n  name bad.a,\n  kind FULL,\n  dialect duckdb\n);\n\nSELECT 1 AS x FROM (\n'), expect: /models\/bad\/bad\.sql:\d+: .*dialect duckdb/ },
  { label: "DuckDB's GROUP BY ALL on Postgres (row: dialects)", files: model('MODEL (\n  name bad.a,\n  kind FULL,\n  dialect duckdb\n);\nSELECT customer_id, count(*) AS n\nFROM stg.orders\nGROUP BY ALL\n'), expect: /models\/bad\/bad\.sql:8: GROUP BY ALL \(dialect duckdb\)/ },
  { label: 'a @variable config.yaml does not define (row: @variable)', files: model('MODEL (name bad.a, kind FULL);\n\nSELECT @region AS x\n'), expect: /models\/bad\/bad\.sql:3: .*@region/ },
  { label: '@IF on a condition that is not a literal (row: @variable)', files: model('MODEL (name bad.a, kind FULL);\nSELECT 1 AS x\nFROM stg.orders\n@IF(x > 1, WHERE true)\n'), expect: /models\/bad\/bad\.sql:4: .*@IF/ },
  { label: 'a Jinja block never closed (row: Jinja)', files: model('MODEL (name bad.a, kind FULL);\n\nJINJA_QUERY_BEGIN;\nSELECT {% for c in [1, 2] %} {{ c }} AS x{{ c }}, 0 AS y\n'), expect: /models\/bad\/bad\.sql:3: .*JINJA_END/ },
  { label: 'a Jinja syntax error (row: Jinja)', files: model('MODEL (name bad.a, kind FULL);\n\nJINJA_QUERY_BEGIN;\nSELECT {% for c in %} 1 AS x\nJINJA_END;\n'), expect: /models\/bad\/bad\.sql:\d+: .*Jinja/i },
  // (INCREMENTAL_BY_* kinds: refused until they land, test/project/sqlmesh-project.test.ts.)
  { label: 'SCD_TYPE_2 (row: incremental kinds)', files: model('MODEL (\n  name bad.a,\n  kind SCD_TYPE_2 (unique_key id)\n);\nSELECT 1 AS id\n'), expect: /models\/bad\/bad\.sql:3: unsupported model kind SCD_TYPE_2/ },
  {
    label: 'a model reading a model that uses a user macro (row: user macros)',
    files: {
      'macros/util.py': 'from sqlmesh import macro\n\n@macro()\ndef double(evaluator, c):\n    return f"{c} * 2"\n',
      'models/bad/macro.sql': 'MODEL (name bad.m, kind FULL);\nSELECT @double(1) AS x\n',
      'models/bad/reader.sql': 'MODEL (name bad.r, kind FULL);\nSELECT x FROM bad.m\n',
    },
    expect: /models\/bad\/reader\.sql:1: reads model bad\.m, which vde cannot run \(models\/bad\/macro\.sql:2: uses macro @double from macros\/util\.py/,
  },
  {
    label: 'a model reading a Python model (row: Python models)',
    files: {
      'models/bad/py.py': 'from sqlmesh import model\n\n@model("bad.py", columns={"x": "int"})\ndef execute(context, **kwargs):\n    pass\n',
      'models/bad/reader.sql': 'MODEL (name bad.r, kind FULL);\nSELECT x FROM bad.py\n',
    },
    expect: /models\/bad\/reader\.sql:1: reads model bad\.py, which vde cannot run \(models\/bad\/py\.py:3: a Python model/,
  },
  { label: 'kind VIEW (materialized true) (row: kinds)', files: model('MODEL (\n  name bad.a,\n  kind VIEW (materialized true)\n);\nSELECT 1 AS x\n'), expect: /models\/bad\/bad\.sql:\d+: kind VIEW \(materialized true\) is not supported/ },
  { label: 'config.py and no config.yaml (row: config)', files: { 'config.py': 'from sqlmesh.core.config import Config\nconfig = Config()\n', 'vde.yaml': null }, expect: /config\.py: vde runs no Python/ },
  { label: 'a gateway of a connection type vde does not run (row: config)', files: { 'config.yaml': 'gateways:\n  warehouse:\n    connection:\n      type: bigquery\n      project: p\n', 'vde.yaml': null }, expect: /config\.yaml:\d+: .*bigquery/ },
  ] as Omit<CliCase, 'area'>[]
).map((c) => ({ ...c, area: 'sqlmesh' as const }));

const CONFIG_FILE = 'vde.yaml';
const PG = 'connection:\n  type: postgres\n  url: ${VDE_DATABASE_URL}\n';
const yaml = (text: string) => ({ [CONFIG_FILE]: text });
const key = (k: string) => new RegExp(`vde\\.yaml(:\\d+)?: ${k.replace(/\./g, '\\.')}\\b`);

const CONFIGS: CliCase[] = (
  [
  { label: 'invalid YAML', files: yaml(`${PG}environment_ttl: [7d\n`), expect: /vde\.yaml:\d+: invalid YAML/ },
  { label: 'bad indentation', files: yaml('connection:\n  type: postgres\n   url: x\n'), expect: /vde\.yaml:\d+/ },
  { label: 'a tab for indentation', files: yaml('connection:\n\ttype: postgres\n'), expect: /vde\.yaml:\d+/ },
  { label: 'a duplicate key', files: yaml(`${PG}environment_ttl: 1d\nenvironment_ttl: 2d\n`), expect: /vde\.yaml:\d+/ },
  { label: 'a list at the top', files: yaml('- connection\n'), expect: /vde\.yaml:1/ },
  { label: 'an unknown top-level key', files: yaml(`${PG}modles: models\n`), expect: key('modles') },
  { label: 'an unknown connection key', files: yaml(`${PG}  passwd: x\n`), expect: key('connection.passwd') },
  { label: 'an unknown connection type', files: yaml('connection:\n  type: oracle\n'), expect: key('connection.type') },
  { label: 'a connection without a type', files: yaml('connection:\n  url: ${VDE_DATABASE_URL}\n'), expect: key('connection.type') },
  { label: 'a connection that is a string', files: yaml('connection: postgres\n'), expect: key('connection') },
  { label: 'environment_ttl: soon', files: yaml(`${PG}environment_ttl: soon\n`), expect: key('environment_ttl') },
  { label: 'environment_ttl as a list', files: yaml(`${PG}environment_ttl: [7d]\n`), expect: key('environment_ttl') },
  { label: 'environment_ttl: 0', files: yaml(`${PG}environment_ttl: 0\n`), expect: key('environment_ttl') },
  { label: 'environment_ttl: -1d', files: yaml(`${PG}environment_ttl: -1d\n`), expect: key('environment_ttl') },
  { label: 'snapshot_ttl: 7 days', files: yaml(`${PG}snapshot_ttl: 7 days\n`), expect: key('snapshot_ttl') },
  { label: 'state_schema with a dash', files: yaml(`${PG}state_schema: vde-state\n`), expect: key('state_schema') },
  { label: 'state_schema of 64 characters', files: yaml(`${PG}state_schema: ${'s'.repeat(64)}\n`), expect: key('state_schema') },
  { label: 'state_schema equal to an environment schema', files: yaml(`${PG}state_schema: stg__pr_1\n`), expect: key('state_schema') },
  { label: 'state_schema equal to a physical schema', files: yaml(`${PG}state_schema: vde__stg\n`), expect: key('state_schema') },
  { label: 'models: (empty)', files: yaml(`${PG}models: ''\n`), expect: key('models') },
  { label: 'models as a number', files: yaml(`${PG}models: 5\n`), expect: key('models') },
  { label: 'port as a word', files: yaml('connection:\n  type: postgres\n  host: localhost\n  port: five\n'), expect: key('connection.port') },
  { label: 'port out of range', files: yaml('connection:\n  type: postgres\n  host: localhost\n  port: 70000\n'), expect: key('connection.port') },
  { label: 'ssl: maybe', files: yaml(`${PG}  ssl: maybe\n`), expect: key('connection.ssl') },
  { label: 'url and host together', files: yaml(`${PG}  host: localhost\n`), expect: key('connection.url') },
  { label: 'url: not a url', files: yaml('connection:\n  type: postgres\n  url: not a url\n'), expect: key('connection.url') },
  { label: 'a mysql URL', files: yaml('connection:\n  type: postgres\n  url: mysql://u:p@localhost/db\n'), expect: key('connection.url') },
  { label: 'connect_timeout: soon', files: yaml(`${PG}  connect_timeout: soon\n`), expect: key('connection.connect_timeout') },
  { label: 'query_timeout: -5', files: yaml(`${PG}  query_timeout: -5\n`), expect: key('connection.query_timeout') },
  { label: 'a variable that is not set', files: yaml('connection:\n  type: postgres\n  url: ${VDE_SURELY_NOT_SET}\n'), expect: /vde\.yaml:3.*VDE_SURELY_NOT_SET/ },
  { label: 'a variable that is empty', files: yaml('connection:\n  type: postgres\n  url: ${VDE_EMPTY_FOR_TEST}\n'), expect: /vde\.yaml:3.*VDE_EMPTY_FOR_TEST.*empty/ },
  { label: 'an invalid variable reference', files: yaml('connection:\n  type: postgres\n  url: ${1BAD}\n'), expect: /vde\.yaml:3/ },
  { label: 'a PGlite path that is a file', files: { ...yaml('connection:\n  type: pglite\n  path: vde.yaml\n') }, expect: key('connection.path') },
  { label: 'a models folder that does not exist', files: yaml(`${PG}models: no_such_folder\n`), expect: key('models') },
] as Omit<CliCase, 'area'>[]
).map((c) => ({ ...c, area: 'config' as const }));

const FLAGS: CliCase[] = (
  [
  { label: 'an unknown command', args: ['aply', 'pr_2'], expect: /unknown command 'aply'/ },
  { label: 'an unknown option', args: ['apply', 'pr_2', '--dry-run'], expect: /unknown option '--dry-run'/ },
  { label: 'apply without an environment', args: ['apply'], expect: /missing required argument 'env'/ },
  { label: 'an environment name starting with a digit', args: ['apply', '1abc'], expect: /"1abc"/ },
  { label: 'an environment name of 41 characters', args: ['apply', 'e'.repeat(41)], expect: new RegExp(`"${'e'.repeat(41)}"`) },
  { label: 'an environment name that is empty', args: ['apply', ''], expect: /environment name "" / },
  { label: '--from an empty name', args: ['apply', 'pr_2', '--from', ''], expect: /environment name "" / },
  { label: '--from an environment that does not exist', args: ['apply', 'pr_2', '--from', 'nope'], expect: /nope/ },
  { label: 'invalidate prod', args: ['invalidate', 'prod'], expect: /prod cannot be invalidated/ },
  { label: 'invalidate an environment that does not exist', args: ['invalidate', 'nope'], expect: /no environment named nope/ },
  { label: 'env of an environment that does not exist', args: ['env', 'nope'], expect: /no environment named nope/ },
  { label: 'diff against an environment that does not exist', args: ['diff', 'prod', 'nope'], expect: /nope/ },
  { label: 'diff --samples -1', args: ['diff', 'prod', 'pr_1', '--samples', '-1'], expect: /--samples/ },
  { label: 'diff --samples many', args: ['diff', 'prod', 'pr_1', '--samples', 'many'], expect: /--samples/ },
  { label: 'diff --decimals 1.5', args: ['diff', 'prod', 'pr_1', '--decimals', '1.5'], expect: /--decimals/ },
  { label: 'diff --format xml', args: ['diff', 'prod', 'pr_1', '--format', 'xml'], expect: /--format/ },
  { label: 'diff --model of no model', args: ['diff', 'prod', 'pr_1', '--model', 'no.such_model'], expect: /no\.such_model/ },
  { label: 'diff --on a column that does not exist', args: ['diff', 'prod', 'pr_1', '--model', 'stg.orders', '--on', 'nope'], expect: /nope/ },
  { label: 'janitor --env of no environment', args: ['janitor', '--env', 'nope'], expect: /nope/ },
  { label: '--project a folder that does not exist', args: ['--project', '/nonexistent/typo', 'apply', 'pr_2'], expect: /--project \/nonexistent\/typo: no such folder/ },
  { label: 'comment --repo notarepo', args: ['comment', '--repo', 'notarepo', '--pr', '1', '--token', 'x'], expect: /--repo: expected owner\/name/ },
  { label: 'comment --pr 0', args: ['comment', '--repo', 'acme/a', '--pr', '0', '--token', 'x'], expect: /--pr/ },
  { label: 'comment --pr x', args: ['comment', '--repo', 'acme/a', '--pr', 'x', '--token', 'x'], expect: /--pr/ },
  { label: 'comment without a token', args: ['comment', '--repo', 'acme/a', '--pr', '1'], expect: /--token/ },
  { label: 'comment --api-url that is not a URL', args: ['comment', '--repo', 'acme/a', '--pr', '1', '--token', 'x', '--api-url', 'ftp://x'], expect: /--api-url/ },
  { label: 'comment --timeout 0', args: ['comment', '--repo', 'acme/a', '--pr', '1', '--token', 'x', '--timeout', '0'], expect: /--timeout/ },
  { label: 'demo --example nope', args: ['demo', '--example', 'nope'], expect: /--example: no example named "nope"/ },
  { label: 'demo --format xml', args: ['demo', '--format', 'xml'], expect: /--format/ },
] as Omit<CliCase, 'area'>[]
).map((c) => ({ ...c, area: 'flag' as const }));

export const CLI_CASES: CliCase[] = [...MODELS, ...SEEDS, ...SQLMESH, ...CONFIGS, ...FLAGS];

const pr = (action: string, pull: Record<string, unknown> = {}) =>
  JSON.stringify({
    action,
    pull_request: {
      number: 41,
      merged: false,
      head: { sha: 'a'.repeat(40), repo: { full_name: 'acme/analytics' } },
      base: { repo: { full_name: 'acme/analytics' } },
      ...pull,
    },
    repository: { full_name: 'acme/analytics' },
  });

export const ACTION_CASES: ActionCase[] = (
  [
  { label: 'a payload that is not JSON', eventName: 'pull_request', payload: '{"action": "opened", ', expect: /GITHUB_EVENT_PATH/ },
  { label: 'a payload that is a list', eventName: 'pull_request', payload: '[]', expect: /payload/ },
  { label: 'a pull_request event without pull_request', eventName: 'pull_request', payload: '{"action":"opened"}', expect: /pull_request/ },
  { label: 'a pull request number that is a string', eventName: 'pull_request', payload: pr('opened', { number: '41' }), expect: /pull_request\.number/ },
  { label: 'a pull request number that is negative', eventName: 'pull_request', payload: pr('opened', { number: -3 }), expect: /pull_request\.number/ },
  { label: 'a pull request number that is fractional', eventName: 'pull_request', payload: pr('opened', { number: 4.5 }), expect: /pull_request\.number/ },
  { label: 'command plan on a push', eventName: 'push', payload: '{}', inputs: { command: 'plan' }, expect: /command "plan" needs a pull_request event/ },
  { label: 'command cleanup on a schedule', eventName: 'schedule', payload: '{}', inputs: { command: 'cleanup' }, expect: /command "cleanup" needs a pull_request event/ },
  { label: 'command nope', eventName: 'pull_request', payload: pr('opened'), inputs: { command: 'nope' }, expect: /Input "command"/ },
  { label: 'diff-samples lots', eventName: 'pull_request', payload: pr('opened'), inputs: { 'diff-samples': 'lots' }, expect: /Input "diff-samples"/ },
  { label: 'diff-samples 5000', eventName: 'pull_request', payload: pr('opened'), inputs: { 'diff-samples': '5000' }, expect: /Input "diff-samples"/ },
  { label: 'environment-prefix prod', eventName: 'pull_request', payload: pr('opened'), inputs: { 'environment-prefix': 'prod' }, expect: /Input "environment-prefix"/ },
  { label: 'environment-prefix with spaces', eventName: 'pull_request', payload: pr('opened'), inputs: { 'environment-prefix': 'my pr' }, expect: /Input "environment-prefix"/ },
  { label: 'allow-forks yes', eventName: 'pull_request', payload: pr('opened'), inputs: { 'allow-forks': 'yes' }, expect: /Input "allow-forks"/ },
  { label: 'comment maybe', eventName: 'pull_request', payload: pr('opened'), inputs: { comment: 'maybe' }, expect: /Input "comment"/ },
  { label: 'project-dir outside the workspace', eventName: 'pull_request', payload: pr('opened'), inputs: { 'project-dir': '../..' }, expect: /Input "project-dir"/ },
  { label: 'project-dir that does not exist', eventName: 'pull_request', payload: pr('opened'), inputs: { 'project-dir': 'nope' }, expect: /Input "project-dir"/ },
  { label: 'GITHUB_REPOSITORY that is not owner/name', eventName: 'pull_request', payload: pr('opened'), env: { GITHUB_REPOSITORY: 'notarepo' }, expect: /GITHUB_REPOSITORY/ },
  ] as Omit<ActionCase, 'area'>[]
).map((c) => ({ ...c, area: 'event' as const }));

/**
 * Cases whose fix belongs to another part of vde and has not landed yet: kept here, not run.
 * Set VDE_CORPUS_ALL=1 to run them too.
 */
export const PENDING: Set<string> = new Set(process.env.VDE_CORPUS_ALL === '1' ? [] : Object.keys(PENDING_OWNERS()));

/**
 * Label → who fixes it and what is missing. Empty: every case runs. (The 13 that waited here ran
 * once the core, load and sql fixes landed, and the rel helper's: the empty physical schema a
 * failed apply created is dropped; a warehouse error without a position names the query's first
 * line; a NUL byte in a CSV value is refused on its row; `diff --on` a column an unchanged model
 * lacks is refused.)
 */
function PENDING_OWNERS(): Record<string, string> {
  return {};
}
