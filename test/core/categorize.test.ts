// Change categories from two versions of one model's query (DESIGN rule 2; issue 7 §1.2, §1.9).
import { categorize, definitionOf } from '../../src/core/snapshot';
import { parseModelFile } from '../../src/project/model-parser';
import { analyzeModel } from '../../src/project/query-analysis';
import { loadSqlParser } from '../../src/project/sql-parser';

const model = (query: string, dialect?: string) =>
  parseModelFile(`MODEL (name m.x, kind FULL);\n${query}\n`, '/p/x.sql', 'x.sql', undefined);
/** The definition of a model whose query the SQL parser read (as plan does for changed models). */
async function def(query: string, dialect = 'postgres') {
  const m = model(query);
  m.analysis = await analyzeModel(await loadSqlParser(), m, new Set(), dialect);
  return definitionOf(m);
}
const category = async (before: string, after: string, dialect = 'postgres') => categorize(await def(before, dialect), await def(after, dialect));

describe('categorize: an added projection', () => {
  it.each([
    ['a column', 'SELECT id FROM t', 'SELECT id, name FROM t'],
    ['an expression with scalar functions', 'SELECT id FROM t', "SELECT id, coalesce(upper(name), 'x') || '!' AS n, amount::numeric(10, 2) AS a FROM t"],
    ['a CASE and a cast', 'SELECT id FROM t', 'SELECT id, CASE WHEN (amount > 0) THEN 1 ELSE 0 END AS pos, CAST(id AS varchar(10)) AS s FROM t'],
    ['a window function', 'SELECT id FROM t', 'SELECT id, row_number() OVER (ORDER BY id) AS rn, count(*) OVER () AS total FROM t'],
    ['an aggregate in a grouped query', 'SELECT k, sum(v) AS s FROM t GROUP BY k', 'SELECT k, sum(v) AS s, count(*) AS n FROM t GROUP BY k'],
    ['an aggregate where another aggregate already makes one row', 'SELECT sum(v) AS s FROM t', 'SELECT sum(v) AS s, count(*) AS n FROM t'],
    ['a column before others when ORDER BY names columns', 'SELECT id FROM t ORDER BY id LIMIT 3', 'SELECT 1 AS one, id FROM t ORDER BY id LIMIT 3'],
    ['a column appended after positional ORDER BY columns', 'SELECT id, v FROM t ORDER BY 1 DESC LIMIT 3', 'SELECT id, v, v * 2 AS w FROM t ORDER BY 1 DESC LIMIT 3'],
  ])('is non-breaking: %s', async (_what, before, after) => {
    expect(await category(before, after, before.includes('ALL') ? 'duckdb' : 'postgres')).toBe('non-breaking');
  });

  it.each([
    ['a set-returning function', 'SELECT id FROM t', 'SELECT id, unnest(ARRAY[1, 2]) AS copy FROM t'],
    ['generate_series', 'SELECT id FROM t', 'SELECT id, generate_series(1, 3) AS n FROM t'],
    ['an aggregate in an ungrouped query', 'SELECT id FROM t', 'SELECT id, count(*) AS n_rows FROM t'],
    ['an aggregate with FILTER in an ungrouped query', 'SELECT 1 AS one FROM t', 'SELECT 1 AS one, count(*) FILTER (WHERE v > 0) AS n FROM t'],
    ['an unknown function', 'SELECT id FROM t', 'SELECT id, my_udf(id) AS u FROM t'],
    ['a schema-qualified function', 'SELECT id FROM t', 'SELECT id, util.lower(name) AS u FROM t'],
    ['a subquery', 'SELECT id FROM t', 'SELECT id, (SELECT max(v) FROM u) AS m FROM t'],
    ['a column under GROUP BY ALL', 'SELECT k, sum(v) AS s FROM t GROUP BY ALL', 'SELECT k, j, sum(v) AS s FROM t GROUP BY ALL'],
    ['a column before others with ORDER BY 1', 'SELECT id FROM t ORDER BY 1 DESC LIMIT 3', 'SELECT 11 - id AS flipped, id FROM t ORDER BY 1 DESC LIMIT 3'],
    ['a column before others with GROUP BY 1', 'SELECT k, count(*) AS n FROM t GROUP BY 1', 'SELECT j, k, count(*) AS n FROM t GROUP BY 1'],
    ['a column under ORDER BY ALL', 'SELECT k FROM t ORDER BY ALL LIMIT 1', 'SELECT k, j FROM t ORDER BY ALL LIMIT 1'],
    ['a column under DISTINCT', 'SELECT DISTINCT k FROM t', 'SELECT DISTINCT k, j FROM t'],
    ['a new join', 'SELECT t.id FROM t', 'SELECT t.id, u.v FROM t JOIN u USING (id)'],
  ])('is breaking: %s', async (_what, before, after) => {
    expect(await category(before, after, before.includes(' ALL') ? 'duckdb' : 'postgres')).toBe('breaking');
  });
});

describe('categorize: other changes', () => {
  it('is breaking for a removed or edited projection', async () => {
    expect(await category('SELECT id, name FROM t', 'SELECT id FROM t')).toBe('breaking');
    expect(await category('SELECT id, name FROM t', 'SELECT id, lower(name) AS name FROM t')).toBe('breaking');
  });

  it('is breaking when the parser did not read the new query: never guessed from the lexer', async () => {
    const unread = definitionOf(model('SELECT id, name FROM t'));
    expect(unread.analyzer).toBeUndefined();
    expect(categorize(await def('SELECT id FROM t'), unread)).toBe('breaking');
  });

  it('is breaking when the parser cannot read the new query', async () => {
    const m = model('SELECT id, name FROM t t2 t3');
    m.analysis = await analyzeModel(await loadSqlParser(), m, new Set(), 'postgres');
    expect(m.analysis).toMatchObject({ error: expect.any(String) });
    expect(categorize(await def('SELECT id FROM t'), definitionOf(m))).toBe('breaking');
  });

  it('reads DuckDB SQL in its own dialect: a trailing comma is no extra projection', async () => {
    expect(await category('SELECT id, FROM t', 'SELECT id, name, FROM t', 'duckdb')).toBe('non-breaking');
    expect(await category('SELECT id, FROM t', 'SELECT id, unnest([1, 2]) AS u, FROM t', 'duckdb')).toBe('breaking');
  });
});
