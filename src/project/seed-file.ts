// A SEED model's CSV at load time: where it is (never outside the project folder, symlinks
// included), that it is UTF-8, which columns it has (declared, or inferred from the file as
// SQLMesh does) and that every value fits its column's type. All of it before anything connects.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ModelError } from '../errors';
import { parserOptions, recordLine, rowMapper, seedError, type SeedSource } from './seed-csv';
import { inferType, portableType } from './seed-types';
import { decodeUtf8 } from './utf8';
import type { ColumnDef, CsvSettings } from './types';

type Err = (detail: string, line: number) => ModelError;

/**
 * The CSV path a SEED kind names: `$root/...` is the project folder, anything else is relative to
 * the model file's folder. Refused when it resolves outside the project folder.
 */
export function resolveSeedPath(written: string, modelFile: string, projectDir: string, line: number, err: Err): { path: string; relativePath: string } {
  const rooted = /^\$root(?=[\\/]|$)/i.exec(written);
  const path = rooted ? resolve(projectDir, `.${written.slice(rooted[0].length)}`) : resolve(dirname(modelFile), written);
  const relativePath = toPosix(relative(projectDir, path));
  const outside = (p: string, root: string): boolean => {
    const rel = relative(root, p);
    return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  if (outside(path, projectDir)) {
    throw err(`seed path ${JSON.stringify(written)} resolves to ${path}, outside the project folder; seeds must live inside the project`, line);
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw err(`seed file ${relativePath} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`}`, line);
  }
  let root = projectDir;
  try {
    root = realpathSync(projectDir);
  } catch {
    // The folder exists (the model file is in it); keep the lexical path.
  }
  if (outside(real, root)) {
    throw err(`seed file ${relativePath} is a link to ${real}, outside the project folder; seeds must live inside the project`, line);
  }
  return { path, relativePath };
}

export interface SeedContent {
  /** Identity of the data: the bytes, and the settings that change how they read. */
  hash: string;
  /** The declared columns (types made portable), or the ones inferred from the file. */
  columns: ColumnDef[];
  rows: number;
}

export interface SeedSpec {
  model: string;
  path: string;
  relativePath: string;
  settings: CsvSettings;
  /** Declared columns; empty to infer them from the CSV. */
  declared: ColumnDef[];
  /** Line of the `path` in the model file. */
  line: number;
}

/** Reads, checks and (without declared columns) types a seed's CSV. */
export function loadSeedContent(spec: SeedSpec, pathErr: Err): SeedContent {
  let bytes: Buffer;
  try {
    bytes = readFileSync(spec.path);
  } catch (e) {
    throw pathErr(`seed file ${spec.relativePath} cannot be read (${(e as Error).message})`, spec.line);
  }
  const text = decodeUtf8(bytes, spec.relativePath, spec.model);
  const hash = createHash('sha256').update(bytes);
  if (Object.keys(spec.settings).length > 0) hash.update(`\0${JSON.stringify(spec.settings)}`);

  const src = { model: spec.model, csv: spec.relativePath, settings: spec.settings };
  let records: { record: (string | null)[]; info: { lines: number } }[];
  try {
    records = parse(text, parserOptions(spec.settings)) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw seedError(src, `invalid CSV: ${err.message}`, err.lines ?? 1);
  }
  if (records.length === 0) throw seedError(src, 'the CSV file is empty: a header row is required', 1);
  const header = records[0]!.record;
  const body = records.slice(1);
  const columns = spec.declared.length > 0 ? spec.declared.map((c) => ({ name: c.name, type: portableType(c.type) })) : inferColumns(src, header, body);
  const mapper = rowMapper({ ...src, columns } satisfies SeedSource, header);
  let rows = 0;
  for (const { record, info } of body) if (mapper.row(record, recordLine(record, info.lines))) rows++;
  return { hash: hash.digest('hex'), columns, rows };
}

function inferColumns(src: { model: string; csv: string }, header: (string | null)[], body: { record: (string | null)[] }[]): ColumnDef[] {
  const names = header.map((h) => (h ?? '').trim().toLowerCase());
  names.forEach((name, i) => {
    if (name === '') throw seedError(src, `header column ${i + 1} has no name (declare columns (...) in the model, or name it in the CSV)`, 1);
    if (names.indexOf(name) !== i) throw seedError(src, `header column ${JSON.stringify(header[i])} appears twice`, 1);
  });
  // A one-column seed's empty line is a NULL row; elsewhere an empty line is no row.
  const rows = body.map((b) => b.record).filter((r) => !(r.length === 1 && r[0] === null && names.length > 1));
  return names.map((name, i) => ({ name, type: inferType(rows.map((r) => r[i] ?? null)) }));
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}
