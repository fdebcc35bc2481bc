// A BigQuery-dialect model reading another model on Snowflake (through the stand-in and the real
// snowflake-sdk): references reach the transpiler as backtick names and come out as Snowflake's
// upper-case quoted physical names, so the PR's child reads the PR's table.
import { applyEnvironment, openWorkspace } from '../../src/core/api';
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { makeProject, type TestProject } from '../support/project';
import { connect, standInConnection, startStandIn, type SfConnection, type StandInHandle } from '../support/snowflake';

let h: StandInHandle;
let engine: Engine;
let admin: SfConnection;
let project: TestProject | undefined;

beforeAll(async () => {
  h = await startStandIn();
  admin = await connect(h.standIn);
  await admin.query('CREATE DATABASE BQREFS');
  engine = await createEngine({ ...standInConnection(h.standIn), database: 'BQREFS' });
});

afterAll(async () => {
  project?.cleanup();
  await engine?.close();
  await admin?.close();
  await h?.close();
});

test('a BigQuery model reading models (plain and `backtick` names) reads the PR\'s tables', async () => {
  project = makeProject({
    'models/raw.sql': 'MODEL (name s.raw, kind FULL);\nSELECT 1 AS id, 10 AS v\n',
    'models/child.sql': 'MODEL (name s.child, kind FULL, dialect bigquery);\nSELECT r.id, r.v, t.v AS w FROM s.raw AS r JOIN `s`.`raw` AS t ON t.id = r.id\n',
  });
  const open = () => openWorkspace({ projectDir: project!.dir, engine, env: {} });
  // Column names as the stand-in reports them, whatever their case.
  const values = async (relation: string) => (await engine.query(`SELECT * FROM ${relation}`)).rows.map((r) => Object.entries(r).map(([k, v]) => `${k.toLowerCase()}=${String(v)}`).sort().join(' '));
  await applyEnvironment(await open(), 'prod');
  expect(await values('S.CHILD')).toEqual(['id=1 v=10 w=10']);
  project.edit('models/raw.sql', '10 AS v', '20 AS v');
  await applyEnvironment(await open(), 'pr_1');
  expect(await values('S__PR_1.CHILD')).toEqual(['id=1 v=20 w=20']);
  expect(await values('S.CHILD')).toEqual(['id=1 v=10 w=10']);
});
