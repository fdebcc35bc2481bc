// Jinja blocks in model files (issue 9 item 7).
import { ModelError } from '../../../src/errors';
import { parseModelFile } from '../../../src/project/model-parser';
import { locateInQuery } from '../../../src/project/references';
import { thrown } from '../helpers';

const NOW = new Date('2024-03-05T10:20:30Z');
const parse = (body: string, variables: Record<string, unknown> = {}) =>
  parseModelFile(`MODEL (name m.x, kind FULL);\n${body}`, '/p/models/x.sql', 'models/x.sql', new Set(['m.src']), { variables, now: NOW });

it('renders a JINJA_QUERY_BEGIN block with comments, loops, var() and the time variables', () => {
  const m = parse(
    `JINJA_QUERY_BEGIN;
{# it's only a comment #}
{% set cols = ['a', 'b'] %}
SELECT {% for c in cols %}sum({{ c }}) AS total_{{ c }}, {% endfor %}'{{ start_ds }}' AS s, '{{ execution_ds }}' AS e, {{ var('limit', 5) }} AS l
FROM m.src
{% if var('country') == 'it' %}WHERE country = 'it'{% endif %}
JINJA_END;
`,
    { country: 'it' },
  );
  expect(m.query).toBe("SELECT sum(a) AS total_a, sum(b) AS total_b, '1970-01-01' AS s, '2024-03-05' AS e, 5 AS l\nFROM m.src\nWHERE country = 'it'");
  expect(m.parents).toEqual(['m.src']);
  expect(m.macroVariables).toEqual({ country: 'it', limit: undefined });
});

it('runs JINJA_STATEMENT_BEGIN blocks as pre/post statements, and maps the query back to the file', () => {
  const m = parse(`JINJA_STATEMENT_BEGIN;
SET work_mem = '{{ var('mem', '64MB') }}';
JINJA_END;

SELECT 1 AS a,
  broken
FROM m.src;

JINJA_STATEMENT_BEGIN;
GRANT SELECT ON {{ this_model }} TO {{ var('reader', 'public') }};
JINJA_END;
`);
  expect(m.preStatements).toEqual([{ sql: "SET work_mem = '64MB'", line: 2 }]);
  expect(m.postStatements.map((s) => s.sql)).toEqual(['GRANT SELECT ON "__vde_this_model__" TO public']);
  expect(locateInQuery(m, m.query.indexOf('broken'))).toMatchObject({ line: 7, column: 3, text: '  broken' });
});

it('a Jinja error names the file and the line of the block', () => {
  const e = thrown(() => parse('\n\nJINJA_QUERY_BEGIN;\nSELECT {{ 1 + }}\nJINJA_END;\n'));
  expect(e).toBeInstanceOf(ModelError);
  expect(e.message).toMatch(/^models\/x\.sql:4: Jinja block starting here cannot be rendered: /);
});

it('a block marker without its other half names the file and line (never reaches the warehouse)', () => {
  expect(thrown(() => parse('\nJINJA_QUERY_BEGIN;\nSELECT {{ 1 }} AS x\n')).message).toBe(
    'models/x.sql:3: JINJA_QUERY_BEGIN without a JINJA_END; after it (a Jinja block runs from JINJA_QUERY_BEGIN; to JINJA_END;)',
  );
  expect(thrown(() => parse('JINJA_STATEMENT_BEGIN;\nSET x = 1;\nJINJA_END;\nSELECT 1 AS x;\njinja_statement_begin;\nSET y = 2;\n')).message).toMatch(/^models\/x\.sql:6: JINJA_STATEMENT_BEGIN without a JINJA_END;/);
  expect(thrown(() => parse('SELECT 1 AS x;\n\nJINJA_END;\n')).message).toBe('models/x.sql:4: JINJA_END without a JINJA_QUERY_BEGIN; or JINJA_STATEMENT_BEGIN; before it');
});
