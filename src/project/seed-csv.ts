// How a seed's CSV text becomes rows, shared by the check at load time (before anything connects)
// and the streaming read at apply time, so both see the same rows: parser options from
// `csv_settings`, the header matched to the columns, each value checked and normalized for its
// column's type. Errors name the CSV file (project-relative), the line and the column.
import type { Options } from 'csv-parse';
import { ModelError } from '../errors';
import { normalizeValue, PANDAS_NA, typeInfo, type TypeInfo } from './seed-types';
import type { ColumnDef, CsvSettings } from './types';

/** csv-parse options for `settings` (an empty unquoted field is null, a quoted `""` is ''). */
export function parserOptions(settings: CsvSettings): Options {
  const options: Options = {
    bom: true,
    info: true,
    relax_column_count: true,
    // A one-column seed writes NULL as an empty line: keep empty lines, drop them where they
    // cannot be a row (see `rowMapper`).
    skip_empty_lines: false,
    cast: (value, ctx) => (value === '' && !ctx.quoting ? null : value),
  };
  if (settings.delimiter !== undefined) options.delimiter = settings.delimiter;
  if (settings.quote !== undefined) options.quote = settings.quote;
  if (settings.escape !== undefined) options.escape = settings.escape;
  else if (settings.doubleQuote === false) options.escape = null;
  if (settings.skipInitialSpace) options.ltrim = true;
  if (settings.lineTerminator !== undefined) options.record_delimiter = settings.lineTerminator;
  return options;
}

/** Values that mean NULL in a column that cannot hold text (see PANDAS_NA). */
export function nullTokens(settings: CsvSettings): Set<string> {
  const tokens = settings.keepDefaultNa === false ? new Set<string>() : new Set(PANDAS_NA);
  for (const v of settings.naValues ?? []) tokens.add(v);
  return tokens;
}

export interface RowMapper {
  /** The row for a record (in `columns` order), or null for a line that is no row. */
  row(record: (string | null)[], line: number): (string | null)[] | null;
}

export interface SeedSource {
  model: string;
  /** Project-relative CSV path, for messages. */
  csv: string;
  columns: ColumnDef[];
  settings: CsvSettings;
}

export function seedError(src: Pick<SeedSource, 'csv' | 'model'>, detail: string, line: number): ModelError {
  return new ModelError(detail, src.csv, line, src.model);
}

/** Matches `header` to the declared columns and returns how to turn each later record into a row. */
export function rowMapper(src: SeedSource, header: (string | null)[]): RowMapper {
  const mapping = headerMapping(src, header);
  const infos: TypeInfo[] = src.columns.map((c) => typeInfo(c.type));
  const tokens = nullTokens(src.settings);
  // NA markers given explicitly in csv_settings are NULL in text columns too.
  const textTokens = new Set(src.settings.naValues ?? []);
  return {
    row(record, line) {
      if (record.length === 1 && record[0] === null && mapping.length > 1) return null;
      if (record.length !== mapping.length) {
        throw seedError(src, `row has ${record.length} fields, the header has ${mapping.length}`, line);
      }
      const row = new Array<string | null>(src.columns.length);
      mapping.forEach((col, idx) => {
        const raw = record[idx] ?? null;
        const info = infos[col]!;
        // Postgres refuses a NUL in text and Snowflake keeps it: refuse it here, on the CSV's row.
        if (raw !== null && raw.includes('\u0000')) {
          throw seedError(src, `column ${src.columns[col]!.name}: the value contains a NUL character (byte 0x00), which a warehouse cannot store as text`, line);
        }
        if (info.cls === 'text') {
          row[col] = raw !== null && textTokens.has(raw) ? null : raw;
          return;
        }
        const result = normalizeValue(raw, info, tokens);
        if (!result.ok) {
          const column = src.columns[col]!;
          throw seedError(src, `column ${column.name} (${column.type}): ${JSON.stringify(raw)} is not ${result.expected}`, line);
        }
        row[col] = result.value;
      });
      return row;
    },
  };
}

/** For each header position, the index of the declared column it fills. */
function headerMapping(src: SeedSource, header: (string | null)[]): number[] {
  const declared = src.columns.map((c) => c.name.toLowerCase());
  const seen = new Set<number>();
  const mapping = header.map((h) => {
    const name = (h ?? '').trim().toLowerCase();
    const idx = declared.indexOf(name);
    if (idx < 0) throw seedError(src, `header column ${JSON.stringify(h ?? '')} is not a declared column of ${src.model} (declared: ${declared.join(', ')})`, 1);
    if (seen.has(idx)) throw seedError(src, `header column ${JSON.stringify(h)} appears twice`, 1);
    seen.add(idx);
    return idx;
  });
  const missing = declared.filter((_, i) => !seen.has(i));
  if (missing.length > 0) throw seedError(src, `header is missing declared column(s) ${missing.join(', ')}`, 1);
  return mapping;
}

/** The line a record starts on: csv-parse reports the line it ends on, quoted fields may span lines. */
export function recordLine(record: (string | null)[], endLine: number): number {
  const newlines = record.reduce((n, f) => n + (f ? (f.match(/\r\n|\n|\r/g)?.length ?? 0) : 0), 0);
  return endLine - newlines;
}
