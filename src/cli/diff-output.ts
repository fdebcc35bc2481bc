// Chooses the renderer for `vde diff --format`, the exit code (`--exit-code`), and the progress
// lines the terminal format prints on stderr for large diffs.

import type { DiffOutcome } from '../core/api';
import { renderJson } from '../diff/report/json';
import { hasChanges, renderMarkdown } from '../diff/report/markdown';
import { renderText } from '../diff/report/text';
import type { DiffOptions, DiffResult } from '../diff/types';
import { warningText } from '../core/audits';
import { VERSION } from '../version';
import { auditJson } from './format';

export type DiffFormat = 'text' | 'markdown' | 'json';

export function renderOutput(outcome: DiffOutcome, format: DiffFormat, tty: boolean): string {
  if (format === 'json') {
    // Like every --json output, the report starts with the version of vde that wrote it.
    const versioned = { vdeVersion: VERSION, ...outcome.result, audits: outcome.audits.map(auditJson) } as DiffResult;
    return renderJson(versioned);
  }
  if (format === 'markdown') return renderMarkdown(outcome.result, outcome.lineage, { audits: outcome.audits });
  const warnings = outcome.audits.filter((a) => a.violations > 0).map((a) => `warning: ${warningText(a)}`);
  return renderText(outcome.result, { color: tty }) + (warnings.length ? `\n${warnings.join('\n')}\n` : '');
}

/**
 * The exit code and the stderr line after the report: 1 (an error) when a model could not be
 * compared (the report says which and why); with `--exit-code`, 1 when any compared model
 * differs (rows or schema), like `git diff --exit-code`; else 0.
 */
export function diffStatus(outcome: DiffOutcome, exitCode: boolean): { code: number; message?: string } {
  const models = outcome.result.models;
  const failed = models.filter((m) => m.error !== undefined);
  if (failed.length > 0) {
    const first = failed[0] as (typeof failed)[number];
    return {
      code: 1,
      message: `${failed.length} of ${models.length} models could not be compared (${first.model}: ${first.error})`,
    };
  }
  return { code: exitCode && models.some(hasChanges) ? 1 : 0 };
}

/**
 * Progress per model for the terminal format: silent for diffs that finish within `afterMs`,
 * then one line per model (`[3/12] marts.orders: 1,204 rows differ (2.1 s)`).
 */
export function diffProgress(write: (line: string) => void, afterMs = 1000): NonNullable<DiffOptions['onModel']> {
  const start = performance.now();
  return ({ index, total, model, ms }) => {
    if (performance.now() - start < afterMs) return;
    const differ = (model.rows.added ?? 0) + (model.rows.removed ?? 0) + (model.rows.changed ?? 0);
    const status = model.error !== undefined ? 'could not be compared' : differ > 0 ? `${differ.toLocaleString('en-US')} rows differ` : 'no row differs';
    write(`[${index + 1}/${total}] ${model.model}: ${status} (${(ms / 1000).toFixed(1)} s)`);
  };
}
