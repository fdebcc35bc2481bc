// Snowflake has no incremental SQL in vde yet (no IncrementalDialect): an incremental model is
// refused before anything is written, naming its file and line (via the Snowflake stand-in).
import { applyEnvironment, openWorkspace } from '../../src/core/api';
import { SnowflakeEngine } from '../../src/engines/snowflake/driver';
import { ModelError } from '../../src/errors';
import { incrementalFiles } from '../support/incremental';
import { makeProject } from '../support/project';
import { connect, standInConnection, startStandIn } from '../support/snowflake';

test('an incremental model on Snowflake is refused with its file and line, and the warehouse stays empty', async () => {
  const h = await startStandIn();
  const engine = new SnowflakeEngine(standInConnection(h.standIn));
  const project = makeProject(incrementalFiles());
  try {
    const ws = await openWorkspace({ projectDir: project.dir, engine });
    const err = await applyEnvironment(ws, 'prod').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toMatch(/^models\/marts\/events\.sql:\d+: kind INCREMENTAL_BY_TIME_RANGE: the snowflake engine does not run incremental models yet/);
    const admin = await connect(h.standIn);
    try {
      expect(await admin.query("SHOW SCHEMAS LIKE 'VDE%'")).toEqual([]);
    } finally {
      await admin.close();
    }
  } finally {
    await engine.close();
    await h.close();
    project.cleanup();
  }
});
