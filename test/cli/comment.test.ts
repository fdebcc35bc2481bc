// `vde comment` from any CI: flags checked before the warehouse is touched, a GitHub API that never
// answers gives up within 15 s naming the host, GitHub's refusals name the flag, and the token
// never reaches the output. GitHub is the loopback stand-in driven by the real Octokit.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { STACK_FRAME, vde } from '../support/cli';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, shopFiles, type TestProject } from '../support/project';
import { startSilentServer, type SilentServer } from '../support/silent-server';

const TOKEN = 'ghp_TestTokenThatMustNeverBePrinted0123';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

let db: TestDatabase;
let project: TestProject;
let gh: GitHubStandIn;
let silent: SilentServer;
const env = () => ({ ...process.env, VDE_DATABASE_URL: db.url, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: '' });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function noLeak(r: { stdout: string; stderr: string }): void {
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  expect(r.stderr).not.toMatch(STACK_FRAME);
}

beforeAll(async () => {
  db = await freshDatabase('comment');
  project = makeProject({ ...shopFiles(), 'vde.yaml': postgresConfig('${VDE_DATABASE_URL}') });
  gh = await startGitHubStandIn({ token: TOKEN });
  silent = await startSilentServer();
  expect((await vde(['--project', project.dir, '-q', 'apply', 'prod'], env())).code).toBe(0);
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
  expect((await vde(['--project', project.dir, '-q', 'apply', 'pr_3'], env())).code).toBe(0);
});
afterAll(async () => {
  await silent.stop();
  await gh.stop();
  await db.drop();
  project.cleanup();
});

test('posts the sticky comment, with the version of vde in its footer', async () => {
  const r = await vde(['--project', project.dir, 'comment', '--repo', 'acme/analytics', '--pr', '3', '--api-url', gh.url], env());
  expect(r.stderr).toMatch(/comment created/);
  expect(r.code).toBe(0);
  const [comment] = gh.commentsOf('acme/analytics', 3);
  expect(comment!.body).toMatch(/stg\.orders/);
  expect(comment!.body).toContain(`vde ${VERSION}`);
  noLeak(r);
});

test('--repo notarepo is refused before anything connects', async () => {
  // The warehouse is unreachable: a connection attempt would show as a connection error.
  const broken = makeProject({ ...shopFiles(), 'vde.yaml': postgresConfig('postgres://u:p@127.0.0.1:1/db') });
  try {
    const r = await vde(['--project', broken.dir, 'comment', '--repo', 'notarepo', '--pr', '3'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: --repo: expected owner/name (e.g. acme/analytics), got "notarepo"\n');
    noLeak(r);
  } finally {
    broken.cleanup();
  }
});

test('--api-url that is not a URL names the flag', async () => {
  const r = await vde(['--project', project.dir, 'comment', '--repo', 'acme/analytics', '--pr', '3', '--api-url', 'api.github.com'], env());
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: --api-url: expected an http\(s\) URL/);
});

test('a GitHub API that accepts and never answers: an answer naming the host within 15 s', async () => {
  const api = `http://${silent.host}:${silent.port}`;
  const r = await vde(['--project', project.dir, 'comment', '--repo', 'acme/analytics', '--pr', '3', '--api-url', api], env());
  expect(r.code).toBe(1);
  expect(r.ms).toBeLessThan(15000);
  expect(r.stderr).toBe(`error: the GitHub API at ${silent.host}:${silent.port} did not answer within 10 s; check --api-url\n`);
  noLeak(r);
}, 30000);

test('--timeout shortens the wait for GitHub', async () => {
  const api = `http://${silent.host}:${silent.port}`;
  const r = await vde(['--project', project.dir, 'comment', '--repo', 'acme/analytics', '--pr', '3', '--api-url', api, '--timeout', '1'], env());
  expect(r.code).toBe(1);
  expect(r.ms).toBeLessThan(5000);
  expect(r.stderr).toMatch(/did not answer within 1 s/);
});

test('a refused connection to the API names the host and the flag, without retrying for long', async () => {
  const port = await closedPort();
  const r = await vde(['--project', project.dir, 'comment', '--repo', 'acme/analytics', '--pr', '3', '--api-url', `http://127.0.0.1:${port}`], env());
  expect(r.code).toBe(1);
  expect(r.ms).toBeLessThan(5000);
  expect(r.stderr).toBe(`error: cannot reach the GitHub API at 127.0.0.1:${port}: connection refused; check --api-url\n`);
});

test('a rejected token names the flag and is not printed', async () => {
  const wrong = 'ghp_WrongTokenAlsoNeverPrinted456789';
  const r = await vde(
    ['--project', project.dir, 'comment', '--repo', 'acme/analytics', '--pr', '3', '--api-url', gh.url, '--token', wrong],
    env(),
  );
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^error: GitHub rejected the token \(401 Bad credentials\); check --token\n$/);
  expect(r.stderr + r.stdout).not.toContain(wrong);
  noLeak(r);
});
