// The real CLI (src/cli/program.ts), run in this process with captured output: the same code as
// dist/cli.js without a process start per call (`vde`); and the bundled CLI run as a child process,
// for tests that need a real process (`spawnCli`, `startCli`: exit codes, signals, SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/program';

/** The bundle the test setup builds (test/support/global-setup.mjs). */
export const CLI = join(process.cwd(), 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function vde(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    env,
  });
  return { code, stdout, stderr, ms: Date.now() - started };
}

/**
 * A stack frame in the output means a user saw a stack trace: `at fn (file:1:2)` or `at /abs/file:1:2`
 * (`at models/x.sql:2:8`, a project-relative location in a SQL error, is a message, not a frame).
 */
export const STACK_FRAME = /\n\s+at (?:\S.* \(.*:\d+:\d+\)|(?:\/|node:|file:\/\/)\S*:\d+:\d+)/;

export interface ProcessRun {
  /** Exit code; null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface SpawnOptions {
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** SIGKILL the child if it still runs after this long (default: no limit). */
  timeoutMs?: number;
  /** The script node runs (default: the bundled CLI). */
  script?: string;
  /** The child's stderr goes to this process's stderr instead of being collected. */
  inheritStderr?: boolean;
}

export interface RunningCli {
  child: ChildProcess;
  /** What the child wrote so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the child has exited and its output is closed. */
  done: Promise<ProcessRun>;
  /** Resolves once the child's stderr matches `pattern`; rejects if it exits first. */
  until(pattern: RegExp): Promise<void>;
}

/**
 * Starts `node <script> ...args` without blocking this process's event loop (stand-ins that the
 * child talks to may live here), collecting its output.
 */
export function startCli(args: string[], opts: SpawnOptions = {}): RunningCli {
  const started = Date.now();
  const child = spawn(process.execPath, [opts.script ?? CLI, ...args], {
    env: opts.env ?? process.env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    stdio: ['ignore', 'pipe', opts.inheritStderr ? 'inherit' : 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of watchers) w();
  });
  const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
  const done = new Promise<ProcessRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      closed = true;
      for (const w of watchers) w();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
    until: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stderr)) resolve();
          else if (closed) reject(new Error(`the process ended before its stderr matched ${pattern}: ${stderr}`));
          else return;
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      }),
  };
}

/** Runs `node <script> ...args` to its end (see startCli). */
export function spawnCli(args: string[], opts: SpawnOptions = {}): Promise<ProcessRun> {
  return startCli(args, opts).done;
}
