import { lex } from '../../src/project/lexer';
import { parseModelFile } from '../../src/project/model-parser';
import { ModelError } from '../../src/errors';
import { findReferences, quotedCaseOf, rewriteReferences } from '../../src/project/references';
import { thrown } from './helpers';

const NAMES = new Set(['stg.orders', 'stg.customers']);
const model = (query: string) => parseModelFile(`MODEL (name m.x, kind FULL)\n${query}`, '/p/m.sql', 'm.sql', NAMES);
const physical = (name: string) => `"vde__${name.split('.')[0]}"."${name.replace('.', '__')}__v1"`;

describe('findReferences', () => {
  it('finds schema.table and catalog.schema.table, case-insensitively', () => {
    const q = 'select * from STG.Orders o join db.stg.customers c on c.id = o.customer_id';
    const refs = findReferences(lex(q), NAMES);
    expect(refs.map((r) => [r.model, q.slice(r.start, r.end)])).toEqual([
      ['stg.orders', 'STG.Orders'],
      ['stg.customers', 'db.stg.customers'],
    ]);
  });

  it('leaves raw source tables, single names and function calls alone', () => {
    const refs = findReferences(lex('select stg.orders(1), "stg"."orders"(2), orders, "stg.orders" from raw.orders, stg.other, "stg"."other"'), NAMES);
    expect(refs).toEqual([]);
  });

  it('finds quoted model names: "stg"."orders", stg."orders", "db".stg."customers"', () => {
    const q = 'select * from "stg"."orders" a, stg."orders" b, "stg".orders c join "db".stg."customers" d on true';
    const refs = findReferences(lex(q), NAMES);
    expect(refs.map((r) => [r.model, q.slice(r.start, r.end)])).toEqual([
      ['stg.orders', '"stg"."orders"'],
      ['stg.orders', 'stg."orders"'],
      ['stg.orders', '"stg".orders'],
      ['stg.customers', '"db".stg."customers"'],
    ]);
  });

  it('refuses a quoted name that names a model in another case than the dialect folds to', () => {
    const e = thrown(() => findReferences(lex('select 1\nfrom stg."Orders"'), NAMES, { file: 'models/x.sql' }));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(
      'models/x.sql:2: stg."Orders" differs from model stg.orders only by case, and quoted names keep their case: write stg.orders (unquoted) to read the model',
    );
    // Snowflake folds unquoted names to upper case: "STG"."ORDERS" is the model, "stg"."orders" is not.
    const upper = findReferences(lex('select * from "STG"."ORDERS"'), NAMES, { quotedCase: 'upper' });
    expect(upper.map((r) => r.model)).toEqual(['stg.orders']);
    expect(() => findReferences(lex('select * from "stg"."orders"'), NAMES, { quotedCase: 'upper' })).toThrow(/only by case/);
    // DuckDB compares quoted names case-insensitively.
    const insensitive = findReferences(lex('select * from "Stg"."Orders"'), NAMES, { quotedCase: quotedCaseOf('duckdb') });
    expect(insensitive.map((r) => r.model)).toEqual(['stg.orders']);
  });

  it('matches schema.table.column as a reference to the table', () => {
    const q = 'select stg.orders.id from stg.orders';
    const refs = findReferences(lex(q), NAMES);
    expect(refs.map((r) => q.slice(r.start, r.end))).toEqual(['stg.orders', 'stg.orders']);
  });
});

describe('rewriteReferences', () => {
  it('replaces references but never strings, comments, quoted identifiers or dollar quotes', () => {
    const m = model(`-- reads stg.orders
SELECT 'stg.orders' AS s, $$stg.orders$$ AS d, $q$ stg.customers $q$ AS e,
  "stg.orders" AS q, /* stg.customers */ o.id
FROM stg.orders AS o
JOIN warehouse.stg.customers c ON c.id = o.customer_id`);
    const out = rewriteReferences(m, physical);
    expect(out).toBe(`SELECT 'stg.orders' AS s, $$stg.orders$$ AS d, $q$ stg.customers $q$ AS e,
  "stg.orders" AS q, /* stg.customers */ o.id
FROM "vde__stg"."stg__orders__v1" AS o
JOIN "vde__stg"."stg__customers__v1" c ON c.id = o.customer_id`);
    expect(m.references.map((r) => r.line)).toEqual([5, 6]);
    expect(m.parents).toEqual(['stg.customers', 'stg.orders']);
  });

  it('rewrites quoted references like unquoted ones', () => {
    const m = model('SELECT o.id FROM "stg"."orders" AS o JOIN stg."customers" USING (id)');
    expect(rewriteReferences(m, physical)).toBe(
      'SELECT o.id FROM "vde__stg"."stg__orders__v1" AS o JOIN "vde__stg"."stg__customers__v1" USING (id)',
    );
    expect(m.parents).toEqual(['stg.customers', 'stg.orders']);
  });

  it('returns the query unchanged when there are no references', () => {
    const m = model('SELECT 1 FROM raw.orders');
    expect(m.references).toEqual([]);
    expect(rewriteReferences(m, physical)).toBe('SELECT 1 FROM raw.orders');
  });

  it('rewrites repeated references to the same model', () => {
    const m = model('SELECT * FROM stg.orders a, stg.orders b');
    expect(rewriteReferences(m, () => 'X')).toBe('SELECT * FROM X a, X b');
    expect(m.parents).toEqual(['stg.orders']);
  });
});

describe('backtick-quoted references (models the SQL parser transpiles)', () => {
  const inDialect = (dialect: string, query: string) =>
    parseModelFile(`MODEL (name m.x, kind FULL, dialect ${dialect});\n${query}`, '/p/m.sql', 'm.sql', NAMES, { engineDialect: 'postgres' });

  it('finds `schema`.`table`, mixed forms and catalogs, case-insensitively in BigQuery', () => {
    const m = inDialect('bigquery', 'SELECT * FROM `stg`.`orders` AS a JOIN `db`.stg.`Customers` AS c ON TRUE, `STG`.orders');
    expect(m.references.map((r) => [r.model, m.query.slice(r.start, r.end)])).toEqual([
      ['stg.orders', '`stg`.`orders`'],
      ['stg.customers', '`db`.stg.`Customers`'],
      ['stg.orders', '`STG`.orders'],
    ]);
    expect(rewriteReferences(m, physical)).toBe('SELECT * FROM "vde__stg"."stg__orders__v1" AS a JOIN "vde__stg"."stg__customers__v1" AS c ON TRUE, "vde__stg"."stg__orders__v1"');
  });

  it('keeps the quoted-case rule of the dialect: Snowflake reads `stg`.`orders` as a different, lower-case name', () => {
    const err = thrown(() => inDialect('snowflake', 'SELECT * FROM `stg`.`orders`'));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toContain('`stg`.`orders` differs from model stg.orders only by case');
    expect(inDialect('snowflake', 'SELECT * FROM `STG`.`ORDERS`').parents).toEqual(['stg.orders']);
  });

  it('reads a backtick name holding a quote, and text inside backticks is never a string', () => {
    const m = inDialect('mysql', "SELECT `it's`, `a``b` FROM `stg`.`orders`");
    expect(m.parents).toEqual(['stg.orders']);
  });

  it('a Postgres model on Postgres keeps reading ` as an operator character (no reference)', () => {
    const pg = parseModelFile('MODEL (name m.x, kind FULL);\nSELECT 1 `stg`.`orders`', '/p/m.sql', 'm.sql', NAMES);
    expect(pg.parents).toEqual([]);
    // A Postgres model transpiled for Snowflake reads them as the parser does.
    const toSnowflake = parseModelFile('MODEL (name m.x, kind FULL, dialect postgres);\nSELECT * FROM `stg`.`orders`', '/p/m.sql', 'm.sql', NAMES, { engineDialect: 'snowflake' });
    expect(toSnowflake.parents).toEqual(['stg.orders']);
  });

  it('the dialect from model_defaults decides too, and the header dialect overrides it', () => {
    const viaDefaults = parseModelFile('MODEL (name m.x, kind FULL);\nSELECT * FROM `stg`.`orders`', '/p/m.sql', 'm.sql', NAMES, { defaults: { dialect: 'bigquery' } });
    expect(viaDefaults.parents).toEqual(['stg.orders']);
    const overridden = parseModelFile("MODEL (name m.x, kind FULL, dialect bigquery);\nSELECT `it's` FROM `stg`.`orders`", '/p/m.sql', 'm.sql', NAMES, { defaults: { dialect: 'postgres' } });
    expect(overridden.parents).toEqual(['stg.orders']);
  });
});
