// `npm run soak`: the differential check of the table diff (differential.ts) over many more random
// table pairs than `npm test` runs. VDE_DIFF_TRIALS (default 2,000) and VDE_DIFF_SEED pick them.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { openWarehouse, rng, runTrial, trialsFromEnv, type Warehouse } from './differential';

const { trials, seed } = trialsFromEnv(2000);
let db: TestDatabase;
let w: Warehouse;

beforeAll(async () => {
  db = await freshDatabase('differential_soak');
  w = await openWarehouse(db.url);
});

afterAll(async () => {
  await w?.client.end();
  await w?.engine.close();
  await db?.drop();
});

test(`${trials} random table pairs (seed ${seed}) agree with the ground truth`, async () => {
  const r = rng(seed);
  for (let i = 0; i < trials; i++) await runTrial(w, r, i, i % 3 === 0 ? 0 : 5);
  expect(trials).toBeGreaterThan(0);
}, 3_600_000);
