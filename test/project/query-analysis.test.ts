// What decides whether the SQL parser must read a query to find references vde's lexer missed.
import { parseModelFile } from '../../src/project/model-parser';
import { analyzeModel, referenceScreen } from '../../src/project/query-analysis';
import { loadSqlParser } from '../../src/project/sql-parser';
import { rejected } from './helpers';

const NAMES = new Set(['stg.orders', 'stg.customers']);
const TABLES = new Set(['orders', 'customers']);
const model = (query: string, header = '') => parseModelFile(`MODEL (name m.x, kind FULL${header});\n${query}\n`, '/p/m.sql', 'm.sql', NAMES);

describe('referenceScreen', () => {
  const screen = referenceScreen(TABLES);

  it.each([
    ['every model name is a reference vde found', 'SELECT o.id FROM stg.orders AS o JOIN "stg"."customers" AS c ON c.id = o.id'],
    ['no model table name is spelled at all', "SELECT 1 AS a, 'x' AS b FROM raw.things"],
    ['a name only contains a table name', 'SELECT orders_total, xorders FROM raw.t'],
  ])('lets a query through unread when %s', (_what, query) => {
    expect(screen(model(query))).toBe(false);
  });

  it.each([
    ['a table name outside the references found (a column qualifier)', 'SELECT orders.id FROM stg.orders'],
    ['a table name inside a string or a comment (its dialect may end them elsewhere)', "SELECT 'orders' AS a FROM t -- customers"],
    ['a backtick name in Postgres (not a reference to vde there)', 'SELECT 1 FROM `stg`.`orders`'],
    ['a backslash (an escape the parser may decode)', "SELECT 'a\\' FROM t"],
    ['U& escapes', 'SELECT 1 FROM U&"stg".U&"\\006frders"'],
    ['a non-ASCII character', 'SELECT 1 AS "ＯＲＤＥＲＳ" FROM t'],
  ])('sends a query to the parser when it has %s', (_what, query) => {
    expect(screen(model(query))).toBe(true);
  });

  it('sends every query when a model table name is not a plain identifier', () => {
    expect(referenceScreen(new Set(['orders', 'Odd name']))(model('SELECT 1 FROM t'))).toBe(true);
  });
});

describe('analyzeModel: the missed-reference check', () => {
  it('compares with the references rewritten, not the parents: depends_on rewrites nothing', async () => {
    const m = model('SELECT id FROM `stg`.`orders`', ', depends_on [stg.orders]');
    expect(m.parents).toEqual(['stg.orders']);
    expect(m.references).toEqual([]);
    const err = await rejected(analyzeModel(await loadSqlParser(), m, NAMES, 'postgres'));
    expect(err.message).toMatch(/^m\.sql:2: the query reads model stg\.orders in a form vde cannot rewrite/);
  });
});
