// The Markdown report (sticky PR comment and job summary). Every data value, model name and column
// name goes through ./escape (DESIGN rule 8). The body never exceeds `maxChars`: whole sections are
// dropped in priority order (samples, then per-model details from the smallest change up, then graph
// nodes, then the graph, then summary rows from the smallest change up) and a note says what was
// left out; a table is never cut in the middle.

import { escapeCell, escapeMarkdown, escapeName } from '../escape';
import { renderMermaid } from '../mermaid';
import type { DiffResult, Lineage, ModelDiff } from '../types';
import { displayValue, percent, profileCells, rankedColumns } from './values';

export const DEFAULT_MARKER = '<!-- vde:report -->';
export const DEFAULT_MAX_CHARS = 65536;
const DEFAULT_GRAPH_NODES = 50;
/** Sample tables show at most this many columns. */
const MAX_SAMPLE_COLUMNS = 12;

export interface MarkdownOptions {
  /** Upper bound on the length of the whole body, in UTF-16 code units (default 65,536). */
  maxChars?: number;
  /** Heading text (escaped; default `vde diff: <from> → <to>`). */
  title?: string;
  /** Hidden first line that finds the sticky comment (default `<!-- vde:report -->`). Trusted. */
  marker?: string;
  /** Trusted Markdown appended at the end (e.g. a link to the run). Counted in `maxChars`. */
  footer?: string;
  /** Most lineage nodes drawn (default 50). */
  maxGraphNodes?: number;
  /** vde's version, shown in a last line of the body (escaped), unless `footer` names it already. */
  version?: string;
  /** Audits of the compared models: one line per audit that found rows, under the verdict. */
  audits?: ReportAudit[];
}

/** An audit result as the report shows it (core's AuditResult fits). */
export interface ReportAudit {
  model: string;
  call: string;
  blocking: boolean;
  violations: number;
  file: string;
  line: number;
}

/** Most audit lines in the body; the rest are counted. */
const MAX_AUDIT_LINES = 30;

/** One line per audit that found rows (blocking ones cannot be here: they fail the apply). */
export function auditLines(audits: ReportAudit[]): string {
  const found = audits.filter((a) => a.violations > 0);
  if (found.length === 0) return '';
  const lines = found.slice(0, MAX_AUDIT_LINES).map(
    (a) =>
      `- ⚠️ ${escapeName(a.model)}: audit ${escapeName(a.call)} found ${plural(a.violations, 'row')}` +
      ` (${a.blocking ? 'blocking' : 'non-blocking'}; ${escapeName(`${a.file}:${a.line}`)})`,
  );
  if (found.length > lines.length) lines.push(`- … and ${plural(found.length - lines.length, 'more audit')} (see the job summary)`);
  return `**Audits**: ${plural(found.length, 'audit')} found rows\n\n${lines.join('\n')}\n\n`;
}

// ---------------------------------------------------------------------------------------------
// Ordering and numbers

export function changeSize(m: ModelDiff): number {
  return (m.rows.added ?? 0) + (m.rows.removed ?? 0) + (m.rows.changed ?? 0);
}

export function schemaChangeCount(m: ModelDiff): number {
  return m.schema.added.length + m.schema.removed.length + m.schema.typeChanged.length;
}

export function hasChanges(m: ModelDiff): boolean {
  return changeSize(m) > 0 || schemaChangeCount(m) > 0;
}

/** Largest changes first: rows added+removed+changed, then schema changes, then name. */
export function orderModels(models: ModelDiff[]): ModelDiff[] {
  return [...models].sort(
    (a, b) =>
      Number(!!b.error) - Number(!!a.error) ||
      changeSize(b) - changeSize(a) ||
      schemaChangeCount(b) - schemaChangeCount(a) ||
      (a.model < b.model ? -1 : a.model > b.model ? 1 : 0),
  );
}

function num(n: number | null): string {
  return n === null ? '–' : n.toLocaleString('en-US');
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

const CATEGORY_ORDER = ['breaking', 'non-breaking', 'indirect', 'added', 'removed'] as const;

/**
 * One line that agrees with the summary table: how many of the listed models differ, the
 * categories of all listed models, the row totals, and how many could not be compared.
 */
export function verdict(result: DiffResult): string {
  const n = result.models.length;
  const differ = result.models.filter(hasChanges);
  const failed = result.models.filter((m) => m.error !== undefined);
  const failures = failed.length > 0 ? ` · ${plural(failed.length, 'model')} could not be compared` : '';
  if (differ.length === 0) {
    return n === 0 ? 'No data changes: no models to compare.' : `No data changes (${plural(n, 'model')} compared)${failures ? `${failures}` : ''}.`;
  }
  const byCategory = CATEGORY_ORDER.map((c) => [c, result.models.filter((m) => m.category === c).length] as const)
    .filter(([, k]) => k > 0)
    .map(([c, k]) => `${k} ${c}`);
  const sum = (f: (m: ModelDiff) => number | null) => differ.reduce((s, m) => s + (f(m) ?? 0), 0);
  const head = differ.length === n ? `${plural(n, 'model')} differ${n === 1 ? 's' : ''}` : `${differ.length} of ${plural(n, 'model')} differ${differ.length === 1 ? 's' : ''}`;
  return (
    `**${head}**: ${byCategory.join(', ')} · ` +
    `${plural(sum((m) => m.rows.added), 'row')} added, ${num(sum((m) => m.rows.removed))} removed, ${num(sum((m) => m.rows.changed))} changed${failures}`
  );
}

// ---------------------------------------------------------------------------------------------
// Sections

const SUMMARY_HEADER =
  '| Model | Category | Rows (from → to) | Added | Removed | Changed | Schema |\n' +
  '|---|---|---:|---:|---:|---:|---|\n';

function schemaCell(m: ModelDiff): string {
  const parts: string[] = [];
  if (m.schema.added.length) parts.push(`+${m.schema.added.length}`);
  if (m.schema.removed.length) parts.push(`−${m.schema.removed.length}`);
  if (m.schema.typeChanged.length) parts.push(`~${m.schema.typeChanged.length}`);
  return parts.length ? parts.join(' ') : '–';
}

function summaryRow(m: ModelDiff): string {
  const warn = m.error !== undefined ? ' ❌' : m.warnings.length > 0 ? ' ⚠️' : '';
  return (
    `| ${escapeName(m.model)}${warn} | ${escapeName(m.category)} | ${num(m.rows.from)} → ${num(m.rows.to)} | ` +
    `${num(m.rows.added)} | ${num(m.rows.removed)} | ${num(m.rows.changed)} | ${schemaCell(m)} |\n`
  );
}

function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = header.map((_h, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

function sampleTable(rows: Record<string, unknown>[], show: (column: string, value: unknown) => unknown): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const shown = cols.slice(0, MAX_SAMPLE_COLUMNS);
  const more = cols.length - shown.length;
  const body = rows.map((r) => shown.map((c) => escapeCell(show(c, r[c]))));
  return (
    table(
      shown.map((c) => escapeName(c)),
      body,
    ) + (more > 0 ? `\n<sub>${plural(more, 'more column')} not shown.</sub>\n` : '')
  );
}

function hasSamples(m: ModelDiff): boolean {
  return m.samples.added.length + m.samples.removed.length + m.samples.changed.length > 0;
}

function details(m: ModelDiff, withSamples: boolean, decimals: number | undefined): string {
  const out: string[] = [];
  // The <summary> line is an HTML block: Markdown is not parsed there, so HTML escaping.
  const head = `${escapeName(m.model, 'html')} — ${escapeName(m.category, 'html')}: +${num(m.rows.added)} −${num(m.rows.removed)} ~${num(m.rows.changed)}`;
  out.push(`<details><summary>${head}</summary>\n\n`);
  if (m.error !== undefined) out.push(`> ❌ Could not compare this model: ${escapeCell(m.error, { newline: 'space', maxLength: 1000 })}\n\n`);
  if (m.on.length) out.push(`Key: ${m.on.map((k) => escapeName(k)).join(', ')}\n\n`);
  else out.push('Compared as a multiset of whole rows (no key).\n\n');
  for (const w of m.warnings) out.push(`> ⚠️ ${escapeCell(w, { newline: 'space', maxLength: 1000 })}\n\n`);
  if (schemaChangeCount(m) > 0) {
    const rows = [
      ...m.schema.added.map((c) => ['added', escapeName(c.name), escapeName(c.type)]),
      ...m.schema.removed.map((c) => ['removed', escapeName(c.name), escapeName(c.type)]),
      ...m.schema.typeChanged.map((c) => ['type changed', escapeName(c.name), `${escapeName(c.fromType)} → ${escapeName(c.toType)}`]),
    ];
    out.push(`**Schema changes**\n\n${table(['Change', 'Column', 'Type'], rows)}\n`);
  }
  if (m.columns.length > 0) {
    const rows = rankedColumns(m).map((c) => [escapeName(c.name), num(c.changed), percent(c.matchPct)]);
    out.push(`**Columns** (most changed first)\n\n${table(['Column', 'Changed rows', 'Match'], rows, ['l', 'r', 'r'])}\n`);
  }
  if (m.profile && m.profile.length > 0) {
    const rows = m.profile.map((p) => {
      const cells = profileCells(p, m, decimals);
      return [escapeName(p.column), ...cells.map((c) => escapeMarkdown(c, { newline: 'space', maxLength: 200 }))];
    });
    out.push(`**Column profile** (what moved)\n\n${table(['Column', 'Nulls', 'Distinct', 'Min', 'Max'], rows)}\n`);
  }
  if (m.profileSkipped !== undefined) out.push(`<sub>Column profile not computed: ${escapeCell(m.profileSkipped, { newline: 'space' })}.</sub>\n\n`);
  if (withSamples && hasSamples(m)) {
    const show = (column: string, value: unknown) => displayValue(m, column, value, decimals);
    if (m.samples.added.length) out.push(`**Added rows (sample)**\n\n${sampleTable(m.samples.added, show)}\n`);
    if (m.samples.removed.length) out.push(`**Removed rows (sample)**\n\n${sampleTable(m.samples.removed, show)}\n`);
    if (m.samples.changed.length) {
      const rows = m.samples.changed.map((s) => [
        Object.entries(s.key)
          .map(([k, v]) => `${escapeName(k)}=${escapeCell(show(k, v))}`)
          .join(', '),
        escapeName(s.column),
        escapeCell(show(s.column, s.from)),
        escapeCell(show(s.column, s.to)),
      ]);
      out.push(`**Changed values (sample)**\n\n${table(['Key', 'Column', 'From', 'To'], rows)}\n`);
    }
  }
  out.push('</details>\n\n');
  return out.join('');
}

function graphSection(lineage: Lineage, maxNodes: number): string {
  const { text, shown } = renderMermaid(lineage, maxNodes);
  const total = new Set(lineage.nodes.map((n) => n.model)).size;
  const more = total - shown;
  return '```mermaid\n' + text + '\n```\n' + (more > 0 ? `\n<sub>${plural(more, 'more model')} in the lineage not drawn.</sub>\n` : '') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Assembly with a size budget

interface Cut {
  /** Number of models (from the end of the order) whose samples are dropped. */
  samples: number;
  /** Number of models (from the end of the order) whose details are dropped. */
  details: number;
  /** Graph node budget; 0 = no graph. */
  graphNodes: number;
  /** Summary rows shown (from the start of the order). */
  summaryRows: number;
}

export function renderMarkdown(result: DiffResult, lineage: Lineage, opts: MarkdownOptions = {}): string {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const marker = opts.marker ?? DEFAULT_MARKER;
  const title = opts.title ?? `vde diff: ${result.from} → ${result.to}`;
  const models = orderModels(result.models);
  const n = models.length;

  const head = `${marker}\n### ${escapeName(title)}\n\n${verdict(result)}\n\n${auditLines(opts.audits ?? [])}`;
  const rows = models.map(summaryRow);
  const full = models.map((m) => details(m, true, result.decimals));
  const lean = models.map((m) => (hasSamples(m) ? details(m, false, result.decimals) : (null as string | null)));
  // A footer that already names this version (callers write `vde <version>` into theirs) keeps
  // the only mention of it: the line is not repeated under it.
  const named = opts.version !== undefined && opts.footer !== undefined && [opts.version, escapeName(opts.version, 'html')].some((v) => opts.footer!.includes(`vde ${v}`));
  const version = opts.version !== undefined && !named ? `<sub>vde ${escapeName(opts.version, 'html')}</sub>\n` : '';
  const footer = `${opts.footer ? `${opts.footer}\n` : ''}${version}`;
  const graphMax = lineage.nodes.length > 0 ? Math.max(1, opts.maxGraphNodes ?? DEFAULT_GRAPH_NODES) : 0;
  const graphCache = new Map<number, string>();
  const graph = (k: number) => {
    if (k <= 0) return '';
    let g = graphCache.get(k);
    if (g === undefined) graphCache.set(k, (g = graphSection(lineage, k)));
    return g;
  };

  const note = (c: Cut): string => {
    const parts: string[] = [];
    // Only models still in the summary count here; hidden ones are in the "more models" line.
    const detailsEnd = Math.min(n - c.details, c.summaryRows);
    let samplesDropped = 0;
    for (let i = Math.max(0, n - c.samples); i < detailsEnd; i++) if (hasSamples(models[i] as ModelDiff)) samplesDropped++;
    if (samplesDropped > 0) parts.push(`samples of ${plural(samplesDropped, 'model')}`);
    const detailsDropped = Math.max(0, c.summaryRows - detailsEnd);
    if (detailsDropped > 0) parts.push(`details of ${plural(detailsDropped, 'model')}`);
    if (graphMax > 0 && c.graphNodes === 0) parts.push('the lineage graph');
    else if (graphMax > 0 && c.graphNodes < graphMax) parts.push('part of the lineage graph');
    const hidden = n - c.summaryRows;
    if (parts.length === 0 && hidden === 0) return '';
    const lines: string[] = [];
    if (hidden > 0) lines.push(`**${plural(hidden, 'more model')} not shown; see the job summary.**`);
    if (parts.length > 0) {
      lines.push(
        `Left out to fit the ${maxChars.toLocaleString('en-US')}-character limit: ${parts.join(', ')}; see the job summary for the full report.`,
      );
    }
    return `> [!NOTE]\n> ${lines.join('\n> ')}\n\n`;
  };

  const pieces = (c: Cut): string[] => {
    const out = [head];
    if (c.summaryRows > 0) out.push(SUMMARY_HEADER, ...rows.slice(0, c.summaryRows), '\n');
    out.push(graph(c.graphNodes));
    for (let i = 0; i < Math.min(n - c.details, c.summaryRows); i++) {
      const dropSamples = i >= n - c.samples;
      out.push(dropSamples ? (lean[i] ?? (full[i] as string)) : (full[i] as string));
    }
    out.push(note(c), footer);
    return out;
  };
  const size = (c: Cut) => pieces(c).reduce((s, p) => s + p.length, 0);

  const cut: Cut = { samples: 0, details: 0, graphNodes: graphMax, summaryRows: n };
  const fits = () => size(cut) <= maxChars;
  // 1. samples, smallest changes first.
  while (!fits() && cut.samples < n) cut.samples++;
  // 2. per-model details, smallest changes first.
  while (!fits() && cut.details < n) cut.details++;
  // 3. graph nodes (halving), then the graph.
  while (!fits() && cut.graphNodes > 0) cut.graphNodes = cut.graphNodes > 1 ? Math.floor(cut.graphNodes / 2) : 0;
  // 4. summary rows, smallest changes first.
  while (!fits() && cut.summaryRows > 0) cut.summaryRows--;

  const body = pieces(cut).join('');
  if (body.length <= maxChars) return body;
  // Even the heading and the note do not fit (a tiny maxChars): no table remains, so cut the text.
  return body.slice(0, Math.max(0, maxChars - 1)) + '…';
}
