// How the loader reads the audits a model calls: built-in arguments checked, `blocking :=` at the
// call, custom audits' parameters rendered into their query, inline audits, model_defaults.audits.
// Every mistake is one line naming the file and the line, before anything connects.
import { checkAuditReads } from '../../src/core/audits';
import { loadProject } from '../../src/project/loader';
import { builtinAuditSql } from '../../src/project/builtin-audits';
import { rejected, tempProject } from './helpers';

const load = (files: Record<string, string>) => loadProject(tempProject(files), {});
const model = (audits: string) => ({ 'models/a.sql': `MODEL (\n  name s.a,\n  kind FULL,\n  audits (\n    ${audits}\n  )\n);\nSELECT 1 AS x, 2 AS y` });

describe('built-in audit calls', () => {
  it('take blocking := false (or true) at the call, which wins over the name', async () => {
    const p = await load(model('not_null(columns := (x), blocking := false),\n    unique_values_non_blocking(columns := [x], blocking := TRUE),\n    accepted_range(column := x, min_v := 0)'));
    expect(p.models.get('s.a')!.audits.map((a) => [a.name, a.blocking])).toEqual([
      ['not_null', false],
      ['unique_values', true],
      ['accepted_range', true],
    ]);
    // blocking is not an argument of the audit's query.
    expect(p.models.get('s.a')!.audits[0]!.args).toEqual({ columns: { sql: '(x)', items: ['x'] } });
  });

  it('know every built-in SQLMesh documents, including mean_in_range and stddev_in_range', async () => {
    const p = await load(model('mean_in_range(column := x, min_v := 1),\n    stddev_in_range_non_blocking(column := x, max_v := 3)'));
    expect(p.models.get('s.a')!.audits.map((a) => [a.name, a.builtin, a.blocking])).toEqual([
      ['mean_in_range', true, true],
      ['stddev_in_range', true, false],
    ]);
  });

  it.each([
    ['not_null(column := x)', 'models/a.sql:5: audits: audit not_null takes no argument column (it takes columns, and blocking); did you mean columns?'],
    ['accepted_values(column := x)', 'models/a.sql:5: audits: audit accepted_values needs is_in := (accepted_values(column := ..., is_in := ...))'],
    ['accepted_range(column := x, inclusive := maybe)', 'models/a.sql:5: audits: audit accepted_range: inclusive must be true or false, got maybe'],
    ['not_null(columns := ())', 'models/a.sql:5: audits: audit not_null: columns is an empty list'],
    ['not_null(columns := (x), blocking := sometimes)', 'models/a.sql:5: audits: not_null: blocking must be true or false, got sometimes'],
    [
      'chi_square(column := x, target_column := y, critical_value := 6.6)',
      'models/a.sql:5: audits: vde does not run the built-in audit chi_square (its contingency-table statistics differ between engines); write the check as a custom audit in audits/',
    ],
  ])('refuse %s with the file and line', async (call, message) => {
    expect((await rejected(load(model(call)))).message).toBe(message);
  });
});

describe('custom audits', () => {
  const AUDITS = {
    'audits/checks.sql': 'AUDIT (name at_most, defaults (threshold = 20));\nSELECT * FROM @this_model WHERE @column > @threshold;\n\nAUDIT (name each_null);\nSELECT * FROM @this_model WHERE GREATEST(@EACH(@cols, c -> c)) IS NULL',
  };

  it('render their query with the call’s arguments over the defaults and @this_model as a placeholder', async () => {
    const p = await load({ ...AUDITS, ...model('at_most(column := x),\n    at_most(column := y, threshold := 1 + 1),\n    each_null(cols := [x, y])') });
    expect(p.models.get('s.a')!.audits.map((a) => a.rendered?.sql)).toEqual([
      'SELECT * FROM "__vde_this_model__" WHERE x > 20',
      'SELECT * FROM "__vde_this_model__" WHERE y > 1 + 1',
      'SELECT * FROM "__vde_this_model__" WHERE GREATEST(x, y) IS NULL',
    ]);
  });

  it('refuse a missing parameter and one the audit does not take, naming the call', async () => {
    expect((await rejected(load({ ...AUDITS, ...model('at_most(threshold := 3)') }))).message).toBe(
      'models/a.sql:5: audit at_most (audits/checks.sql:1) needs column := ...: its query uses @column and it has no default',
    );
    expect((await rejected(load({ ...AUDITS, ...model('at_most(column := x, treshold := 3)') }))).message).toBe(
      'models/a.sql:5: audit at_most (audits/checks.sql:1) takes no parameter treshold: its query uses @column, @threshold; did you mean threshold?',
    );
  });

  it('may be defined in the model file itself (inline), visible to that model only', async () => {
    const p = await load({
      'models/a.sql': 'MODEL (name s.a, kind FULL, audits (mine));\nSELECT 1 AS x;\n\nAUDIT (name mine);\nSELECT * FROM @this_model WHERE x < 0;\n',
      'models/b.sql': 'MODEL (name s.b, kind FULL, audits (mine));\nSELECT 1 AS x',
    }).catch((e: Error) => e);
    expect((p as Error).message).toBe('models/b.sql:1: audit mine is neither a built-in audit nor defined in audits/*.sql');
    const ok = await load({ 'models/a.sql': 'MODEL (name s.a, kind FULL, audits (mine));\nSELECT 1 AS x;\n\nAUDIT (name mine);\nSELECT * FROM @this_model WHERE x < 0;\n' });
    const a = ok.models.get('s.a')!;
    // The inline audit is not part of the model's query or statements.
    expect(a.query).toBe('SELECT 1 AS x');
    expect(a.postStatements).toEqual([]);
    expect(a.audits[0]!.rendered).toMatchObject({ file: 'models/a.sql', line: 4, sql: 'SELECT * FROM "__vde_this_model__" WHERE x < 0' });
  });

  it('find the models their query reads, and refuse one that reads a model built from the audited one', async () => {
    const p = await load({
      'audits/known.sql': 'AUDIT (name known);\nSELECT * FROM @this_model WHERE x NOT IN (SELECT x FROM s.b)',
      ...model('known'),
      'models/b.sql': 'MODEL (name s.b, kind FULL);\nSELECT 1 AS x',
    });
    expect(p.models.get('s.a')!.audits[0]!.rendered!.references.map((r) => r.model)).toEqual(['s.b']);
    expect(() => checkAuditReads(p)).not.toThrow();
    const cyclic = await load({
      'audits/known.sql': 'AUDIT (name known);\nSELECT * FROM @this_model\nWHERE x NOT IN (SELECT x FROM s.b)',
      ...model('known'),
      'models/b.sql': 'MODEL (name s.b, kind FULL);\nSELECT x FROM s.a',
    });
    expect(() => checkAuditReads(cyclic)).toThrow(
      'audits/known.sql:3: audit known of model s.a reads model s.b, which is built from s.a: vde runs a model\'s audits right after its build, before the models built from it',
    );
  });
});

describe('model_defaults.audits in config.yaml', () => {
  it('run first on every model; a bad one names config.yaml and the item’s line', async () => {
    const p = await load({ 'config.yaml': 'model_defaults:\n  audits:\n    - "not_null(columns := [x])"\n    - number_of_rows(threshold := 0)\n', ...model('unique_values(columns := (x))') });
    expect(p.models.get('s.a')!.audits.map((a) => [a.name, a.line, !!a.fromDefaults])).toEqual([
      ['not_null', 3, true],
      ['number_of_rows', 4, true],
      ['unique_values', 5, false],
    ]);
    expect(p.config.notes.join('\n')).not.toMatch(/model_defaults not used by vde: .*audits/);
    const bad = await rejected(load({ 'config.yaml': 'model_defaults:\n  audits:\n    - not_null(colums := [x])\n', ...model('unique_values(columns := (x))') }));
    expect(bad.message).toBe('config.yaml:3: model_defaults.audits: audit not_null takes no argument colums (it takes columns, and blocking); did you mean columns?');
  });
});

describe('built-in audit SQL', () => {
  const h = { table: 'T', regexMatch: (e: string, p: string) => `(${e} ~ ${p})`, literal: (v: string) => `'${v}'` };
  it('is portable SQL around the arguments as written', () => {
    expect(builtinAuditSql('not_null', { columns: { sql: '(a, b)', items: ['a', 'b'] } }, h)).toBe('SELECT * FROM T WHERE (a) IS NULL OR (b) IS NULL');
    expect(builtinAuditSql('accepted_range', { column: { sql: 'x' }, min_v: { sql: '0' }, inclusive: { sql: 'false' } }, h)).toBe('SELECT * FROM T WHERE (x) <= (0)');
    expect(builtinAuditSql('number_of_rows', { threshold: { sql: '10' } }, h)).toBe(
      'SELECT 1 AS vde_too_few FROM (SELECT COUNT(*) AS vde_count FROM (SELECT 1 AS vde_row FROM T LIMIT 11) AS vde_rows) AS vde_counted WHERE vde_count <= (10)',
    );
    expect(builtinAuditSql('valid_email', { column: { sql: 'e' } }, h)).toBe("SELECT * FROM T WHERE NOT ((e) ~ '^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9.-]+$')");
  });
});
