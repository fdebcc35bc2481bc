// Table-diff benchmark on Postgres: two 1,000,000-row tables (1% changed, 0.5% added, 0.5% removed).
// Times vde's diffModels against two lower bounds over the same FULL OUTER JOIN:
//   (a) `SELECT count(*)`: the bare join;
//   (b) one statement that computes added, removed and every per-column changed count: what any
//       one-statement diff must at least do;
// and against (c) the naive way: fetch both tables into Node (same driver, both at once) and
// compare them in a Map.
// Targets: vde with its default samples (5) within 1.3× of (b) and within 2× of (a); ≥ 10× faster
// than (c). The column profile (`auto`: only for tables up to 100,000 rows, so not here) is
// measured on its own line with `profile: 'always'`.
// Every baseline runs in a transaction opened with the diff's own session statements
// (DiffDialect.readOnlySession), so the comparison is fair. The machine may be shared: every measure
// is the median of `repeat` (≥ 3) interleaved rounds, all measures in turn within each round.
//
// Alone: VDE_BENCH_DATABASE_URL=postgres://... node --import tsx bench/diff.ts
// It creates (and drops at the end) the schemas vde_bench_diff_a and vde_bench_diff_b.

import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createEngine } from '../src/engines/index';
import type { Engine, QueryResult, Relation } from '../src/engines/types';
import { diffModels } from '../src/diff/table-diff';
import type { DiffOptions, ModelDiff } from '../src/diff/types';

export interface DiffBenchResult {
  rows: number;
  /** Medians, in ms. */
  countBound_ms: number;
  columnsBound_ms: number;
  /** vde as the CLI runs it by default: 5 samples; the profile is `auto` (skipped above 100,000 rows). */
  ours_ms: number;
  /** vde with 5 samples and `profile: 'always'` (info, no target). */
  oursProfile_ms: number;
  /** vde with no samples and no profile. */
  oursCounts_ms: number;
  naive_ms: number;
  /** ours / columnsBound (target ≤ 1.3) and ours / countBound (target ≤ 2). */
  ratioToColumnsBound: number;
  ratioToCountBound: number;
  /** naive / ours (target ≥ 10). */
  speedupOverNaive: number;
  /** ours / columnsBound in server CPU time, when the server runs on this machine. */
  cpuRatioToColumnsBound?: number;
  settings: string[];
  counts: ModelDiff['rows'];
  lines: string[];
  /** `lines` as one block, for bench/run.ts's report. */
  line: string;
}

const ROWS = 1_000_000;
const SCHEMA_A = 'vde_bench_diff_a';
const SCHEMA_B = 'vde_bench_diff_b';
const COLUMNS = ['customer', 'amount', 'ordered_on', 'shipped'];

/**
 * CPU time of the whole Postgres server, in ms, when it runs on this machine (the throwaway server
 * of `npm run bench`): the postmaster with its reaped children (parallel workers) plus its live
 * children (the backends). On a machine shared with other work, CPU time is the load-independent
 * measure beside wall time. Undefined when /proc cannot tell (another machine, another OS).
 */
function serverCpu(postmaster: number | undefined): number | undefined {
  if (postmaster === undefined) return undefined;
  try {
    const ticks = (pid: number | string, withChildren: boolean) => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    };
    let total = ticks(postmaster, true);
    for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        if (Number(f[1]) === postmaster) total += ticks(pid, false);
      } catch {
        // the process ended meanwhile
      }
    }
    return total * 10; // USER_HZ = 100 on Linux
  } catch {
    return undefined;
  }
}

async function postmasterOf(engine: Engine): Promise<number | undefined> {
  try {
    const pid = Number((await engine.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const parent = Number(f[1]);
    return Number.isInteger(parent) && parent > 1 ? parent : undefined;
  } catch {
    return undefined;
  }
}

let postmaster: number | undefined;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu: number | undefined; value: T }> {
  const c0 = serverCpu(postmaster);
  const t0 = process.hrtime.bigint();
  const value = await fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c1 = serverCpu(postmaster);
  return { ms, cpu: c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined, value };
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

/** Runs `sql` in a transaction opened with the diff's session statements (as the diff runs). */
function asTheDiffRuns(engine: Engine, sql: string): Promise<QueryResult> {
  return engine.transaction(async (tx) => {
    for (const s of engine.dialect.diff.readOnlySession) await tx.query(s);
    return tx.query(sql);
  });
}

async function naive(engine: Engine, a: Relation, b: Relation): Promise<{ added: number; removed: number; changed: number }> {
  const d = engine.dialect;
  const [fromRows, toRows] = await Promise.all([
    asTheDiffRuns(engine, `SELECT * FROM ${d.qualify(a)}`),
    asTheDiffRuns(engine, `SELECT * FROM ${d.qualify(b)}`),
  ]);
  const byId = new Map<string, Record<string, unknown>>();
  for (const r of fromRows.rows) byId.set(String(r.id), r);
  let added = 0;
  let changed = 0;
  const cols = fromRows.fields.map((f) => f.name).filter((c) => c !== 'id');
  const same = (x: unknown, y: unknown) => (x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y);
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

export async function benchDiff(
  url: string,
  opts: { rows?: number; repeat?: number; naive?: boolean; log?: (line: string) => void } = {},
): Promise<DiffBenchResult> {
  const rows = opts.rows ?? ROWS;
  const repeat = Math.max(3, opts.repeat ?? 7);
  const log = opts.log ?? ((line: string) => console.log(line));
  const engine = await createEngine({ type: 'postgres', url });
  try {
    const d = engine.dialect;
    log(`diff bench: building two ${rows.toLocaleString('en-US')}-row tables ...`);
    const { a, b } = await setup(engine, rows);
    const target = { model: 'bench.orders', category: 'breaking' as const, from: a, to: b, on: ['id'] };
    const q = (n: string) => d.quoteIdentifier(n);
    const join = `FROM ${d.qualify(a)} f FULL OUTER JOIN ${d.qualify(b)} t ON f.${q('id')} = t.${q('id')}`;
    const countSql = `SELECT count(*) AS ${q('n')} ${join}`;
    const both = `f.${q('id')} IS NOT NULL AND t.${q('id')} IS NOT NULL`;
    const columnsSql =
      `SELECT SUM(CASE WHEN t.${q('id')} IS NULL THEN 1 ELSE 0 END) AS ${q('removed')},\n` +
      `  SUM(CASE WHEN f.${q('id')} IS NULL THEN 1 ELSE 0 END) AS ${q('added')},\n` +
      COLUMNS.map((c) => `  SUM(CASE WHEN ${both} AND f.${q(c)} IS DISTINCT FROM t.${q(c)} THEN 1 ELSE 0 END) AS ${q(`c_${c}`)}`).join(',\n') +
      `\n${join}`;
    const diff = (o: Partial<DiffOptions>) => diffModels(engine, 'a', 'b', [target], { samples: 5, ...o });

    // Warm the cache once with each, then take medians of interleaved rounds.
    await asTheDiffRuns(engine, countSql);
    const bound = (await asTheDiffRuns(engine, columnsSql)).rows[0] ?? {};
    const first = (await diff({})).models[0] as ModelDiff;
    const counts = first.rows;
    // The bound computes what the diff reports: check they agree, so both measure the same work.
    const amount = first.columns.find((c) => c.name === 'amount')?.changed;
    if (Number(bound.added) !== counts.added || Number(bound.removed) !== counts.removed || Number(bound.c_amount) !== amount) {
      throw new Error(`the lower bound and vde disagree: ${JSON.stringify(bound)} vs ${JSON.stringify(counts)}`);
    }
    postmaster = await postmasterOf(engine);
    type Key = 'count' | 'columns' | 'ours' | 'profile' | 'counts' | 'naive';
    const wall: Record<Key, number[]> = { count: [], columns: [], ours: [], profile: [], counts: [], naive: [] };
    const cpu: Record<Key, number[]> = { count: [], columns: [], ours: [], profile: [], counts: [], naive: [] };
    const measure = async (k: Key, fn: () => Promise<unknown>) => {
      const t = await time(fn);
      wall[k].push(t.ms);
      if (t.cpu !== undefined) cpu[k].push(t.cpu);
      return t;
    };
    const loads: number[] = [];
    for (let i = 0; i < repeat; i++) {
      loads.push(loadavg()[0] as number);
      await measure('count', () => asTheDiffRuns(engine, countSql));
      await measure('columns', () => asTheDiffRuns(engine, columnsSql));
      await measure('ours', () => diff({}));
      await measure('counts', () => diff({ samples: 0, profile: 'never' }));
      // Information only (and slow): three rounds are enough.
      if (i < 3) await measure('profile', () => diff({ profile: 'always' }));
      if (opts.naive !== false && i < 3) {
        const nv = await measure('naive', () => naive(engine, a, b));
        const v = nv.value as Awaited<ReturnType<typeof naive>>;
        if (v.added !== counts.added || v.removed !== counts.removed || v.changed !== counts.changed) {
          throw new Error(`naive and vde disagree: naive ${JSON.stringify(v)}, vde ${JSON.stringify(counts)}`);
        }
      }
      const r = (k: Key) => (wall[k][i] === undefined ? '–' : `${Math.round(wall[k][i] as number)} ms`);
      log(
        `diff bench: round ${i + 1}/${repeat} (load ${loads[i]?.toFixed(1)}): count(*) ${r('count')}, per-column counts ${r('columns')}, ` +
          `vde ${r('ours')} (counts only ${r('counts')}, with the profile ${r('profile')}), naive ${r('naive')}`,
      );
    }
    const med = (k: Key) => (wall[k].length > 0 ? median(wall[k]) : NaN);
    const medCpu = (k: Key) => (cpu[k].length > 0 ? median(cpu[k]) : NaN);
    const toColumns = med('ours') / med('columns');
    const toCount = med('ours') / med('count');
    const speedup = med('naive') / med('ours');
    const verdict = (ok: boolean) => (ok ? 'pass' : 'MISSED');
    const haveCpu = cpu.ours.length > 0;
    const cpuLine = haveCpu
      ? [
          `server CPU time (load-independent; medians): count(*) ${Math.round(medCpu('count'))} ms, per-column counts ${Math.round(medCpu('columns'))} ms, ` +
            `vde ${Math.round(medCpu('ours'))} ms = ${(medCpu('ours') / medCpu('columns')).toFixed(2)}× the per-column bound, ` +
            `${(medCpu('ours') / medCpu('count')).toFixed(2)}× count(*); counts only ${Math.round(medCpu('counts'))} ms = ${(medCpu('counts') / medCpu('columns')).toFixed(2)}×`,
        ]
      : [];
    const lines = [
      `lower bounds: count(*) over the FULL OUTER JOIN ${Math.round(med('count'))} ms; every per-column changed count in one statement ${Math.round(med('columns'))} ms`,
      `vde diff (default: 5 samples, profile auto): ${Math.round(med('ours'))} ms = ${toColumns.toFixed(2)}× the per-column bound (target ≤ 1.3×: ${verdict(toColumns <= 1.3)}), ` +
        `${toCount.toFixed(2)}× count(*) (target ≤ 2×: ${verdict(toCount <= 2)})`,
      `vde diff, counts only (no samples): ${Math.round(med('counts'))} ms = ${(med('counts') / med('columns')).toFixed(2)}× the per-column bound, ${(med('counts') / med('count')).toFixed(2)}× count(*); ` +
        `with the column profile (profile: always, info): ${Math.round(med('profile'))} ms = ${(med('profile') / med('columns')).toFixed(2)}×, the profile costs ${Math.round(med('profile') - med('ours'))} ms`,
      ...cpuLine,
      `machine load (1-minute average) during the rounds: ${loads.map((l) => l.toFixed(1)).join(', ')}`,
      ...(wall.naive.length > 0 ? [`naive (both tables into Node): ${Math.round(med('naive'))} ms = ${speedup.toFixed(1)}× vde (target ≥ 10×: ${verdict(speedup >= 10)})`] : []),
    ];
    const result: DiffBenchResult = {
      rows,
      countBound_ms: Math.round(med('count')),
      columnsBound_ms: Math.round(med('columns')),
      ours_ms: Math.round(med('ours')),
      oursProfile_ms: Math.round(med('profile')),
      oursCounts_ms: Math.round(med('counts')),
      naive_ms: Math.round(med('naive')),
      ratioToColumnsBound: Math.round(100 * toColumns) / 100,
      ratioToCountBound: Math.round(100 * toCount) / 100,
      speedupOverNaive: Math.round(10 * speedup) / 10,
      ...(haveCpu ? { cpuRatioToColumnsBound: Math.round((100 * medCpu('ours')) / medCpu('columns')) / 100 } : {}),
      settings: [...d.diff.readOnlySession],
      counts,
      lines,
      line: lines.join('\n    '),
    };
    log(`diff bench: ${JSON.stringify(counts)}; session statements for vde and every baseline: ${result.settings.join('; ')}`);
    log(`diff bench (medians of ${repeat} interleaved rounds):`);
    for (const l of lines) log(`  ${l}`);
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
  const repeat = process.env.VDE_BENCH_REPEAT ? Number(process.env.VDE_BENCH_REPEAT) : undefined;
  benchDiff(url, { ...(repeat ? { repeat } : {}), naive: process.env.VDE_BENCH_NAIVE !== '0' }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
