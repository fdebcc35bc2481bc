// Session settings for the diff's heavy statements (the join aggregate and the sample query).
//
// On Postgres the join aggregate groups its rows in the leader (see keyed.ts). With the default
// parallel_tuple_cost (0.1) the planner prices sending a million narrow rows through Gather above
// running the join single-threaded, and picks a serial Hash Full Join: measured 1.6–1.7× slower
// than a Parallel Hash Full Join under Gather on 2 cores. A lower parallel_tuple_cost lets it pick
// the parallel join. work_mem is left alone: raising it from 4MB to 64MB did not change the join
// aggregate's or the lower bound's time measurably (the parallel hash join batches cheaply).
//
// The settings are transaction-local (`SET LOCAL` inside engine.transaction), so they never leak
// into pooled connections. The Dialect would be the natural home (an optional member with a
// per-engine prefix); it lives in src/engines, outside the diff's files, so this table stands in
// for it, keyed by engine type. bench/diff.ts applies the same settings to its baselines.

import type { Engine, QueryResult } from '../engines/types';

const SETTINGS: Partial<Record<Engine['type'], string[]>> = {
  // PGlite is single-process (no parallel workers): nothing to tune.
  postgres: ['SET LOCAL parallel_tuple_cost = 0.01'],
};

/** Statements applied (transaction-locally) before the diff's heavy statements on this engine. */
export function diffSessionSettings(engine: Engine): string[] {
  return SETTINGS[engine.type] ?? [];
}

/** Runs one heavy statement with the diff session settings (in its own transaction if any). */
export async function heavyQuery(engine: Engine, sql: string): Promise<QueryResult> {
  const settings = diffSessionSettings(engine);
  if (settings.length === 0) return engine.query(sql);
  return engine.transaction(async (tx) => {
    await tx.query(settings.join(';\n'));
    return tx.query(sql);
  });
}
