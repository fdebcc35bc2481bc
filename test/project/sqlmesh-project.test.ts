import { ConfigError, ModelError } from '../../src/errors';
import { parseAuditFile } from '../../src/project/audits';
import { parseExternalModels } from '../../src/project/external-models';
import { loadProject } from '../../src/project/loader';
import { fingerprints } from '../../src/core/snapshot';
import { rejected, tempProject, thrown } from './helpers';

describe('loadProject: SQLMesh projects', () => {
  it('skips enabled false models, listing them', async () => {
    const dir = tempProject({
      'models/a.sql': 'MODEL (name s.a, kind FULL); SELECT 1 AS x',
      'models/off.sql': 'MODEL (\n  name s.off,\n  enabled false\n); SELECT 1 AS x',
    });
    const p = await loadProject(dir, {});
    expect([...p.models.keys()]).toEqual(['s.a']);
    expect(p.disabled).toEqual([{ name: 's.off', file: 'models/off.sql', line: 1 }]);
  });

  it('makes depends_on part of the parents: it orders the graph and changes the fingerprint', async () => {
    const files = {
      'models/a.sql': 'MODEL (name s.a, kind FULL); SELECT 1 AS x',
      'models/b.sql': 'MODEL (name s.b, kind FULL, depends_on [s.a, other.table]); SELECT 2 AS y',
    };
    const p = await loadProject(tempProject(files), {});
    expect(p.models.get('s.b')!.parents).toEqual(['s.a']);
    expect(p.models.get('s.b')!.dependsOn).toEqual(['s.a', 'other.table']);
    expect(p.children.get('s.a')).toEqual(['s.b']);
    const before = fingerprints(p).get('s.b');
    const changed = await loadProject(tempProject({ ...files, 'models/a.sql': 'MODEL (name s.a, kind FULL); SELECT 10 AS x' }), {});
    expect(fingerprints(changed).get('s.b')).not.toBe(before);
  });

  it('reads incremental models with their schedule; refuses what of them vde does not run yet, naming file and line', async () => {
    const dir = tempProject({
      'config.yaml': 'model_defaults:\n  start: 2024-01-01\n',
      'models/e.sql': "MODEL (\n  name s.events,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column ds, batch_size 7, lookback 2),\n  cron '0 3 * * *',\n  end '2024-12-31'\n);\nSELECT 1 AS ds",
      'models/h.sql': "MODEL (name s.hourly, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id), cron '@hourly', start '2 days ago');\nSELECT 1 AS id",
    });
    const p = await loadProject(dir, {});
    expect(p.models.get('s.events')!.schedule).toEqual({
      cron: '0 3 * * *',
      unit: 'day',
      start: { at: Date.parse('2024-01-01T00:00:00Z') },
      end: Date.parse('2025-01-01T00:00:00Z'),
      batchSize: 7,
      lookback: 2,
    });
    expect(p.models.get('s.hourly')!.schedule).toMatchObject({ unit: 'hour', start: { ago: 2, unit: 'day' }, end: null, batchSize: null, lookback: 0 });

    const merge = await rejected(loadProject(tempProject({ 'models/m.sql': "MODEL (\n  name s.m,\n  kind INCREMENTAL_BY_UNIQUE_KEY (unique_key id, when_matched 'WHEN MATCHED THEN UPDATE SET target.x = source.x')\n);\nSELECT 1 AS id, 2 AS x" }), {}));
    expect(merge).toBeInstanceOf(ModelError);
    expect(merge.message).toMatch(/^models\/m\.sql:3: kind INCREMENTAL_BY_UNIQUE_KEY: when_matched is not supported yet/);
    const cron = await rejected(loadProject(tempProject({ 'models/c.sql': "MODEL (\n  name s.c,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column ds),\n  cron '*/2 * * * *'\n);\nSELECT 1 AS ds" }), {}));
    expect(cron.message).toMatch(/^models\/c\.sql:4: cron "\*\/2 \* \* \* \*": .*more often than every five minutes/);
    const start = await rejected(loadProject(tempProject({ 'models/s.sql': "MODEL (\n  name s.s,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column ds),\n  start 'last tuesday'\n);\nSELECT 1 AS ds" }), {}));
    expect(start.message).toMatch(/^models\/s\.sql:4: start "last tuesday": expected a date/);
    const restate = await rejected(loadProject(tempProject({ 'models/r.sql': "MODEL (\n  name s.r,\n  kind INCREMENTAL_BY_TIME_RANGE (\n    time_column ds,\n    auto_restatement_cron '@weekly'\n  )\n);\nSELECT 1 AS ds" }), {}));
    expect(restate).toBeInstanceOf(ModelError);
    expect(restate.message).toMatch(/^models\/r\.sql:3: kind INCREMENTAL_BY_TIME_RANGE: auto_restatement_cron is not supported yet/);
    const format = await rejected(loadProject(tempProject({ 'models/f.sql': "MODEL (\n  name s.f,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column ds, format '%d/%m/%Y')\n);\nSELECT '01/02/2024' AS ds" }), {}));
    expect(format.message).toMatch(/^models\/f\.sql:3: kind INCREMENTAL_BY_TIME_RANGE: time_column format '%d\/%m\/%Y' is not supported/);
    const iso = await loadProject(tempProject({ 'models/f.sql': "MODEL (\n  name s.f,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column ds, format '%Y%m%d')\n);\nSELECT '20240201' AS ds" }), {});
    expect(iso.models.get('s.f')!.kind).toMatchObject({ format: '%Y%m%d' });
  });

  it('loads custom audits and checks every audit a model calls', async () => {
    const files = {
      'audits/positive.sql': 'AUDIT (\n  name assert_positive,\n  blocking false,\n  defaults (threshold = 0)\n);\nSELECT * FROM @this_model WHERE @column <= @threshold;\n\nAUDIT (name no_rows);\nSELECT 1 WHERE false',
      'models/a.sql': 'MODEL (name s.a, kind FULL, audits (assert_positive(column := x), not_null(columns := [x]), no_rows)); SELECT 1 AS x',
    };
    const p = await loadProject(tempProject(files), {});
    expect([...p.audits.keys()].sort()).toEqual(['assert_positive', 'no_rows']);
    expect(p.audits.get('assert_positive')).toMatchObject({ file: 'audits/positive.sql', line: 1, blocking: false, defaults: { threshold: '0' }, parameters: ['column', 'threshold'], queryLine: 6 });
    expect(p.models.get('s.a')!.audits.map((a) => [a.name, a.builtin, a.blocking])).toEqual([
      ['assert_positive', false, false],
      ['not_null', true, true],
      ['no_rows', false, true],
    ]);
    const bad = tempProject({ ...files, 'models/a.sql': 'MODEL (name s.a,\n audits (asert_positive)); SELECT 1 AS x' });
    const e = await rejected(loadProject(bad, {}));
    expect(e.message).toBe('models/a.sql:2: audit asert_positive is neither a built-in audit nor defined in audits/*.sql; did you mean assert_positive?');
  });

  it('reads external models as sources with their columns', async () => {
    const dir = tempProject({
      'external_models.yaml': '- name: raw.events\n  description: Events from the app\n  columns:\n    id: int\n    \'"Payload"\': jsonb\n    Ts: timestamp\n- name: \'"db"."raw"."users"\'\n  columns:\n    id: int\n- name: other.thing\n  gateway: elsewhere\n',
      'models/a.sql': 'MODEL (name s.a, kind FULL); SELECT * FROM raw.events',
    });
    const p = await loadProject(dir, {});
    expect([...p.externals.keys()]).toEqual(['raw.events', 'raw.users']);
    expect(p.externals.get('raw.events')).toEqual({
      name: 'raw.events',
      schema: 'raw',
      table: 'events',
      columns: [
        { name: 'id', type: 'int' },
        { name: 'Payload', type: 'jsonb' },
        { name: 'ts', type: 'timestamp' },
      ],
      description: 'Events from the app',
      columnDescriptions: {},
      file: 'external_models.yaml',
      line: 1,
    });
    expect(p.externals.get('raw.users')).toMatchObject({ catalog: 'db', line: 7 });
    // Never built, never rewritten: not a model, not a parent.
    expect(p.models.get('s.a')!.parents).toEqual([]);
    expect(p.models.get('s.a')!.references).toEqual([]);
  });

  it('refuses a model that is also an external model', async () => {
    const dir = tempProject({ 'schema.yaml': '- name: s.a\n', 'models/a.sql': 'MODEL (name s.a, kind FULL); SELECT 1 AS x' });
    expect((await rejected(loadProject(dir, {}))).message).toMatch(/^models\/a\.sql:1: model s\.a is also described as an external model in schema\.yaml:1/);
  });

  it('applies config.yaml: ignore_patterns, model_defaults, infer_names', async () => {
    const dir = tempProject({
      'config.yaml': "ignore_patterns:\n  - models/scratch/*\nmodel_defaults:\n  dialect: duckdb\n  kind: FULL\nmodel_naming:\n  infer_names: true\n",
      'models/sales/orders.sql': 'MODEL (grain id); SELECT 1 AS id',
      'models/scratch/broken.sql': 'this is not a model',
    });
    const p = await loadProject(dir, {});
    expect([...p.models.keys()]).toEqual(['sales.orders']);
    expect(p.models.get('sales.orders')).toMatchObject({ kind: { name: 'FULL' }, dialect: 'duckdb', grain: ['id'] });
  });
});

describe('parseAuditFile', () => {
  it('refuses an audit without a name or query, naming file and line', () => {
    expect(thrown(() => parseAuditFile('AUDIT (blocking false);\nSELECT 1', 'audits/a.sql')).message).toBe('audits/a.sql:1: audit has no name property (expected `name my_audit`)');
    expect(thrown(() => parseAuditFile('AUDIT (name x);\n', 'audits/a.sql')).message).toBe('audits/a.sql:1: audit x has no query after its AUDIT (...) header');
    expect(thrown(() => parseAuditFile('AUDIT (name x,\n blockng false); SELECT 1', 'audits/a.sql')).message).toMatch(/^audits\/a\.sql:2: unknown audit property blockng; did you mean blocking\?/);
  });

  it('skips skip true audits and keeps the query as written', () => {
    const [a, ...rest] = parseAuditFile('AUDIT (name x, skip true); SELECT 1;\nAUDIT (name y, dialect duckdb);\nSELECT *\nFROM @this_model\nWHERE a IS NULL\n', 'audits/a.sql');
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ name: 'y', dialect: 'duckdb', query: 'SELECT *\nFROM @this_model\nWHERE a IS NULL', queryLine: 3, parameters: [] });
  });
});

describe('parseExternalModels', () => {
  it('names file, entry and line for a bad entry', () => {
    const e = thrown(() => parseExternalModels('- name: raw.ok\n- name: nodot\n', 'external_models.yaml', undefined));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('external_models.yaml:2: 1.name: expected a table name like schema.table or catalog.schema.table, got "nodot"');
    const f = thrown(() => parseExternalModels('- columns: {}\n', 'external_models.yaml', undefined));
    expect(f.message).toMatch(/^external_models\.yaml:1: 0\.name: required key is missing/);
  });
});
