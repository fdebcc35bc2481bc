// The parse cache as the bundled CLI uses it (src/project/parse-cache.ts, docs/performance.md):
// on by default outside CI, off in CI unless asked for, and a plan read from it prints exactly
// what a plan parsed afresh prints.
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli, STACK_FRAME } from '../support/cli';

function example(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vde-parse-cache-cli-'));
  cpSync(join(process.cwd(), 'examples'), dir, { recursive: true, filter: (src) => !src.includes('/.vde') });
  return dir;
}

/** The cache folder's files; the project folder never holds any. */
const cacheFiles = (dir: string, cache: string) => {
  expect(existsSync(join(dir, '.vde', 'cache'))).toBe(false);
  return existsSync(cache) ? readdirSync(cache) : [];
};
const envWith = (cache: string, vars: Record<string, string | undefined>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, VDE_CACHE_DIR: cache, ...vars };
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete env[k];
  return env;
};

describe('vde plan and the parse cache', () => {
  it('outside CI: written by the first plan, read by the second, same plan printed', async () => {
    const dir = example();
    const cache = join(mkdtempSync(join(tmpdir(), 'vde-cache-dir-')), 'vde');
    const env = envWith(cache, { CI: undefined, VDE_PARSE_CACHE: undefined });
    const first = await spawnCli(['plan', 'dev', '--project', dir, '--json'], { env, timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    expect(cacheFiles(dir, cache)).toHaveLength(1);
    const second = await spawnCli(['plan', 'dev', '--project', dir, '--json'], { env, timeoutMs: 60_000 });
    expect(second.code).toBe(0);
    const plan = (out: string) => {
      const p = JSON.parse(out) as Record<string, unknown>;
      delete p.id; // a new plan id every run
      return p;
    };
    expect(plan(second.stdout)).toEqual(plan(first.stdout));
  }, 120_000);

  it('in CI: off unless VDE_PARSE_CACHE=on', async () => {
    const dir = example();
    const cache = join(mkdtempSync(join(tmpdir(), 'vde-cache-dir-')), 'vde');
    const off = await spawnCli(['plan', 'dev', '--project', dir], { env: envWith(cache, { CI: 'true', VDE_PARSE_CACHE: undefined }), timeoutMs: 60_000 });
    expect(off.code).toBe(0);
    expect(cacheFiles(dir, cache)).toEqual([]);
    const on = await spawnCli(['plan', 'dev', '--project', dir], { env: envWith(cache, { CI: 'true', VDE_PARSE_CACHE: 'on' }), timeoutMs: 60_000 });
    expect(on.code).toBe(0);
    expect(cacheFiles(dir, cache)).toHaveLength(1);
  }, 120_000);

  it('VDE_PARSE_CACHE with another value: a one-line error naming it, exit 1', async () => {
    const dir = example();
    const cache = join(mkdtempSync(join(tmpdir(), 'vde-cache-dir-')), 'vde');
    const r = await spawnCli(['plan', 'dev', '--project', dir], { env: envWith(cache, { VDE_PARSE_CACHE: 'yes' }), timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: VDE_PARSE_CACHE: must be on or off, not "yes"');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(cacheFiles(dir, cache)).toEqual([]);
  }, 60_000);
});
