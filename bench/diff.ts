// Table-diff benchmark on Postgres: two 1,000,000-row tables (1% changed, 0.5% added, 0.5% removed).
// Times vde's diffModels against
//   (a) the lower bound: one `SELECT count(*)` over the same FULL OUTER JOIN, and
//   (b) the naive way: fetch both tables into Node and compare them in memory.
// Targets: ours ≤ 2× the lower bound, and ≥ 10× faster than naive.
//
// Alone: VDE_BENCH_DATABASE_URL=postgres://... node --import tsx bench/diff.ts
// It creates (and drops at the end) the schemas vde_bench_diff_a and vde_bench_diff_b.

import { pathToFileURL } from 'node:url';
import { createEngine } from '../src/engines/index';
import type { Engine, Relation } from '../src/engines/types';
import { diffModels } from '../src/diff/table-diff';
import type { ModelDiff } from '../src/diff/types';

export interface DiffBenchResult {
  rows: number;
  /** diffModels without samples, default (full) key check: schema, 2 key aggregates, the join aggregate. */
  ours_ms: number;
  /** diffModels without samples, `keyCheck: 'fast'` (key validated by the join aggregate + row counts). */
  oursFast_ms: number;
  /** diffModels with 5 samples per category (adds the bounded sample queries). */
  oursWithSamples_ms: number;
  lowerBound_ms: number;
  naive_ms: number;
  /** ours / lowerBound (target ≤ 2). */
  ratioToLowerBound: number;
  ratioFastToLowerBound: number;
  /** naive / ours (target ≥ 10). */
  speedupOverNaive: number;
  speedupFastOverNaive: number;
  counts: ModelDiff['rows'];
}

const ROWS = 1_000_000;
const SCHEMA_A = 'vde_bench_diff_a';
const SCHEMA_B = 'vde_bench_diff_b';

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function setup(engine: Engine, rows: number): Promise<{ a: Relation; b: Relation }> {
  const d = engine.dialect;
  const a: Relation = { schema: SCHEMA_A, name: 'orders' };
  const b: Relation = { schema: SCHEMA_B, name: 'orders' };
  for (const s of [SCHEMA_A, SCHEMA_B]) {
    await engine.query(`DROP TABLE IF EXISTS ${d.quoteIdentifier(s)}.${d.quoteIdentifier('orders')}`);
    await engine.query(`CREATE SCHEMA IF NOT EXISTS ${d.quoteIdentifier(s)}`);
  }
  const removed = Math.round(rows * 0.005);
  const added = Math.round(rows * 0.005);
  // from: ids 1..rows. to: ids removed+1..rows+added; every 100th id has a different amount (1%).
  await engine.query(
    `CREATE TABLE ${d.qualify(a)} AS
     SELECT g::bigint AS id, 'customer_' || (g % 5000) AS customer, (g % 997)::numeric(12,2) AS amount,
            DATE '2024-01-01' + (g % 365) AS ordered_on, (g % 3 = 0) AS shipped
       FROM generate_series(1, ${rows}) g`,
  );
  await engine.query(
    `CREATE TABLE ${d.qualify(b)} AS
     SELECT g::bigint AS id, 'customer_' || (g % 5000) AS customer,
            (CASE WHEN g % 100 = 0 THEN (g % 997) + 1 ELSE g % 997 END)::numeric(12,2) AS amount,
            DATE '2024-01-01' + (g % 365) AS ordered_on, (g % 3 = 0) AS shipped
       FROM generate_series(${removed + 1}, ${rows + added}) g`,
  );
  await engine.query(`ANALYZE ${d.qualify(a)}`);
  await engine.query(`ANALYZE ${d.qualify(b)}`);
  return { a, b };
}

async function naive(engine: Engine, a: Relation, b: Relation): Promise<{ added: number; removed: number; changed: number }> {
  const d = engine.dialect;
  const [fromRows, toRows] = await Promise.all([
    engine.query<Record<string, unknown>>(`SELECT * FROM ${d.qualify(a)}`),
    engine.query<Record<string, unknown>>(`SELECT * FROM ${d.qualify(b)}`),
  ]);
  const byId = new Map<string, Record<string, unknown>>();
  for (const r of fromRows.rows) byId.set(String(r.id), r);
  let added = 0;
  let changed = 0;
  const cols = fromRows.fields.map((f) => f.name).filter((c) => c !== 'id');
  const same = (x: unknown, y: unknown) =>
    x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y;
  for (const r of toRows.rows) {
    const id = String(r.id);
    const f = byId.get(id);
    if (!f) {
      added++;
      continue;
    }
    byId.delete(id);
    if (cols.some((c) => !same(f[c], r[c]))) changed++;
  }
  return { added, removed: byId.size, changed };
}

export async function benchDiff(url: string, opts: { rows?: number; repeat?: number; log?: (line: string) => void } = {}): Promise<DiffBenchResult> {
  const rows = opts.rows ?? ROWS;
  const repeat = opts.repeat ?? 3;
  const log = opts.log ?? ((line: string) => console.log(line));
  const engine = await createEngine({ type: 'postgres', url });
  try {
    const d = engine.dialect;
    log(`diff bench: building two ${rows.toLocaleString('en-US')}-row tables ...`);
    const { a, b } = await setup(engine, rows);
    const target = { model: 'bench.orders', category: 'breaking' as const, from: a, to: b, on: ['id'] };
    const id = d.quoteIdentifier('id');
    const lowerSql = `SELECT count(*) AS n FROM ${d.qualify(a)} f FULL OUTER JOIN ${d.qualify(b)} t ON f.${id} = t.${id}`;

    // Warm the cache once with each, then take medians.
    await engine.query(lowerSql);
    const first = await diffModels(engine, 'a', 'b', [target], { samples: 0 });
    const ours: number[] = [];
    const fast: number[] = [];
    const lower: number[] = [];
    const withSamples: number[] = [];
    for (let i = 0; i < repeat; i++) {
      lower.push((await time(() => engine.query(lowerSql))).ms);
      ours.push((await time(() => diffModels(engine, 'a', 'b', [target], { samples: 0 }))).ms);
      fast.push((await time(() => diffModels(engine, 'a', 'b', [target], { samples: 0, keyCheck: 'fast' }))).ms);
      withSamples.push((await time(() => diffModels(engine, 'a', 'b', [target], { samples: 5 }))).ms);
    }
    const nv = await time(() => naive(engine, a, b));
    const counts = (first.models[0] as ModelDiff).rows;
    if (nv.value.added !== counts.added || nv.value.removed !== counts.removed || nv.value.changed !== counts.changed) {
      throw new Error(`naive and vde disagree: naive ${JSON.stringify(nv.value)}, vde ${JSON.stringify(counts)}`);
    }
    const result: DiffBenchResult = {
      rows,
      ours_ms: Math.round(median(ours)),
      oursFast_ms: Math.round(median(fast)),
      oursWithSamples_ms: Math.round(median(withSamples)),
      lowerBound_ms: Math.round(median(lower)),
      naive_ms: Math.round(nv.ms),
      ratioToLowerBound: Math.round((100 * median(ours)) / median(lower)) / 100,
      ratioFastToLowerBound: Math.round((100 * median(fast)) / median(lower)) / 100,
      speedupOverNaive: Math.round((10 * nv.ms) / median(ours)) / 10,
      speedupFastOverNaive: Math.round((10 * nv.ms) / median(fast)) / 10,
      counts,
    };
    log(`diff bench: ${JSON.stringify(counts)}`);
    log(
      `diff bench: ours ${result.ours_ms} ms (keyCheck fast ${result.oursFast_ms} ms; with 5 samples ${result.oursWithSamples_ms} ms), ` +
        `lower bound ${result.lowerBound_ms} ms, naive ${result.naive_ms} ms`,
    );
    log(
      `diff bench: ours/lower bound = ${result.ratioToLowerBound}× (fast ${result.ratioFastToLowerBound}×; target ≤ 2×), ` +
        `naive/ours = ${result.speedupOverNaive}× (fast ${result.speedupFastOverNaive}×; target ≥ 10×)`,
    );
    for (const s of [SCHEMA_A, SCHEMA_B]) {
      await engine.query(`DROP TABLE IF EXISTS ${d.quoteIdentifier(s)}.${d.quoteIdentifier('orders')}`);
      await engine.query(`DROP SCHEMA IF EXISTS ${d.quoteIdentifier(s)}`);
    }
    return result;
  } finally {
    await engine.close();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const url = process.env.VDE_BENCH_DATABASE_URL;
  if (!url) {
    console.error('set VDE_BENCH_DATABASE_URL to a Postgres database the benchmark may write to');
    process.exit(2);
  }
  benchDiff(url).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
