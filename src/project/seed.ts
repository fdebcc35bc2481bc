// Streams a SEED model's CSV file in batches of rows ordered like `model.columns`, each value
// checked and normalized for its column's type exactly as at load time (see seed-csv.ts).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ModelError } from '../errors';
import { DEFAULT_SEED_BATCH_SIZE } from './model-header';
import { parserOptions, recordLine, rowMapper, seedError, type RowMapper } from './seed-csv';
import type { Model } from './types';

/**
 * Yields batches of rows (each row in `model.columns` order; an empty unquoted field is null, a
 * quoted empty field `""` is the empty string). The header row is required and is matched to the
 * columns by name, case-insensitively. Errors are ModelErrors naming the CSV file (project-relative),
 * the line and the column.
 */
export async function* readSeedBatches(model: Model, batchSize?: number): AsyncIterable<(string | null)[][]> {
  if (model.kind.name !== 'SEED') throw new ModelError(`model ${model.name} is not a SEED model`, model.relativeFile, model.line, model.name);
  const { path, relativePath, csv: settings } = model.kind;
  const size = batchSize ?? model.kind.batchSize ?? DEFAULT_SEED_BATCH_SIZE;
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const src = { model: model.name, csv: relativePath, columns: model.columns, settings };

  const source = createReadStream(path);
  const parser = source.pipe(parse(parserOptions(settings)));
  // pipe() does not forward source errors: without this a missing file would hang forever.
  source.on('error', (e) => parser.destroy(e));
  let mapper: RowMapper | null = null;
  let batch: (string | null)[][] = [];
  try {
    for await (const entry of parser as AsyncIterable<{ record: (string | null)[]; info: { lines: number } }>) {
      const { record, info } = entry;
      if (mapper === null) {
        mapper = rowMapper(src, record);
        continue;
      }
      const row = mapper.row(record, recordLine(record, info.lines));
      if (row === null) continue;
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    if (e instanceof ModelError) throw e;
    const err = e as NodeJS.ErrnoException & { lines?: number };
    if (err.code === 'ENOENT') throw new ModelError(`seed file ${relativePath} does not exist`, model.relativeFile, model.line, model.name);
    throw seedError(src, `invalid CSV: ${err.message}`, err.lines ?? 1);
  } finally {
    // Also runs when the consumer stops early: release the file handle either way.
    parser.destroy();
    source.destroy();
  }
  if (mapper === null) throw seedError(src, 'the CSV file is empty: a header row is required', 1);
  if (batch.length > 0) yield batch;
}

/** Reads every row of a seed (convenience for small seeds and tests). */
export async function readSeedRows(model: Model): Promise<(string | null)[][]> {
  const rows: (string | null)[][] = [];
  for await (const batch of readSeedBatches(model)) rows.push(...batch);
  return rows;
}
