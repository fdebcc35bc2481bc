// The parse cache (src/project/parse-cache.ts): a project loaded from it is the project parsed
// afresh, to the field; an entry is served only for the same text, path, settings and build; what
// reads the clock or another file is never stored; a damaged cache is a miss, never an error.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject, type LoadOptions } from '../../src/project/loader';
import type { Project } from '../../src/project/types';
import { tempProject } from './helpers';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
// A fresh cache folder per test (never the user's own).
let CACHE = '';
beforeEach(() => {
  CACHE = mkdtempSync(join(tmpdir(), 'vde-parse-cache-dir-'));
});
const BUILD: LoadOptions = {
  get parseCache() {
    return { dir: CACHE, codeId: 'test-build-1' };
  },
};

/** A copy of a checked-in project in a temporary folder (the cache is written inside it). */
function copyOf(dir: string): string {
  const to = mkdtempSync(join(tmpdir(), 'vde-parse-cache-'));
  cpSync(dir, to, { recursive: true, filter: (src) => !src.includes(`${'/'}.vde`) });
  return to;
}

/** The cache files of the project `dir`, and never anything in the project folder itself. */
function cacheFiles(dir: string): string[] {
  expect(existsSync(join(dir, '.vde'))).toBe(false);
  return existsSync(CACHE) && statSync(CACHE).isDirectory() ? readdirSync(CACHE).map((f) => join(CACHE, f)) : [];
}

/** The cache's entries: line → [key, sum, model JSON]. */
function entries(dir: string): { file: string; lines: string[] } {
  const [file] = cacheFiles(dir);
  if (!file) throw new Error('no cache file');
  return { file, lines: readFileSync(file, 'utf8').split('\n') };
}

/** Everything the loader produced, as comparable data. */
function shape(p: Project): unknown {
  return { models: [...p.models], order: p.order, children: [...p.children], disabled: p.disabled, refused: p.refused };
}

/**
 * Rewrites the cache entry of `model` with `edit` applied to its stored model, with a valid
 * checksum: a load that then shows the edit read the entry.
 */
async function tamper(dir: string, model: string, edit: (m: Record<string, unknown>) => void): Promise<void> {
  const { sha256Hex } = await import('../../src/hash');
  const { file, lines } = entries(dir);
  let found = false;
  const out = lines.map((line, i) => {
    if (i === 0 || line === '') return line;
    const json = line.slice(82);
    const entry = JSON.parse(json) as [Record<string, unknown>, unknown];
    if (entry[0].name !== model) return line;
    found = true;
    edit(entry[0]);
    const again = JSON.stringify(entry);
    return `${line.slice(0, 64)} ${sha256Hex(again).slice(0, 16)} ${again}`;
  });
  if (!found) throw new Error(`no cache entry for ${model}`);
  writeFileSync(file, out.join('\n'));
}

const PROJECTS = ['examples', 'examples/sqlmesh', 'test/fixtures/sqlmesh-duckdb', 'test/fixtures/sqlmesh-external', 'test/fixtures/sqlmesh-jinja', 'test/fixtures/sqlmesh-shop'];

describe('parse cache: a cached load is the fresh load', () => {
  it.each(PROJECTS)('%s: without cache, writing it, reading it back: the same project', async (rel) => {
    const dir = copyOf(join(ROOT, rel));
    const fresh = await loadProject(dir, {});
    expect(cacheFiles(dir)).toEqual([]);
    const writing = await loadProject(dir, {}, BUILD);
    // One file, or none where every model uses macros, Jinja or seeds (nothing storable).
    expect(cacheFiles(dir).length).toBeLessThanOrEqual(1);
    const reading = await loadProject(dir, {}, BUILD);
    expect(shape(writing)).toStrictEqual(shape(fresh));
    expect(shape(reading)).toStrictEqual(shape(fresh));
    // Field order too (JSON output of models follows it).
    for (const [name, m] of reading.models) expect(Object.keys(m)).toEqual(Object.keys(fresh.models.get(name)!));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second load reads the entries (a tampered entry shows), a changed file is parsed again', async () => {
    const dir = copyOf(join(ROOT, 'examples'));
    await loadProject(dir, {}, BUILD);
    await tamper(dir, 'stg.customers', (m) => (m.description = 'from the cache'));
    expect((await loadProject(dir, {}, BUILD)).models.get('stg.customers')!.description).toBe('from the cache');
    // Any change to the file's text is another key: parsed, not served.
    const file = join(dir, 'models/staging/stg_customers.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    expect((await loadProject(dir, {}, BUILD)).models.get('stg.customers')!.description).not.toBe('from the cache');
  });

  it('another build of vde or another place: the entries are not read', async () => {
    const dir = copyOf(join(ROOT, 'examples'));
    await loadProject(dir, {}, BUILD);
    await tamper(dir, 'stg.customers', (m) => (m.description = 'from the cache'));
    const description = async (d: string, o: LoadOptions) => (await loadProject(d, {}, o)).models.get('stg.customers')!.description;
    expect(await description(dir, BUILD)).toBe('from the cache');
    expect(await description(dir, { parseCache: { dir: CACHE, codeId: 'test-build-2' } })).not.toBe('from the cache');
    // Its own cache file is still there for the first build.
    expect(await description(dir, BUILD)).toBe('from the cache');
    // The same files in another folder (the project folder and absolute paths are part of the key).
    const moved = mkdtempSync(join(tmpdir(), 'vde-parse-cache-moved-'));
    cpSync(dir, moved, { recursive: true });
    expect(await description(moved, BUILD)).not.toBe('from the cache');
  });

  it.each([
    ['a variable', 'min_id: 1', 'min_id: 2'],
    ['a model default', 'dialect: duckdb', 'dialect: postgres'],
    ['the gateway', 'default_gateway: one', 'default_gateway: two'],
  ])('config.yaml: %s is part of the settings', async (_what, from, to) => {
    const gateway = '    connection:\n      type: postgres\n      host: localhost\n';
    const dir = tempProject({
      'config.yaml': `gateways:\n  one:\n${gateway}  two:\n${gateway}default_gateway: one\nmodel_defaults:\n  dialect: duckdb\nvariables:\n  min_id: 1\n`,
      'models/a.sql': 'MODEL (name s.a, kind VIEW);\nSELECT 1 AS id\n',
    });
    await loadProject(dir, {}, BUILD);
    await tamper(dir, 's.a', (m) => (m.description = 'from the cache'));
    expect((await loadProject(dir, {}, BUILD)).models.get('s.a')!.description).toBe('from the cache');
    const config = readFileSync(join(dir, 'config.yaml'), 'utf8');
    expect(config).toContain(from);
    writeFileSync(join(dir, 'config.yaml'), config.replace(from, to));
    expect((await loadProject(dir, {}, BUILD)).models.get('s.a')!.description).toBeUndefined();
  });
});

describe('parse cache: what is never stored', () => {
  it('nothing, when the settings cannot be written down exactly (a variable of .inf would read back as null)', async () => {
    const dir = tempProject({
      'config.yaml': 'gateways:\n  one:\n    connection:\n      type: postgres\n      host: localhost\nvariables:\n  big: .inf\n',
      'models/a.sql': 'MODEL (name s.a, kind VIEW);\nSELECT 1 AS id\n',
    });
    const fresh = shape(await loadProject(dir, {}));
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(fresh);
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('models that read the clock (time macros, Jinja) or another file (seeds); other macros are stored', async () => {
    const dir = tempProject({
      'vde.yaml': 'connection:\n  type: postgres\n  url: postgres://localhost/x\nmodels: models\n',
      'models/plain.sql': 'MODEL (name s.plain, kind VIEW);\nSELECT 1 AS id\n',
      'models/macro.sql': "MODEL (name s.macro, kind VIEW);\nSELECT @start_ds AS day\n",
      // The time macro only in a @DEF and a post-statement: still the clock.
      'models/post.sql': "MODEL (name s.post, kind VIEW);\n@DEF(day, @execution_ds);\nSELECT 1 AS id;\nINSERT INTO s.post_log VALUES (@day);\n",
      'models/var.sql': "MODEL (name s.var, kind VIEW);\n@DEF(k, 2);\nSELECT @k AS k, @gateway AS g\n",
      // A variable config.yaml does not set: its undefined value would not come back from JSON.
      'models/unset.sql': "MODEL (name s.unset, kind VIEW);\nSELECT @VAR('min_id', 0) AS m\n",
      'models/jinja.sql': 'MODEL (name s.jinja, kind VIEW);\nJINJA_QUERY_BEGIN;\nSELECT {{ 1 + 1 }} AS two\nJINJA_END;\n',
      'models/seed.sql': "MODEL (name s.seed, kind SEED (path 'seed.csv'));\n",
      'models/seed.csv': 'id\n1\n',
    });
    const fresh = await loadProject(dir, {});
    await loadProject(dir, {}, BUILD);
    const stored = entries(dir).lines.slice(1).filter(Boolean).map((l) => (JSON.parse(l.slice(82)) as [{ name: string }])[0].name);
    expect(stored).toEqual(['s.plain', 's.var']);
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(shape(fresh));
    // The seed's rows change without its model file changing: the next load sees them.
    writeFileSync(join(dir, 'models/seed.csv'), 'id\n1\n2\n');
    const after = await loadProject(dir, {}, BUILD);
    expect(after.models.get('s.seed')!.seedHash).not.toBe(fresh.models.get('s.seed')!.seedHash);
  });

  it('a model file with an error is not stored, and fails the same way every time', async () => {
    const dir = tempProject({
      'vde.yaml': 'connection:\n  type: postgres\n  url: postgres://localhost/x\nmodels: models\n',
      'models/bad.sql': 'MODEL (name s.bad, kind VIEW, colour red);\nSELECT 1 AS id\n',
    });
    for (let i = 0; i < 2; i++) await expect(loadProject(dir, {}, BUILD)).rejects.toThrow(/colour/);
    expect(cacheFiles(dir)).toEqual([]);
  });
});

describe('parse cache: damage is a miss', () => {
  it('a cut-off or altered line is parsed again; appends after a cut-off line still work', async () => {
    const dir = copyOf(join(ROOT, 'examples'));
    const fresh = shape(await loadProject(dir, {}));
    await loadProject(dir, {}, BUILD);
    const { file, lines } = entries(dir);
    // One line altered without its checksum (a byte flipped), the last one cut in half.
    const body = lines.slice(1).filter(Boolean);
    body[0] = body[0]!.replace('"name":"', '"name":"x');
    body[body.length - 1] = body[body.length - 1]!.slice(0, 200);
    writeFileSync(file, `${lines[0]}\n${body.join('\n')}`);
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(fresh);
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(fresh);
    // Garbage and a foreign header: ignored.
    appendFileSync(file, '\nnot a cache line at all\n');
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(fresh);
    writeFileSync(file, '{"format":0}\n');
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(fresh);
  });

  it('a cache that cannot be written: the load works and nothing is left behind', async () => {
    const dir = copyOf(join(ROOT, 'examples'));
    rmSync(CACHE, { recursive: true });
    writeFileSync(CACHE, 'a file where the cache folder would be');
    const fresh = shape(await loadProject(dir, {}));
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(fresh);
    expect(readFileSync(CACHE, 'utf8')).toBe('a file where the cache folder would be');
  });

  it('a cache file inside the project (committed, or put there by a pull request) is never read', async () => {
    const dir = copyOf(join(ROOT, 'examples'));
    await loadProject(dir, {}, BUILD);
    await tamper(dir, 'stg.customers', (m) => (m.description = 'from the cache'));
    const [file] = cacheFiles(dir);
    // The same file, with its tampered entry, where a project-local cache would be.
    const planted = CACHE;
    CACHE = join(dir, '.vde', 'cache');
    cpSync(planted, CACHE, { recursive: true });
    expect(readdirSync(CACHE)).toEqual([file!.slice(planted.length + 1)]);
    CACHE = mkdtempSync(join(tmpdir(), 'vde-parse-cache-dir-'));
    expect((await loadProject(dir, {}, BUILD)).models.get('stg.customers')!.description).not.toBe('from the cache');
  });
});

describe('parse cache: the file tracks the project', () => {
  it('is appended to for new files and rewritten once most of it is stale', async () => {
    const files: Record<string, string> = { 'vde.yaml': 'connection:\n  type: postgres\n  url: postgres://localhost/x\nmodels: models\n' };
    for (let i = 0; i < 10; i++) files[`models/m${i}.sql`] = `MODEL (name s.m${i}, kind VIEW);\nSELECT ${i} AS id\n`;
    const dir = tempProject(files);
    await loadProject(dir, {}, BUILD);
    const count = () => entries(dir).lines.slice(1).filter(Boolean).length;
    expect(count()).toBe(10);
    // Unchanged: not written at all.
    const before = readFileSync(entries(dir).file, 'utf8');
    await loadProject(dir, {}, BUILD);
    expect(readFileSync(entries(dir).file, 'utf8')).toBe(before);
    // Two edited files: two lines appended (the old ones stay until compaction).
    for (const i of [0, 1]) writeFileSync(join(dir, `models/m${i}.sql`), `MODEL (name s.m${i}, kind VIEW);\nSELECT ${i} + 100 AS id\n`);
    await loadProject(dir, {}, BUILD);
    expect(count()).toBe(12);
    // Most files gone: rewritten with the three left.
    for (let i = 3; i < 10; i++) rmSync(join(dir, `models/m${i}.sql`));
    const p = await loadProject(dir, {}, BUILD);
    expect(p.models.size).toBe(3);
    expect(count()).toBe(3);
    expect(shape(await loadProject(dir, {}, BUILD))).toStrictEqual(shape(await loadProject(dir, {})));
  });
});
