// `vde`: the command-line entry point (bundled to dist/cli.js). Everything else is in ./program.
import { redact } from '../redact';
import { processIO, runCli } from './program';

// `vde --help | head` closes the pipe early: stop quietly instead of dying on EPIPE with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

runCli(process.argv.slice(2), processIO()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // runCli reports its own failures; reaching this is a bug, still without leaking anything.
    process.stderr.write(`error: ${redact(err instanceof Error ? err.message : String(err))}\n`);
    process.exit(1);
  },
);
