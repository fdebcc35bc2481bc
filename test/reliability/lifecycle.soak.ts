// `npm run soak`: 300 random lifecycle sequences (./lifecycle.ts) by default, alternating between
// the engine modes. VDE_PROPERTY_SEED / _FIRST / _SEQUENCES / _STEPS / _DATA_EVERY choose.
import { POSTGRES_MODES } from '../support/modes';
import { freshDatabase } from '../support/pg';
import { propertyOptionsFromEnv, runSequences, type PropertyTotals } from './lifecycle';

const opts = propertyOptionsFromEnv({ sequences: 300, steps: 15 });

test(`${opts.sequences} random lifecycle sequences of ${opts.steps} steps (seed ${opts.seed})`, async () => {
  const totals: PropertyTotals = { sequences: 0, steps: 0, dataChecks: 0, kinds: {} };
  await runSequences(POSTGRES_MODES, { main: () => freshDatabase('lifecycle'), scratch: () => freshDatabase('lifecycle_scratch') }, opts, totals, (l) => process.stderr.write(`${l}\n`));
  process.stderr.write(`lifecycle: ${JSON.stringify(totals)}\n`);
  expect(totals.sequences).toBe(opts.sequences);
}, 6 * 3_600_000);
