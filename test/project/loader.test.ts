import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, ModelError } from '../../src/errors';
import { loadProject } from '../../src/project/loader';
import { readSeedRows } from '../../src/project/seed';
import { rejected, tempProject } from './helpers';

const EXAMPLES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../examples');

describe('loadProject: the examples/ project', () => {
  it('loads nine models in topological order', async () => {
    const p = await loadProject(EXAMPLES, {});
    expect(p.config.connection).toEqual({ type: 'pglite', path: join(EXAMPLES, '.vde/pglite') });
    expect(p.models.size).toBe(9);
    expect(p.order).toEqual([
      'raw.customers',
      'raw.orders',
      'raw.payments',
      'stg.customers',
      'stg.orders',
      'marts.revenue_daily',
      'stg.payments',
      'marts.customer_orders',
      'marts.customer_lifetime_value',
    ]);
    // Parents always come before children.
    for (const [name, m] of p.models) for (const parent of m.parents) expect(p.order.indexOf(parent)).toBeLessThan(p.order.indexOf(name));
    expect(p.models.get('marts.customer_orders')!.parents).toEqual(['stg.customers', 'stg.orders', 'stg.payments']);
    expect(p.models.get('marts.customer_lifetime_value')!.kind).toEqual({ name: 'VIEW' });
    expect(p.children.get('stg.orders')).toEqual(['marts.customer_orders', 'marts.revenue_daily']);
    expect(p.models.get('stg.orders')!.relativeFile).toBe('models/staging/stg_orders.sql');
  });

  it('has seeds whose CSVs parse against their declared columns', async () => {
    const p = await loadProject(EXAMPLES, {});
    const counts: Record<string, number> = {};
    for (const m of p.models.values()) if (m.kind.name === 'SEED') counts[m.name] = (await readSeedRows(m)).length;
    expect(counts).toEqual({ 'raw.customers': 12, 'raw.orders': 40, 'raw.payments': 40 });
    const statuses = (await readSeedRows(p.models.get('raw.orders')!)).map((r) => r[3]);
    expect(statuses).toEqual(expect.arrayContaining(['cancelled', 'returned']));
    const customers = await readSeedRows(p.models.get('raw.customers')!);
    expect(customers.some((r) => r.some((f) => f?.includes(',')))).toBe(true);
  });
});

describe('loadProject: errors', () => {
  const header = (name: string) => `MODEL (\n  name ${name},\n  kind FULL\n);\n`;

  it('rejects a duplicate model name, naming both files and the second line', async () => {
    const dir = tempProject({
      'models/a/first.sql': `${header('s.t')}select 1`,
      'models/b/second.sql': `-- copy\n\n${header('S.T')}select 2`,
    });
    const e = await rejected(loadProject(dir, {}));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe('models/b/second.sql:3: model s.t is defined twice: in models/a/first.sql:1 and in models/b/second.sql');
  });

  it('rejects a cycle across files, naming the loop', async () => {
    const dir = tempProject({
      'models/x.sql': `${header('s.x')}select * from s.y`,
      'models/y.sql': `${header('s.y')}\nselect * from s.x`,
    });
    const e = await rejected(loadProject(dir, {}));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe('models/y.sql:6: dependency cycle: s.x -> s.y -> s.x');
  });

  it('passes through parse errors with the project-relative file', async () => {
    const dir = tempProject({ 'models/deep/bad.sql': 'MODEL (name s.t, kind FULL, materialized true) select 1' });
    const e = await rejected(loadProject(dir, {}));
    expect(e.message).toMatch(/^models\/deep\/bad\.sql:1: unknown model property materialized/);
  });

  it('rejects a missing models folder', async () => {
    const dir = tempProject({ 'vde.yaml': 'models: nowhere\n' });
    const e = await rejected(loadProject(dir, {}));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('vde.yaml: models: models folder nowhere does not exist');
  });

  it('loads only .sql files, recursively, and resolves references between them', async () => {
    const dir = tempProject({
      'models/README.md': 'not a model',
      'models/z/leaf.sql': `${header('s.leaf')}select * from s.root join raw.src using (id)`,
      'models/root.sql': `${header('s.root')}select 1 as id`,
    });
    const p = await loadProject(dir, {});
    expect(p.order).toEqual(['s.root', 's.leaf']);
    expect(p.models.get('s.leaf')!.references).toHaveLength(1);
  });
});

describe('schema names that would collide with vde objects', () => {
  test('a schema containing "__" is refused with file and line', () => {
    const dir = tempProject({ 'models/a.sql': 'MODEL (\n  name stg__pr_1.orders,\n  kind FULL\n);\nSELECT 1 AS x\n' });
    return expect(loadProject(dir, {})).rejects.toThrow(/^models\/a\.sql:2: invalid model name "stg__pr_1\.orders": schema stg__pr_1 contains "__"/);
  });
  test('a model in the state schema is refused', () => {
    const dir = tempProject({ 'models/a.sql': 'MODEL (name vde_state.orders, kind FULL);\nSELECT 1 AS x\n' });
    return expect(loadProject(dir, {})).rejects.toThrow(/^models\/a\.sql:1: model vde_state\.orders is in schema vde_state/);
  });
});

describe('loadProject: trust', () => {
  test('a model file with non-UTF-8 bytes is refused, naming the file and line', async () => {
    const dir = tempProject({});
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models/a.sql'), Buffer.concat([Buffer.from("MODEL (name s.a, kind FULL);\n\nSELECT 'caf"), Buffer.from([0xe9]), Buffer.from("' AS x\n")]));
    const e = await rejected(loadProject(dir, {}));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe('models/a.sql:3: the file is not valid UTF-8 (byte 0xe9 at offset 41); save it as UTF-8');
  });
});
