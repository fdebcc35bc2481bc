// One PGlite data directory serves one process: a second opener gets a clear error, not corruption.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src/engines';
import { VdeError } from '../../src/errors';
import { build } from 'esbuild';
import { spawnCli } from '../support/cli';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'vde-pglite-lock-')), 'db');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

test('a second open in this process is refused while the first holds the directory; closing frees it', async () => {
  const first = await createEngine({ type: 'pglite', path: dir });
  try {
    await first.query('CREATE TABLE kept (x int)');
    const err = await createEngine({ type: 'pglite', path: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VdeError);
    expect((err as Error).message).toMatch(/already open in this process/);

  } finally {
    await first.close();
  }
  expect(existsSync(`${dir}.lock`)).toBe(false);
  const again = await createEngine({ type: 'pglite', path: dir });
  const r = await again.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'kept'");
  expect(Number(r.rows[0]?.n)).toBe(1);
  await again.close();
});

test('another process holding the directory is named by pid', async () => {
  const first = await createEngine({ type: 'pglite', path: dir });
  try {
    writeFileSync(join(dir, '..', 'vde.yaml'), `connection:\n  type: pglite\n  path: ${dir}\n`);
    const r = spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), '--project', join(dir, '..'), 'envs'], {
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`in use by another vde process (pid ${process.pid})`);
  } finally {
    await first.close();
  }
});

test('a lock left by a process that no longer runs is taken over', async () => {
  writeFileSync(`${dir}.lock`, '999999999');
  const engine = await createEngine({ type: 'pglite', path: dir });
  await engine.close();
  expect(existsSync(`${dir}.lock`)).toBe(false);
});

test('processes racing for a directory at one instant, with or without a stale lock, never hold it at the same time', async () => {
  // Bundled once, so each racer is a plain node process that starts in a blink.
  const child = join(dir, '..', 'dir-lock-child.cjs');
  await build({
    entryPoints: [join(process.cwd(), 'test', 'support', 'dir-lock-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: child,
    logLevel: 'silent',
  });
  for (const stale of [false, true, true, false]) {
    if (stale) writeFileSync(`${dir}.lock`, '999999999');
    const startAt = Date.now() + 1500;
    const runs = Array.from({ length: 8 }, () => spawnCli([dir, String(startAt), '300'], { script: child, inheritStderr: true }));
    const outputs = (await Promise.all(runs)).map((r) => r.stdout.trim());
    const held = outputs.filter((o) => o.startsWith('got')).map((o) => o.split(' ').slice(2).map(Number) as [number, number]);
    expect(held.length).toBeGreaterThanOrEqual(1);
    held.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < held.length; i++) expect(held[i]![0]).toBeGreaterThanOrEqual(held[i - 1]![1]);
    expect(outputs.filter((o) => o.startsWith('busy')).every((o) => /in use by another vde process/.test(o))).toBe(true);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }
});
