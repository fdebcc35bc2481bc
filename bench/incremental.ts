// Incremental models (issue 10): a daily INCREMENTAL_BY_TIME_RANGE model over 730 days and its two
// descendants (one incremental, one FULL). A pull request makes a breaking change to it:
//   - full backfill: the change applied to an environment over the whole history (`--start` at the
//     model's start), on a warehouse whose prod has the old version (built beforehand, not timed);
//   - PR: the same change applied to pr_1 with a 7-day preview window, on a second such warehouse;
//   - promotion: prod applied after the PR (backfills what the PR did not build, into its tables).
// Targets: PR ≤ 1/20 of the full backfill; promotion ≤ full backfill − PR (time), and the intervals
// the PR and the promotion processed add up to the full backfill's exactly (nothing built twice).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyEnvironment, openWorkspace, planEnvironment, type ApplyResult } from '../src/core/api';
import { createEngine } from '../src/engines';
import type { Engine } from '../src/engines/types';
import type { BenchServer } from './postgres';
import { fmtMs, log, notes, ratio, rows } from './report';

const DAYS = 730;
const PER_DAY = 2000;
const EXECUTION = new Date(Date.UTC(2024, 0, 1) + DAYS * 86_400_000 + 6 * 3_600_000);

function files(factor: number): Record<string, string> {
  return {
    'vde.yaml': 'preview_window: 7d\n',
    'models/marts/events.sql': `MODEL (
  name marts.events,
  kind INCREMENTAL_BY_TIME_RANGE (time_column event_date, batch_size 30),
  start '2024-01-01',
  cron '@daily',
  grain id
);

SELECT id, item_id, event_date, amount * ${factor} AS amount
FROM src.events
WHERE event_date BETWEEN @start_ds AND @end_ds
`,
    'models/marts/daily.sql': `MODEL (
  name marts.daily,
  kind INCREMENTAL_BY_TIME_RANGE (time_column event_date, batch_size 30),
  start '2024-01-01',
  cron '@daily',
  grain event_date
);

SELECT event_date, count(*) AS events, sum(amount) AS amount
FROM marts.events
WHERE event_date BETWEEN @start_date AND @end_date
GROUP BY event_date
`,
    'models/marts/item_totals.sql': `MODEL (name marts.item_totals, kind FULL, grain item_id);

SELECT item_id, count(*) AS events, sum(amount) AS amount
FROM marts.events
GROUP BY item_id
`,
  };
}

function writeProject(dir: string, f: Record<string, string>): void {
  for (const [path, text] of Object.entries(f)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

async function createSource(engine: Engine): Promise<void> {
  await engine.query('CREATE SCHEMA IF NOT EXISTS src');
  await engine.query('CREATE TABLE src.events (id bigint, item_id int, event_date date, amount numeric(12,2))');
  await engine.query(
    `INSERT INTO src.events SELECT n + 1, (n % 50) + 1, DATE '2024-01-01' + (n / ${PER_DAY})::int, ((n % 7) + 1) * 1.5 FROM generate_series(0, ${DAYS * PER_DAY - 1}) AS n`,
  );
  await engine.query('ANALYZE src.events');
}

const intervals = (r: ApplyResult) => r.processed.reduce((n, p) => n + p.intervals, 0);

async function timedApply(engine: Engine, dir: string, env: string, start?: number): Promise<{ ms: number; r: ApplyResult }> {
  const t0 = performance.now();
  const ws = await openWorkspace({ projectDir: dir, engine, ...(process.env.VDE_BENCH_VERBOSE ? { progress: (l: string) => log(`${(performance.now() - t0).toFixed(0)} ${l}`) } : {}) });
  const r = await applyEnvironment(ws, env, { executionTime: EXECUTION, ...(start !== undefined ? { start } : {}) });
  return { ms: performance.now() - t0, r };
}

export async function benchIncremental(server: BenchServer): Promise<void> {
  log(`\n--- incremental: ${DAYS} daily intervals x ${PER_DAY} rows, a breaking change, 7-day preview window ---`);
  const dir = mkdtempSync(join(tmpdir(), 'vde-bench-incr-'));
  const full = await server.freshDatabase('incr_full');
  const pr = await server.freshDatabase('incr_pr');
  const a = await createEngine({ type: 'postgres', url: full.url });
  const b = await createEngine({ type: 'postgres', url: pr.url });
  try {
    // Both warehouses: prod has the old version (setup, not timed).
    writeProject(dir, files(1));
    for (const e of [a, b]) {
      await createSource(e);
      await timedApply(e, dir, 'prod');
    }
    writeProject(dir, files(2));
    // Loads the SQL parser once (a process's first plan of a change pays for it), not timed.
    await planEnvironment(await openWorkspace({ projectDir: dir, engine: a }), 'pr_0', { executionTime: EXECUTION });

    const backfill = await timedApply(a, dir, 'pr_full', Date.UTC(2024, 0, 1));
    log(`full backfill: ${fmtMs(backfill.ms)}, ${intervals(backfill.r)} intervals`);
    const preview = await timedApply(b, dir, 'pr_1');
    log(`PR (7-day window): ${fmtMs(preview.ms)}, ${intervals(preview.r)} intervals`);
    const promotion = await timedApply(b, dir, 'prod');
    log(`promotion: ${fmtMs(promotion.ms)}, ${intervals(promotion.r)} intervals, ${promotion.r.built.length} tables built`);

    rows.push(
      {
        measure: `(i) PR env, 7 of ${DAYS} days vs full backfill (${intervals(preview.r)} vs ${intervals(backfill.r)} intervals)`,
        vde: fmtMs(preview.ms),
        baseline: fmtMs(backfill.ms),
        ratio: ratio(preview.ms, backfill.ms),
        target: '<= 0.05',
        pass: preview.ms <= backfill.ms / 20,
      },
      {
        measure: `(i) promotion after the PR vs full backfill − PR (${intervals(promotion.r)} intervals)`,
        vde: fmtMs(promotion.ms),
        baseline: fmtMs(backfill.ms - preview.ms),
        ratio: ratio(promotion.ms, backfill.ms - preview.ms),
        target: '<= 1',
        pass: promotion.ms <= backfill.ms - preview.ms,
      },
      {
        measure: '(i) intervals PR + promotion vs full backfill (nothing built twice)',
        vde: String(intervals(preview.r) + intervals(promotion.r)),
        baseline: String(intervals(backfill.r)),
        ratio: ratio(intervals(preview.r) + intervals(promotion.r), intervals(backfill.r)),
        target: '= 1',
        pass: intervals(preview.r) + intervals(promotion.r) === intervals(backfill.r) && promotion.r.built.length === 0,
      },
    );
    notes.push('(i) the FULL descendant is rebuilt over the window in the PR and refreshed over the whole history on promotion (a FULL table cannot be backfilled)');
  } finally {
    await a.close();
    await b.close();
    await full.drop();
    await pr.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
