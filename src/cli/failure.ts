// How the CLI ends: one exit code per outcome, and an error as one or two lines that name what to
// fix. Stack traces only with --debug (or VDE_DEBUG=1): they help a developer, not a user.
import { CommanderError } from 'commander';
import { VdeError } from '../errors';

/** Exit codes, the same for every command (README: "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** Any error: bad input, a failed statement, an unreachable warehouse. */
  error: 1,
  /** Another run holds the environment, or changed it under this one. */
  conflict: 3,
} as const;

export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.error;
  if (err instanceof VdeError) return err.exitCode;
  return EXIT.error;
}

/** The text to print for a failure ('' when there is nothing to add). Not yet redacted. */
export function failureMessage(err: unknown, opts: { debug: boolean }): string {
  // Commander has already printed its own message (and help or version, which are not failures).
  if (err instanceof CommanderError) return '';
  const lines: string[] = [];
  if (err instanceof VdeError) lines.push(`error: ${err.message}`);
  else {
    const message = err instanceof Error ? err.message : String(err);
    lines.push(`error: ${message}`);
    if (!opts.debug) lines.push('  (an unexpected error: run again with --debug for the stack trace, and please report it)');
  }
  if (opts.debug) lines.push(...stacks(err));
  return lines.join('\n');
}

/** The stack of an error and of each error it wraps. */
function stacks(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    out.push(`${depth === 0 ? 'stack' : 'caused by'}: ${e.name}: ${e.message.split('\n')[0]}`, ...frames);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}
