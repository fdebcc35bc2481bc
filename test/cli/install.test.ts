// The first minute of a new user (issue 12): `vde` is the package's bin and runs by itself, prints
// its version, and every command's help lists every flag it accepts with an example.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { vde } from '../support/cli';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  files: string[];
};
const CLI = join(process.cwd(), 'dist', 'cli.js');

test('package.json: bin vde is the bundle, which ships with the examples the demo needs', () => {
  expect(pkg.bin).toEqual({ vde: 'dist/cli.js' });
  expect(pkg.files).toEqual(expect.arrayContaining(['dist/', 'examples/']));
  expect(pkg.engines.node).toBe('>=22');
});

test('the built bundle is executable and runs by its shebang: --version and -V print package.json\'s version', () => {
  expect(statSync(CLI).mode & 0o111).toBe(0o111);
  for (const flag of ['--version', '-V']) {
    const r = spawnSync(CLI, [flag], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  }
});

const COMMANDS = ['plan', 'apply', 'envs', 'env', 'invalidate', 'janitor', 'diff', 'comment', 'demo'];

test('--help lists every command, the global flags and the exit codes', async () => {
  const r = await vde(['--help']);
  expect(r.code).toBe(0);
  for (const cmd of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  for (const flag of ['--project', '--quiet', '--debug', '--version']) expect(r.stdout).toContain(flag);
  expect(r.stdout).toMatch(/Exit codes: 0 success, 1 error, 3 conflict/);
});

test.each(COMMANDS)('vde %s --help lists its own flags, the global ones, and an example', async (cmd) => {
  const r = await vde([cmd, '--help']);
  expect(r.code).toBe(0);
  for (const flag of ['-p, --project <dir>', '-q, --quiet', '--debug', '-h, --help']) expect(r.stdout).toContain(flag);
  expect(r.stdout).toMatch(new RegExp(`Examples:\\n(  \\$ vde ${cmd}\\b.*\\n|  \\$ GITHUB_TOKEN=\\S+ vde ${cmd}\\b.*\\n)+`));
});

test('output piped into a command that stops reading (vde --help | true) ends quietly', () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --help | true`], { encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
});
