// What vde can parse but does not run yet. Every refusal of that kind lives here, so that lifting
// one is a change to this file only.
import type { Model } from './types';

/** Why vde cannot run `model` yet, with the line to point at; null when it can. */
export function unsupportedReason(model: Model): { detail: string; line: number } | null {
  const kind = model.kind;
  if (isIncremental(model) && 'autoRestatementCron' in kind && kind.autoRestatementCron !== undefined) {
    return { detail: `kind ${kind.name}: auto_restatement_cron is not supported yet (vde reprocesses only what lookback asks for); remove it to run the model`, line: kind.line };
  }
  switch (kind.name) {
    case 'INCREMENTAL_BY_UNIQUE_KEY':
      if (kind.whenMatched !== undefined || kind.mergeFilter !== undefined) {
        return {
          detail: `kind INCREMENTAL_BY_UNIQUE_KEY: ${kind.whenMatched !== undefined ? 'when_matched' : 'merge_filter'} is not supported yet (vde updates every column of a matched row and inserts the others); remove it to run the model`,
          line: kind.line,
        };
      }
      return null;
    case 'INCREMENTAL_UNMANAGED':
      return kind.insertOverwrite
        ? { detail: 'kind INCREMENTAL_UNMANAGED (insert_overwrite true) is not supported yet: vde appends; remove insert_overwrite to run the model', line: kind.line }
        : null;
    case 'INCREMENTAL_BY_TIME_RANGE': {
      // A text time column is compared as text: only a format from the year down sorts like time.
      const fields = [...(kind.format ?? '').matchAll(/%(.)/g)].map((m) => m[1]!).filter((f) => f !== '%');
      const order = ['Y', 'm', 'd', 'H', 'M', 'S'];
      if (kind.format !== undefined && (fields.length === 0 || fields.some((f, i) => f !== order[i]))) {
        return {
          detail: `kind INCREMENTAL_BY_TIME_RANGE: time_column format '${kind.format}' is not supported: vde compares a text time column as text, so the format must run from the year down (%Y, %m, %d, %H, %M, %S in that order, e.g. '%Y-%m-%d')`,
          line: kind.line,
        };
      }
      return null;
    }
    case 'VIEW':
      return kind.materialized ? { detail: 'kind VIEW (materialized true) is not supported: vde builds plain views; use kind FULL for a table', line: model.line } : null;
    default:
      return null;
  }
}

/** Whether a model is built interval by interval (docs/incremental.md). */
export function isIncremental(model: Pick<Model, 'kind'>): boolean {
  const k = model.kind.name;
  return k === 'INCREMENTAL_BY_TIME_RANGE' || k === 'INCREMENTAL_BY_UNIQUE_KEY' || k === 'INCREMENTAL_UNMANAGED';
}
