import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ModelError } from '../../src/errors';
import { parseModelFile, PROJECTIONS_PLACEHOLDER } from '../../src/project/model-parser';
import { tempProject, thrown } from './helpers';

const FILE = '/proj/models/x.sql';
const REL = 'models/x.sql';
const parse = (text: string, names?: string[]) => parseModelFile(text, FILE, REL, names ? new Set(names) : undefined);
const fail = (text: string): ModelError => {
  const e = thrown(() => parse(text));
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
};

describe('parseModelFile: header', () => {
  it('reads every property', () => {
    const m = parse(`-- leading comment
model (
  NAME Analytics.Stg.Orders,
  Kind full,
  grain (order_id, "Line"),
  columns (
    id integer,
    amount numeric(10, 2),
    ts timestamp   with time zone -- comment inside
  ),
  description 'Orders, it''s clean',
  owner data_team,
  cron '@daily',
  start '2024-01-01',
  tags [finance, 'pii'],
);
select 1 as id;
`);
    expect(m).toMatchObject({
      name: 'stg.orders',
      schema: 'stg',
      table: 'orders',
      catalog: 'analytics',
      kind: { name: 'FULL' },
      grain: ['order_id', 'Line'],
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'amount', type: 'numeric(10, 2)' },
        { name: 'ts', type: 'timestamp with time zone' },
      ],
      description: "Orders, it's clean",
      owner: 'data_team',
      cron: '@daily',
      start: '2024-01-01',
      tags: ['finance', 'pii'],
      file: FILE,
      relativeFile: REL,
      line: 2,
      queryLine: 17,
      query: 'select 1 as id',
    });
  });

  it('reads a single grain, tags in parentheses, and VIEW kind', () => {
    const m = parse("MODEL (name a.b, kind VIEW, grain id, tags (x, y)) SELECT 1 AS id");
    expect(m.kind).toEqual({ name: 'VIEW' });
    expect(m.grain).toEqual(['id']);
    expect(m.tags).toEqual(['x', 'y']);
    expect(m.queryLine).toBe(1);
    expect(m.catalog).toBeUndefined();
  });

  it('reads a SEED kind with path relative to the model file, batch size and hash', () => {
    const dir = tempProject({ 'models/seeds/data.csv': 'id\n1\n' });
    const file = join(dir, 'models/seeds/data.sql');
    const m = parseModelFile(
      "MODEL (name raw.data, kind SEED (path 'data.csv', batch_size 50), columns (id int));",
      file,
      'models/seeds/data.sql',
    );
    expect(m.kind).toEqual({ name: 'SEED', path: join(dir, 'models/seeds/data.csv'), relativePath: 'models/seeds/data.csv', batchSize: 50, csv: {} });
    expect(m.seedHash).toBe(createHash('sha256').update('id\n1\n').digest('hex'));
    expect(m.query).toBe('');
    expect(m.parents).toEqual([]);
  });

  it('rejects an unknown property at its line', () => {
    const e = fail('MODEL (\n  name a.b,\n  kind FULL,\n  materialised true\n) select 1');
    expect(e.message).toMatch(/^models\/x\.sql:4: unknown model property materialised/);
    expect(e.line).toBe(4);
  });

  it('rejects an unsupported kind at the line of the kind token', () => {
    const e = fail('MODEL (\n  name a.b,\n  kind\n    SCD_TYPE_2 (unique_key id)\n) select 1');
    expect(e.message).toMatch(/^models\/x\.sql:4: unsupported model kind SCD_TYPE_2/);
    const e2 = fail('MODEL (name a.b, kind BANANA) select 1');
    expect(e2.message).toMatch(/^models\/x\.sql:1: unknown model kind BANANA/);
  });

  it('rejects a missing seed file at the line of its path', () => {
    const dir = tempProject({});
    const e = thrown(() =>
      parseModelFile("MODEL (\n name raw.x,\n kind SEED (\n   path 'missing.csv'\n ),\n columns (id int)\n);", join(dir, 'm.sql'), 'models/m.sql'),
    );
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe('models/m.sql:4: seed file missing.csv does not exist');
  });

  it.each([
    ['select 1', 1, /unparseable header: expected the file to start with MODEL/],
    ['\n\nMODEL name a.b', 3, /unparseable header: expected \( after MODEL/],
    ['MODEL (\n name a.b,\n kind FULL\n\nselect 1', 1, /unparseable header: MODEL \( is never closed/],
    ['MODEL (\n name a.b,\n kind FULL;\nselect 1', 3, /unparseable header: MODEL \( is not closed before `;`/],
    ["MODEL (\n name a.b,\n 'kind' FULL\n) select 1", 3, /unparseable header: expected a property name/],
    ['', 1, /unparseable header/],
  ])('rejects an unparseable header %#', (text, line, re) => {
    const e = fail(text);
    expect(e.file).toBe(REL);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(re);
    expect(e.message.startsWith(`${REL}:${line}: `)).toBe(true);
  });

  it.each([
    ['MODEL (kind FULL) select 1', 1, /no name property/],
    ['MODEL (name a, kind FULL) select 1', 1, /invalid model name "a"/],
    ['MODEL (\nname a.b.c.d, kind FULL) select 1', 2, /invalid model name/],
    ['MODEL (name a.1b, kind FULL) select 1', 1, /invalid model name/],
    ['MODEL (name "A".b, kind FULL) select 1', 1, /invalid model name/],
    ['MODEL (name a.b,\n kind SEED (path \'x.csv\')) ', 2, /seed file models\/x\.csv does not exist/],
    ['MODEL (name a.b, kind FULL);\n', 1, /FULL model needs a query/],
    ['MODEL (name a.b, kind FULL) select 1;\nselect 2', 2, /holds one query; found another at line 2/],
    ['MODEL (name a.b, kind FULL (x 1)) select 1', 1, /kind FULL takes no parameters/],
    ['MODEL (name a.b,\n kind SEED (foo 1), columns (id int))', 2, /unknown SEED parameter foo/],
    ['MODEL (name a.b, kind FULL,\n name c.d) select 1', 2, /set twice/],
    ['MODEL (name a.b, kind FULL,\n description nope) select 1', 2, /description: expected a string in quotes/],
    ["MODEL (name a.b, kind FULL,\n columns (id)) select 1", 2, /column id has no type/],
  ])('rejects invalid models %#', (text, line, re) => {
    const e = fail(text);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(re);
    expect(e.message.startsWith(`${REL}:${line}: `)).toBe(true);
  });
});

describe('parseModelFile: normalization', () => {
  const base = parse("MODEL (name a.b, kind FULL)\nSELECT id, name FROM raw.t WHERE s = 'X'");

  it('ignores whitespace, comments and keyword case', () => {
    const variant = parse(`MODEL (name a.b, kind FULL)
-- a comment before the query
select
  ID,   /* the name */ Name
from   RAW.T
where s = 'X';  -- trailing`);
    expect(variant.normalizedQuery).toBe(base.normalizedQuery);
    expect(variant.projections).toEqual(base.projections);
    expect(variant.queryWithoutProjections).toBe(base.queryWithoutProjections);
  });

  it('changes on a real edit, including literal and quoted-identifier case', () => {
    expect(parse("MODEL (name a.b, kind FULL) SELECT id, name FROM raw.t WHERE s = 'Y'").normalizedQuery).not.toBe(base.normalizedQuery);
    expect(parse("MODEL (name a.b, kind FULL) SELECT id, name FROM raw.t WHERE s = 'x'").normalizedQuery).not.toBe(base.normalizedQuery);
    expect(parse('MODEL (name a.b, kind FULL) SELECT "ID", name FROM raw.t').normalizedQuery).not.toBe(
      parse('MODEL (name a.b, kind FULL) SELECT "id", name FROM raw.t').normalizedQuery,
    );
    expect(parse("MODEL (name a.b, kind FULL) SELECT id FROM raw.t WHERE s = 'X'").normalizedQuery).not.toBe(base.normalizedQuery);
  });

  it('keeps the query exactly as written, without the trailing semicolon', () => {
    const m = parse('MODEL (name a.b, kind FULL);\n\n  SELECT 1 -- one\n  ;;\n');
    expect(m.query).toBe('SELECT 1');
    expect(m.queryLine).toBe(3);
  });
});

describe('parseModelFile: projections', () => {
  const q = (sql: string) => parse(`MODEL (name a.b, kind FULL) ${sql}`);

  it('splits the select list on top-level commas only', () => {
    const m = q('SELECT a, coalesce(b, 0) AS b, CASE WHEN c > 1 THEN 1 ELSE 2 END AS c FROM t');
    expect(m.projections).toEqual(['a', 'coalesce ( b , 0 ) as b', 'case when c > 1 then 1 else 2 end as c']);
    expect(m.queryWithoutProjections).toBe(`select ${PROJECTIONS_PLACEHOLDER} from t`);
    expect(m.distinct).toBe(false);
  });

  it('uses the final select after CTEs, not the CTE bodies', () => {
    const m = q(`WITH x AS (SELECT a, b FROM t), y (k) AS MATERIALIZED (SELECT 1)
      SELECT x.a, y.k FROM x CROSS JOIN y`);
    expect(m.projections).toEqual(['x . a', 'y . k']);
    expect(m.queryWithoutProjections).toContain('with x as ( select a , b from t )');
    expect(m.queryWithoutProjections).toContain(`select ${PROJECTIONS_PLACEHOLDER} from x cross join y`);
  });

  it('ignores subqueries in the select list and FROM inside functions', () => {
    const m = q('SELECT (SELECT max(v) FROM s) AS m, extract(year FROM d) AS y, a FROM (SELECT 1 AS a, 2 AS d) z');
    expect(m.projections).toEqual(['( select max ( v ) from s ) as m', 'extract ( year from d ) as y', 'a']);
  });

  it('detects DISTINCT and DISTINCT ON', () => {
    expect(q('SELECT DISTINCT a, b FROM t')).toMatchObject({ distinct: true, projections: ['a', 'b'] });
    const on = q('SELECT DISTINCT ON (a, b) a, b, c FROM t ORDER BY a');
    expect(on).toMatchObject({ distinct: true, projections: ['a', 'b', 'c'] });
    expect(on.queryWithoutProjections).toBe(`select distinct on ( a , b ) ${PROJECTIONS_PLACEHOLDER} from t order by a`);
    expect(q('SELECT ALL a FROM t')).toMatchObject({ distinct: false, projections: ['a'] });
  });

  it('keeps window functions and ordered-set aggregates whole', () => {
    const m = q(`SELECT
        row_number() OVER (PARTITION BY a ORDER BY b DESC, c) AS rn,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS med,
        sum(v) FILTER (WHERE v > 0) OVER w AS s
      FROM t WINDOW w AS (PARTITION BY a)`);
    expect(m.projections).toEqual([
      'row_number ( ) over ( partition by a order by b desc , c ) as rn',
      'percentile_cont ( 0.5 ) within group ( order by v ) as med',
      'sum ( v ) filter ( where v > 0 ) over w as s',
    ]);
  });

  it('ends the list at clauses when there is no FROM, and at UNION', () => {
    expect(q('SELECT 1 AS a, 2 AS b').projections).toEqual(['1 as a', '2 as b']);
    expect(q('SELECT 1 AS a UNION ALL SELECT 2').projections).toEqual(['1 as a']);
    expect(q('SELECT a, b FROM t GROUP BY a, b').queryWithoutProjections).toBe(`select ${PROJECTIONS_PLACEHOLDER} from t group by a , b`);
  });

  it('adding a projection changes only the projections', () => {
    const a = q('SELECT a, b FROM t');
    const b = q('SELECT a, b, c + 1 AS d FROM t');
    expect(b.queryWithoutProjections).toBe(a.queryWithoutProjections);
    expect(b.projections.slice(0, 2)).toEqual(a.projections);
    expect(b.projections).toHaveLength(3);
  });
});

describe('parseModelFile: references', () => {
  it('fills references and parents when names are given', () => {
    const m = parse('MODEL (name m.x, kind FULL)\nSELECT * FROM stg.a JOIN cat.STG.B ON 1=1 JOIN raw.src USING (id)', ['stg.a', 'stg.b', 'm.x']);
    expect(m.references.map((r) => [r.model, m.query.slice(r.start, r.end), r.line])).toEqual([
      ['stg.a', 'stg.a', 2],
      ['stg.b', 'cat.STG.B', 2],
    ]);
    expect(m.parents).toEqual(['stg.a', 'stg.b']);
  });
});
