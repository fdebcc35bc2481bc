// A PGlite data directory is one database in one process: a second process opening it at the same
// time would corrupt it. A lock file beside the data (`<dir>.lock`, holding the owner's pid) turns
// that into a clear error; a lock left by a process that no longer runs is taken over.

import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { VdeError } from '../../errors';

export interface DirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds: a second open from the same process is refused too. */
const heldHere = new Set<string>();

export function lockDataDir(dir: string): DirLock {
  const path = `${dir}.lock`;
  if (heldHere.has(path)) {
    throw new VdeError(`the PGlite database at ${dir} is already open in this process (PGlite serves one connection at a time)`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        process.off('exit', release);
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new VdeError(
          `the PGlite database at ${dir} is in use by another vde process (pid ${owner}); wait for it to finish (PGlite serves one process at a time)`,
        );
      }
      // Stale (its process is gone) or our own leftover: take it over.
      unlinkSync(path);
    }
  }
  throw new VdeError(`could not lock the PGlite database at ${dir} (${path})`);
}
