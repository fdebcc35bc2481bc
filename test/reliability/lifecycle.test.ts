// The lifecycle property test, a bounded seeded slice (issue 7 §4): see ./lifecycle.ts. Sequences
// alternate between the two engine modes. `npm run soak` (lifecycle.soak.ts) runs 300 or more.
// VDE_PROPERTY_SEED, VDE_PROPERTY_FIRST, VDE_PROPERTY_SEQUENCES, VDE_PROPERTY_STEPS and
// VDE_PROPERTY_DATA_EVERY choose.
import { POSTGRES_MODES } from '../support/modes';
import { freshDatabase } from '../support/pg';
import { propertyOptionsFromEnv, runSequences, type PropertyTotals } from './lifecycle';

const opts = propertyOptionsFromEnv({ sequences: 8, steps: 12 });

test(`${opts.sequences} random lifecycle sequences of ${opts.steps} steps (seed ${opts.seed}): invariants after every step, data equal to a from-scratch build`, async () => {
  const totals: PropertyTotals = { sequences: 0, steps: 0, dataChecks: 0, kinds: {} };
  await runSequences(POSTGRES_MODES, { main: () => freshDatabase('lifecycle'), scratch: () => freshDatabase('lifecycle_scratch') }, opts, totals);
  process.stderr.write(`lifecycle: ${JSON.stringify(totals)}\n`);
  expect(totals.sequences).toBe(opts.sequences);
  expect(totals.steps).toBe(opts.sequences * opts.steps);
  expect(totals.dataChecks).toBeGreaterThan(0);
}, 3_600_000);
