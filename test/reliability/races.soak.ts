// `npm run soak`: more rounds of concurrent vde processes (./races.ts) in both engine modes, from
// an empty warehouse every fifth round. VDE_RACE_ROUNDS (default 10) and VDE_RACE_EMPTY_EVERY
// (default 5) choose.
import { POSTGRES_MODES } from '../support/modes';
import { runRounds } from './races';

const rounds = Number(process.env.VDE_RACE_ROUNDS ?? '') || 10;
const emptyEvery = Number(process.env.VDE_RACE_EMPTY_EVERY ?? '') || 5;

describe.each(POSTGRES_MODES)('concurrent vde processes on $label', (mode) => {
  test(`${rounds} rounds: each command succeeds or exits 3, and the invariants hold`, async () => {
    const results = await runRounds(mode, { rounds, emptyEvery, log: (l) => process.stderr.write(`${l}\n`) });
    expect(results).toHaveLength(rounds);
  }, 6 * 3_600_000);
});
