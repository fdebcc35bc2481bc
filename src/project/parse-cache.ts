// A cache of parsed model files, by content, in the user's cache folder: a second `vde plan` on
// a project whose files did not change reads each parse back instead of doing it again (issue 9:
// "cache by content"). A stale entry would be a wrong plan, so an entry is only ever found by
// everything its parse read:
//   - the file's text, absolute path and project-relative path (the entry's key);
//   - the project's parse settings (model defaults, variables, user macro names, engine dialect,
//     folders) and the exact build of vde that parsed it (the file's first line, compared whole;
//     any difference and the file is not read);
// and only parses that read nothing else are stored: none that read the clock (a time macro such
// as @start_ds, anywhere in the file; Jinja blocks, whose context holds the times), no seed (whose
// rows are another file), none JSON would not give back exactly. A line that does not check out
// (a torn write) is a miss: the file is parsed again. Details and measurements:
// docs/performance.md.
//
// The file is a log, one line per parse: `<key> <checksum> <json>`. A run appends the parses it
// made; it rewrites the file (atomically) only when most of it no longer matches the project.
//
// It is kept outside the project on purpose: a cache file committed to the repository (or put
// there by a pull request) would otherwise be read as the parse of files whose text says
// something else, and the SQL that runs would not be the SQL that was reviewed.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex as sha } from '../hash';
import type { Token } from './lexer';
import { readsClock } from './model-parser';
import type { Model } from './types';

/** Bumped whenever the stored shape changes. */
const FORMAT = 2;

/** What a cached parse gives back. */
export interface CachedParse {
  model: Model;
  /** The query's reference candidates (model-parser's attachReferences resolves them). */
  candidates: Token[][];
}

/** A parse made by this run, stored when the run saves. */
interface Fresh {
  model: Model;
  /** The model's audit calls as parsed (the loader then replaces `model.audits`). */
  audits: Model['audits'];
  candidates: Token[][];
}

/** A token as stored: a tuple, half the size of the object in JSON. */
type StoredToken = [type: Token['type'], text: string, start: number, end: number, line: number];

const KEY = 64;
const SUM = 16;
const DAY = 86_400_000;

/**
 * Where parse caches live: VDE_CACHE_DIR, else `vde` in the user's cache folder
 * ($XDG_CACHE_HOME, else ~/.cache). Never inside a project. Undefined when the user has no home
 * folder to speak of (then nothing is cached).
 */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.VDE_CACHE_DIR) return env.VDE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'vde');
  try {
    return join(homedir(), '.cache', 'vde');
  } catch {
    return undefined;
  }
}

/**
 * The parse cache of one project, for one build of vde and one set of parse settings. Reads its
 * file when opened; `save` writes what this run parsed.
 */
export class ParseCache {
  /** Lines of the file by key, parsed only when asked for. */
  private readonly lines = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly fresh = new Map<string, Fresh>();
  private exists = false;
  /** False when the file's last line was cut short: an append then starts on a line of its own. */
  private endsWithNewline = true;

  private constructor(
    private readonly file: string,
    private readonly header: string,
  ) {}

  /**
   * Opens the cache of the project `projectDir` in the folder `dir` (cacheDir) for the build
   * `codeId` and the parse settings `settings` (any JSON value: a different one is a different
   * cache). Never throws; undefined when the settings cannot be written down (then nothing is
   * cached).
   */
  static open(dir: string, projectDir: string, codeId: string, settings: unknown): ParseCache | undefined {
    let header: string | undefined;
    try {
      header = exactJson({ format: FORMAT, code: codeId, settings });
    } catch {
      header = undefined;
    }
    // Settings JSON cannot write down exactly (a Map, an undefined value) might differ unseen.
    if (header === undefined) return undefined;
    // One file per project folder and header: `parse-<project>-<header>.log`.
    const cache = new ParseCache(join(dir, `parse-${sha(projectDir).slice(0, 16)}-${sha(header).slice(0, 16)}.log`), header);
    let text: string;
    try {
      text = readFileSync(cache.file, 'utf8');
    } catch {
      return cache; // no cache yet: everything is parsed
    }
    const lines = text.split('\n');
    // The header in full, not just the name's hash of it: a collision must not serve a parse.
    if (lines[0] !== header) return cache;
    cache.exists = true;
    cache.endsWithNewline = text.endsWith('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.length > KEY + SUM + 2) cache.lines.set(line.slice(0, KEY), line);
    }
    return cache;
  }

  /** True when a parse of `text` may be stored: it read no clock (time macros, Jinja) and no other file. */
  static storable(text: string, model: Model): boolean {
    return model.kind.name !== 'SEED' && !readsClock(model) && !/JINJA_/i.test(text);
  }

  /** The key of the file `file` (absolute) named `relativeFile` in the project, holding `text`. */
  static key(file: string, relativeFile: string, text: string): string {
    return sha(`${file}\0${relativeFile}\0${text}`);
  }

  /** The cached parse under `key` (ParseCache.key) of the file `file` with `text`, if any. */
  get(key: string, file: string, text: string): CachedParse | undefined {
    const line = this.lines.get(key);
    if (line === undefined) return undefined;
    const json = line.slice(KEY + SUM + 2);
    let entry: [Model, StoredToken[][]];
    try {
      if (line.slice(KEY + 1, KEY + 1 + SUM) !== sha(json).slice(0, SUM)) return undefined;
      entry = JSON.parse(json) as [Model, StoredToken[][]];
    } catch {
      return undefined;
    }
    this.used.add(key);
    const [model, stored] = entry;
    // Stored as empty strings, in their places: the model's fields keep the parser's order.
    model.file = file;
    model.source = text;
    return { model, candidates: stored.map((c) => c.map(([type, text, start, end, line]) => ({ type, text, start, end, line }))) };
  }

  /** Stores a fresh parse under `key` (call before the loader changes the model). */
  put(key: string, model: Model, candidates: Token[][]): void {
    this.fresh.set(key, { model, audits: model.audits, candidates });
  }

  /**
   * Writes this run's parses: appended to the file, or the file rewritten with the entries this
   * run used when more than half of it is stale (edited or deleted files). Removes cache files of
   * other builds or settings. Never throws: a cache that cannot be written is simply not there
   * next time.
   */
  save(): void {
    const stale = this.lines.size - this.used.size;
    if (this.fresh.size === 0 && stale <= this.used.size) return;
    try {
      const added: string[] = [];
      for (const [key, f] of this.fresh) {
        const json = exactJson([stored(f), f.candidates.map((c) => c.map((t): StoredToken => [t.type, t.text, t.start, t.end, t.line]))]);
        // A parse JSON cannot give back as it is (an undefined value, say) is parsed every time.
        if (json !== undefined) added.push(`${key} ${sha(json).slice(0, SUM)} ${json}\n`);
      }
      mkdirSync(join(this.file, '..'), { recursive: true });
      if (this.exists && stale <= this.used.size + this.fresh.size) {
        appendFileSync(this.file, (this.endsWithNewline ? '' : '\n') + added.join(''));
        return;
      }
      const kept = [...this.used].map((key) => `${this.lines.get(key)!}\n`);
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${this.header}\n${kept.join('')}${added.join('')}`);
      // Atomic: a concurrent run reads the old file or the new one, never half of one.
      renameSync(tmp, this.file);
      removeOthers(join(this.file, '..'), this.file);
    } catch {
      // A read-only cache folder, a full disk: the next run parses again.
    }
  }
}

/**
 * `value` as JSON, or undefined when JSON.parse would not give it back as it is: an undefined
 * value (dropped from objects: `{ x: undefined }` comes back as `{}`, which fingerprints
 * differently), a number that is not finite, anything but plain objects, arrays, strings,
 * booleans and null.
 */
function exactJson(value: unknown): string | undefined {
  let exact = true;
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key]; // before toJSON (a Date is a string by now)
    if (original === undefined || typeof original === 'function' || typeof original === 'symbol') exact = false;
    else if (typeof original === 'number' && !Number.isFinite(original)) exact = false;
    else if (typeof original === 'object' && original !== null && !Array.isArray(original) && Object.getPrototypeOf(original) !== Object.prototype) exact = false;
    return v;
  });
  return exact ? json : undefined;
}

/** The model as the parser returned it, without what the loader and the core add later. */
function stored(f: Fresh): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.model)) {
    if (k === 'schedule' || k === 'analysis') continue; // set after the parse, on every run
    if (k === 'file' || k === 'source') out[k] = ''; // the loader has them at hand
    else if (k === 'references' || k === 'parents') out[k] = [];
    else if (k === 'audits') out[k] = f.audits;
    else out[k] = v;
  }
  return out;
}

/**
 * The project's cache files of other builds or settings, once no run may still use them (an
 * hour), and any project's not written for 30 days (a project deleted or moved).
 */
function removeOthers(dir: string, keep: string): void {
  const now = Date.now();
  const project = keep.slice(dir.length + 1).slice(0, 'parse-'.length + 16);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !/^parse-[0-9a-f]{16}-[0-9a-f]{16}\.log(\.\d+\.tmp)?$/.test(name)) continue;
    try {
      const age = now - statSync(path).mtimeMs;
      if ((name.startsWith(project) && age > DAY / 24) || age > 30 * DAY) unlinkSync(path);
    } catch {
      // Removed by another run meanwhile.
    }
  }
}
