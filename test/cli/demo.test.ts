// `npm run demo` is the README's first command: the whole lifecycle on embedded PGlite.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function demo(...args: string[]) {
  return spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'demo', ...args], { encoding: 'utf8', timeout: 180000 });
}

test('vde demo runs the PR lifecycle on PGlite and prints the report as text', () => {
  const r = demo();
  expect(r.stderr).toBe(r.stderr.replace(/\n\s+at /g, '')); // progress only, no stack
  expect(r.status).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/prod created: 9 built, 9 views/);
  expect(out).toMatch(/pr_1 created: 4 built, 9 views/);
  // vde env pr_1: the unchanged models are shared with prod.
  expect(out).toMatch(/stg\.customers\s+FULL\s+stg__pr_1\.customers\s+\S+\s+yes/);
  expect(out).toMatch(/stg\.orders\s+FULL\s+stg__pr_1\.orders\s+\S+\s+no/);
  // The report in the terminal format: an aligned table, no Markdown and no HTML entities.
  expect(out).toMatch(/^stg\.orders\s+breaking\s+40\s+36\s+0\s+4\s+0/m);
  expect(out).not.toMatch(/<!-- vde:report|&#\d+;|```mermaid|^\|/m);
  expect(out).toMatch(/--format markdown/);
  // Promotion rebuilds nothing; cleanup leaves only prod.
  expect(out).toMatch(/prod updated: 0 built, 9 views/);
  expect(out).toMatch(/removed environment pr_1/);
  const envs = out.trimEnd().split('\n').slice(-3);
  expect(envs[0]).toMatch(/^environment\s+models\s+finalized\s+expires\s+status$/);
  expect(envs[2]).toMatch(/^prod\s+9\s+\S+\s+never\s+active$/);
});

test('vde demo --format markdown prints the PR comment as GitHub receives it, with the version', () => {
  const r = demo('--format', 'markdown');
  expect(r.status).toBe(0);
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  expect(r.stdout).toMatch(/^<!-- vde:report/m);
  expect(r.stdout).toMatch(/\| stg\.orders \| breaking \|/);
  expect(r.stdout).toMatch(/```mermaid/);
  expect(r.stdout).toContain(`vde ${version}`);
});

test('vde demo --example lists the examples that exist and refuses others', () => {
  const help = demo('--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/--example <name>\s+the example project: shop\b/);
  const r = demo('--example', 'nope');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^error: --example: no example named "nope"; the examples are shop\b/m);
  expect(r.stdout).toBe('');
});
