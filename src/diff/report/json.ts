// The JSON report: the DiffResult contract (src/diff/types.ts), warnings included, pretty-printed.
import type { DiffResult, Lineage } from '../types';

/** Pretty JSON of the diff contract. bigint values (if an engine ever returns them) become strings. */
export function renderJson(result: DiffResult, lineage?: Lineage): string {
  const body = lineage ? { ...result, lineage } : result;
  return `${JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}
