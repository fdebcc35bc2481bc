// References in models written in another dialect than the engine's (issue 9 items 8 and 9):
// the physical name vde writes must be a name in the model's own dialect (BigQuery reads "..." as
// a string), backtick-quoted references must be rewritten, and a reference vde's lexer missed
// must be refused for every model a plan runs, not only for directly changed ones.
import { createEngine } from '../../src/engines';
import type { Engine } from '../../src/engines/types';
import { applyEnvironment, openWorkspace, planEnvironment } from '../../src/core/api';
import { ModelError } from '../../src/errors';
import { freshDatabase, type TestDatabase } from '../support/pg';
import { makeProject, postgresConfig, type TestProject } from '../support/project';
import { rejected } from '../project/helpers';

let project: TestProject;
afterEach(() => project?.cleanup());

describe.each(['postgres', 'pglite'])('models in a foreign dialect reading other models, on %s', (type) => {
  let db: TestDatabase | undefined;
  let engine: Engine;
  beforeAll(async () => {
    if (type === 'postgres') {
      db = await freshDatabase('dialect_refs');
      engine = await createEngine({ type: 'postgres', url: db.url });
    } else engine = await createEngine({ type: 'pglite', path: 'memory://' });
  });
  afterAll(async () => {
    await engine.close();
    await db?.drop();
  });

  const files = (schema: string, child: string, dialect = 'bigquery'): Record<string, string> => ({
    ...(db ? { 'vde.yaml': postgresConfig(db.url) } : {}),
    'models/raw.sql': `MODEL (name ${schema}.raw, kind FULL);\nSELECT 1 AS id, 10 AS v\n`,
    'models/child.sql': `MODEL (name ${schema}.child, kind FULL, dialect ${dialect});\n${child}\n`,
  });
  const apply = async (env: string) => applyEnvironment(await openWorkspace({ projectDir: project.dir, engine }), env);
  const valueIn = async (relation: string): Promise<number> => Number(((await engine.query(`SELECT v FROM ${relation}`)).rows[0] as { v: unknown }).v);

  it('a BigQuery model reading a model builds, and in a PR reads the PR\'s table', async () => {
    project = makeProject(files('bq1', 'SELECT id, v FROM bq1.raw'));
    await apply('prod');
    expect(await valueIn('bq1.child')).toBe(10);
    project.edit('models/raw.sql', '10 AS v', '20 AS v');
    const r = await apply('pr_1');
    expect(r.built.map((b) => b.name).sort()).toEqual(['bq1.child', 'bq1.raw']);
    expect(await valueIn('bq1__pr_1.child')).toBe(20);
    expect(await valueIn('bq1.child')).toBe(10);
  });

  it.each(['mysql', 'spark', 'databricks', 'hive'])('a %s model (double quotes are strings there) reading a model builds', async (dialect) => {
    const schema = `d_${dialect}`;
    project = makeProject(files(schema, `SELECT id, v FROM ${schema}.raw`, dialect));
    await apply('prod');
    expect(await valueIn(`${schema}.child`)).toBe(10);
  });

  it('@this_model in a post-statement of a BigQuery model names its physical table', async () => {
    project = makeProject(files('bq2', 'SELECT id, v FROM bq2.raw;\nCREATE INDEX IF NOT EXISTS bq2_child_v ON @this_model (v)'));
    await apply('prod');
    const idx = await engine.query("SELECT 1 FROM pg_indexes WHERE indexname = 'bq2_child_v' AND schemaname = 'vde__bq2'");
    expect(idx.rows).toHaveLength(1);
  });

  it('backtick-quoted references (`schema`.`table`) are rewritten: an indirectly modified child reads the PR\'s table', async () => {
    project = makeProject(files('bq3', 'SELECT id, v FROM bq3.raw', 'postgres'));
    await apply('prod');
    project.write('models/ticks.sql', 'MODEL (name bq3.ticks, kind FULL, dialect bigquery);\nSELECT id, v FROM `bq3`.`raw`\n');
    await apply('prod');
    expect(await valueIn('bq3.ticks')).toBe(10);
    project.edit('models/raw.sql', '10 AS v', '30 AS v');
    await apply('pr_2');
    // Not rewritten, the model would read "bq3"."raw": prod's view, 10.
    expect(await valueIn('bq3__pr_2.ticks')).toBe(30);
  });

  it('backtick names of any case read the model in BigQuery (names compare case-insensitively there)', async () => {
    project = makeProject(files('bq4', 'SELECT `R`.id, `R`.v FROM `BQ4`.`Raw` AS `R`'));
    const plan = await planEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'prod');
    expect(plan.models.find((m) => m.name === 'bq4.child')).toBeDefined();
    const ws = await openWorkspace({ projectDir: project.dir, engine });
    expect((await ws.project()).models.get('bq4.child')!.parents).toEqual(['bq4.raw']);
  });

  it('a BigQuery custom audit reading @this_model and a model by `backticks` runs on the PR\'s tables', async () => {
    project = makeProject({
      ...files('bq9', 'SELECT id, v FROM bq9.raw', 'postgres'),
      'audits/checks.sql': 'AUDIT (name beyond_raw, dialect bigquery, blocking false);\nSELECT c.* FROM @this_model AS c WHERE c.v > (SELECT MAX(r.v) FROM `bq9`.`raw` AS r) - 1\n',
    });
    project.edit('models/child.sql', 'dialect postgres', 'dialect postgres, audits (beyond_raw)');
    const prod = await apply('prod');
    expect(prod.audits.map((a) => [a.call, a.violations])).toEqual([['beyond_raw', 1]]);
    // In the PR the child holds 15 and the PR's raw 20: no violation. Read from prod's raw (10),
    // the audit would count 1.
    project.edit('models/raw.sql', '10 AS v', '20 AS v');
    project.edit('models/child.sql', 'SELECT id, v FROM', 'SELECT id, v - 5 AS v FROM');
    const pr = await apply('pr_6');
    expect(pr.audits.map((a) => [a.call, a.violations])).toEqual([['beyond_raw', 0]]);
  });

  // BigQuery strings take backslash escapes; vde's lexer reads 'it\'s' as ending at the backslash,
  // so the text between two such strings (here a FROM clause) looks like a string to it.
  const HIDDEN = (schema: string) => `SELECT id, v, 'it\\'s' AS label FROM ${schema}.raw WHERE 'don\\'t' <> ''`;

  it('a NEW model with a reference the lexer missed is refused before anything is written', async () => {
    project = makeProject({ ...files('bq5', 'SELECT id, v FROM bq5.raw', 'postgres') });
    await apply('prod');
    project.write('models/fresh.sql', `MODEL (name bq5.fresh, kind FULL, dialect bigquery);\n${HIDDEN('bq5')}\n`);
    const err = await rejected(apply('pr_3'));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/^models\/fresh\.sql:2: the query reads model bq5\.raw in a form vde cannot rewrite/);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname = 'bq5__pr_3'")).rows).toEqual([]);
    // plan says so too
    const planErr = await rejected(planEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'pr_3'));
    expect(planErr.message).toMatch(/reads model bq5\.raw in a form vde cannot rewrite/);
  });

  it('a DIRECTLY changed model with such a reference is refused, though the lexer also misreads its projections', async () => {
    project = makeProject({ ...files('bq8', 'SELECT id, v FROM bq8.raw', 'postgres') });
    await apply('prod');
    // The comma in 'a,b' is a fourth projection to vde's lexer; the parser reads three.
    project.write('models/child.sql', "MODEL (name bq8.child, kind FULL, dialect bigquery);\nSELECT id, v, 'it\\'s' AS label FROM bq8.raw WHERE 'a,b' <> 'don\\'t'\n");
    const err = await rejected(apply('pr_5'));
    expect(err.message).toMatch(/^models\/child\.sql:2: the query reads model bq8\.raw in a form vde cannot rewrite/);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname = 'bq8__pr_5'")).rows).toEqual([]);
  });

  it('a reference the lexer found inside what the dialect reads as a string is refused, not rewritten into the string', async () => {
    // BigQuery: 'a\'b bq10.raw' is one string; vde's lexer ends it at the backslash and finds
    // bq10.raw after it. Rewritten there, the string's value would change silently.
    project = makeProject(files('bq10', "SELECT r.id, 'a\\'b bq10.raw' AS note, 'c\\'d' AS e, r.v FROM bq10.raw AS r"));
    const err = await rejected(apply('prod'));
    expect(err.message).toMatch(/^models\/child\.sql:2: transpiling from dialect bigquery to postgres did not keep the physical table of model bq10\.raw/);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname IN ('bq10', 'vde__bq10')")).rows).toEqual([]);
  });

  it('a custom audit with such a reference is refused by plan and apply, before anything is written', async () => {
    const audit = (where: string) =>
      `AUDIT (name raw_seen, dialect bigquery, blocking false);\nSELECT c.* FROM @this_model AS c WHERE c.v > 100 AND EXISTS (${where})\n`;
    project = makeProject({
      ...files('bq11', 'SELECT id, v FROM bq11.raw', 'postgres'),
      'audits/checks.sql': audit('SELECT 1 FROM bq11.raw AS r'),
    });
    project.edit('models/child.sql', 'dialect postgres', 'dialect postgres, audits (raw_seen)');
    await apply('prod');
    // Now the audit reads raw between two BigQuery strings with backslash escapes: vde's lexer
    // would not see it, and in the PR the audit would count rows of prod's raw.
    project.write('audits/checks.sql', audit("SELECT 'it\\'s' AS label FROM bq11.raw WHERE 'don\\'t' <> ''"));
    project.edit('models/child.sql', 'SELECT id, v FROM', 'SELECT id, v + 1 AS v FROM');
    const planErr = await rejected(planEnvironment(await openWorkspace({ projectDir: project.dir, engine }), 'pr_11'));
    expect(planErr).toBeInstanceOf(ModelError);
    expect(planErr.message).toMatch(/^audits\/checks\.sql:2: audit raw_seen, run for model bq11\.child, reads model bq11\.raw in a form vde cannot rewrite/);
    const err = await rejected(apply('pr_11'));
    expect(err.message).toBe(planErr.message);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname = 'bq11__pr_11'")).rows).toEqual([]);
  });

  it('a new model with such a reference is refused on the first apply of prod too', async () => {
    project = makeProject({ ...files('bq6', HIDDEN('bq6')) });
    const err = await rejected(apply('prod'));
    expect(err.message).toMatch(/^models\/child\.sql:2: the query reads model bq6\.raw in a form vde cannot rewrite/);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname IN ('bq6', 'vde__bq6')")).rows).toEqual([]);
  });

  it('an INDIRECTLY modified child with such a reference is refused (it would read prod\'s relation)', async () => {
    // In prod, bq7.extra is a table of the warehouse, not a model: the hidden reference is fine.
    await engine.query('CREATE SCHEMA IF NOT EXISTS bq7');
    await engine.query('CREATE TABLE IF NOT EXISTS bq7.extra AS SELECT 99 AS id');
    project = makeProject({
      ...files('bq7', 'SELECT 1'),
      // depends_on makes raw a parent: a change to raw rebuilds the child, itself unchanged.
      'models/child.sql':
        "MODEL (name bq7.child, kind FULL, dialect bigquery, depends_on [bq7.raw]);\nSELECT 1 AS id, 5 AS v WHERE 'it\\'s' <> '' AND 1 NOT IN (SELECT id FROM bq7.extra WHERE 'don\\'t' <> '')\n",
    });
    await apply('prod');
    expect(await valueIn('bq7.child')).toBe(5);
    // The PR makes bq7.extra a model (the child must then read the PR's table) and changes raw.
    project.write('models/extra.sql', 'MODEL (name bq7.extra, kind FULL);\nSELECT 1 AS id\n');
    project.edit('models/raw.sql', '10 AS v', '70 AS v');
    const err = await rejected(apply('pr_4'));
    expect(err.message).toMatch(/^models\/child\.sql:2: the query reads model bq7\.extra in a form vde cannot rewrite/);
    expect((await engine.query("SELECT 1 FROM pg_namespace WHERE nspname = 'bq7__pr_4'")).rows).toEqual([]);
  });
});
