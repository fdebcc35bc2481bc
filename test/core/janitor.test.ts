import { createEngine } from '../../src/engines';
import { applyEnvironment, invalidateEnvironment, listEnvironments, openWorkspace, runJanitor } from '../../src/core/api';
import { makeProject, shopFiles } from '../support/project';

test('janitor --env cleans only that environment; the next run takes the rest', async () => {
  const project = makeProject(shopFiles());
  const engine = await createEngine({ type: 'pglite', path: 'memory://' });
  const ws = () => openWorkspace({ projectDir: project.dir, engine });
  try {
    await applyEnvironment(await ws(), 'prod');
    await applyEnvironment(await ws(), 'pr_a');
    await applyEnvironment(await ws(), 'pr_b');
    await invalidateEnvironment(await ws(), 'pr_a');
    await invalidateEnvironment(await ws(), 'pr_b');

    const only = await runJanitor(await ws(), { env: 'PR-A' }); // normalized like every env name
    expect(only.environments.map((e) => e.name)).toEqual(['pr_a']);
    expect((await listEnvironments(await ws())).map((e) => [e.name, e.expired])).toEqual([
      ['pr_b', true],
      ['prod', false],
    ]);
    expect(await engine.listSchemas('stg__pr_a')).toEqual([]);
    expect(await engine.listSchemas('stg__pr_b')).toEqual(['stg__pr_b']);

    const rest = await runJanitor(await ws(), {});
    expect(rest.environments.map((e) => e.name)).toEqual(['pr_b']);
    // Both PR environments only shared prod's tables: nothing physical to drop.
    expect(rest.physicalTables).toEqual([]);
    expect((await listEnvironments(await ws())).map((e) => e.name)).toEqual(['prod']);
  } finally {
    await engine.close();
    project.cleanup();
  }
});
