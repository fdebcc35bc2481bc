// Table-diff benchmark on Postgres: two 1,000,000-row tables (1% changed, 0.5% added, 0.5% removed).
// Times vde's diffModels against
//   (a) the lower bound: one `SELECT count(*)` over the same FULL OUTER JOIN, and
//   (b) the naive way: fetch both tables into Node (same driver, both at once) and compare them
//       in a Map.
// Targets: ours ≤ 2× the lower bound, and ≥ 10× faster than naive.
// Both baselines run with the same transaction-local session settings as the diff's heavy
// statements (src/diff/session.ts), so the comparison stays fair. Every measure is the median of
// `repeat` (≥ 3) interleaved rounds: lower bound, ours, ours with samples, naive, in turn.
//
// Alone: VDE_BENCH_DATABASE_URL=postgres://... node --import tsx bench/diff.ts
// It creates (and drops at the end) the schemas vde_bench_diff_a and vde_bench_diff_b.

import { pathToFileURL } from 'node:url';
import { createEngine } from '../src/engines/index';
import type { Engine, QueryResult, Relation } from '../src/engines/types';
import { diffSessionSettings } from '../src/diff/session';
import { diffModels } from '../src/diff/table-diff';
import type { ModelDiff } from '../src/diff/types';

export interface DiffBenchResult {
  rows: number;
  /** diffModels without samples: schema, the join aggregate with 2 row counts (key check included). */
  ours_ms: number;
  /** diffModels with 5 samples per category (adds one sample statement). */
  oursWithSamples_ms: number;
  lowerBound_ms: number;
  naive_ms: number;
  /** ours / lowerBound (target ≤ 2). */
  ratioToLowerBound: number;
  /** naive / ours (target ≥ 10). */
  speedupOverNaive: number;
  /** The session settings applied to ours and to both baselines. */
  settings: string[];
  counts: ModelDiff['rows'];
  line: string;
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

/** Runs `sql` with the diff's session settings (as the diff's heavy statements run). */
function withSettings(engine: Engine, sql: string): Promise<QueryResult> {
  const settings = diffSessionSettings(engine);
  if (settings.length === 0) return engine.query(sql);
  return engine.transaction(async (tx) => {
    await tx.query(settings.join(';\n'));
    return tx.query(sql);
  });
}

async function naive(engine: Engine, a: Relation, b: Relation): Promise<{ added: number; removed: number; changed: number }> {
  const d = engine.dialect;
  const [fromRows, toRows] = await Promise.all([
    withSettings(engine, `SELECT * FROM ${d.qualify(a)}`),
    withSettings(engine, `SELECT * FROM ${d.qualify(b)}`),
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
  const repeat = Math.max(3, opts.repeat ?? 3);
  const log = opts.log ?? ((line: string) => console.log(line));
  const engine = await createEngine({ type: 'postgres', url });
  try {
    const d = engine.dialect;
    log(`diff bench: building two ${rows.toLocaleString('en-US')}-row tables ...`);
    const { a, b } = await setup(engine, rows);
    const target = { model: 'bench.orders', category: 'breaking' as const, from: a, to: b, on: ['id'] };
    const id = d.quoteIdentifier('id');
    const lowerSql = `SELECT count(*) AS n FROM ${d.qualify(a)} f FULL OUTER JOIN ${d.qualify(b)} t ON f.${id} = t.${id}`;

    const settings = diffSessionSettings(engine);

    // Warm the cache once with each, then take medians of interleaved rounds.
    await withSettings(engine, lowerSql);
    const first = await diffModels(engine, 'a', 'b', [target], { samples: 0 });
    const counts = (first.models[0] as ModelDiff).rows;
    const ours: number[] = [];
    const lower: number[] = [];
    const withSamples: number[] = [];
    const naives: number[] = [];
    for (let i = 0; i < repeat; i++) {
      lower.push((await time(() => withSettings(engine, lowerSql))).ms);
      ours.push((await time(() => diffModels(engine, 'a', 'b', [target], { samples: 0 }))).ms);
      withSamples.push((await time(() => diffModels(engine, 'a', 'b', [target], { samples: 5 }))).ms);
      const nv = await time(() => naive(engine, a, b));
      naives.push(nv.ms);
      if (nv.value.added !== counts.added || nv.value.removed !== counts.removed || nv.value.changed !== counts.changed) {
        throw new Error(`naive and vde disagree: naive ${JSON.stringify(nv.value)}, vde ${JSON.stringify(counts)}`);
      }
      log(
        `diff bench: round ${i + 1}/${repeat}: lower bound ${Math.round(lower[i] as number)} ms, ours ${Math.round(ours[i] as number)} ms, ` +
          `with samples ${Math.round(withSamples[i] as number)} ms, naive ${Math.round(nv.ms)} ms`,
      );
    }
    const ratio = median(ours) / median(lower);
    const speedup = median(naives) / median(ours);
    const verdict = (ok: boolean) => (ok ? 'pass' : 'MISSED');
    const line =
      `ours/lower bound = ${ratio.toFixed(2)}× (target ≤ 2×: ${verdict(ratio <= 2)}), ` +
      `naive/ours = ${speedup.toFixed(1)}× (target ≥ 10×: ${verdict(speedup >= 10)})`;
    const result: DiffBenchResult = {
      rows,
      ours_ms: Math.round(median(ours)),
      oursWithSamples_ms: Math.round(median(withSamples)),
      lowerBound_ms: Math.round(median(lower)),
      naive_ms: Math.round(median(naives)),
      ratioToLowerBound: Math.round(100 * ratio) / 100,
      speedupOverNaive: Math.round(10 * speedup) / 10,
      settings,
      counts,
      line,
    };
    log(`diff bench: ${JSON.stringify(counts)}; session settings for ours and both baselines: ${settings.join('; ') || '(none)'}`);
    log(
      `diff bench (medians of ${repeat}): ours ${result.ours_ms} ms (with 5 samples ${result.oursWithSamples_ms} ms), ` +
        `lower bound ${result.lowerBound_ms} ms, naive ${result.naive_ms} ms`,
    );
    log(`diff bench: ${line}`);
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
