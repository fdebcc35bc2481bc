import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError } from '../../src/errors';
import { parseModelFile } from '../../src/project/model-parser';
import { readSeedBatches, readSeedRows } from '../../src/project/seed';
import { rejected, tempProject, thrown } from './helpers';

/** A seed model `raw.data` in models/data.sql reading models/data.csv (or `path`). */
function seedModel(csv: string | Buffer, columns: string | null = 'id int, name text, note text', kindExtra = '', path = 'data.csv') {
  const dir = tempProject({});
  const csvFile = join(dir, 'models', 'data.csv');
  tempWrite(csvFile, csv);
  const file = join(dir, 'models/data.sql');
  const cols = columns === null ? '' : `, columns (${columns})`;
  const parse = () => parseModelFile(`MODEL (name raw.data, kind SEED (path '${path}'${kindExtra})${cols})`, file, 'models/data.sql');
  return { dir, csv: csvFile, parse };
}

function tempWrite(file: string, content: string | Buffer): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
}

const loadError = (s: { parse: () => unknown }): ModelError => {
  const e = thrown(s.parse);
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
};

describe('readSeedBatches', () => {
  it('maps header columns to declared order, case-insensitively, with quoting edge cases', async () => {
    const s = seedModel('\ufeffNOTE,Id,name\r\n"a, b",1,plain\r\n"say ""hi""",2,"multi\nline"\r\n,3,\r\n"",4,x\r\n');
    expect(await readSeedRows(s.parse())).toEqual([
      ['1', 'plain', 'a, b'],
      ['2', 'multi\nline', 'say "hi"'],
      ['3', null, null],
      ['4', 'x', ''],
    ]);
  });

  it('yields batches of the requested size, defaulting to the kind batch_size', async () => {
    const csv = 'id,name,note\n' + Array.from({ length: 7 }, (_, i) => `${i},n${i},`).join('\n') + '\n';
    const model = seedModel(csv, undefined, ', batch_size 3').parse();
    const sizes: number[] = [];
    for await (const b of readSeedBatches(model)) sizes.push(b.length);
    expect(sizes).toEqual([3, 3, 1]);
    const sizes2: number[] = [];
    for await (const b of readSeedBatches(model, 5)) sizes2.push(b.length);
    expect(sizes2).toEqual([5, 2]);
  });

  it('rejects a header missing a declared column at load, naming the CSV (project-relative) and line 1', () => {
    expect(loadError(seedModel('id,name\n1,a\n')).message).toBe('models/data.csv:1: header is missing declared column(s) note');
  });

  it('rejects an unknown header column', () => {
    expect(loadError(seedModel('id,name,note,extra\n1,a,b,c\n')).message).toMatch(/^models\/data\.csv:1: header column "extra" is not a declared column/);
  });

  it('rejects a row with the wrong number of fields at its line (empty lines are no rows)', () => {
    expect(loadError(seedModel('id,name,note\n1,"two\nlines",x\n\n2,b\n')).message).toBe('models/data.csv:5: row has 2 fields, the header has 3');
  });

  it('rejects an empty file and malformed quoting', () => {
    expect(loadError(seedModel('')).message).toBe('models/data.csv:1: the CSV file is empty: a header row is required');
    const e = loadError(seedModel('id,name,note\n1,"open,x\n'));
    expect(e.message).toMatch(/^models\/data\.csv:\d+: invalid CSV/);
  });

  it('names the CSV, line and column when the file changed after loading', async () => {
    const s = seedModel('id,name,note\n1,a,b\n');
    const model = s.parse();
    writeFileSync(s.csv, 'id,name,note\n1,a,b\nnine,c,d\n');
    const e = await rejected(readSeedRows(model));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe('models/data.csv:3: column id (int): "nine" is not an integer');
  });
});

describe('readSeedBatches: missing file', () => {
  it('names the model file when the CSV disappeared after parsing', async () => {
    const model = seedModel('id,name,note\n').parse();
    const kind = model.kind as Extract<typeof model.kind, { name: 'SEED' }>;
    const gone = { ...model, kind: { ...kind, path: `${kind.path}.gone`, relativePath: `${kind.relativePath}.gone` } };
    const e = await rejected(readSeedRows(gone));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe('models/data.sql:1: seed file models/data.csv.gone does not exist');
  });

  it('stops cleanly when the consumer breaks early', async () => {
    const csv = 'id,name,note\n' + Array.from({ length: 50 }, (_, i) => `${i},n,`).join('\n') + '\n';
    let seen = 0;
    for await (const b of readSeedBatches(seedModel(csv).parse(), 10)) {
      seen += b.length;
      break;
    }
    expect(seen).toBe(10);
  });
});

describe('seeds: trust', () => {
  it('refuses non-UTF-8 bytes, naming the CSV and line', () => {
    const bytes = Buffer.concat([Buffer.from('id,name,note\n1,ok,x\n2,caf'), Buffer.from([0xe9]), Buffer.from(',y\n')]);
    expect(loadError(seedModel(bytes)).message).toMatch(/^models\/data\.csv:3: the file is not valid UTF-8 \(byte 0xe9 at offset 25\); save it as UTF-8$/);
  });

  it('keeps valid multi-byte UTF-8 and a byte-order mark', async () => {
    const rows = await readSeedRows(seedModel('\ufeffid,name,note\n1,café ☕,日本\n').parse());
    expect(rows).toEqual([['1', 'café ☕', '日本']]);
  });

  it.each([
    ['../../outside.csv', /seed path "\.\.\/\.\.\/outside\.csv" resolves to .*outside\.csv, outside the project folder/],
    ['/etc/passwd', /seed path "\/etc\/passwd" resolves to \/etc\/passwd, outside the project folder/],
    ['$root/../x.csv', /outside the project folder/],
  ])('refuses a seed path outside the project: %s', (path, re) => {
    const e = loadError(seedModel('id,name,note\n', undefined, '', path));
    expect(e.message).toMatch(re);
    expect(e.file).toBe('models/data.sql');
  });

  it('refuses a symlink inside the project that points outside it', () => {
    const outside = tempProject({ 'secret.csv': 'id,name,note\n1,token,x\n' });
    const s = seedModel('id,name,note\n', undefined, '', 'link.csv');
    symlinkSync(join(outside, 'secret.csv'), join(s.dir, 'models', 'link.csv'));
    expect(loadError(s).message).toMatch(/^models\/data\.sql:1: seed file models\/link\.csv is a link to .*secret\.csv, outside the project folder/);
  });

  it('accepts a symlink that stays inside the project', async () => {
    const s = seedModel('id,name,note\n1,a,b\n', undefined, '', 'link.csv');
    symlinkSync(s.csv, join(s.dir, 'models', 'link.csv'));
    expect(await readSeedRows(s.parse())).toEqual([['1', 'a', 'b']]);
  });

  it.each([
    ['id,name,note\n1,a,b\ntwo,b,c\n', 'id int, name text, note text', 'models/data.csv:3: column id (int): "two" is not an integer'],
    ['id,amount\n1,1.5x\n', 'id int, amount numeric(10,2)', 'models/data.csv:2: column amount (numeric(10,2)): "1.5x" is not a number'],
    ['id,ok\n1,maybe\n', 'id int, ok boolean', 'models/data.csv:2: column ok (boolean): "maybe" is not a boolean (true/false, yes/no, 1/0)'],
    ['id,d\n1,2024-02-30\n', 'id int, d date', 'models/data.csv:2: column d (date): "2024-02-30" is not a date as YYYY-MM-DD'],
    ['id,d\n1,01/02/2024\n', 'id int, d date', 'models/data.csv:2: column d (date): "01/02/2024" is not a date as YYYY-MM-DD'],
    ['id,t\n1,2024-01-01 25:00\n', 'id int, t timestamp', 'models/data.csv:2: column t (timestamp): "2024-01-01 25:00" is not a timestamp as YYYY-MM-DD[ HH:MM[:SS[.fff]]][±HH:MM]'],
    ['id,t\n1,2024-01-01 10:00+02\n', 'id int, t timestamp', /column t \(timestamp\): "2024-01-01 10:00\+02" is not a timestamp without a time zone offset/],
    ['id\n1.5\n', 'id bigint', 'models/data.csv:2: column id (bigint): "1.5" is not an integer'],
    ['id\n40000\n', 'id smallint', 'models/data.csv:2: column id (smallint): "40000" is not an integer between -32768 and 32767'],
  ])('checks values against declared types before connecting %#', (csv, columns, expected) => {
    const e = loadError(seedModel(csv, columns));
    if (typeof expected === 'string') expect(e.message).toBe(expected);
    else expect(e.message).toMatch(expected);
  });

  it('normalizes values the engine would refuse but SQLMesh loads (1.0 in BIGINT, yes in BOOLEAN, NA in a number)', async () => {
    const s = seedModel('id,ok,d,x,t\n1.0,yes,2024-1-5,NA,2024-01-05T10:30:00Z\n2e3,F,2024-01-06 00:00,3.25,2024-01-05\n', 'id bigint, ok boolean, d date, x double, t timestamptz');
    expect(await readSeedRows(s.parse())).toEqual([
      ['1', 'true', '2024-01-05', null, '2024-01-05T10:30:00Z'],
      ['2000', 'false', '2024-01-06', '3.25', '2024-01-05'],
    ]);
  });

  it('keeps NA markers as text in text columns', async () => {
    expect(await readSeedRows(seedModel('id,name,note\n1,NA,NULL\n').parse())).toEqual([['1', 'NA', 'NULL']]);
  });

  it('keeps an empty line of a one-column seed as a NULL row', async () => {
    const s = seedModel('id\n1\n\n3\n', 'id int');
    expect(await readSeedRows(s.parse())).toEqual([['1'], [null], ['3']]);
  });
});
