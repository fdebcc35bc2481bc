// Which models get new versions after a non-breaking change upstream.
import { createEngine } from '../../src/engines';
import { applyEnvironment, openWorkspace } from '../../src/core/api';
import { makeProject } from '../support/project';

test('after a non-breaking parent change, SELECT * and VIEW children follow it; explicit-column FULL children keep their table', async () => {
  const project = makeProject({
    'models/base.sql': 'MODEL (name stg.base, kind FULL, grain id);\nSELECT 1 AS id, 10 AS amount\n',
    'models/star.sql': 'MODEL (name marts.star, kind FULL);\nSELECT * FROM stg.base\n',
    'models/qualified_star.sql': 'MODEL (name marts.qualified_star, kind FULL);\nSELECT b.* FROM stg.base AS b\n',
    'models/explicit.sql': 'MODEL (name marts.explicit, kind FULL);\nSELECT id, amount * 2 AS doubled FROM stg.base\n',
    'models/live.sql': 'MODEL (name marts.live, kind VIEW);\nSELECT id FROM stg.base\n',
  });
  const engine = await createEngine({ type: 'pglite', path: 'memory://' });
  const ws = () => openWorkspace({ projectDir: project.dir, engine });
  try {
    await applyEnvironment(await ws(), 'prod');
    project.edit('models/base.sql', '10 AS amount', "10 AS amount, 'eur' AS currency");
    const r = await applyEnvironment(await ws(), 'pr_1');
    expect(r.plan.models.find((m) => m.name === 'stg.base')?.category).toBe('non-breaking');
    expect(r.built.map((b) => b.name).sort()).toEqual(['marts.live', 'marts.qualified_star', 'marts.star', 'stg.base']);
    const star = await engine.query<{ currency: string }>('SELECT currency FROM marts__pr_1.star');
    expect(star.rows).toEqual([{ currency: 'eur' }]);
    const qualified = await engine.query<{ currency: string }>('SELECT currency FROM marts__pr_1.qualified_star');
    expect(qualified.rows).toEqual([{ currency: 'eur' }]);
  } finally {
    await engine.close();
    project.cleanup();
  }
});
