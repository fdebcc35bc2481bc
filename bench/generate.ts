// Generates layered vde projects on disk for the benchmark.
//
// Layer 0 models read `generate_series` (no seeds, so no CSV loading is measured); every later
// model reads 1-3 models of the previous layer, picked near its own position (real DAGs are
// local: a staging model feeds a few marts, not all of them):
//   1 parent  -> a projection over it
//   2 parents -> an inner join on `id`
//   3 parents -> UNION ALL of the three, aggregated per `id`
// Every query ends in a filter `<alias>.id > 0`; the benchmark's breaking edit turns it into
// `id > 1`, which changes the rows (one fewer), so the model and all its descendants rebuild.
import { mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GenerateOptions {
  layers: number;
  perLayer: number;
  /** Rows each layer-0 model produces. */
  rows: number;
  /** Kind of every model: 'mixed' = FULL with a VIEW every `viewEvery`-th model of layers >= 1. */
  kinds: 'mixed' | 'views';
  viewEvery?: number;
  /** Connection URL written into vde.yaml (the benchmark passes its own engine anyway). */
  url: string;
  seed?: number;
  /** Write every model in this SQL dialect (`dialect duckdb` in the header, DuckDB-only syntax). */
  dialect?: 'duckdb';
}

export interface GeneratedProject {
  dir: string;
  models: number;
  views: number;
  /** The mid-DAG model the benchmark edits, and its file (relative to `dir`). */
  changed: { name: string; file: string };
  /** Applies a breaking edit to `changed` (`id > 0` becomes `id > step`; each step is a new version). */
  breakIt(step?: number): void;
  /** Undoes `breakIt`. */
  restore(): void;
  cleanup(): void;
}

/** Small deterministic PRNG (mulberry32): the same options always give the same project. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function schemaOf(layer: number): string {
  return `l${pad(layer, 2)}`;
}

export function tableOf(index: number): string {
  return `m${pad(index, 4)}`;
}

function modelName(layer: number, index: number): string {
  return `${schemaOf(layer)}.${tableOf(index)}`;
}

// DuckDB's dialect: a trailing comma before FROM and its STRING type (sqlmesh init writes both).
const duck = (dialect: string | undefined, postgres: string, duckdb: string) => (dialect === 'duckdb' ? duckdb : postgres);

function layer0Query(index: number, rows: number, dialect?: string): string {
  return (
    `SELECT g AS id, g % 17 AS k, (g * 7 + ${index}) % 1000 AS v, 'row ' || ${duck(dialect, 'g AS label', 'CAST(g AS STRING) AS label,')}\n` +
    `FROM generate_series(1, ${rows}) AS g\n` +
    `WHERE g > 0\n`
  );
}

// `salt` (the model's index) keeps two models with the same parents from having the same query:
// vde's fingerprint hashes the query and the parents but not the model's name (see README).
function layerQuery(parents: string[], salt: number, dialect?: string): string {
  const [a, b, c] = parents;
  const comma = duck(dialect, '', ',');
  if (parents.length === 1) {
    return `SELECT a.id, a.k, (a.v * 3 + ${salt}) % 1000 AS v, a.label${comma}\nFROM ${a} AS a\nWHERE a.id > 0\n`;
  }
  if (parents.length === 2) {
    return (
      `SELECT a.id, a.k, (a.v + b.v + ${salt}) % 1000 AS v, a.label${comma}\n` +
      `FROM ${a} AS a\nJOIN ${b} AS b ON b.id = a.id\nWHERE a.id > 0\n`
    );
  }
  return (
    `SELECT u.id, min(u.k) AS k, (sum(u.v) + ${salt}) % 1000 AS v, min(u.label) AS label${comma}\n` +
    `FROM (\n  SELECT id, k, v, label FROM ${a}\n  UNION ALL SELECT id, k, v, label FROM ${b}\n  UNION ALL SELECT id, k, v, label FROM ${c}\n) AS u\n` +
    `WHERE u.id > 0\nGROUP BY u.id\n`
  );
}

export function generateProject(opts: GenerateOptions): GeneratedProject {
  const dir = mkdtempSync(join(tmpdir(), 'vde-bench-project-'));
  const random = prng(opts.seed ?? 42);
  const viewEvery = opts.viewEvery ?? 25;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'vde.yaml',
    `connection:\n  type: postgres\n  url: ${opts.url}\nmodels: models\nstate_schema: vde_state\nenvironment_ttl: 7d\nsnapshot_ttl: 7d\n`,
  );

  let views = 0;
  const fileOf = (layer: number, index: number) => `models/${schemaOf(layer)}/${tableOf(index)}.sql`;
  for (let layer = 0; layer < opts.layers; layer++) {
    for (let index = 0; index < opts.perLayer; index++) {
      const isView = opts.kinds === 'views' || (layer > 0 && index % viewEvery === viewEvery - 1);
      if (isView) views++;
      const kind = isView ? 'VIEW' : 'FULL';
      let query: string;
      if (layer === 0) query = layer0Query(index, opts.rows, opts.dialect);
      else {
        const count = 1 + Math.floor(random() * 3);
        const picked = new Set<number>();
        while (picked.size < Math.min(count, opts.perLayer)) {
          const offset = Math.floor(random() * 5) - 2;
          picked.add((index + offset + opts.perLayer) % opts.perLayer);
        }
        query = layerQuery([...picked].sort((x, y) => x - y).map((i) => modelName(layer - 1, i)), index, opts.dialect);
      }
      const grain = kind === 'FULL' ? ', grain id' : '';
      const dialect = opts.dialect ? `, dialect ${opts.dialect}` : '';
      write(fileOf(layer, index), `MODEL (name ${modelName(layer, index)}, kind ${kind}${grain}${dialect});\n\n${query}`);
    }
  }

  const midLayer = Math.floor(opts.layers / 2);
  const midIndex = Math.floor(opts.perLayer / 2);
  const changedFile = fileOf(midLayer, midIndex);
  const original = readFileSync(join(dir, changedFile), 'utf8');
  return {
    dir,
    models: opts.layers * opts.perLayer,
    views,
    changed: { name: modelName(midLayer, midIndex), file: changedFile },
    breakIt(step = 1) {
      const edited = original.replace(/(\w+)\.id > 0/, `$1.id > ${step}`).replace(/WHERE g > 0/, `WHERE g > ${step}`);
      if (edited === original) throw new Error(`breaking edit of ${changedFile} changed nothing`);
      writeFileSync(join(dir, changedFile), edited);
    },
    restore() {
      writeFileSync(join(dir, changedFile), original);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
