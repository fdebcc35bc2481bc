// `npm run soak`: every kill point of every crash scenario (./crash-points.ts), in both engine
// modes. VDE_CRASH_STRIDE / VDE_CRASH_OFFSET / VDE_CRASH_POINTS / VDE_CRASH_ONLY / VDE_CRASH_MODE
// narrow it.
import { POSTGRES_MODES } from '../support/modes';
import { runCrashScenarios, scenarios, selectionFromEnv, type ScenarioResult } from './crash-points';

const sel = selectionFromEnv(1, 1);
const all: ScenarioResult[] = [];

describe.each(POSTGRES_MODES)('a vde process killed on $label', (mode) => {
  test('at every statement of apply, promotion, invalidate and janitor: invariants hold and the re-run converges', async () => {
    all.push(...(await runCrashScenarios(mode, scenarios(), sel, (l) => process.stderr.write(`${l}\n`))));
  }, 6 * 3_600_000);
});

test('figures', () => {
  const points = all.reduce((n, r) => n + r.points.length, 0);
  process.stderr.write(`kill points: ${points}\n${all.map((r) => `  ${r.scenario}: ${r.points.length} of ${r.statements - 1}`).join('\n')}\n`);
  expect(points).toBeGreaterThan(0);
});
