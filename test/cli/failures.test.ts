// Failures are clear and fast (issue 7 §3): a wrong password, a refused connection, an unknown host
// or database, a URL that is not one, a PGlite path that is a file, a host that never answers, a
// typo in --project. Each is one or two lines naming the setting or the flag, a non-zero exit and
// no stack trace unless --debug. The CLI runs in-process (src/cli/program.ts).
import { mkdirSync, mkdtempSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_FRAME, startCli, vde } from '../support/cli';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, shopFiles, type TestProject } from '../support/project';
import { startSilentServer, type SilentServer } from '../support/silent-server';

let db: TestDatabase;
let project: TestProject;
let silent: SilentServer;
const scratch = mkdtempSync(join(tmpdir(), 'vde-failures-'));

/** The shop project with `connection` as its vde.yaml connection block. */
function projectWith(connection: string): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'vde.yaml'), `connection:\n${connection}\n`);
  for (const [path, text] of Object.entries(shopFiles())) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function url(parts: { user?: string; password?: string; host?: string; port?: number; database?: string }): string {
  const u = new URL(db.url);
  if (parts.user !== undefined) u.username = parts.user;
  if (parts.password !== undefined) u.password = parts.password;
  if (parts.host !== undefined) u.hostname = parts.host;
  if (parts.port !== undefined) u.port = String(parts.port);
  if (parts.database !== undefined) u.pathname = `/${parts.database}`;
  return u.toString();
}

/** One or two lines, starting with `error:`, no stack frame. */
function expectShortError(r: { code: number; stderr: string; stdout: string }): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
  expect(r.stderr).not.toMatch(STACK_FRAME);
}

beforeAll(async () => {
  db = await freshDatabase('failures');
  project = makeProject({ ...shopFiles(), 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
  silent = await startSilentServer();
});
afterAll(async () => {
  await silent.stop();
  await db.drop();
  project.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

describe('connection failures name host, port, database, user and the vde.yaml key', () => {
  test('wrong password', async () => {
    const u = new URL(db.url);
    const r = await vde(['--project', projectWith(`  type: postgres\n  url: ${url({ password: 'not-the-password' })}`), 'envs']);
    expectShortError(r);
    expect(r.stderr).toContain(`cannot connect to Postgres at ${u.hostname}:${u.port}`);
    expect(r.stderr).toMatch(/password for user "[^"]+" was rejected/);
    expect(r.stderr).toContain('vde.yaml: connection.url');
    expect(r.stderr).not.toMatch(/statement:|SELECT/);
    expect(r.stderr).not.toContain('not-the-password');
  });

  test('wrong password with the parts instead of a URL names connection.password', async () => {
    const u = new URL(db.url);
    const conn = `  type: postgres\n  host: ${u.hostname}\n  port: ${u.port}\n  user: ${decodeURIComponent(u.username)}\n  password: not-it-either\n  database: ${db.name}`;
    const r = await vde(['--project', projectWith(conn), 'envs']);
    expectShortError(r);
    expect(r.stderr).toContain(`(database "${db.name}"`);
    expect(r.stderr).toContain('vde.yaml: connection.password');
  });

  test('refused connection', async () => {
    const r = await vde(['--project', projectWith(`  type: postgres\n  url: ${url({ port: 1 })}`), 'apply', 'prod']);
    expectShortError(r);
    expect(r.stderr).toMatch(/at 127\.0\.0\.1:1 .*connection refused/);
    expect(r.stderr).toContain('connection.url');
  });

  test('unknown host', async () => {
    const r = await vde(['--project', projectWith(`  type: postgres\n  url: ${url({ host: 'no-such-host.invalid' })}`), 'envs']);
    expectShortError(r);
    expect(r.stderr).toMatch(/no-such-host\.invalid:\d+ .*unknown host no-such-host\.invalid/);
    expect(r.stderr).toContain('check the host name in vde.yaml: connection.url');
  });

  test('unknown database', async () => {
    const r = await vde(['--project', projectWith(`  type: postgres\n  url: ${url({ database: 'no_such_db' })}`), 'plan', 'prod']);
    // plan reads state, so it connects
    expectShortError(r);
    expect(r.stderr).toMatch(/database "no_such_db" does not exist/);
    expect(r.stderr).toContain('connection.url');
  });

  test('url: not a url', async () => {
    const r = await vde(['--project', projectWith('  type: postgres\n  url: not a url'), 'envs']);
    expectShortError(r);
    expect(r.stderr).toMatch(/^error: vde\.yaml: connection\.url: this is not a URL; expected a URL like postgres:\/\//);
  });

  test('a PGlite path that is a file is refused before anything is created', async () => {
    const dir = projectWith('  type: pglite\n  path: data.db');
    writeFileSync(join(dir, 'data.db'), 'not a folder');
    const r = await vde(['--project', dir, 'apply', 'prod']);
    expectShortError(r);
    expect(r.stderr).toMatch(/^error: vde\.yaml: connection\.path: .*data\.db is a file, not a folder/);
  });

  test('a host that accepts TCP and never answers: an answer naming the host within 15 s (default timeout)', async () => {
    const conn = `  type: postgres\n  url: postgres://someone:pw@${silent.host}:${silent.port}/db`;
    const r = await vde(['--project', projectWith(conn), 'envs']);
    expectShortError(r);
    expect(r.ms).toBeLessThan(15000);
    expect(silent.accepted()).toBeGreaterThan(0);
    expect(r.stderr).toContain(`cannot connect to Postgres at ${silent.host}:${silent.port} (database "db", user "someone"): no answer within 10 s`);
  }, 30000);

  test('connection.connect_timeout shortens the wait', async () => {
    const conn = `  type: postgres\n  url: postgres://someone:pw@${silent.host}:${silent.port}/db\n  connect_timeout: 1s`;
    const r = await vde(['--project', projectWith(conn), 'apply', 'pr_1']);
    expectShortError(r);
    expect(r.ms).toBeLessThan(5000);
    expect(r.stderr).toContain('no answer within 1 s');
  });

  test('--debug adds the stack trace', async () => {
    const r = await vde(['--debug', '--project', projectWith(`  type: postgres\n  url: ${url({ port: 1 })}`), 'envs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/connection refused/);
    expect(r.stderr).toMatch(STACK_FRAME);
  });
});

describe('--project', () => {
  test('a folder that does not exist is an error naming the flag, and nothing is created', async () => {
    const typo = join(scratch, 'typo', 'analytics');
    const r = await vde(['--project', typo, 'apply', 'prod']);
    expectShortError(r);
    expect(r.stderr).toContain(`error: --project ${typo}: no such folder`);
    expect(existsSync(join(scratch, 'typo'))).toBe(false);
  });

  test('a file is an error naming the flag (vde.yaml itself: pass its folder)', async () => {
    const dir = projectWith('  type: pglite');
    const r = await vde(['--project', join(dir, 'vde.yaml'), 'envs']);
    expectShortError(r);
    expect(r.stderr).toContain(`--project ${join(dir, 'vde.yaml')}: is a file, not a folder; pass its folder: --project ${dir}`);
    expect(existsSync(join(dir, '.vde'))).toBe(false);
  });

  test('a folder that is not a vde project is refused, and no database is created in it', async () => {
    const empty = mkdtempSync(join(scratch, 'empty-'));
    const r = await vde(['--project', empty, 'apply', 'prod']);
    expectShortError(r);
    expect(r.stderr).toMatch(/--project .*has no vde\.yaml and no models\/ folder/);
    expect(existsSync(join(empty, '.vde'))).toBe(false);
  });
});

describe('on a working project', () => {
  const env = () => ({ ...process.env, VDE_DATABASE_URL: db.url });

  test('apply of a name that needs normalizing says so once, and names the result', async () => {
    const r = await vde(['--project', project.dir, 'apply', 'PR-1'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pr_1 created: /m);
    expect(r.stderr.match(/note: environment "PR-1" is pr_1/g)).toHaveLength(1);
  });

  test('invalidate says once what happened, with the normalized name', async () => {
    const r = await vde(['--project', project.dir, 'invalidate', 'pr-1'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('pr_1 invalidated: the next `vde janitor` drops its views and schemas\n');
    expect(r.stderr).toBe('note: environment "pr-1" is pr_1 (names are lower-case; characters other than a-z, 0-9 and _ become _)\n');
    const q = await vde(['--project', project.dir, '--quiet', 'invalidate', 'pr_1'], env());
    expect(q.stdout).toBe('pr_1 invalidated: the next `vde janitor` drops its views and schemas\n');
    expect(q.stderr).toBe('');
  });

  test('envs: the header has a title for every column', async () => {
    const r = await vde(['--project', project.dir, 'envs'], env());
    expect(r.code).toBe(0);
    const [header, rule, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['environment', 'models', 'finalized', 'expires', 'status']);
    expect(rule!.split(/\s+/)).toHaveLength(5);
    const pr1 = rows.find((l) => l.startsWith('pr_1'))!;
    expect(pr1.split(/\s{2,}/)).toHaveLength(5);
    expect(pr1).toMatch(/\sexpired$/);
  });

  test('unknown flags and missing arguments exit 1 with a pointer to --help', async () => {
    for (const args of [['apply'], ['apply', 'pr_1', '--nope'], ['nope'], ['diff', 'prod', 'pr_1', '--samples', 'many']]) {
      const r = await vde(['--project', project.dir, ...args], env());
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: .*\n\(add --help for usage\)\n$/);
    }
  });

  test('a conflict with another run on the same environment exits 3', async () => {
    project.write('models/marts/slow.sql', 'MODEL (name marts.slow, kind FULL);\nSELECT 1 AS x FROM (SELECT pg_sleep(4)) AS s\n');
    const first = startCli(['--project', project.dir, 'apply', 'pr_9'], { env: env() });
    try {
      await first.until(/building/);
      const r = await vde(['--project', project.dir, 'apply', 'pr_9'], env());
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^error: .*pr_9.*another run/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    } finally {
      await first.done;
      project.remove('models/marts/slow.sql');
    }
  }, 30000);
});
