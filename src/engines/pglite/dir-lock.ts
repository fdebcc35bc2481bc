// A PGlite data directory is one database in one process: a second process opening it at the same
// time would corrupt it. A lock file beside the data (`<dir>.lock`, holding the owner's pid) turns
// that into a clear error; a lock left by a process that no longer runs is taken over.
//
// The lock file appears with its content or not at all: it is written under a unique temporary
// name and hard-linked into place (link fails if the lock exists), so no reader ever sees an empty
// lock and mistakes it for a stale one. Taking over a stale lock happens under a second such file
// (`<dir>.lock.takeover`), and removes the lock only if it still holds the stale content, so two
// processes taking over at once cannot remove each other's fresh lock.

import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** Creates `path` holding our pid, atomically; false if it exists. */
function createAtomically(path: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, String(process.pid), { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/** The file's content, or null if it is gone. */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (code(err) === 'ENOENT') return null;
    throw err;
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
}

function ownerOf(content: string): number {
  const pid = Number(content.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Removes `path` if it still holds `stale`, one taker at a time. */
function takeOver(path: string, stale: string): void {
  const guard = `${path}.takeover`;
  if (!createAtomically(guard)) {
    const holder = readOrNull(guard);
    // A taker that died mid-takeover leaves its guard: clear it, and let the next attempt decide.
    if (holder !== null && !alive(ownerOf(holder))) unlinkIfPresent(guard);
    return;
  }
  try {
    if (readOrNull(path) === stale) unlinkIfPresent(path);
  } finally {
    unlinkIfPresent(guard);
  }
}

/** Lock files this process holds: a second open from the same process is refused too. */
const heldHere = new Set<string>();

export function lockDataDir(dir: string): DirLock {
  const path = `${dir}.lock`;
  if (heldHere.has(path)) {
    throw new VdeError(`the PGlite database at ${dir} is already open in this process (PGlite serves one connection at a time)`);
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createAtomically(path)) {
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        process.off('exit', release);
        unlinkIfPresent(path);
      };
      process.on('exit', release);
      return { release };
    }
    const content = readOrNull(path);
    if (content === null) continue; // released meanwhile: try again
    const owner = ownerOf(content);
    if (owner > 0 && owner !== process.pid && alive(owner)) {
      throw new VdeError(
        `the PGlite database at ${dir} is in use by another vde process (pid ${owner}); wait for it to finish (PGlite serves one process at a time)`,
      );
    }
    // Stale (its process is gone) or our own leftover: take it over.
    takeOver(path, content);
    pause(5 + Math.floor(Math.random() * 20));
  }
  throw new VdeError(`could not lock the PGlite database at ${dir} (${path})`);
}
