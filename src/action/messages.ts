// Markdown the action writes besides the diff report: what a merge promoted, that a closed PR's
// environment is gone, why a fork was skipped, why a run failed. Every name that comes from the
// project or the warehouse goes through the report's escaping (DESIGN rule 8).
import { escapeMarkdown, escapeName } from '../diff/escape';

export type Removal = 'removed' | 'absent' | 'busy';

export const COMMENT_LIMIT_FOR_REPORT = 65_536 - 120;

/** A name in a code span when it is a plain identifier path; escaped running text otherwise. */
export function code(name: string): string {
  // Entities are not decoded inside code spans, so only names that need no escaping get one.
  return /^[A-Za-z0-9_.\/-]+$/.test(name) ? `\`${name}\`` : escapeName(name);
}

/** An incremental model of a PR environment that holds only its preview window. */
export interface Backfill {
  name: string;
  /** `daily`, `hourly`, ... */
  unit: string;
  /** Intervals promotion backfills. */
  intervals: number;
  /** The window the PR environment holds, as text (`2026-11-24 → 2026-12-01`). */
  window: string;
}

/** The lines a PR comment gets about incremental models built for a window only. */
export function backfillLines(backfills: Backfill[]): string[] {
  return backfills
    .filter((b) => b.intervals > 0)
    .map((b) => `On merge: ${b.intervals} ${escapeMarkdown(b.unit)} interval${b.intervals === 1 ? '' : 's'} of ${code(b.name)} will be backfilled (this environment holds ${escapeMarkdown(b.window)}, its preview window).`);
}

export interface Promotion {
  environment: string;
  mergeSha: string | null;
  models: { name: string; change: string }[];
  removed: string[];
  built: number;
  /** Incremental models whose missing intervals the promotion processed before the views moved. */
  processed?: { name: string; intervals: number }[];
  removal: Removal;
  runUrl: string | null;
}

export function promotionBody(p: Promotion, previousReport: string | null): string {
  const sha = p.mergeSha ? `merge commit \`${p.mergeSha.slice(0, 40).replace(/[^0-9a-f]/gi, '')}\`` : 'the merged code';
  const lines = [
    `### vde: promoted to \`prod\``,
    '',
    `This pull request was merged. \`prod\` now runs ${sha}.`,
    '',
  ];
  if (p.models.length === 0 && p.removed.length === 0) {
    lines.push('No model changed in `prod`: it already matched the merged code.');
  } else {
    const n = p.models.length + p.removed.length;
    const reuse =
      p.built === 0
        ? 'no table was rebuilt: prod now reads the tables the pull request built'
        : `${p.built} table${p.built === 1 ? '' : 's'} built, the rest reused from the pull request`;
    lines.push(`**${n} model${n === 1 ? '' : 's'} promoted** (${reuse}):`, '');
    for (const m of p.models) lines.push(`- ${code(m.name)} (${escapeMarkdown(m.change)})`);
    for (const r of p.removed) lines.push(`- ${code(r)} (removed)`);
  }
  const processed = (p.processed ?? []).filter((x) => x.intervals > 0);
  if (processed.length) {
    lines.push('', 'Backfilled before `prod` switched to them:', '');
    for (const x of processed) lines.push(`- ${code(x.name)}: ${x.intervals} interval${x.intervals === 1 ? '' : 's'}`);
  }
  lines.push('');
  lines.push(removalLine(p.environment, p.removal));
  return withPrevious(lines, previousReport, p.runUrl, 'Last report before the merge');
}

function removalLine(environment: string, removal: Removal): string {
  switch (removal) {
    case 'removed':
      return `The environment ${code(environment)} is gone: its views and schemas were dropped.`;
    case 'absent':
      return `The environment ${code(environment)} did not exist (nothing to remove).`;
    case 'busy':
      return `The environment ${code(environment)} was invalidated; another run was still using it, so the next janitor run drops it.`;
  }
}

export function cleanupBody(environment: string, removal: Removal, previousReport: string | null, runUrl: string | null): string {
  const lines = [
    `### vde: environment removed`,
    '',
    'This pull request was closed without merging. `prod` was not changed.',
    '',
    removalLine(environment, removal),
  ];
  return withPrevious(lines, previousReport, runUrl, 'Last report before the pull request was closed');
}

export function failureBody(environment: string, message: string, runUrl: string | null): string {
  return [
    `### vde: could not build ${code(environment)}`,
    '',
    'The environment was left as it was before this run. The error:',
    '',
    fenced(message),
    '',
    runUrl ? `See the [workflow run](${runUrl}) for the log and annotations.` : '',
  ].join('\n');
}

export function forkSummary(pr: number, headRepo: string | null): string {
  return [
    '### vde: skipped (pull request from a fork)',
    '',
    `Pull request #${pr} comes from ${headRepo ? code(headRepo) : 'a deleted fork'}, not from this repository.`,
    'vde did not touch the warehouse: code from a fork must not run with the warehouse credentials.',
    '',
    'A maintainer can opt in with `allow-forks: true` (after reviewing the change). The workflow also needs the',
    'warehouse secrets, which GitHub does not pass to `pull_request` runs from forks.',
  ].join('\n');
}

/** A code block that the text cannot break out of. */
export function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/~+/g) ?? []).map((s) => s.length));
  const fence = '~'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function withPrevious(lines: string[], previous: string | null, runUrl: string | null, label: string): string {
  if (runUrl) lines.push('', `[Workflow run](${runUrl})`);
  let body = lines.join('\n') + '\n';
  const prev = previous?.trim();
  // Keep the last report (collapsed) when it fits, but never nest an old "promoted" note.
  if (prev && !prev.startsWith('### vde: promoted') && !prev.startsWith('### vde: environment removed')) {
    const block = `\n<details><summary>${label}</summary>\n\n${prev}\n\n</details>\n`;
    if (body.length + block.length <= COMMENT_LIMIT_FOR_REPORT) body += block;
  }
  return body;
}
