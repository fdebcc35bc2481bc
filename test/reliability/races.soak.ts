// `npm run soak`: more rounds of concurrent vde processes (./races.ts) in both engine modes, from
// an empty warehouse every fifth round. VDE_RACE_ROUNDS (default 10), VDE_RACE_EMPTY_EVERY
// (default 5) and VDE_RACE_MODE (transactional or autocommit: that DDL mode only) choose.
import { POSTGRES_MODES } from '../support/modes';
import { runRounds } from './races';

const rounds = Number(process.env.VDE_RACE_ROUNDS ?? '') || 10;
const emptyEvery = Number(process.env.VDE_RACE_EMPTY_EVERY ?? '') || 5;
const only = process.env.VDE_RACE_MODE;
const modes = POSTGRES_MODES.filter((m) => !only || only === (m.env.VDE_POSTGRES_DDL ?? 'transactional'));

describe.each(modes)('concurrent vde processes on $label', (mode) => {
  test(`${rounds} rounds: each command succeeds or exits 3, and the invariants hold`, async () => {
    const results = await runRounds(mode, { rounds, emptyEvery, log: (l) => process.stderr.write(`${l}\n`) });
    expect(results).toHaveLength(rounds);
    expect(results.filter((r) => r.fromEmpty).length).toBeGreaterThanOrEqual(1);
    process.stderr.write(
      `races (${mode.label}): ${results.length} rounds, ${results.filter((r) => r.fromEmpty).length} from an empty warehouse, ` +
        `${results.reduce((n, r) => n + r.runs.length, 0)} commands (${results.reduce((n, r) => n + r.runs.filter((x) => x.code === 3).length, 0)} exit 3), ` +
        `${results.reduce((n, r) => n + r.janitorRuns, 0)} janitor runs, ${results.reduce((n, r) => n + r.promotions.succeeded, 0)} promotions succeeded\n`,
    );
  }, 6 * 3_600_000);
});
