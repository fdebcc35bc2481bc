// Chooses the renderer for `vde diff --format`.

import type { DiffOutcome } from '../core/api';
import { renderJson } from '../diff/report/json';
import { renderMarkdown } from '../diff/report/markdown';
import { renderText } from '../diff/report/text';

export type DiffFormat = 'text' | 'markdown' | 'json';

export function renderOutput(outcome: DiffOutcome, format: DiffFormat, tty: boolean): string {
  if (format === 'json') return renderJson(outcome.result);
  if (format === 'markdown') return renderMarkdown(outcome.result, outcome.lineage);
  return renderText(outcome.result, { color: tty });
}
