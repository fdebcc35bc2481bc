import { fit, physicalRelation, viewRelation } from '../../src/core/naming';
import { postgresDialect } from '../../src/engines/postgres/dialect';
import { NameError } from '../../src/errors';
import { createEngine } from '../../src/engines';
import { applyEnvironment, openWorkspace, planEnvironment } from '../../src/core/api';
import { makeProject } from '../support/project';

const d = postgresDialect;

test('physical names are `vde__<schema>.<schema>__<name>__<version>`', () => {
  expect(physicalRelation(d, { schema: 'stg', table: 'orders' }, 'abc123')).toEqual({ schema: 'vde__stg', name: 'stg__orders__abc123' });
});

test('names over 63 bytes are shortened deterministically, never by plain truncation', () => {
  const long = 'a'.repeat(60);
  const a = physicalRelation(d, { schema: 'marts', table: `${long}_one` }, '0123456789');
  const b = physicalRelation(d, { schema: 'marts', table: `${long}_two` }, '0123456789');
  expect(Buffer.byteLength(a.name)).toBeLessThanOrEqual(63);
  expect(a.name).not.toBe(b.name); // plain truncation would make these collide
  expect(physicalRelation(d, { schema: 'marts', table: `${long}_one` }, '0123456789')).toEqual(a);
  expect(a.name.startsWith('marts__aaaa')).toBe(true);
  // Multi-byte characters never get cut in half.
  expect(Buffer.byteLength(fit(d, 'é'.repeat(40)))).toBeLessThanOrEqual(63);
});

test('environment schemas that do not fit are refused, not shortened', () => {
  expect(viewRelation(d, { schema: 'stg', table: 'orders' }, 'pr_1')).toEqual({ schema: 'stg__pr_1', name: 'orders' });
  expect(() => viewRelation(d, { schema: 's'.repeat(40), table: 'x' }, 'e'.repeat(30))).toThrow(NameError);
});

test('a model with a very long name applies end to end; whitespace, comment and keyword-case edits change nothing', async () => {
  const table = `customer_lifetime_value_by_acquisition_channel_and_${'x'.repeat(20)}`;
  const project = makeProject({
    'models/a.sql': `MODEL (name marts.${table}, kind FULL);\nSELECT 1 AS id, 'a' AS label\n`,
  });
  const engine = await createEngine({ type: 'pglite', path: 'memory://' });
  try {
    const ws = () => openWorkspace({ projectDir: project.dir, engine });
    const r = await applyEnvironment(await ws(), 'prod');
    expect(Buffer.byteLength(r.built[0]!.physicalTable.name)).toBeLessThanOrEqual(63);
    const rows = await engine.query<{ label: string }>(`SELECT label FROM marts.${table}`);
    expect(rows.rows).toEqual([{ label: 'a' }]);

    project.write('models/a.sql', `model (NAME marts.${table}, KIND full);\n-- reformatted\nselect   1 as id,\n       'a' as label   /* same */\n`);
    const plan = await planEnvironment(await ws(), 'prod');
    expect(plan.models.map((m) => m.change)).toEqual(['unchanged']);
    expect(plan.toBuild).toEqual([]);
    // A real edit to a literal is a change.
    project.write('models/a.sql', `MODEL (name marts.${table}, kind FULL);\nSELECT 1 AS id, 'b' AS label\n`);
    const edited = await planEnvironment(await ws(), 'prod');
    expect(edited.models.map((m) => [m.change, m.category])).toEqual([['directly-modified', 'breaking']]);
  } finally {
    await engine.close();
    project.cleanup();
  }
});
