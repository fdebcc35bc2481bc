import { ModelError } from '../../src/errors';
import { lex, normalizeTokens, significant } from '../../src/project/lexer';
import { thrown } from './helpers';

const kinds = (sql: string) => significant(lex(sql)).map((t) => [t.type, t.text]);

describe('lex', () => {
  it('covers the text exactly, with offsets and lines', () => {
    const sql = "select a,\n  'x''y' -- c\nfrom t";
    const tokens = lex(sql);
    expect(tokens.map((t) => t.text).join('')).toBe(sql);
    for (const t of tokens) expect(sql.slice(t.start, t.end)).toBe(t.text);
    const from = tokens.find((t) => t.text === 'from')!;
    expect(from.line).toBe(3);
    expect(tokens.find((t) => t.type === 'string')!.line).toBe(2);
  });

  it('reads strings with doubled quotes and E-strings with backslashes', () => {
    expect(kinds("'it''s' E'a\\'b' e'\\\\'")).toEqual([
      ['string', "'it''s'"],
      ['string', "E'a\\'b'"],
      ['string', "e'\\\\'"],
    ]);
  });

  it('reads dollar-quoted strings, with and without tags, containing quotes and $', () => {
    expect(kinds("$$ it's $x$ $$ $fn$ select 'a' $$ $fn$ $1")).toEqual([
      ['dollar', "$$ it's $x$ $$"],
      ['dollar', "$fn$ select 'a' $$ $fn$"],
      ['param', '$1'],
    ]);
  });

  it('reads quoted identifiers with "" escapes', () => {
    expect(kinds('"a""b" . "c d"')).toEqual([
      ['quoted', '"a""b"'],
      ['op', '.'],
      ['quoted', '"c d"'],
    ]);
  });

  it('nests block comments and keeps line counts across them', () => {
    const tokens = lex('/* a /* b */ still comment */ x\n/*\n\n*/ y');
    expect(tokens.filter((t) => t.type === 'comment').map((t) => t.text)).toEqual(['/* a /* b */ still comment */', '/*\n\n*/']);
    expect(tokens.find((t) => t.text === 'y')!.line).toBe(4);
  });

  it('reads numbers, identifiers and operators', () => {
    expect(kinds('x::numeric(10,2) >= 1.5e-3 .5 a_1$b <> 3')).toEqual([
      ['word', 'x'],
      ['op', '::'],
      ['word', 'numeric'],
      ['op', '('],
      ['number', '10'],
      ['op', ','],
      ['number', '2'],
      ['op', ')'],
      ['op', '>='],
      ['number', '1.5e-3'],
      ['number', '.5'],
      ['word', 'a_1$b'],
      ['op', '<>'],
      ['number', '3'],
    ]);
  });

  it('does not treat a minus sign as a comment start', () => {
    expect(kinds('a - -1')).toEqual([
      ['word', 'a'],
      ['op', '-'],
      ['op', '-'],
      ['number', '1'],
    ]);
  });

  it.each([
    ["select 'abc", 'string literal', 1],
    ['select 1\n/* open /* nested */', 'block comment', 2],
    ['select\n\n"abc', 'quoted identifier', 3],
    ['select $t$ abc $x$', 'dollar-quoted string', 1],
    ["select 1,\n E'abc\\'", 'string literal', 2],
  ])('rejects unterminated input %p', (sql, what, line) => {
    const e = thrown(() => lex(sql, { file: 'models/x.sql' }));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(`models/x.sql:${line}: unterminated ${what}`);
  });

  it('honours firstLine and baseOffset', () => {
    const t = significant(lex('a\nb', { firstLine: 10, baseOffset: 100 }));
    expect(t.map((x) => [x.line, x.start])).toEqual([
      [10, 100],
      [11, 102],
    ]);
  });

  it('normalizes: case, whitespace and comments vanish; literals and quoted names stay', () => {
    const a = normalizeTokens(lex("SELECT  A, 'MiXed' AS \"Col\" -- x\n FROM T"));
    const b = normalizeTokens(lex("select a,/* c */'MiXed' as \"Col\" from t"));
    expect(a).toBe(b);
    expect(a).toBe("select a , 'MiXed' as \"Col\" from t");
  });
});

describe('lex with backticks (a query the SQL parser transpiles)', () => {
  it('reads `...` as a quoted identifier, `` as an escaped backtick, quotes inside as text', () => {
    const toks = lex("SELECT `it's`, `a``b` FROM `s`.`t`", { backticks: true }).filter((t) => t.type === 'quoted');
    expect(toks.map((t) => t.text)).toEqual(["`it's`", '`a``b`', '`s`', '`t`']);
  });

  it('without the option (Postgres), a backtick stays an operator character', () => {
    const toks = lex('SELECT a `+ b FROM t').filter((t) => t.type !== 'whitespace');
    expect(toks.map((t) => [t.type, t.text])).toEqual([
      ['word', 'SELECT'],
      ['word', 'a'],
      ['op', '`'],
      ['op', '+'],
      ['word', 'b'],
      ['word', 'FROM'],
      ['word', 't'],
    ]);
  });

  it('an unterminated backtick name is an error at its line', () => {
    expect(() => lex('SELECT 1\nFROM `s.t', { file: 'm.sql', backticks: true })).toThrow('m.sql:2: unterminated quoted identifier');
  });
});
