// The real CLI (src/cli/program.ts), run in this process with captured output: the same code as
// dist/cli.js without a process start per call.
import { runCli } from '../../src/cli/program';

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
