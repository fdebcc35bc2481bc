// What vde can parse but does not run yet. Every refusal of that kind lives here, so that lifting
// one (when incremental models land) is a change to this file only.
import type { Model } from './types';

/** Why vde cannot run `model` yet, with the line to point at; null when it can. */
export function unsupportedReason(model: Model): { detail: string; line: number } | null {
  const kind = model.kind;
  switch (kind.name) {
    case 'INCREMENTAL_BY_TIME_RANGE':
    case 'INCREMENTAL_BY_UNIQUE_KEY':
    case 'INCREMENTAL_UNMANAGED':
      return {
        detail: `kind ${kind.name} is read but vde does not run incremental models yet; use kind FULL for now (it rebuilds the whole table)`,
        line: kind.line,
      };
    case 'VIEW':
      return kind.materialized ? { detail: 'kind VIEW (materialized true) is not supported: vde builds plain views; use kind FULL for a table', line: model.line } : null;
    default:
      return null;
  }
}
