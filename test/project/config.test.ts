import { join } from 'node:path';
import { ConfigError } from '../../src/errors';
import { loadConfig, parseDuration } from '../../src/project/config';
import { tempProject, thrown } from './helpers';

const load = (yaml: string, env: NodeJS.ProcessEnv = {}, name = 'vde.yaml') => {
  const dir = tempProject({ [name]: yaml });
  return { dir, file: name, path: join(dir, name), config: () => loadConfig(dir, env) };
};
const configError = (yaml: string, env: NodeJS.ProcessEnv = {}) => {
  const p = load(yaml, env);
  const e = thrown(p.config);
  expect(e).toBeInstanceOf(ConfigError);
  return { e: e as ConfigError, file: p.file };
};

describe('loadConfig', () => {
  it('defaults to an embedded pglite when there is no vde.yaml', () => {
    const dir = tempProject({});
    expect(loadConfig(dir, {})).toEqual({
      projectDir: dir,
      file: null,
      sqlmeshFile: null,
      variables: {},
      modelDefaults: { raw: {} },
      notes: [],
      ignorePatterns: [],
      connection: { type: 'pglite', path: join(dir, '.vde/pglite') },
      modelsDir: join(dir, 'models'),
      stateSchema: 'vde_state',
      environmentTtl: 7 * 86400,
      snapshotTtl: 7 * 86400,
      previewWindow: 7 * 86400,
    });
  });

  it('preview_window takes a duration; a bad one names the key', () => {
    expect(load('preview_window: 30d\n').config().previewWindow).toBe(30 * 86400);
    expect(() => load('preview_window: 7 days\n').config()).toThrow(/vde\.yaml:1: preview_window: expected a duration like 7d/);
  });

  it('defaults the connection when the file has no connection key, and accepts vde.yml', () => {
    const p = load('models: sql\nstate_schema: my_state\n', {}, 'vde.yml');
    const c = p.config();
    expect(c.file).toBe(p.path);
    expect(c.connection).toEqual({ type: 'pglite', path: join(p.dir, '.vde/pglite') });
    expect(c.modelsDir).toBe(join(p.dir, 'sql'));
    expect(c.stateSchema).toBe('my_state');
  });

  it('reads a postgres connection with environment variables substituted', () => {
    const p = load(
      'connection:\n  type: postgres\n  host: ${PGHOST}\n  port: 5433\n  user: app\n  password: "${PGPASSWORD}"\n  database: analytics\n  ssl: true\nenvironment_ttl: 12h\nsnapshot_ttl: 2w\n',
      { PGHOST: 'db.internal', PGPASSWORD: 's3cr#t: x' },
    );
    const c = p.config();
    expect(c.connection).toEqual({
      type: 'postgres',
      host: 'db.internal',
      port: 5433,
      user: 'app',
      password: 's3cr#t: x',
      database: 'analytics',
      ssl: true,
    });
    expect(c.environmentTtl).toBe(12 * 3600);
    expect(c.snapshotTtl).toBe(14 * 86400);
  });

  it('reads snowflake and pglite connections', () => {
    const sf = load(
      'connection:\n  type: snowflake\n  account: acme-xy123\n  username: VDE\n  private_key_path: keys/vde.p8\n  database: ANALYTICS\n  warehouse: WH\n  role: TRANSFORMER\n',
    );
    expect(sf.config().connection).toEqual({
      type: 'snowflake',
      account: 'acme-xy123',
      username: 'VDE',
      privateKeyPath: join(sf.dir, 'keys/vde.p8'),
      database: 'ANALYTICS',
      warehouse: 'WH',
      role: 'TRANSFORMER',
    });
    const pg = load('connection:\n  type: pglite\n  path: data/db\n');
    expect(pg.config().connection).toEqual({ type: 'pglite', path: join(pg.dir, 'data/db') });
  });

  it('names a missing environment variable with file and line', () => {
    const { e, file } = configError('connection:\n  type: postgres\n\n  url: postgres://u:${DB_PASSWORD}@h/db\n');
    expect(e.message).toBe(`${file}:4: environment variable DB_PASSWORD is not set (referenced as \${DB_PASSWORD})`);
    expect(e.line).toBe(4);
  });

  it('names an empty environment variable (how Actions passes a missing secret)', () => {
    const { e, file } = configError('connection:\n  type: postgres\n  url: ${VDE_DATABASE_URL}\n', { VDE_DATABASE_URL: '' });
    expect(e.message).toBe(`${file}:3: environment variable VDE_DATABASE_URL is empty (referenced as \${VDE_DATABASE_URL}); is the secret set?`);
  });

  it('keeps $${NAME} as a literal', () => {
    const p = load('connection:\n  type: postgres\n  password: "$${NOT_A_VAR}"\n');
    expect(p.config().connection).toMatchObject({ password: '${NOT_A_VAR}' });
  });

  it.each([
    ['connection:\n  type: postgres\n  port: "5432x"\n', 'connection.port', 3, /expected number, got string "5432x"/],
    ['models: models\n\nconection:\n  type: pglite\n', 'conection', 3, /unknown key "conection"; did you mean connection\? \(expected one of: connection, models/],
    ['connection:\n  type: postgres\n  hostname: x\n', 'connection.hostname', 3, /unknown key "hostname"/],
    ['connection:\n  type: mysql\n', 'connection.type', 2, /expected one of postgres, pglite, snowflake, got string "mysql"/],
    ['connection:\n  type: snowflake\n  account: a\n  database: d\n', 'connection.username', 1, /required key is missing/],
    ['state_schema: "Bad-Schema"\n', 'state_schema', 1, /plain lower-case identifier/],
    ['models: x\nenvironment_ttl: 7 days\n', 'environment_ttl', 2, /duration like 7d/],
    ['connection:\n  type: postgres\n  ssl: "yes"\n', 'connection.ssl', 3, /expected boolean/],
  ])('reports validation errors with key path and line %#', (yaml, key, line, re) => {
    const { e, file } = configError(yaml);
    expect(e.key).toBe(key);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(re);
    expect(e.message.startsWith(`${file}:${line}: ${key}: `)).toBe(true);
  });

  it('reports YAML syntax errors with a line', () => {
    const { e, file } = configError('models: models\nconnection:\n  type: pglite\n   path: [unclosed\n');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: invalid YAML`));
  });

  it('rejects a file that is not a mapping', () => {
    const { e } = configError('- a\n- b\n');
    expect(e.message).toMatch(/expected a mapping/);
  });
});

describe('loadConfig: substitution into parsed values only', () => {
  it.each([
    ['a #b: c', 'a hash and a colon'],
    ['"quoted\' both', 'quotes'],
    ['line1\nline2: x\n- y', 'a newline'],
    ['}{ ${NOT_EXPANDED_AGAIN}', 'braces and a placeholder in the value'],
  ])('a value with %s cannot change the document (%s)', (secret) => {
    const p = load('connection:\n  type: postgres\n  host: db\n  password: ${PGPASSWORD}\n  user: "${PGUSER}"\nstate_schema: st\n', {
      PGPASSWORD: secret,
      PGUSER: secret,
    });
    const c = p.config();
    expect(c.connection).toEqual({ type: 'postgres', host: 'db', password: secret, user: secret });
    expect(c.stateSchema).toBe('st');
  });

  it('ignores ${NAME} inside comments, and keeps $${NAME} as the escape', () => {
    const p = load('# password: ${NOT_SET_ANYWHERE}\nconnection:\n  type: postgres # ${ALSO_NOT_SET}\n  password: "$${LITERAL}"\n');
    expect(p.config().connection).toEqual({ type: 'postgres', password: '${LITERAL}' });
  });

  it('gives an unquoted number its type, a quoted one stays text', () => {
    const p = load('connection:\n  type: postgres\n  host: h\n  port: ${PGPORT}\n  ssl: ${PGSSL}\n', { PGPORT: '6543', PGSSL: 'true' });
    expect(p.config().connection).toMatchObject({ port: 6543, ssl: true });
    const q = configError('connection:\n  type: postgres\n  host: h\n  port: "${PGPORT}"\n', { PGPORT: '6543' });
    expect(q.e.message).toMatch(/connection\.port: expected number, got string "6543"/);
  });

  it('names the line of a missing variable inside a multi-line value', () => {
    const { e } = configError('connection:\n  type: postgres\n  url: >-\n    postgres://u:${NOPE}@h/db\n');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(/environment variable NOPE is not set/);
  });
});

describe('loadConfig: clearer refusals', () => {
  it('says what a duration is when given a list', () => {
    const { e } = configError('environment_ttl: [7d]\n');
    expect(e.message).toBe('vde.yaml:1: environment_ttl: expected a duration like 7d, 12h, 30m, 45s or 2w (or a number of seconds), got a list');
  });

  it.each(['stg__pr_1', 'vde__stg', 'a__b'])('refuses state_schema %s, which has the shape of an environment or physical schema', (name) => {
    const { e } = configError(`state_schema: ${name}\n`);
    expect(e.key).toBe('state_schema');
    expect(e.message).toMatch(/expected a name without "__"/);
  });

  it('never prints the password when url and host are both set', () => {
    const { e } = configError('connection:\n  type: postgres\n  url: postgres://admin:hunter2@db.internal:5432/prod\n  host: db.internal\n');
    expect(e.message).toMatch(/expected either url or host/);
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toContain('postgres://admin:***@db.internal:5432/prod');
  });

  it('hides a password value in a type error', () => {
    const { e } = configError('connection:\n  type: snowflake\n  account: a\n  username: u\n  database: d\n  password: [hunter2]\n');
    expect(e.message).not.toContain('hunter2');
    const f = configError('connection:\n  type: postgres\n  password: 12345678\n');
    expect(f.e.message).toMatch(/connection\.password: expected string, got a number \(hidden\)/);
    expect(f.e.message).not.toContain('12345678');
  });
});

describe('parseDuration', () => {
  it('converts units to seconds', () => {
    expect([parseDuration('45s'), parseDuration('30m'), parseDuration('12h'), parseDuration('7d'), parseDuration('2w'), parseDuration(90)]).toEqual([
      45, 1800, 43200, 604800, 1209600, 90,
    ]);
    expect(() => parseDuration('7y')).toThrow();
    expect(() => parseDuration('0d')).toThrow();
  });
});
