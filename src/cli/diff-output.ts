// Chooses the renderer for `vde diff --format`.

import type { DiffOutcome } from '../core/api';
import { renderJson } from '../diff/report/json';
import { renderMarkdown } from '../diff/report/markdown';
import { renderText } from '../diff/report/text';
import type { DiffResult } from '../diff/types';
import { VERSION } from '../version';

export type DiffFormat = 'text' | 'markdown' | 'json';

export function renderOutput(outcome: DiffOutcome, format: DiffFormat, tty: boolean): string {
  if (format === 'json') {
    // Like every --json output, the report starts with the version of vde that wrote it.
    const versioned = { vdeVersion: VERSION, ...outcome.result } as DiffResult;
    return renderJson(versioned);
  }
  if (format === 'markdown') return renderMarkdown(outcome.result, outcome.lineage);
  return renderText(outcome.result, { color: tty });
}
