import { ModelError } from '../../src/errors';
import { buildDag } from '../../src/project/dag';
import { parseModelFile } from '../../src/project/model-parser';
import type { Model } from '../../src/project/types';
import { thrown } from './helpers';

function project(defs: Record<string, string>): Map<string, Model> {
  const names = new Set(Object.keys(defs));
  const models = new Map<string, Model>();
  for (const [name, query] of Object.entries(defs)) {
    const rel = `models/${name}.sql`;
    models.set(name, parseModelFile(`MODEL (\n  name ${name},\n  kind FULL\n);\n${query}`, `/p/${rel}`, rel, names));
  }
  return models;
}

describe('buildDag', () => {
  it('on a large random graph, is the order that always places the smallest name whose parents are placed', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const names = Array.from({ length: 400 }, (_, i) => `s${rand(5)}.m${String(i).padStart(3, '0')}`);
    const defs: Record<string, string> = {};
    names.forEach((name, i) => {
      const parents = i === 0 ? [] : Array.from({ length: rand(4) }, () => names[rand(i)]!);
      defs[name] = parents.length ? `select 1 from ${parents.join(', ')}` : 'select 1';
    });
    const models = project(defs);
    // The definition, done the slow way.
    const expected: string[] = [];
    const placed = new Set<string>();
    while (expected.length < names.length) {
      const next = [...names].sort().find((n) => !placed.has(n) && models.get(n)!.parents.every((p) => placed.has(p)))!;
      expected.push(next);
      placed.add(next);
    }
    expect(buildDag(models).order).toEqual(expected);
  });

  it('orders parents first with ties broken by name, and lists children', () => {
    const dag = buildDag(
      project({
        'm.z': 'select 1',
        'm.a': 'select * from m.z',
        'm.c': 'select 1',
        'm.b': 'select * from m.a join m.c on true',
      }),
    );
    expect(dag.order).toEqual(['m.c', 'm.z', 'm.a', 'm.b']);
    expect(dag.children.get('m.z')).toEqual(['m.a']);
    expect(dag.children.get('m.c')).toEqual(['m.b']);
    expect(dag.children.get('m.b')).toEqual([]);
  });

  it('names the loop of a cycle with a file and line', () => {
    const e = thrown(() =>
      buildDag(
        project({
          'm.a': 'select * from m.c',
          'm.b': 'select * from m.a',
          'm.c': 'select 1,\n  2 from m.b',
          'm.d': 'select * from m.a',
        }),
      ),
    );
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toContain('dependency cycle: m.a -> m.b -> m.c -> m.a');
    // m.b reads m.a on line 5 of models/m.b.sql
    expect(e.message).toMatch(/^models\/m\.b\.sql:5: /);
  });

  it('treats a model reading itself as a cycle', () => {
    const e = thrown(() => buildDag(project({ 'm.self': 'select 1 from\n m.self' })));
    expect(e.message).toBe('models/m.self.sql:6: dependency cycle: m.self -> m.self');
  });
});
