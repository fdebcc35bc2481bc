// Crash safety with real processes, a bounded slice (issue 7 §4): see ./crash-points.ts. Every
// scenario's kill points 1+offset, 1+offset+stride, ... in both engine modes; `npm run soak`
// (crash.soak.ts) runs every point. VDE_CRASH_STRIDE / VDE_CRASH_OFFSET pick other slices.
import { POSTGRES_MODES } from '../support/modes';
import { selectionFromEnv, runCrashScenarios, scenarios, type ScenarioResult } from './crash-points';

const sel = selectionFromEnv(30, 5);
const { stride, offset } = sel;
const all: ScenarioResult[] = [];

describe.each(POSTGRES_MODES)('a vde process killed on $label', (mode) => {
  test(`at every ${stride}th statement (offset ${offset}) of apply, promotion, invalidate and janitor: invariants hold and the re-run converges`, async () => {
    const results = await runCrashScenarios(mode, scenarios(), sel, (l) => process.stderr.write(`${l}\n`));
    all.push(...results);
    for (const r of results) expect(r.statements).toBeGreaterThan(1);
  }, 1_800_000);
});

test('the slice covers at least 60 distinct kill points', () => {
  const points = all.reduce((n, r) => n + r.points.length, 0);
  process.stderr.write(`kill points: ${points}\n${all.map((r) => `  ${r.scenario}: ${r.points.length} of ${r.statements - 1}`).join('\n')}\n`);
  expect(points).toBeGreaterThanOrEqual(60);
});
