// vde.yaml keys for Snowflake: authentication choices, `user` as an alias, endpoints for the
// stand-in, `snowflake.transient_tables`, and `environment_catalog_mapping` (refused elsewhere).
import { join } from 'node:path';
import { ConfigError } from '../../src/errors';
import { loadConfig } from '../../src/project/config';
import { tempProject, thrown } from './helpers';

const base = 'connection:\n  type: snowflake\n  account: acme-xy123\n  database: ANALYTICS\n';

function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const dir = tempProject({ 'vde.yaml': yaml });
  return { dir, config: () => loadConfig(dir, env) };
}

function error(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  const e = thrown(load(yaml, env).config);
  expect(e).toBeInstanceOf(ConfigError);
  return e as ConfigError;
}

describe('snowflake connection keys', () => {
  it('reads password auth with `user`, role, warehouse and the stand-in endpoint', () => {
    const c = load(`${base}  user: vde\n  password: \${SF_PASSWORD}\n  role: TRANSFORMER\n  warehouse: WH\n  host: 127.0.0.1\n  port: 8080\n  protocol: http\n`, {
      SF_PASSWORD: 'secret',
    }).config();
    expect(c.connection).toEqual({
      type: 'snowflake',
      account: 'acme-xy123',
      username: 'vde',
      password: 'secret',
      database: 'ANALYTICS',
      role: 'TRANSFORMER',
      warehouse: 'WH',
      host: '127.0.0.1',
      port: 8080,
      protocol: 'http',
    });
  });

  it('reads a key pair from a file or from an environment variable, with a passphrase', () => {
    const p = load(`${base}  username: vde\n  private_key_path: keys/vde.p8\n  private_key_passphrase: \${PASS}\n`, { PASS: 'pp' });
    expect(p.config().connection).toMatchObject({ privateKeyPath: join(p.dir, 'keys/vde.p8'), privateKeyPassphrase: 'pp' });
    const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----';
    const q = load(`${base}  username: vde\n  private_key: "\${SF_KEY}"\n`, { SF_KEY: pem });
    expect(q.config().connection).toMatchObject({ privateKey: pem });
  });

  it('reads an OAuth token and an access_url', () => {
    const c = load(`${base}  username: vde\n  authenticator: oauth\n  token: tok\n  access_url: http://127.0.0.1:9999\n`).config();
    expect(c.connection).toMatchObject({ authenticator: 'oauth', token: 'tok', accessUrl: 'http://127.0.0.1:9999' });
  });

  it.each([
    [`${base}  username: vde\n`, 'connection.password', /exactly one of password, private_key_path/],
    [`${base}  username: vde\n  password: p\n  token: t\n`, 'connection.password', /exactly one of/],
    [`${base}  username: vde\n  private_key_path: a\n  private_key: b\n`, 'connection.private_key', /not both/],
    [`${base}  username: vde\n  password: p\n  access_url: http://x\n  port: 1\n`, 'connection.access_url', /not both/],
    [`${base}  user: a\n  username: b\n  password: p\n`, 'connection.user', /user or username, not both/],
    [`${base}  username: vde\n  password: p\n  authenticator: externalbrowser\n`, 'connection.authenticator', /snowflake_jwt/],
  ])('refuses a bad combination %#', (yaml, key, re) => {
    const e = error(yaml);
    expect(e.key).toBe(key);
    expect(e.message).toMatch(re);
  });

  it('never puts a secret in an error message', () => {
    const e = error(`${base}  username: vde\n  password: hunter2secret\n  token: tok-very-secret\n`);
    expect(e.message).not.toMatch(/hunter2secret|tok-very-secret/);
  });
});

describe('snowflake options and catalog mapping', () => {
  it('reads snowflake.transient_tables and environment_catalog_mapping', () => {
    const c = load(`${base}  username: vde\n  password: p\nsnowflake:\n  transient_tables: true\nenvironment_catalog_mapping:\n  '^prod$': ANALYTICS\n  '.*': ANALYTICS_DEV\n`).config();
    expect(c.snowflake).toEqual({ transientTables: true });
    expect(c.environmentCatalogMapping).toEqual([
      { pattern: '^prod$', database: 'ANALYTICS' },
      { pattern: '.*', database: 'ANALYTICS_DEV' },
    ]);
  });

  it.each(['connection:\n  type: postgres\n  url: postgres://h/db\n', 'connection:\n  type: pglite\n', ''])(
    'refuses environment_catalog_mapping on an engine that cannot query across databases %#',
    (connection) => {
      const e = error(`${connection}environment_catalog_mapping:\n  '.*': DEV\n`);
      expect(e.key).toBe('environment_catalog_mapping');
      expect(e.message).toMatch(/needs connection.type snowflake: (postgres|pglite) cannot query across databases/);
    },
  );

  it('refuses an invalid regular expression with its key', () => {
    const e = error(`${base}  username: vde\n  password: p\nenvironment_catalog_mapping:\n  '(': DEV\n`);
    expect(e.key).toBe('environment_catalog_mapping.(');
    expect(e.message).toMatch(/invalid regular expression/);
  });
});
