import { join } from 'node:path';
import { ConfigError } from '../../src/errors';
import { loadConfig } from '../../src/project/config';
import { sqlmeshDuration } from '../../src/project/sqlmesh-config';
import { tempProject, thrown } from './helpers';

const load = (files: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
  const dir = tempProject(files);
  return { dir, config: () => loadConfig(dir, env) };
};
const refused = (files: Record<string, string>, env: NodeJS.ProcessEnv = {}): ConfigError => {
  const e = thrown(load(files, env).config);
  expect(e).toBeInstanceOf(ConfigError);
  return e as ConfigError;
};

const POSTGRES_GATEWAY = `gateways:
  local:
    connection:
      type: duckdb
      database: db.duckdb
  warehouse:
    connection:
      type: postgres
      host: db.internal
      port: 5433
      user: analytics
      password: "{{ env_var('PGPASSWORD') }}"
      database: shop
      sslmode: require
      keepalives_idle: 30
      concurrent_tasks: 4

default_gateway: warehouse

model_defaults:
  dialect: DuckDB
  start: 2024-01-01
  cron: '@daily'
  kind: FULL

variables:
  Min_Amount: 10
  regions: [eu, us]
`;

describe('config.yaml', () => {
  it('connects through default_gateway, maps postgres keys and says which gateway and why', () => {
    const c = load({ 'config.yaml': POSTGRES_GATEWAY }, { PGPASSWORD: 's3cret' }).config();
    expect(c.connection).toEqual({ type: 'postgres', host: 'db.internal', port: 5433, user: 'analytics', password: 's3cret', database: 'shop', ssl: true });
    expect(c.gateway).toEqual({ name: 'warehouse', reason: 'default_gateway in config.yaml' });
    expect(c.notes).toContain('connection: gateway warehouse (default_gateway in config.yaml), type postgres');
    expect(c.notes).toContain('connection: not used by vde: keepalives_idle, concurrent_tasks');
    expect(c.notes.join('\n')).not.toContain('s3cret');
    expect(c.variables).toEqual({ min_amount: 10, regions: ['eu', 'us'] });
    expect(c.modelDefaults).toMatchObject({ dialect: 'duckdb', start: '2024-01-01', cron: '@daily', kind: 'FULL' });
    expect(c.sqlmeshFile).toMatch(/config\.yaml$/);
  });

  it('runs a duckdb gateway on the embedded PGlite database, and says so', () => {
    const c = load({ 'config.yaml': 'gateways:\n  local:\n    connection:\n      type: duckdb\n      database: db.db\nmodel_defaults:\n  dialect: duckdb\n' }).config();
    expect(c.connection).toEqual({ type: 'pglite', path: join(c.projectDir, '.vde/pglite') });
    expect(c.gateway).toEqual({ name: 'local', reason: 'the only gateway in config.yaml' });
    expect(c.notes[0]).toMatch(/gateway local \(the only gateway in config\.yaml\) is a DuckDB database; vde runs it on its embedded PGlite database/);
  });

  it('takes the first gateway when there is no default_gateway, saying how to choose another', () => {
    const c = load({ 'config.yaml': POSTGRES_GATEWAY.replace('default_gateway: warehouse\n', '') }).config();
    expect(c.gateway).toEqual({ name: 'local', reason: 'the first of 2 gateways in config.yaml; set default_gateway, or gateway in vde.yaml, to choose another' });
  });

  it('vde.yaml beside it overrides it: gateway chooses, connection wins, TTLs and state schema too', () => {
    const chosen = load({ 'config.yaml': POSTGRES_GATEWAY, 'vde.yaml': 'gateway: local\nstate_schema: vde_meta\n' }).config();
    expect(chosen.connection.type).toBe('pglite');
    expect(chosen.gateway).toEqual({ name: 'local', reason: 'gateway in vde.yaml' });
    expect(chosen.stateSchema).toBe('vde_meta');
    const own = load({ 'config.yaml': POSTGRES_GATEWAY + 'environment_ttl: in 2 weeks\n', 'vde.yaml': 'connection:\n  type: pglite\n  path: data\n' }).config();
    expect(own.connection).toEqual({ type: 'pglite', path: join(own.projectDir, 'data') });
    expect(own.notes).toContain('connection: from vde.yaml (gateway warehouse of config.yaml is not used for connecting)');
    expect(own.environmentTtl).toBe(14 * 86400);
    expect(own.variables).toEqual({ min_amount: 10, regions: ['eu', 'us'] });
    const ttl = load({ 'config.yaml': POSTGRES_GATEWAY + 'environment_ttl: in 2 weeks\n', 'vde.yaml': 'environment_ttl: 3d\n' }, { PGPASSWORD: 'x' }).config();
    expect(ttl.environmentTtl).toBe(3 * 86400);
  });

  it('maps snowflake keys (user becomes username)', () => {
    const c = load({
      'config.yaml':
        'gateways:\n  sf:\n    connection:\n      type: snowflake\n      account: acme-xy\n      user: VDE\n      password: pw\n      warehouse: WH\n      database: ANALYTICS\n      role: R\n      session_parameters:\n        QUERY_TAG: x\n',
    }).config();
    expect(c.connection).toEqual({ type: 'snowflake', account: 'acme-xy', username: 'VDE', password: 'pw', warehouse: 'WH', database: 'ANALYTICS', role: 'R' });
    expect(c.notes).toContain('connection: not used by vde: session_parameters');
  });

  it('gateway variables override root variables', () => {
    const c = load({ 'config.yaml': 'gateways:\n  a:\n    connection:\n      type: duckdb\n    variables:\n      x: 2\nvariables:\n  x: 1\n  y: 1\n' }).config();
    expect(c.variables).toEqual({ x: 2, y: 1 });
  });

  it('reads SQLMESH__ environment overrides, naming them without their values', () => {
    const c = load({ 'config.yaml': POSTGRES_GATEWAY }, { PGPASSWORD: 'a', SQLMESH__GATEWAYS__WAREHOUSE__CONNECTION__PASSWORD: 'from-env' }).config();
    expect(c.connection).toMatchObject({ password: 'from-env' });
    expect(c.notes).toContain('config.yaml: overridden from the environment: SQLMESH__GATEWAYS__WAREHOUSE__CONNECTION__PASSWORD');
  });

  it('reads a kind mapping in model_defaults as header text', () => {
    const c = load({ 'config.yaml': 'model_defaults:\n  dialect: postgres\n  kind:\n    name: INCREMENTAL_BY_TIME_RANGE\n    time_column: ds\n    lookback: 2\n' }).config();
    expect(c.modelDefaults.kind).toBe('INCREMENTAL_BY_TIME_RANGE (time_column ds, lookback 2)');
  });

  it.each([
    [{ 'config.yaml': 'gateways:\n  bq:\n    connection:\n      type: bigquery\n      project: p\n' }, 'config.yaml:4: gateways.bq.connection.type: bigquery is a SQLMesh connection type vde does not run'],
    [{ 'config.yaml': 'gateways:\n  x:\n    connection:\n      type: oracle\n' }, 'config.yaml:4: gateways.x.connection.type: unknown connection type "oracle"'],
    [{ 'config.py': 'config = Config()\n' }, 'config.py: vde runs no Python'],
    [{ 'config.yaml': 'gateways:\n  a:\n    connection:\n      type: duckdb\ndefault_gateway: b\n' }, 'config.yaml:5: default_gateway: default_gateway b is not one of the gateways (a)'],
    [{ 'config.yaml': 'gateways:\n  a:\n    connection:\n      type: duckdb\n', 'vde.yaml': 'gateway: nope\n' }, 'vde.yaml: gateway: gateway nope is not in config.yaml (gateways: a)'],
    [{ 'vde.yaml': 'gateway: a\n' }, 'vde.yaml:1: gateway: gateway names a gateway of config.yaml'],
    [{ 'config.yaml': 'variable:\n  x: 1\n' }, 'config.yaml:1: variable: unknown key "variable"; did you mean variables?'],
    [{ 'config.yaml': 'gateways:\n  pg:\n    connection:\n      type: postgres\n      port: "x"\n' }, 'config.yaml:5: gateways.pg.connection.port: expected number, got string "x"'],
    [{ 'config.yaml': 'gateways:\n  pg:\n    connection:\n      type: postgres\n      password: "{{ env_var(\'NOPE\') }}"\n' }, 'config.yaml:5: environment variable NOPE is not set'],
    [{ 'config.yaml': "{% if true %}\nvariables: {}\n{% endif %}\n" }, 'config.yaml:1: vde renders only'],
  ])('refuses clearly %#', (files, start) => {
    expect(refused(files as Record<string, string>).message.startsWith(start)).toBe(true);
  });

  it('uses an env_var default when the variable is not set', () => {
    const c = load({ 'config.yaml': "gateways:\n  pg:\n    connection:\n      type: postgres\n      host: \"{{ env_var('PGHOST', 'localhost') }}\"\n" }).config();
    expect(c.connection).toMatchObject({ host: 'localhost' });
  });

  it('never prints a password from config.yaml', () => {
    const e = refused({ 'config.yaml': 'gateways:\n  pg:\n    connection:\n      type: postgres\n      password: [hunter2]\n' });
    expect(e.message).not.toContain('hunter2');
  });
});

describe('sqlmeshDuration', () => {
  it('reads SQLMesh TTLs', () => {
    expect([sqlmeshDuration('in 1 week'), sqlmeshDuration('30 days'), sqlmeshDuration('in 12 hours')]).toEqual([604800, 30 * 86400, 12 * 3600]);
    expect(sqlmeshDuration('next tuesday')).toBeNull();
  });
});
