// Crash safety with real processes, a bounded slice (issue 7 §4): see ./crash-points.ts. Every
// scenario's kill points 1+offset, 1+offset+stride, ... (the light scenarios, invalidate and
// janitor, with a shorter stride); the second engine mode starts half a stride later (two
// statements later in the light scenarios: invalidate sends only 4 to 6), so the two modes kill at
// different statements. `npm run soak` (crash.soak.ts) runs every point.
// VDE_CRASH_STRIDE / VDE_CRASH_LIGHT_STRIDE / VDE_CRASH_OFFSET pick other slices.
import { POSTGRES_MODES } from '../support/modes';
import { selectionFromEnv, runCrashScenarios, scenarios, type ScenarioResult } from './crash-points';

const sel = selectionFromEnv(60, 20);
const all: ScenarioResult[] = [];

const modes = POSTGRES_MODES.map((mode, i) => ({ mode, label: mode.label, offset: sel.offset + i * Math.floor(sel.stride / 2), lightOffset: sel.offset + i * 2 }));

describe.each(modes)(
  'a vde process killed on $label',
  ({ mode, offset, lightOffset }) => {
    test(`at every ${sel.stride}th statement of apply and promotion, every ${sel.lightStride}th of invalidate and janitor (offsets ${offset}, ${lightOffset}): invariants hold and the re-run converges`, async () => {
      const results = await runCrashScenarios(mode, scenarios(), { ...sel, offset, lightOffset }, (l) => process.stderr.write(`${l}\n`));
      all.push(...results);
      const chosen = sel.mode && sel.mode !== (mode.env.VDE_POSTGRES_DDL ?? 'transactional') ? [] : scenarios().filter((s) => !sel.only || s.name.includes(sel.only));
      expect(results.map((r) => r.scenario)).toEqual(chosen.map((s) => s.name));
      // Each scenario was killed at least once and then ran to the end.
      for (const r of results) {
        expect(r.points.length).toBeGreaterThan(0);
        expect(r.statements).toBeGreaterThan(r.points[r.points.length - 1]!.point);
      }
    }, 1_800_000);
  },
);

afterAll(() => {
  process.stderr.write(`kill points: ${all.reduce((n, r) => n + r.points.length, 0)}\n${all.map((r) => `  ${r.scenario}: ${r.points.length} (statements < ${r.statements})`).join('\n')}\n`);
});
