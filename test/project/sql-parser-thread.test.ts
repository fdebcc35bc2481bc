// The bundles run the SQL parser in a worker thread (dist/sql-parser-worker.js). Its answers must
// be the in-thread parser's, and a thread that fails must fail the calls, never leave them waiting.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerParser } from '../../src/project/sql-parser-thread';
import { openLocalParser } from '../../src/project/sql-parser-wasm';

const WORKER = join(process.cwd(), 'dist', 'sql-parser-worker.js');

const QUERIES: [string, string][] = [
  ['SELECT a.id, count(*) AS n FROM shop.orders AS a GROUP BY 1', 'postgres'],
  ['SELECT x::DOUBLE AS d, TRY_CAST(y AS INT) AS i, FROM "Shop"."Orders"', 'duckdb'],
  ['WITH c AS (SELECT 1 AS x) SELECT DISTINCT x, generate_series(1, 3) AS g FROM c', 'postgres'],
  ['SELECT FROM WHERE', 'postgres'],
  ['SELECT 1; SELECT 2', 'duckdb'],
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vde-parser-thread-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('answers analyze and transpile exactly as the parser in this thread does, calls sent at once', async () => {
  const [thread, local] = await Promise.all([workerParser(WORKER), openLocalParser()]);
  expect(thread.id).toBe(local.id);
  const analyses = await Promise.all(QUERIES.map(([q, d]) => thread.analyze(q, d)));
  expect(analyses).toEqual(QUERIES.map(([q, d]) => local.analyze(q, d)));
  expect(analyses.filter((a) => a.ok)).toHaveLength(3);
  const transpiles = await Promise.all(QUERIES.map(([q, d]) => thread.transpile(q, d, 'postgres')));
  expect(transpiles).toEqual(QUERIES.map(([q, d]) => local.transpile(q, d, 'postgres')));
  expect(transpiles[1]).toMatchObject({ ok: true });
});

it('a thread that cannot load its parser rejects with the reason', async () => {
  const file = join(dir, 'no-parser.js');
  writeFileSync(file, "require('node:worker_threads').parentPort.postMessage({ ready: false, error: 'WebAssembly.instantiate(): out of memory' });");
  await expect(workerParser(file)).rejects.toThrow('WebAssembly.instantiate(): out of memory');
  const throws = join(dir, 'throws.js');
  writeFileSync(throws, "throw new Error('cannot find module @polyglot-sql/sdk');");
  await expect(workerParser(throws)).rejects.toThrow(/SQL parser's thread failed: cannot find module @polyglot-sql\/sdk/);
});

it('a thread that dies with calls waiting rejects them all, and every later call', async () => {
  const file = join(dir, 'dies.js');
  // Ready, then exits on the second request: the first is answered, the rest must not hang.
  writeFileSync(
    file,
    `const { parentPort } = require('node:worker_threads');
     let n = 0;
     parentPort.on('message', (m) => {
       if (++n === 2) process.exit(3);
       parentPort.postMessage({ id: m.id, result: { ok: true, sql: 'SELECT ' + m.id } });
     });
     parentPort.postMessage({ ready: true, id: 'stand-in' });`,
  );
  const parser = await workerParser(file);
  const calls = [1, 2, 3].map(() => parser.transpile('SELECT 1', 'duckdb', 'postgres'));
  const settled = await Promise.allSettled(calls);
  expect(settled[0]).toEqual({ status: 'fulfilled', value: { ok: true, sql: 'SELECT 1' } });
  for (const s of settled.slice(1)) expect(s).toMatchObject({ status: 'rejected', reason: { message: "the SQL parser's thread exited (code 3)" } });
  await expect(parser.analyze('SELECT 1', 'postgres')).rejects.toThrow('exited (code 3)');
});

it('dist/cli.js starts the parser thread from beside itself for plan, and still exits by itself', () => {
  const project = join(dir, 'sqlmesh');
  cpSync(join(process.cwd(), 'examples', 'sqlmesh'), project, { recursive: true });
  const log = join(dir, 'workers.log');
  const hook = join(dir, 'hook.cjs');
  // Records every worker thread the CLI starts (the real Worker still runs).
  writeFileSync(
    hook,
    `const wt = require('node:worker_threads'); const fs = require('node:fs'); const W = wt.Worker;
     wt.Worker = class extends W { constructor(f, o) { fs.appendFileSync(${JSON.stringify(log)}, String(f) + '\\n'); super(f, o); } };`,
  );
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['-r', hook, join(process.cwd(), 'dist', 'cli.js'), 'plan', 'prod', '-p', project], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  const r = run({});
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Plan for prod/);
  expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([join(process.cwd(), 'dist', 'sql-parser-worker.js')]);
  rmSync(log);
  const inThread = run({ VDE_SQL_PARSER_THREAD: 'main' });
  expect(inThread.status).toBe(0);
  expect(inThread.stdout).toBe(r.stdout);
  expect(existsSync(log)).toBe(false);
});

it('a process with the parser thread started exits by itself, before and after the thread is ready', () => {
  // The action ends by running out of work (no process.exit): a parser thread nobody waits on must
  // not keep it alive, and one being awaited must (with nothing else to do, the process would
  // otherwise end in the middle of the await). Run from the sources with tsx, as a small program.
  const program = join(dir, 'exits.mts');
  writeFileSync(
    program,
    `import { startParserThread } from ${JSON.stringify(join(process.cwd(), 'src/project/sql-parser-thread.ts'))};
     const thread = startParserThread(${JSON.stringify(WORKER)});
     if (process.argv[2] === 'after-call') { const parser = await thread.parser(); console.log((await parser.transpile('SELECT 1 AS x', 'duckdb', 'postgres')).ok); }
     else console.log('started');`,
  );
  for (const mode of ['before-ready', 'after-call']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', program, mode], { encoding: 'utf8', timeout: 30_000 });
    expect({ mode, status: r.status, signal: r.signal, out: r.stdout.trim() }).toEqual({ mode, status: 0, signal: null, out: mode === 'after-call' ? 'true' : 'started' });
  }
});
