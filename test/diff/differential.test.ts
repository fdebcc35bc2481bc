// A bounded, seeded slice of the differential check (differential.ts): random table pairs, every
// count compared with a ground truth computed in JavaScript. `npm run soak` runs many more.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { openWarehouse, rng, runTrial, trialsFromEnv, type Warehouse } from './differential';

const { trials, seed } = trialsFromEnv(40);
let db: TestDatabase;
let w: Warehouse;

beforeAll(async () => {
  db = await freshDatabase('differential');
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
});
