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
