// Streams a SEED model's CSV file in batches of rows ordered like `model.columns`.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ModelError } from '../errors';
import { DEFAULT_SEED_BATCH_SIZE } from './model-parser';
import type { Model } from './types';

/**
 * Yields batches of rows (each row in `model.columns` order; an empty unquoted field is null, a
 * quoted empty field `""` is the empty string, and an empty line in a one-column seed is a NULL row). The header row is required and is matched to the
 * declared columns by name, case-insensitively. Errors are ModelErrors naming the CSV file.
 */
export async function* readSeedBatches(model: Model, batchSize?: number): AsyncIterable<(string | null)[][]> {
  if (model.kind.name !== 'SEED') throw new ModelError(`model ${model.name} is not a SEED model`, model.relativeFile, model.line, model.name);
  const csvFile = model.kind.path;
  const size = batchSize ?? model.kind.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const fail = (detail: string, line: number): ModelError => new ModelError(detail, csvFile, line, model.name);

  const source = createReadStream(csvFile);
  const parser = source.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      // Empty lines are kept: in a one-column seed an empty line is a NULL value (see below).
      skip_empty_lines: false,
      cast: (value, ctx) => (value === '' && !ctx.quoting ? null : value),
    }),
  );
  // pipe() does not forward source errors: without this a missing file would hang forever.
  source.on('error', (e) => parser.destroy(e));
  let mapping: number[] | null = null;
  let batch: (string | null)[][] = [];
  try {
    for await (const entry of parser as AsyncIterable<{ record: (string | null)[]; info: { lines: number } }>) {
      const { record, info } = entry;
      // info.lines is the line the record ends on; quoted fields may span lines.
      const newlines = record.reduce((n, f) => n + (f ? (f.match(/\r\n|\n|\r/g)?.length ?? 0) : 0), 0);
      const line = info.lines - newlines;
      const emptyLine = record.length === 1 && record[0] === null;
      if (mapping === null) {
        if (emptyLine) continue;
        mapping = headerMapping(model, record, fail);
        continue;
      }
      // An empty line is one NULL value: a row of a one-column seed, nothing in a wider one.
      if (emptyLine && mapping.length > 1) continue;
      if (record.length !== mapping.length) {
        throw fail(`row has ${record.length} fields, the header has ${mapping.length}`, line);
      }
      const row = new Array<string | null>(model.columns.length);
      mapping.forEach((col, idx) => {
        row[col] = record[idx] ?? null;
      });
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    if (e instanceof ModelError) throw e;
    const err = e as NodeJS.ErrnoException & { lines?: number };
    if (err.code === 'ENOENT') throw new ModelError(`seed file ${csvFile} does not exist`, model.relativeFile, model.line, model.name);
    throw fail(`invalid CSV: ${err.message}`, err.lines ?? 1);
  } finally {
    // Also runs when the consumer stops early: release the file handle either way.
    parser.destroy();
    source.destroy();
  }
  if (mapping === null) throw fail('the CSV file is empty: a header row is required', 1);
  if (batch.length > 0) yield batch;
}

/** For each header position, the index of the declared column it fills. */
function headerMapping(model: Model, header: (string | null)[], fail: (d: string, l: number) => ModelError): number[] {
  const declared = model.columns.map((c) => c.name.toLowerCase());
  const seen = new Set<number>();
  const mapping = header.map((h) => {
    const name = (h ?? '').trim().toLowerCase();
    const idx = declared.indexOf(name);
    if (idx < 0) throw fail(`header column ${JSON.stringify(h ?? '')} is not a declared column of ${model.name} (declared: ${declared.join(', ')})`, 1);
    if (seen.has(idx)) throw fail(`header column ${JSON.stringify(h)} appears twice`, 1);
    seen.add(idx);
    return idx;
  });
  const missing = declared.filter((_, i) => !seen.has(i));
  if (missing.length > 0) throw fail(`header is missing declared column(s) ${missing.join(', ')}`, 1);
  return mapping;
}

/** Reads every row of a seed (convenience for small seeds and tests). */
export async function readSeedRows(model: Model): Promise<(string | null)[][]> {
  const rows: (string | null)[][] = [];
  for await (const batch of readSeedBatches(model)) rows.push(...batch);
  return rows;
}
