// Runs the bundled action (dist/index.js) the way a GitHub runner does: INPUT_* variables, an event
// payload file, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_API_URL pointing at a stand-in.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnCli } from '../support/cli';

export const ACTION = join(process.cwd(), 'dist', 'index.js');
export const REPO = 'acme/analytics';
export const PROJECT_PATH = 'warehouse';

export interface Checkout {
  /** GITHUB_WORKSPACE. */
  workspace: string;
  /** The vde project inside it (a copy of examples/). */
  projectDir: string;
  write(path: string, text: string): void;
  edit(path: string, from: string, to: string): void;
  remove(path: string): void;
  cleanup(): void;
}

/** A repository checkout whose `warehouse/` folder is a copy of examples/ on Postgres. */
export function checkout(): Checkout {
  const workspace = mkdtempSync(join(tmpdir(), 'vde-action-ws-'));
  const projectDir = join(workspace, PROJECT_PATH);
  cpSync(join(process.cwd(), 'examples'), projectDir, { recursive: true });
  rmSync(join(projectDir, '.vde'), { recursive: true, force: true });
  writeFileSync(
    join(projectDir, 'vde.yaml'),
    'connection:\n  type: postgres\n  url: ${VDE_DATABASE_URL}\nmodels: models\nstate_schema: vde_state\nenvironment_ttl: 7d\nsnapshot_ttl: 7d\n',
  );
  const c: Checkout = {
    workspace,
    projectDir,
    write(path, text) {
      mkdirSync(dirname(join(projectDir, path)), { recursive: true });
      writeFileSync(join(projectDir, path), text);
    },
    edit(path, from, to) {
      const before = readFileSync(join(projectDir, path), 'utf8');
      if (!before.includes(from)) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
      writeFileSync(join(projectDir, path), before.replace(from, to));
    },
    remove(path) {
      rmSync(join(projectDir, path), { force: true });
    },
    cleanup() {
      rmSync(workspace, { recursive: true, force: true });
    },
  };
  return c;
}

export interface PullRequestEvent {
  number: number;
  action: string;
  merged?: boolean;
  mergeSha?: string;
  headSha?: string;
  fork?: boolean;
}

export function pullRequestPayload(e: PullRequestEvent): Record<string, unknown> {
  const base = { full_name: REPO };
  return {
    action: e.action,
    number: e.number,
    pull_request: {
      number: e.number,
      state: e.action === 'closed' ? 'closed' : 'open',
      merged: e.merged ?? false,
      merge_commit_sha: e.mergeSha ?? null,
      html_url: `https://github.example/${REPO}/pull/${e.number}`,
      head: { sha: e.headSha ?? 'a'.repeat(40), ref: 'feature', repo: { full_name: e.fork ? 'mallory/analytics' : REPO } },
      base: { sha: 'b'.repeat(40), ref: 'main', repo: base },
    },
    repository: base,
  };
}

export interface RunOptions {
  eventName: string;
  payload?: Record<string, unknown>;
  /** The payload file's text as is (for malformed payloads); overrides `payload`. */
  rawPayload?: string;
  inputs?: Record<string, string>;
  apiUrl: string;
  databaseUrl: string;
  checkout: Checkout;
  runId?: string;
  env?: Record<string, string>;
  /** Variables to remove from the child's environment. */
  unset?: string[];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Spawns the action asynchronously (the stand-in answers from this process meanwhile). */
export async function runAction(o: RunOptions): Promise<RunResult> {
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'vde-action-run-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, o.rawPayload ?? JSON.stringify(o.payload ?? {}));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('GITHUB_') && !k.startsWith('RUNNER_')) env[k] = v;
  }
  const inputs = {
    'github-token': 'test-token',
    'project-dir': PROJECT_PATH,
    'environment-prefix': 'pr',
    comment: 'true',
    'diff-samples': '0',
    'allow-forks': 'false',
    command: 'auto',
    ...o.inputs,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_WORKSPACE: o.checkout.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_RUN_ID: o.runId ?? String(Math.floor(Math.random() * 1e9)),
    GITHUB_SHA: 'c'.repeat(40),
    VDE_DATABASE_URL: o.databaseUrl,
    VDE_GITHUB_RETRY_BASE_MS: '1',
    ...o.env,
  });
  for (const name of o.unset ?? []) delete env[name];

  const { code, stdout, stderr } = await spawnCli([], { script: ACTION, cwd: o.checkout.workspace, env, timeoutMs: 90_000 });
  const result: RunResult = {
    code: code ?? -1,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Parses the GITHUB_OUTPUT file: `name<<DELIMITER\nvalue\nDELIMITER` blocks (and `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** What a failing run printed, for assertion messages. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
