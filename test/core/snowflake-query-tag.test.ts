// QUERY_TAG on Snowflake (through the stand-in): every statement of a command carries
// `vde:<command>:<environment>`, and a workspace running several commands (as the action does:
// apply, then diff) re-tags its sessions for each, so QUERY_HISTORY tells what each PR cost.
import { applyEnvironment, describeEnvironment, diffEnvironments, invalidateEnvironment, listEnvironments, openWorkspace, runJanitor } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { makeProject, shopFiles, type TestProject } from '../support/project';
import { standInConnection, startStandIn, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: Engine;
let project: TestProject;

beforeAll(async () => {
  h = await startStandIn();
  engine = await createEngine(standInConnection(h.standIn));
  project = makeProject(shopFiles());
});

afterAll(async () => {
  await engine?.close();
  await h?.close();
  project?.cleanup();
});

/** The tags of the statements run by `fn` (each distinct tag once, in order of first use). */
async function tagsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const before = h.standIn.history.records.length;
  await fn();
  const records = h.standIn.history.records.slice(before).filter((r) => !/^ALTER SESSION SET QUERY_TAG/.test(r.queryText));
  expect(records.length).toBeGreaterThan(0);
  return [...new Set(records.map((r) => r.queryTag))];
}

test('each command tags its statements, in one workspace as in separate ones', async () => {
  const ws = await openWorkspace({ projectDir: project.dir, engine });
  expect(await tagsOf(() => applyEnvironment(ws, 'prod'))).toEqual(['vde:apply:prod']);
  project.edit('models/stg/orders.sql', '-- every order counts for now', "WHERE status <> 'cancelled'");
  expect(await tagsOf(() => applyEnvironment(ws, 'pr_7'))).toEqual(['vde:apply:pr_7']);
  // The same workspace (and engine) goes on to the diff: its statements carry the diff's tag.
  expect(await tagsOf(() => diffEnvironments(ws, 'prod', 'pr_7', { samples: 1 }))).toEqual(['vde:diff:prod..pr_7']);
  expect(await tagsOf(() => listEnvironments(ws))).toEqual(['vde:list']);
  expect(await tagsOf(() => describeEnvironment(ws, 'pr_7'))).toEqual(['vde:inspect:pr_7']);
  expect(await tagsOf(() => invalidateEnvironment(ws, 'pr_7'))).toEqual(['vde:invalidate:pr_7']);
  const other = await openWorkspace({ projectDir: project.dir, engine });
  expect(await tagsOf(() => runJanitor(other, { ignoreTtl: true }))).toEqual(['vde:janitor']);
});
