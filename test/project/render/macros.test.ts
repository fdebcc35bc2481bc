// SQLMesh macros vde renders itself (issue 9 item 6): built-in variables, config.yaml variables,
// @VAR, @DEF, @IF and @EACH with literal arguments; user macros refused by name.
import { ModelError } from '../../../src/errors';
import { parseModelFile } from '../../../src/project/model-parser';
import { locateInQuery } from '../../../src/project/references';
import { thrown } from '../helpers';

const NOW = new Date('2024-03-05T10:20:30Z');
const parse = (body: string, opts: { variables?: Record<string, unknown>; header?: string; userMacros?: Map<string, string> } = {}) =>
  parseModelFile(`MODEL (name m.x, kind FULL${opts.header ?? ''});\n${body}`, '/p/models/x.sql', 'models/x.sql', new Set(['m.src']), {
    variables: opts.variables ?? {},
    now: NOW,
    defaults: { gateway: 'local' },
    ...(opts.userMacros ? { userMacros: opts.userMacros } : {}),
  });

describe('built-in macro variables', () => {
  it('render from the run time and the model start (the documented defaults for non-incremental models)', () => {
    const m = parse(
      'SELECT @start_ds AS a, @end_ds AS b, @execution_ds AS c, @start_date AS d, @end_ts AS e, @execution_epoch AS f, @start_millis AS g, @execution_dt AS h, @gateway AS gw\n',
      { header: ", start '2024-01-01'" },
    );
    expect(m.query).toBe(
      "SELECT '2024-01-01' AS a, '2024-03-05' AS b, '2024-03-05' AS c, CAST('2024-01-01' AS DATE) AS d, '2024-03-05 10:20:30' AS e, 1709634030 AS f, 1704067200000 AS g, CAST('2024-03-05 10:20:30' AS TIMESTAMP) AS h, 'local' AS gw",
    );
  });

  it('leave strings, comments and operators alone', () => {
    const m = parse("SELECT '@start_ds' AS s, a @> b AS c -- @nope\nFROM m.src\n");
    expect(m.query).toBe("SELECT '@start_ds' AS s, a @> b AS c -- @nope\nFROM m.src");
  });
});

describe('config.yaml variables, @VAR and @DEF', () => {
  it('substitute values as SQL literals, and references found after rendering', () => {
    const m = parse("@DEF(min_amount, 10);\nSELECT @country AS c, @VAR('limit') AS l, @VAR('missing', 5) AS d, @VAR('none') AS n, @min_amount AS mn FROM m.src WHERE amount > @min_amount AND flag = @flag\n", {
      variables: { country: "it's", limit: 3, flag: true },
    });
    expect(m.query).toBe("SELECT 'it''s' AS c, 3 AS l, 5 AS d, NULL AS n, 10 AS mn FROM m.src WHERE amount > 10 AND flag = TRUE");
    expect(m.parents).toEqual(['m.src']);
    expect(m.macroVariables).toEqual({ country: "it's", flag: true, limit: 3, missing: undefined, none: undefined });
  });

  it('@{name} splices a value into an identifier, so a table name can come from a variable', () => {
    const m = parse('SELECT * FROM m.@{table}\n', { variables: { table: 'src' } });
    expect(m.query).toBe('SELECT * FROM m.src');
    expect(m.parents).toEqual(['m.src']);
  });

  it('a config variable that changes changes the fingerprint input; the time does not', () => {
    const a = parse('SELECT @v AS v, @execution_ds AS d\n', { variables: { v: 1 } });
    const b = parse('SELECT @v AS v, @execution_ds AS d\n', { variables: { v: 2 } });
    expect(a.normalizedQuery).toBe(b.normalizedQuery);
    expect(a.macroVariables).not.toEqual(b.macroVariables);
  });
});

describe('@IF and @EACH', () => {
  it('@IF with a literal condition picks a branch', () => {
    const m = parse("SELECT 1 AS a, @IF(@env = 'prod', 'p', 'd') AS b FROM t WHERE @IF(1 > 2 OR NOT TRUE, x, y) > 0 @IF(@env <> 'prod', AND z)\n", { variables: { env: 'dev' } });
    expect(m.query).toBe("SELECT 1 AS a, 'd' AS b FROM t WHERE y > 0 AND z");
  });

  it('@EACH expands a literal list or a list variable', () => {
    const m = parse("SELECT @EACH([a, b], x -> sum(x) AS total_@{x}), @EACH(@kinds, k -> count_if(kind = k)) FROM t\n", { variables: { kinds: ['x', 'y'] } });
    expect(m.query).toBe("SELECT sum(a) AS total_a, sum(b) AS total_b, count_if(kind = 'x'), count_if(kind = 'y') FROM t");
  });

  it('refuses a condition it cannot evaluate, naming the line', () => {
    const e = thrown(() => parse('SELECT 1\nFROM t WHERE @IF(col > 1, a, b)\n')) as ModelError;
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toMatch(/^models\/x\.sql:3: @IF: vde evaluates only literal conditions/);
  });
});

describe('errors name the file and line', () => {
  it('an unknown variable', () => {
    expect(thrown(() => parse('SELECT 1 AS a,\n  @nope AS b\n')).message).toBe(
      'models/x.sql:3: unknown macro variable @nope (not a built-in, not defined by @DEF, not in config.yaml variables)',
    );
  });

  it('a user macro from macros/*.py names the macro and its file', () => {
    const e = thrown(() => parse('SELECT @add_one(a) AS b FROM t\n', { userMacros: new Map([['add_one', 'macros/utils.py']]) }));
    expect(e.message).toBe('models/x.sql:2: uses macro @add_one from macros/utils.py: vde runs no Python, so models using user macros are not supported');
  });
});

describe('pre/post statements and the source map', () => {
  it('statements before the query run before the build, after it after; @this_model waits for the build', () => {
    const m = parse("SET search_path = 'x';\n@DEF(n, 2);\nSELECT @n AS n;\nANALYZE @this_model;\n");
    expect(m.query).toBe('SELECT 2 AS n');
    expect(m.preStatements).toEqual([{ sql: "SET search_path = 'x'", line: 2 }]);
    expect(m.postStatements).toEqual([{ sql: 'ANALYZE "__vde_this_model__"', line: 5 }]);
  });

  it('offsets in the rendered query map back to the file', () => {
    const m = parse("SELECT @start_ds AS a,\n  bad_col\nFROM t\n");
    const at = locateInQuery(m, m.query.indexOf('bad_col'));
    expect(at).toMatchObject({ line: 3, column: 3, text: '  bad_col' });
    const macro = locateInQuery(m, m.query.indexOf("'1970"));
    expect(macro).toMatchObject({ line: 2, column: 8 });
  });
});
