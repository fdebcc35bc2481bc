// `npm run demo` is the README's first command: the whole lifecycle on embedded PGlite. The text
// and the Markdown variants run side by side (each has its own temporary project and database).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI, spawnCli } from '../support/cli';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

const demo = (...args: string[]) => spawnCli(['demo', ...args], { timeoutMs: 240_000 });

let text: Awaited<ReturnType<typeof demo>>;
let markdown: Awaited<ReturnType<typeof demo>>;
let sqlmesh: Awaited<ReturnType<typeof demo>>;
beforeAll(async () => {
  [text, markdown, sqlmesh] = await Promise.all([demo(), demo('--format', 'markdown'), demo('--example', 'sqlmesh', '--format', 'markdown')]);
}, 300_000);

test('vde demo --example sqlmesh runs a project in SQLMesh’s layout: the gateway note, audits, the warning in the PR comment', () => {
  expect(sqlmesh.stderr).not.toMatch(/\n\s+at \S.*:\d+:\d+/);
  expect(sqlmesh.code).toBe(0);
  expect(sqlmesh.stderr).toMatch(/note: connection: gateway local \(default_gateway in config\.yaml\) is a DuckDB database; vde runs it on its embedded PGlite/);
  const out = sqlmesh.stdout;
  expect(out).toMatch(/prod created: 7 built, 7 views/);
  expect(out).toMatch(/^audits: 7 on 3 models: 1 non-blocking warning$/m);
  expect(out).toMatch(/pr_1 created: 4 built, 7 views/);
  expect(out).toContain("- ⚠️ staging.stg_rides: audit not_accepted_values_non_blocking(column := status, is_in := ('disputed')) found");
  expect(out).toMatch(/prod updated: 0 built, 7 views/);
});

test('vde demo runs the PR lifecycle on PGlite and prints the report as text', () => {
  expect(text.stderr).not.toMatch(/\n\s+at \S.*:\d+:\d+/); // progress only, no stack
  expect(text.code).toBe(0);
  const out = text.stdout;
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
  expect(markdown.code).toBe(0);
  expect(markdown.stdout).toMatch(/^<!-- vde:report/m);
  expect(markdown.stdout).toMatch(/\| stg\.orders \| breaking \|/);
  expect(markdown.stdout).toMatch(/```mermaid/);
  expect(markdown.stdout).toContain(`vde ${VERSION}`);
});

test('vde demo --example lists the examples that exist and refuses others', () => {
  const help = spawnSync(process.execPath, [CLI, 'demo', '--help'], { encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/--example <name>\s+the example project: shop\b/);
  const r = spawnSync(process.execPath, [CLI, 'demo', '--example', 'nope'], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^error: --example: no example named "nope"; the examples are shop\b/m);
  expect(r.stdout).toBe('');
});
