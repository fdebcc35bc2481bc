// Regressions found by the reliability harnesses (test/reliability/*): each failed before its fix.
import type { Engine } from '../../src/engines/types';
import { applyEnvironment } from '../../src/core/api';
import { POSTGRES_MODES } from '../support/modes';
import { scenario } from '../support/scenario';
import { checkWarehouse } from '../support/warehouse-invariants';

/** The same engine, with CREATE SCHEMA taking `ms` longer (a loaded warehouse). */
function slowSchemas(engine: Engine, ms: number): Engine {
  const slow = Object.create(engine) as Engine;
  slow.createSchema = async (db, schema) => {
    await new Promise((r) => setTimeout(r, ms));
    return engine.createSchema(db === slow ? engine : db, schema);
  };
  return slow;
}

describe.each(POSTGRES_MODES)('on $label', (mode) => {
  // Found by the lifecycle property test (seed 20240601, sequence 4): two seeds of one new schema
  // built side by side; the second reached CREATE TABLE while the first was still creating it.
  test('builds side by side in a schema that does not exist yet all wait for its creation', async () => {
    const s = await scenario(mode, undefined, 'schema_race');
    try {
      const r = await applyEnvironment(await s.ws(slowSchemas(s.engine, 400)), 'prod');
      expect(r.built.map((b) => b.name).sort()).toContain('raw.orders');
      await checkWarehouse(s.engine, { converged: true });
    } finally {
      await s.close();
    }
  });
});
