// Tried as a new user would (issue 7, acceptance): the installed command (dist/cli.js, a real
// process, as `npx vde` runs it) with a wrong password, an unreachable host and a typo in --project.
// Each answers with one line that says what went wrong and names the host or the flag (at most one
// more, indented line says what to try, as issue 7 §3 asks), a non-zero exit, and within 15 s. The 15 s count
// from the moment the process is up: on a loaded machine starting node alone can take seconds, so
// the time `vde --version` takes, measured just before, is allowed on top.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_FRAME, spawnCli } from '../support/cli';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { shopFiles } from '../support/project';
import { startSilentServer, type SilentServer } from '../support/silent-server';

let db: TestDatabase;
let silent: SilentServer;
const scratch = mkdtempSync(join(tmpdir(), 'vde-new-user-'));

const run = (args: string[]) => spawnCli(args, { env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 60_000 });

function project(connection: string): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  writeFileSync(join(dir, 'vde.yaml'), `connection:\n${connection}\n`);
  for (const [path, text] of Object.entries(shopFiles())) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * One line starting with `error:` (and at most an indented hint after it), no stack frame, exit 1,
 * within 15 s of the process being up. Returns the first line.
 */
async function expectOneLineAnswer(args: string[]): Promise<string> {
  const startup = (await run(['--version'])).ms;
  const r = await run(args);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stderr.endsWith('\n')).toBe(true);
  const [first = '', ...rest] = r.stderr.trimEnd().split('\n');
  expect(rest.length).toBeLessThanOrEqual(1);
  for (const hint of rest) expect(hint).toMatch(/^ {2}\S/);
  expect(r.ms).toBeLessThan(15_000 + startup);
  return first;
}

beforeAll(async () => {
  db = await freshDatabase('new_user');
  silent = await startSilentServer();
});
afterAll(async () => {
  await silent.stop();
  await db.drop();
  rmSync(scratch, { recursive: true, force: true });
});

test('a wrong password: one line naming the host, the user and the vde.yaml key, never the password', async () => {
  const u = new URL(db.url);
  u.password = 'hunter2-wrong';
  const line = await expectOneLineAnswer(['--project', project(`  type: postgres\n  url: ${u.toString()}`), 'apply', 'pr_1']);
  expect(line).toContain(`${u.hostname}:${u.port}`);
  expect(line).toMatch(/password for user "[^"]+" was rejected/);
  expect(line).not.toContain('hunter2-wrong');
}, 60_000);

test('an unreachable host (accepts TCP, never answers): one line naming the host', async () => {
  const line = await expectOneLineAnswer(['--project', project(`  type: postgres\n  url: postgres://ana:pw@${silent.host}:${silent.port}/analytics`), 'apply', 'pr_1']);
  expect(silent.accepted()).toBeGreaterThan(0);
  expect(line).toContain(`${silent.host}:${silent.port}`);
  expect(line).toContain('no answer within 10 s');
}, 60_000);

test('an unreachable host (a documentation address nothing routes to): one line naming the host', async () => {
  // 192.0.2.1 (TEST-NET-1) is never routed: the connect is refused by the network or times out.
  const line = await expectOneLineAnswer(['--project', project('  type: postgres\n  url: postgres://ana:pw@192.0.2.1:5432/analytics'), 'envs']);
  expect(line).toContain('192.0.2.1:5432');
}, 60_000);

test('a typo in --project: one line naming the flag, and nothing is created', async () => {
  const typo = join(scratch, 'analytcs');
  const line = await expectOneLineAnswer(['--project', typo, 'apply', 'pr_1']);
  expect(line).toContain(`--project ${typo}: no such folder`);
  expect(existsSync(typo)).toBe(false);
}, 60_000);
