// Read-only commands never create the embedded database (issue 7 §3: `vde plan` on a fresh
// project used to leave a 39 MB PGlite directory behind).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyEnvironment,
  describeEnvironment,
  diffEnvironments,
  invalidateEnvironment,
  listEnvironments,
  openWorkspace,
  planEnvironment,
  runJanitor,
} from '../../src/core/api';
import { RefusedError } from '../../src/errors';
import { makeProject, shopFiles } from '../support/project';

test('plan, envs, env, diff, invalidate and janitor on a fresh PGlite project create nothing; apply then does', async () => {
  const project = makeProject(shopFiles()); // no vde.yaml: PGlite in .vde/pglite
  const dir = join(project.dir, '.vde');
  try {
    const ws = await openWorkspace({ projectDir: project.dir });
    try {
      const plan = await planEnvironment(ws, 'pr_1');
      expect(plan.toBuild).toHaveLength(7);
      expect(await listEnvironments(ws)).toEqual([]);
      await expect(describeEnvironment(ws, 'prod')).rejects.toBeInstanceOf(RefusedError);
      await expect(diffEnvironments(ws, 'prod', 'pr_1', { samples: 0 })).rejects.toBeInstanceOf(RefusedError);
      await expect(invalidateEnvironment(ws, 'pr_1')).rejects.toBeInstanceOf(RefusedError);
      expect(await runJanitor(ws, {})).toEqual({ environments: [], physicalTables: [], kept: [], skipped: [] });
      expect(existsSync(dir)).toBe(false);
      // The same workspace can then write: the real database replaces the in-memory stand-in.
      await applyEnvironment(ws, 'prod');
      expect(existsSync(dir)).toBe(true);
      expect((await listEnvironments(ws)).map((e) => e.name)).toEqual(['prod']);
    } finally {
      await ws.close();
    }
  } finally {
    project.cleanup();
  }
});
