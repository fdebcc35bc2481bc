// Runs the bad-input corpus (./bad-input-cases.ts) against one real Postgres database holding the
// shop project's prod and pr_1: every case must exit non-zero, name the file and line (or the key,
// flag or input), print no stack trace, and leave the catalog and vde's state exactly as they were.
// CLI cases run in-process (the real src/cli/program.ts); action cases run the bundled action.
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { checkout, runAction, type Checkout } from '../action/harness';
import { STACK_FRAME, vde } from '../support/cli';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, shopFiles, type TestProject } from '../support/project';
import { ACTION_CASES, CLI_CASES, PENDING, type CliCase } from './bad-input-cases';

let db: TestDatabase;
let client: pg.Client;
let project: TestProject;
let gh: GitHubStandIn;
let repo: Checkout;

/**
 * Every schema, relation (kind, columns, view definition) and the md5 of every table's rows
 * (physical tables and vde's state alike), in one round trip.
 */
async function fingerprint(): Promise<string[]> {
  const r = await client.query<{ line: string }>(`
    SELECT concat_ws(' | ', n.nspname || '.' || c.relname, c.relkind,
      (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
         FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
      CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) END,
      CASE WHEN c.relkind IN ('r', 'p') THEN md5(query_to_xml(format('SELECT * FROM %I.%I', n.nspname, c.relname), false, false, '')::text) END
    ) AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
    ORDER BY 1`);
  return r.rows.map((x) => x.line);
}

function env(): NodeJS.ProcessEnv {
  return { ...process.env, VDE_DATABASE_URL: db.url, VDE_EMPTY_FOR_TEST: '' };
}

/** Writes a case's files, returns how to put the originals back. */
function applyFiles(files: CliCase['files'] = {}): () => void {
  const undo: (() => void)[] = [];
  for (const [path, text] of Object.entries(files)) {
    const full = join(project.dir, path);
    const before = existsSync(full) ? readFileSync(full) : null;
    undo.push(() => (before === null ? rmSync(full, { force: true }) : writeFileSync(full, before)));
    if (text === null) rmSync(full, { force: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
  return () => {
    for (const u of undo.reverse()) u();
    rmSync(join(project.dir, 'models', 'bad'), { recursive: true, force: true });
  };
}

const counts: Record<string, number> = {};

beforeAll(async () => {
  db = await freshDatabase('bad_input');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  project = makeProject({ ...shopFiles(), 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
  for (const args of [['apply', 'prod'], ['apply', 'pr_1']]) {
    const r = await vde(['--project', project.dir, '--quiet', ...args], env());
    if (r.code !== 0) throw new Error(`setup: vde ${args.join(' ')}: ${r.stderr}`);
  }
  gh = await startGitHubStandIn({ token: 'test-token' });
  repo = checkout();
});
afterAll(async () => {
  repo.cleanup();
  await gh.stop();
  await client.end();
  await db.drop();
  project.cleanup();
});

describe.each(['model', 'seed', 'sqlmesh', 'config', 'flag'] as const)('bad %s input', (area) => {
  const cases = CLI_CASES.filter((c) => c.area === area && !PENDING.has(c.label));
  test.each(cases)('$label', async (c) => {
    const before = await fingerprint();
    const restore = applyFiles(c.files);
    let r;
    try {
      r = await vde(['--project', project.dir, ...(c.args ?? ['apply', 'pr_2'])], env());
    } finally {
      restore();
    }
    expect({ code: r.code === 0 ? 0 : 'non-zero', stderr: r.stderr }).toEqual({ code: 'non-zero', stderr: expect.stringMatching(c.expect) });
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(await fingerprint()).toEqual(before);
    counts[area] = (counts[area] ?? 0) + 1;
  });
});

describe('bad action events and inputs', () => {
  const cases = ACTION_CASES.filter((c) => !PENDING.has(c.label));
  test.each(cases)('$label', async (c) => {
    const before = await fingerprint();
    const r = await runAction({
      eventName: c.eventName,
      rawPayload: c.payload,
      inputs: c.inputs ?? {},
      apiUrl: gh.url,
      databaseUrl: db.url,
      checkout: repo,
      ...(c.env ? { env: c.env } : {}),
    });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(c.expect);
    expect(r.stdout + r.stderr).not.toMatch(STACK_FRAME);
    expect(await fingerprint()).toEqual(before);
    counts.event = (counts.event ?? 0) + 1;
  });
});

test('the corpus has at least 120 cases, and every one ran', () => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  expect(total).toBe(CLI_CASES.length + ACTION_CASES.length - PENDING.size);
  expect(total).toBeGreaterThanOrEqual(120);
});
