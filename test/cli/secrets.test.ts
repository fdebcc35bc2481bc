// Secrets never reach a message (issue 7 §2): a password in vde.yaml, in a URL, in an environment
// variable, and a token, through every error path the CLI can be driven into, with and without
// --debug. The database login really uses the secret password, so the paths are the real ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redactor, MASK } from '../../src/redact';
import { STACK_FRAME, vde, type CliRun } from '../support/cli';
import { freshDatabase, serverUrl, type TestDatabase } from '../support/pg';
import { makeProject, shopFiles, type TestProject } from '../support/project';

// Characters that need percent-encoding in a URL, so the encoded form is checked too.
const SECRET = 'Zq8!vde-S3cret#pw/x';
const ROLE = `vde_secret_${process.pid}`;
const ENCODED = encodeURIComponent(SECRET);

let db: TestDatabase;
let admin: pg.Client;
let project: TestProject;
const scratch = mkdtempSync(join(tmpdir(), 'vde-secrets-'));

function secretUrl(parts: { database?: string; host?: string; port?: number } = {}): string {
  const u = new URL(db.url);
  u.username = ROLE;
  u.password = ENCODED;
  if (parts.database) u.pathname = `/${parts.database}`;
  if (parts.host) u.hostname = parts.host;
  if (parts.port) u.port = String(parts.port);
  return u.toString();
}

function expectNoSecret(r: CliRun): void {
  const all = r.stdout + r.stderr;
  for (const form of [SECRET, ENCODED, 'S3cret']) expect(all).not.toContain(form);
}

const runs: { label: string; r: CliRun }[] = [];
async function run(label: string, yaml: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  project.write('vde.yaml', yaml);
  const r = await vde(['--project', project.dir, ...args], { ...process.env, VDE_PW: SECRET, VDE_URL: secretUrl(), ...env });
  runs.push({ label, r });
  return r;
}

beforeAll(async () => {
  db = await freshDatabase('secrets');
  admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${SECRET.replace(/'/g, "''")}'`);
  await admin.query(`GRANT ALL ON DATABASE "${db.name}" TO ${ROLE}`);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`GRANT ALL ON SCHEMA public TO ${ROLE}`);
  await c.end();
  project = makeProject(shopFiles());
});
afterAll(async () => {
  project.cleanup();
  await db.drop();
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the secret login works, and no path prints the password', () => {
  const viaUrl = 'connection:\n  type: postgres\n  url: ${VDE_URL}\n';
  const u = () => new URL(db.url);
  const viaParts = () =>
    `connection:\n  type: postgres\n  host: ${u().hostname}\n  port: ${u().port}\n  user: ${ROLE}\n  password: \${VDE_PW}\n  database: ${db.name}\n`;

  test('a successful apply (progress on stderr)', async () => {
    const r = await run('apply', viaUrl, ['apply', 'prod']);
    expect(r.code).toBe(0);
    expectNoSecret(r);
  });

  test('a SQL error in a model (the statement is shown, the password is not)', async () => {
    project.write('models/marts/broken.sql', 'MODEL (name marts.broken, kind FULL);\nSELECT no_such_column FROM stg.orders\n');
    try {
      const r = await run('sql error', viaParts(), ['apply', 'pr_1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no_such_column/);
      expectNoSecret(r);
      const d = await run('sql error --debug', viaParts(), ['--debug', 'apply', 'pr_1']);
      expect(d.stderr).toMatch(STACK_FRAME);
      expectNoSecret(d);
    } finally {
      project.remove('models/marts/broken.sql');
    }
  });

  test('connection failures: unknown database, refused, unknown host, wrong password', async () => {
    for (const [label, yaml] of [
      ['unknown database', `connection:\n  type: postgres\n  url: ${secretUrl({ database: 'nope' })}\n`],
      ['refused', `connection:\n  type: postgres\n  url: ${secretUrl({ port: 1 })}\n`],
      ['unknown host', `connection:\n  type: postgres\n  url: ${secretUrl({ host: 'nowhere.invalid' })}\n`],
      ['wrong password in parts', viaParts().replace('${VDE_PW}', `"${SECRET}x"`)],
    ] as const) {
      for (const debug of [[], ['--debug']]) {
        const r = await run(`${label}${debug.length ? ' --debug' : ''}`, yaml, [...debug, 'envs']);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/cannot connect to Postgres/);
        expectNoSecret(r);
      }
    }
  });

  test('config errors that echo values: url and host together, a password of the wrong type, a bad key beside it', async () => {
    const both = await run('url and host', `connection:\n  type: postgres\n  url: ${secretUrl()}\n  host: x\n`, ['envs']);
    expect(both.stderr).toMatch(/connection\.url: expected either url or host/);
    expectNoSecret(both);
    const typed = await run('password as a list', `connection:\n  type: postgres\n  host: x\n  password: [${JSON.stringify(SECRET)}]\n`, ['envs']);
    expect(typed.stderr).toMatch(/connection\.password: expected string, got a list/);
    expectNoSecret(typed);
    const numeric = await run('numeric password', 'connection:\n  type: postgres\n  host: x\n  password: 83104977\n', ['envs']);
    expect(numeric.stderr).toMatch(/connection\.password: expected string/);
    expect(numeric.stderr).not.toContain('83104977');
    const key = await run('unknown key', `connection:\n  type: postgres\n  url: ${secretUrl()}\n  passwd: x\n`, ['envs']);
    expect(key.stderr).toMatch(/unknown key "passwd"/);
    expectNoSecret(key);
  });

  test('the password in an environment variable that breaks the YAML', async () => {
    const r = await run('broken yaml', 'connection:\n  type: postgres\n  url: ${VDE_URL}\n  password: [${VDE_PW}\n', ['envs']);
    expect(r.code).toBe(1);
    expectNoSecret(r);
  });

  test('every run above printed something, and none a stack trace without --debug', () => {
    expect(runs.length).toBeGreaterThanOrEqual(12);
    for (const { label, r } of runs) {
      expect(`${label}: ${r.stdout}${r.stderr}`.length).toBeGreaterThan(label.length + 2);
      if (!label.includes('debug') && !r.stderr.includes('--debug')) expect(r.stderr).not.toMatch(STACK_FRAME);
    }
  });
});

describe('the redaction itself', () => {
  test('masks registered values in every form, and secret shapes nobody registered', () => {
    const r = new Redactor();
    r.add('postgres://alice:p%40ss%2Fw0rd@db.example.com/app');
    const text = [
      'url postgres://alice:p%40ss%2Fw0rd@db.example.com/app',
      'decoded p@ss/w0rd',
      'other postgres://bob:hunter22@h/x',
      'dsn host=h password=topsecret user=u',
      'key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----',
      'token ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'header Authorization: Bearer abc.def.ghi',
    ].join('\n');
    const out = r.redact(text);
    for (const s of ['p%40ss%2Fw0rd', 'p@ss/w0rd', 'hunter22', 'topsecret', 'MIIEvQIBADANBg', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'abc.def.ghi']) {
      expect(out).not.toContain(s);
    }
    expect(out).toContain(`postgres://bob:${MASK}@h/x`);
    expect(out).toContain('[private key redacted]');
  });

  test('a password equal to the user name is not masked on its own (it would reveal itself)', () => {
    const r = new Redactor();
    r.add('postgres://postgres:postgres@localhost/db');
    expect(r.redact('user "postgres" at postgres://postgres:postgres@localhost/db')).toBe(`user "postgres" at ${MASK}`);
  });
});
