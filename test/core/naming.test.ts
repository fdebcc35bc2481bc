import { fit, physicalRelation, viewRelation } from '../../src/core/naming';
import { postgresDialect } from '../../src/engines/postgres/dialect';
import { ModelError, NameError } from '../../src/errors';
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
  // 63 bytes: the longest view name Postgres keeps; its physical name needs shortening.
  const table = `customer_lifetime_value_by_acquisition_channel_and_${'x'.repeat(12)}`;
  expect(Buffer.byteLength(table)).toBe(63);
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

test('model names whose view would not fit the identifier limit are refused, naming the model and the limit, before anything is written', async () => {
  // Two 64-character names differing only in the last character: Postgres would truncate both
  // views to the same 63 bytes and one would silently replace the other.
  const base = `orders_by_customer_and_region_and_channel_and_week_and_${'y'.repeat(8)}`;
  expect(base.length).toBe(63);
  const project = makeProject({
    'models/a.sql': `MODEL (name marts.${base}a, kind FULL);\nSELECT 1 AS id\n`,
    'models/b.sql': `MODEL (name marts.${base}b, kind FULL);\nSELECT 2 AS id\n`,
  });
  const engine = await createEngine({ type: 'pglite', path: 'memory://' });
  try {
    const ws = () => openWorkspace({ projectDir: project.dir, engine });
    for (const attempt of [async () => planEnvironment(await ws(), 'prod'), async () => applyEnvironment(await ws(), 'pr_1')]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect((err as ModelError).message).toMatch(/^models\/a\.sql:1: model marts\.orders_by\w+a: its view name \w+ is 64 bytes, longer than the warehouse's identifier limit of 63 bytes/);
    }
    expect((await engine.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname NOT IN ('public', 'information_schema')")).rows).toEqual([{ n: 0 }]);
  } finally {
    await engine.close();
    project.cleanup();
  }
});
