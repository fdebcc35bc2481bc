// The dialect names vde checks at load (without loading the parser) are the parser's own.
import { loadSqlParser, PARSER_DIALECTS, unknownDialect } from '../../src/project/sql-parser';
import { parseModelFile } from '../../src/project/model-parser';
import { parseSqlmeshConfig } from '../../src/project/sqlmesh-config';
import { thrown } from './helpers';

it('PARSER_DIALECTS is the parser’s list of dialects', async () => {
  await loadSqlParser();
  const polyglot = await import('@polyglot-sql/sdk');
  expect([...PARSER_DIALECTS].sort()).toEqual([...polyglot.getDialects()].sort());
});

it('accepts SQLMesh’s spellings, and names the nearest for an unknown dialect', () => {
  for (const d of ['duckdb', 'postgres', 'Snowflake', 'bigquery', 'tsql']) expect(unknownDialect(d)).toBeNull();
  expect(unknownDialect('duckbd')).toMatch(/^unknown SQL dialect duckbd; did you mean duckdb\? \(vde reads athena, bigquery, /);
});

it('a model with an unknown dialect is refused at its dialect line; model_defaults at its config.yaml line', () => {
  const e = thrown(() => parseModelFile('MODEL (\n  name a.b,\n  kind FULL,\n  dialect klingon\n);\nSELECT 1 AS x', '/p/models/x.sql', 'models/x.sql'));
  expect(e.message).toMatch(/^models\/x\.sql:4: dialect: unknown SQL dialect klingon \(vde reads /);
  const c = thrown(() => parseSqlmeshConfig('model_defaults:\n  dialect: duck\n', 'config.yaml', '/p/config.yaml', {}, { vdeConnection: false }));
  expect(c.message).toMatch(/^config\.yaml:2: model_defaults\.dialect: unknown SQL dialect duck; did you mean duckdb\?/);
});
