// Run as a child process (node --import tsx): waits until the epoch millisecond argv[3], takes the
// PGlite directory lock of argv[2], holds it for argv[4] ms, and prints `got <pid> <from> <to>` or
// `busy <pid> <message>`. Used to race several processes at one instant.
import { lockDataDir } from '../../src/engines/pglite/dir-lock';

const [dir, startAt, holdMs] = process.argv.slice(2);
setTimeout(
  () => {
    try {
      const lock = lockDataDir(dir!);
      const from = Date.now();
      setTimeout(() => {
        process.stdout.write(`got ${process.pid} ${from} ${Date.now()}\n`);
        lock.release();
      }, Number(holdMs));
    } catch (err) {
      process.stdout.write(`busy ${process.pid} ${(err as Error).message}\n`);
    }
  },
  Math.max(0, Number(startAt) - Date.now()),
);
