// Concurrency with real processes, a bounded number of rounds (issue 7 §4): see ./races.ts. One
// round per engine mode, from an empty warehouse (concurrent first runs are the harder case).
// `npm run soak` (races.soak.ts) runs 10 rounds per mode; VDE_RACE_ROUNDS and VDE_RACE_EMPTY_EVERY
// (0: only the first round) choose.
import { POSTGRES_MODES } from '../support/modes';
import { runRounds } from './races';

const rounds = Number(process.env.VDE_RACE_ROUNDS ?? '') || 1;
const emptyEvery = Number(process.env.VDE_RACE_EMPTY_EVERY ?? '') || 0;

describe.each(POSTGRES_MODES)('concurrent vde processes on $label', (mode) => {
  test(`${rounds} round(s) of 8 PR applies, 2 promotions, an invalidate and a janitor loop: each succeeds or exits 3, and the invariants hold`, async () => {
    const results = await runRounds(mode, { rounds, emptyEvery, log: (l) => process.stderr.write(`${l}\n`) });
    expect(results.map((r) => r.round)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    expect(results[0]!.fromEmpty).toBe(true);
    // Every round promoted something: two promotions never both fail.
    expect(results.filter((r) => r.promotions.succeeded === 0)).toEqual([]);
    // The janitor ran beside the others, with and without --ignore-ttl.
    for (const r of results) expect(r.janitorRuns).toBeGreaterThanOrEqual(2);
  }, 1_800_000);
});
