// Concurrency with real processes, a bounded number of rounds (issue 7 §4): see ./races.ts. The
// first round of each engine mode starts from an empty warehouse. `npm run soak` (races.soak.ts)
// runs more; VDE_RACE_ROUNDS and VDE_RACE_EMPTY_EVERY (0: only the first round) choose.
import { POSTGRES_MODES } from '../support/modes';
import { runRounds, type RoundResult } from './races';

const rounds = Number(process.env.VDE_RACE_ROUNDS ?? '') || 2;
const emptyEvery = Number(process.env.VDE_RACE_EMPTY_EVERY ?? '') || 0;
const all: RoundResult[] = [];

describe.each(POSTGRES_MODES)('concurrent vde processes on $label', (mode) => {
  test(`${rounds} rounds of 8 PR applies, 2 promotions, an invalidate and a janitor loop: each succeeds or exits 3, and the invariants hold`, async () => {
    const results = await runRounds(mode, { rounds, emptyEvery, log: (l) => process.stderr.write(`${l}\n`) });
    all.push(...results);
    expect(results.map((r) => r.round)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    expect(results[0]!.fromEmpty).toBe(true);
    // Every round promoted something: two promotions never both fail.
    expect(results.filter((r) => r.promotions.succeeded === 0)).toEqual([]);
  }, 1_800_000);
});
