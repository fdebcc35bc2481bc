import { join } from 'node:path';
import { ModelError } from '../../src/errors';
import { parseModelFile } from '../../src/project/model-parser';
import { tempProject, thrown } from './helpers';

const FILE = '/proj/models/x.sql';
const REL = 'models/x.sql';
const parse = (text: string, defaults = {}) => parseModelFile(text, FILE, REL, undefined, { projectDir: '/proj', defaults });
const fail = (text: string, defaults = {}): ModelError => {
  const e = thrown(() => parse(text, defaults));
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
};

describe('MODEL header: SQLMesh properties', () => {
  it('defaults the kind to VIEW, or to model_defaults.kind', () => {
    expect(parse('MODEL (name a.b); SELECT 1 AS x').kind).toEqual({ name: 'VIEW' });
    expect(parse('MODEL (name a.b); SELECT 1 AS x', { kind: 'FULL' }).kind).toEqual({ name: 'FULL' });
    expect(fail('MODEL (name a.b); SELECT 1', { kind: 'BOGUS' }).message).toMatch(/^models\/x\.sql:1: model_defaults\.kind "BOGUS": unknown model kind BOGUS/);
  });

  it('honours grain and grains in every form', () => {
    expect(parse('MODEL (name a.b, grain id) SELECT 1').grain).toEqual(['id']);
    expect(parse('MODEL (name a.b, grain (a, "B")) SELECT 1').grain).toEqual(['a', 'B']);
    expect(parse('MODEL (name a.b, grains [a, b]) SELECT 1').grain).toEqual(['a', 'b']);
    expect(parse('MODEL (name a.b, grains (t.a)) SELECT 1').grain).toEqual(['a']);
    expect(parse("MODEL (name a.b, grain 'id') SELECT 1").grain).toEqual(['id']);
    expect(fail('MODEL (name a.b, grain a,\n grains [b]) SELECT 1').message).toBe('models/x.sql:2: use either grain or grains, not both');
    expect(fail('MODEL (name a.b,\n grain [a + 1]) SELECT 1').message).toMatch(/^models\/x\.sql:2: grain: expected a name/);
  });

  it('reads depends_on, description, column_descriptions, dialect, physical/virtual properties', () => {
    const m = parse(`MODEL (
  name a.b,
  kind FULL,
  depends_on [c.d, "cat"."e"."F", 'g.h'],
  description "double-quoted description",
  column_descriptions (id = 'The key', "Name" = "Shown name"),
  dialect 'DuckDB,normalization_strategy=case_sensitive',
  physical_properties (partition_expiration_days = 7, creatable_type = TRANSIENT),
  virtual_properties (labels = [('team', 'a')])
);
SELECT 1 AS id`);
    expect(m.dependsOn).toEqual(['c.d', 'e.F', 'g.h']);
    expect(m.description).toBe('double-quoted description');
    expect(m.columnDescriptions).toEqual({ id: 'The key', Name: 'Shown name' });
    expect(m.dialect).toBe('duckdb');
    expect(m.physicalProperties).toEqual([
      { key: 'partition_expiration_days', sql: '7' },
      { key: 'creatable_type', sql: 'TRANSIENT' },
    ]);
    expect(m.virtualProperties).toEqual([{ key: 'labels', sql: "[('team', 'a')]" }]);
    // No engine applies them yet: plan --verbose lists them as ignored.
    expect(m.ignoredProperties.map((p) => [p.name, p.line])).toEqual([
      ['physical_properties', 8],
      ['virtual_properties', 9],
    ]);
    expect(parse('MODEL (name a.b) SELECT 1', { dialect: 'Snowflake' }).dialect).toBe('snowflake');
  });

  it('reads table_properties as physical_properties (its old name), not both', () => {
    expect(parse('MODEL (name a.b, table_properties (x = 1)) SELECT 1').physicalProperties).toEqual([{ key: 'x', sql: '1' }]);
    expect(fail('MODEL (name a.b, table_properties (x = 1),\n physical_properties (y = 2)) SELECT 1').line).toBe(1);
  });

  it('records the properties it ignores, with line and value, for vde plan --verbose', () => {
    const m = parse(`MODEL (
  name a.b,
  kind FULL,
  cron '@hourly',
  owner "jen",
  tags [a, 'b'],
  stamp 'v2',
  signals [always_true()],
  partitioned_by (ds, region),
  clustered_by region,
  allow_partials true,
  references (customer_id AS id),
  ignored_rules ['ambiguousorinvalidcolumn'],
  formatting false,
  interval_unit 'hour',
  cron_tz 'America/Los_Angeles',
  end '2030-01-01',
  session_properties (query_label = [('a', 'b')]),
);
SELECT 1`);
    expect(m.ignoredProperties.map((p) => p.name)).toEqual([
      'cron',
      'owner',
      'tags',
      'stamp',
      'signals',
      'partitioned_by',
      'clustered_by',
      'allow_partials',
      'references',
      'ignored_rules',
      'formatting',
      'interval_unit',
      'cron_tz',
      'end',
      'session_properties',
    ]);
    expect(m.ignoredProperties[0]).toEqual({ name: 'cron', line: 4, value: "'@hourly'" });
    expect(m.owner).toBe('jen');
    expect(m.tags).toEqual(['a', 'b']);
  });

  it('reads enabled', () => {
    expect(parse('MODEL (name a.b, enabled false) SELECT 1').enabled).toBe(false);
    expect(parse("MODEL (name a.b, enabled 'true') SELECT 1").enabled).toBe(true);
    expect(fail('MODEL (name a.b,\n enabled maybe) SELECT 1').message).toBe('models/x.sql:2: enabled: expected true or false, got "maybe"');
  });

  it('parses audits with arguments and _non_blocking variants', () => {
    const m = parse(`MODEL (
  name a.b,
  audits (
    not_null(columns := (id, name)),
    unique_values_non_blocking(columns = [id]),
    accepted_range(column := amount, min_v := 0, max_v := 100, inclusive := false),
    forall(criteria := (amount > 0, status IN ('a', 'b'))),
    assert_positive_amounts
  )
);
SELECT 1 AS id`);
    expect(m.audits).toEqual([
      { name: 'not_null', builtin: true, blocking: true, args: { columns: { sql: '(id, name)', items: ['id', 'name'] } }, line: 4 },
      { name: 'unique_values', builtin: true, blocking: false, args: { columns: { sql: '[id]', items: ['id'] } }, line: 5 },
      {
        name: 'accepted_range',
        builtin: true,
        blocking: true,
        args: { column: { sql: 'amount' }, min_v: { sql: '0' }, max_v: { sql: '100' }, inclusive: { sql: 'false' } },
        line: 6,
      },
      { name: 'forall', builtin: true, blocking: true, args: { criteria: { sql: "(amount > 0, status IN ('a', 'b'))", items: ['amount > 0', "status IN ('a', 'b')"] } }, line: 7 },
      { name: 'assert_positive_amounts', builtin: false, blocking: true, args: {}, line: 8 },
    ]);
  });

  it('parses incremental kinds into typed data', () => {
    const tr = parse(`MODEL (
  name a.b,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column (event_date, '%Y-%m-%d'),
    batch_size 7,
    lookback 2,
    forward_only true,
    on_destructive_change warn
  )
);
SELECT 1`);
    expect(tr.kind).toEqual({
      name: 'INCREMENTAL_BY_TIME_RANGE',
      timeColumn: 'event_date',
      format: '%Y-%m-%d',
      batchSize: 7,
      lookback: 2,
      forwardOnly: true,
      disableRestatement: false,
      onDestructiveChange: 'warn',
      line: 3,
    });
    const uk = parse("MODEL (name a.b, kind INCREMENTAL_BY_UNIQUE_KEY (unique_key (id, ds), when_matched 'WHEN MATCHED THEN UPDATE SET target.x = source.x')) SELECT 1");
    expect(uk.kind).toEqual({
      name: 'INCREMENTAL_BY_UNIQUE_KEY',
      uniqueKey: ['id', 'ds'],
      whenMatched: 'WHEN MATCHED THEN UPDATE SET target.x = source.x',
      forwardOnly: false,
      disableRestatement: false,
      line: 1,
    });
    expect(parse('MODEL (name a.b, kind INCREMENTAL_UNMANAGED (insert_overwrite true)) SELECT 1').kind).toEqual({
      name: 'INCREMENTAL_UNMANAGED',
      insertOverwrite: true,
      forwardOnly: true,
      disableRestatement: true,
      line: 1,
    });
    expect(fail('MODEL (name a.b, kind INCREMENTAL_BY_TIME_RANGE (batch_size 1)) SELECT 1').message).toMatch(/needs a time_column/);
    expect(fail('MODEL (name a.b,\n kind INCREMENTAL_BY_TIME_RANGE (time_column ds, lookbak 2)) SELECT 1').message).toBe(
      'models/x.sql:2: unknown INCREMENTAL_BY_TIME_RANGE parameter lookbak; did you mean lookback? (parameters: time_column, format, partition_by_time_column, batch_size, batch_concurrency, lookback, forward_only, disable_restatement, on_destructive_change, on_additive_change, auto_restatement_cron, auto_restatement_intervals)',
    );
  });

  it('names the nearest known property for an unknown one', () => {
    expect(fail('MODEL (\n  name a.b,\n  grian id\n) SELECT 1').message).toBe('models/x.sql:3: unknown model property grian; did you mean grain? (see docs/sqlmesh.md for the properties vde reads)');
  });

  it('refuses blueprints and a gateway vde does not run on', () => {
    expect(fail("MODEL (name a.b,\n blueprints ((x := 1))) SELECT 1").message).toMatch(/^models\/x\.sql:2: blueprints .* are not supported/);
    // A blueprint's name holds a macro: the refusal names blueprints, not the name.
    expect(fail('MODEL (name a.b_@x,\n blueprints ((x := 1))) SELECT @x AS x').message).toMatch(/^models\/x\.sql:2: blueprints .* are not supported/);
    expect(fail('MODEL (name a.b,\n gateway other) SELECT 1', { gateway: 'main' }).message).toMatch(/^models\/x\.sql:2: gateway other: vde runs every model on one connection \(gateway main\)/);
    expect(parse('MODEL (name a.b, gateway Main) SELECT 1', { gateway: 'main' }).ignoredProperties).toEqual([{ name: 'gateway', line: 1, value: 'Main' }]);
  });

  it('infers the name from the path when model_naming.infer_names is on', () => {
    expect(parse('MODEL (kind FULL) SELECT 1', { inferredName: 'sales.orders' }).name).toBe('sales.orders');
  });
});

describe('SEED kind: SQLMesh conventions', () => {
  const project = (files: Record<string, string>) => tempProject(files);

  it('reads $root paths, double-quoted paths and infers columns without a columns property', () => {
    const dir = project({
      'seeds/orders.csv': 'id,amount,paid,ordered_on,at,note,score\n1,2.50,true,2024-01-02,2024-01-02 10:00:00,x,\n2,3,False,2024-01-03,2024-01-03T11:00:00,,7\n',
    });
    const m = parseModelFile(`MODEL (name raw.orders, kind SEED (path "$root/seeds/orders.csv"))`, join(dir, 'models/raw/orders.sql'), 'models/raw/orders.sql');
    expect(m.kind).toMatchObject({ path: join(dir, 'seeds/orders.csv'), relativePath: 'seeds/orders.csv' });
    expect(m.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'amount', type: 'double precision' },
      { name: 'paid', type: 'boolean' },
      { name: 'ordered_on', type: 'date' },
      { name: 'at', type: 'timestamp' },
      { name: 'note', type: 'text' },
      { name: 'score', type: 'double precision' },
    ]);
  });

  it('resolves a relative path against the model file', () => {
    const dir = project({ 'seeds/a.csv': 'x\n1\n' });
    const m = parseModelFile("MODEL (name raw.a, kind SEED (path '../../seeds/a.csv'))", join(dir, 'models/raw/a.sql'), 'models/raw/a.sql');
    expect(m.kind).toMatchObject({ relativePath: 'seeds/a.csv' });
  });

  it('makes declared types of other dialects portable, and reads csv_settings', () => {
    const dir = project({ 'seeds/a.csv': 'x;y;z\n1;NA;a\n' });
    const m = parseModelFile(
      "MODEL (name raw.a, kind SEED (path '$root/seeds/a.csv', csv_settings (delimiter = ';', na_values = ('NA', 'n/a'))), columns (x INT64, y DOUBLE, z STRING))",
      join(dir, 'models/a.sql'),
      'models/a.sql',
    );
    expect(m.columns).toEqual([
      { name: 'x', type: 'bigint' },
      { name: 'y', type: 'double precision' },
      { name: 'z', type: 'text' },
    ]);
    expect(m.kind).toMatchObject({ csv: { delimiter: ';', naValues: ['NA', 'n/a'] } });
  });

  it('refuses csv_settings it cannot honour', () => {
    const dir = project({ 'a.csv': 'x\n1\n' });
    const e = thrown(() => parseModelFile("MODEL (name raw.a, kind SEED (path 'a.csv', csv_settings (encoding = 'latin-1')))", join(dir, 'a.sql'), 'a.sql'));
    expect(e.message).toMatch(/encoding 'latin-1' is not supported: vde reads seeds as UTF-8/);
  });
});
