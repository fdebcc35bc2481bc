import { join } from 'node:path';
import { ModelError } from '../../src/errors';
import { parseModelFile } from '../../src/project/model-parser';
import { readSeedBatches, readSeedRows } from '../../src/project/seed';
import { rejected, tempProject } from './helpers';

function seedModel(csv: string, columns = 'id int, name text, note text', batch = '') {
  const dir = tempProject({ 'models/data.csv': csv });
  const file = join(dir, 'models/data.sql');
  const model = parseModelFile(`MODEL (name raw.data, kind SEED (path 'data.csv'${batch}), columns (${columns}))`, file, 'models/data.sql');
  return { model, csv: join(dir, 'models/data.csv') };
}

describe('readSeedBatches', () => {
  it('maps header columns to declared order, case-insensitively, with quoting edge cases', async () => {
    const { model } = seedModel(
      '\ufeffNOTE,Id,name\r\n"a, b",1,plain\r\n"say ""hi""",2,"multi\nline"\r\n,3,\r\n"",4,x\r\n',
    );
    expect(await readSeedRows(model)).toEqual([
      ['1', 'plain', 'a, b'],
      ['2', 'multi\nline', 'say "hi"'],
      ['3', null, null],
      ['4', 'x', ''],
    ]);
  });

  it('yields batches of the requested size, defaulting to the kind batch_size', async () => {
    const csv = 'id,name,note\n' + Array.from({ length: 7 }, (_, i) => `${i},n${i},`).join('\n') + '\n';
    const { model } = seedModel(csv, undefined, ', batch_size 3');
    const sizes: number[] = [];
    for await (const b of readSeedBatches(model)) sizes.push(b.length);
    expect(sizes).toEqual([3, 3, 1]);
    const sizes2: number[] = [];
    for await (const b of readSeedBatches(model, 5)) sizes2.push(b.length);
    expect(sizes2).toEqual([5, 2]);
  });

  it('rejects a header missing a declared column, naming the CSV and line 1', async () => {
    const { model, csv } = seedModel('id,name\n1,a\n');
    const e = await rejected(readSeedRows(model));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(`${csv}:1: header is missing declared column(s) note`);
  });

  it('rejects an unknown header column', async () => {
    const { model, csv } = seedModel('id,name,note,extra\n1,a,b,c\n');
    const e = await rejected(readSeedRows(model));
    expect(e.message).toMatch(new RegExp(`^${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1: header column "extra" is not a declared column`));
  });

  it('rejects a row with the wrong number of fields at its line', async () => {
    const { model, csv } = seedModel('id,name,note\n1,"two\nlines",x\n\n2,b\n');
    const e = await rejected(readSeedRows(model));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(`${csv}:5: row has 2 fields, the header has 3`);
  });

  it('rejects an empty file and malformed quoting', async () => {
    const empty = seedModel('');
    expect((await rejected(readSeedRows(empty.model))).message).toBe(`${empty.csv}:1: the CSV file is empty: a header row is required`);
    const bad = seedModel('id,name,note\n1,"open,x\n');
    const e = await rejected(readSeedRows(bad.model));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toContain(bad.csv);
    expect(e.message).toMatch(/invalid CSV/);
  });
});

describe('readSeedBatches: missing file', () => {
  it('names the model file when the CSV disappeared after parsing', async () => {
    const { model } = seedModel('id,name,note\n');
    const gone = { ...model, kind: { name: 'SEED' as const, path: `${(model.kind as { path: string }).path}.gone`, batchSize: 10 } };
    const e = await rejected(readSeedRows(gone));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toMatch(/^models\/data\.sql:1: seed file .*data\.csv\.gone does not exist/);
  });

  it('stops cleanly when the consumer breaks early', async () => {
    const csv = 'id,name,note\n' + Array.from({ length: 50 }, (_, i) => `${i},n,`).join('\n') + '\n';
    const { model } = seedModel(csv);
    let seen = 0;
    for await (const b of readSeedBatches(model, 10)) {
      seen += b.length;
      break;
    }
    expect(seen).toBe(10);
  });
});

describe('one-column seeds', () => {
  it('keep an empty line as a NULL row (it is the CSV form of a NULL value), and "" as the empty string', async () => {
    const { model } = seedModel('v\na\n\nb\n""\n\n', 'v text');
    expect(await readSeedRows(model)).toEqual([['a'], [null], ['b'], [''], [null]]);
  });

  it('wider seeds still skip empty lines', async () => {
    const { model } = seedModel('id,name,note\n1,a,x\n\n2,b,y\n');
    expect(await readSeedRows(model)).toEqual([
      ['1', 'a', 'x'],
      ['2', 'b', 'y'],
    ]);
  });
});
