// The bundles load snowflake-sdk only for a Snowflake connection: the driver lives in its own file
// (dist/snowflake-sdk.js, built by scripts/build.mjs), the main bundles hold none of its code, a
// Postgres project runs with that file absent, and a Snowflake project needs it (so it is what
// gets loaded). The cold-start comparison is measured, not timed here: docs/snowflake.md.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../support/cli';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, type TestProject } from '../support/project';
import { startStandIn, type StandInHandle } from '../support/snowflake';

const DIST = join(process.cwd(), 'dist');
let copy: string;
let db: TestDatabase;
let h: StandInHandle;
const projects: TestProject[] = [];

beforeAll(async () => {
  // The bundle without its Snowflake chunk, beside the repository's node_modules (PGlite is external).
  copy = mkdtempSync(join(process.cwd(), 'node_modules', '.vde-lazy-'));
  for (const f of ['cli.js', 'sql-parser-worker.js', 'polyglot_sql.wasm']) copyFileSync(join(DIST, f), join(copy, f));
  db = await freshDatabase('lazy_sf');
  h = await startStandIn();
});

afterAll(async () => {
  rmSync(copy, { recursive: true, force: true });
  for (const p of projects) p.cleanup();
  await db?.drop();
  await h?.close();
});

function project(connection: string): TestProject {
  const p = makeProject({ 'vde.yaml': `connection:\n${connection}`, 'models/a.sql': 'MODEL (name s.a, kind FULL);\nSELECT 1 AS x\n' });
  projects.push(p);
  return p;
}

/** The copied CLI, without blocking this process (the stand-in answers from it). */
const run = (p: TestProject, ...args: string[]) => spawnCli(['--project', p.dir, ...args], { script: join(copy, 'cli.js'), env: { ...process.env, VDE_DB_URL: db.url } });

test("the main bundles hold none of the driver's code; the chunk does", () => {
  // Strings of the driver's own protocol and its cloud SDKs, which vde's sources never spell.
  const markers = ['/queries/v1/query-request', '/session/v1/login-request', '@aws-sdk'];
  const chunk = readFileSync(join(DIST, 'snowflake-sdk.js'), 'utf8');
  for (const m of markers) expect(chunk).toContain(m);
  for (const bundle of ['index.js', 'cli.js']) {
    const text = readFileSync(join(DIST, bundle), 'utf8');
    for (const m of markers) expect(text).not.toContain(m);
    expect(text).toContain('import("./snowflake-sdk.js")');
  }
  // The package ships dist/ whole, and the action runs dist/index.js beside the chunk.
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
  expect(pkg.files).toContain('dist/');
  expect(readFileSync('action.yml', 'utf8')).toMatch(/main: 'dist\/index\.js'/);
});

test('a Postgres project runs without the Snowflake chunk', async () => {
  const p = project('  type: postgres\n  url: ${VDE_DB_URL}\n');
  const applied = await run(p, 'apply', 'prod');
  expect(applied.stderr).not.toMatch(/error|snowflake/i);
  expect(applied.code).toBe(0);
  expect((await run(p, 'envs')).stdout).toMatch(/prod/);
});

test('a Snowflake project loads the chunk: without it, it fails; with it, it runs', async () => {
  const p = project(
    `  type: snowflake\n  account: ${h.standIn.account}\n  user: vde\n  password: vde\n  database: VDE\n  warehouse: COMPUTE_WH\n  access_url: http://127.0.0.1:${h.standIn.port}\n`,
  );
  const without = await run(p, 'envs');
  expect(without.code).not.toBe(0);
  expect(without.stderr).toMatch(/snowflake-sdk\.js/);
  copyFileSync(join(DIST, 'snowflake-sdk.js'), join(copy, 'snowflake-sdk.js'));
  const withChunk = await run(p, 'apply', 'prod');
  expect(withChunk.stderr).not.toMatch(/error/i);
  expect(withChunk.code).toBe(0);
});
