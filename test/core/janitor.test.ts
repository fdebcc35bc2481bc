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

test('re-applying an unchanged environment extends its expiry, and revives an invalidated one with its views', async () => {
  const project = makeProject(shopFiles());
  const engine = await createEngine({ type: 'pglite', path: 'memory://' });
  const ws = () => openWorkspace({ projectDir: project.dir, engine });
  const expiry = async (name: string) => (await listEnvironments(await ws())).find((e) => e.name === name)!;
  try {
    await applyEnvironment(await ws(), 'prod');
    await applyEnvironment(await ws(), 'pr_c');
    const first = await expiry('pr_c');
    await new Promise((r) => setTimeout(r, 20));
    const again = await applyEnvironment(await ws(), 'pr_c');
    expect(again.plan.noop).toBe(true);
    expect(Date.parse((await expiry('pr_c')).expiresAt!)).toBeGreaterThan(Date.parse(first.expiresAt!));

    await invalidateEnvironment(await ws(), 'pr_c');
    expect((await expiry('pr_c')).expired).toBe(true);
    // Its views may already be gone (a janitor that stopped halfway): drop one to prove the re-apply restores it.
    await engine.query('DROP VIEW stg__pr_c.orders');
    const revived = await applyEnvironment(await ws(), 'pr_c');
    expect(revived.plan.noop).toBe(false);
    expect(revived.built).toEqual([]);
    expect((await expiry('pr_c')).expired).toBe(false);
    const n = await engine.query<{ n: string }>('SELECT count(*) AS n FROM stg__pr_c.orders');
    expect(Number(n.rows[0]?.n)).toBe(7);
    expect((await runJanitor(await ws(), {})).environments).toEqual([]);
  } finally {
    await engine.close();
    project.cleanup();
  }
});
