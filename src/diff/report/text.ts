// The terminal report: aligned tables, ANSI colour only when asked (the CLI passes
// process.stdout.isTTY). Data values are stripped of control characters so a value cannot move the
// cursor or recolour the terminal.

import { sanitizeTerminal, valueToText } from '../escape';
import type { DiffResult, ModelDiff } from '../types';
import { orderModels, schemaChangeCount, verdict } from './markdown';
import { displayValue, percent, profileCells, rankedColumns, windowText } from './values';

export interface TextOptions {
  color: boolean;
  /** Longest value shown in a sample cell (default 40). */
  maxValueLength?: number;
}

type Paint = (s: string) => string;

function painter(color: boolean, code: string): Paint {
  return color ? (s) => `\u001b[${code}m${s}\u001b[0m` : (s) => s;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function width(s: string): number {
  return [...s].length;
}

/** Cells are plain text; `paint[i]` colours column i after padding so alignment stays right. */
function alignTable(header: string[], rows: string[][], right: boolean[], paints: (Paint | undefined)[], bold: Paint): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const w = widths[i] ?? 0;
    const fill = ' '.repeat(Math.max(0, w - width(s)));
    return right[i] ? fill + s : s + fill;
  };
  const line = (cells: string[], head: boolean) =>
    cells
      .map((c, i) => {
        const p = pad(c, i);
        if (head) return bold(p);
        const paint = paints[i];
        return paint && c !== '0' && c !== '–' ? paint(p) : p;
      })
      .join('  ')
      .trimEnd();
  return [line(header, true), ...rows.map((r) => line(r, false))];
}

function num(n: number | null): string {
  return n === null ? '–' : n.toLocaleString('en-US');
}

export function renderText(result: DiffResult, opts: TextOptions): string {
  const bold = painter(opts.color, '1');
  const green = painter(opts.color, '32');
  const red = painter(opts.color, '31');
  const yellow = painter(opts.color, '33');
  const dim = painter(opts.color, '2');
  const maxLen = opts.maxValueLength ?? 40;
  const t = (s: string) => sanitizeTerminal(s);
  const v = (x: unknown) => (x === null || x === undefined ? 'NULL' : clip(sanitizeTerminal(valueToText(x)), maxLen));

  const out: string[] = [];
  out.push(bold(`vde diff: ${t(result.from)} → ${t(result.to)}`));
  out.push(verdict(result).replace(/\*\*/g, ''));
  const models = orderModels(result.models);
  if (models.length === 0) return `${out.join('\n')}\n`;
  out.push('');
  const schema = (m: ModelDiff) => {
    const p: string[] = [];
    if (m.schema.added.length) p.push(`+${m.schema.added.length}`);
    if (m.schema.removed.length) p.push(`-${m.schema.removed.length}`);
    if (m.schema.typeChanged.length) p.push(`~${m.schema.typeChanged.length}`);
    return p.join(' ') || '–';
  };
  out.push(
    ...alignTable(
      ['MODEL', 'CATEGORY', 'FROM', 'TO', 'ADDED', 'REMOVED', 'CHANGED', 'SCHEMA'],
      models.map((m) => [
        t(m.model) + (m.error !== undefined ? ' ERROR' : m.warnings.length ? ' !' : ''),
        m.category,
        num(m.rows.from),
        num(m.rows.to),
        num(m.rows.added),
        num(m.rows.removed),
        num(m.rows.changed),
        schema(m),
      ]),
      [false, false, true, true, true, true, true, false],
      [undefined, undefined, undefined, undefined, green, red, yellow, yellow],
      bold,
    ),
  );

  for (const m of models) {
    out.push('');
    out.push(bold(`${t(m.model)}`) + dim(` (${m.category}; ${m.on.length ? `key: ${m.on.map(t).join(', ')}` : 'no key, multiset'})`));
    if (m.window) out.push(`  ${t(windowText(m.window))}`);
    if (m.error !== undefined) out.push(`  ${red('error:')} could not compare this model: ${t(m.error)}`);
    for (const w of m.warnings) out.push(`  ${yellow('warning:')} ${t(w)}`);
    if (schemaChangeCount(m) > 0) {
      for (const c of m.schema.added) out.push(`  ${green('+')} column ${t(c.name)} ${dim(t(c.type))}`);
      for (const c of m.schema.removed) out.push(`  ${red('-')} column ${t(c.name)} ${dim(t(c.type))}`);
      for (const c of m.schema.typeChanged) out.push(`  ${yellow('~')} column ${t(c.name)} ${dim(`${t(c.fromType)} → ${t(c.toType)}`)}`);
    }
    if (m.columns.length > 0) {
      const lines = alignTable(
        ['COLUMN', 'CHANGED', 'MATCH'],
        rankedColumns(m).map((c) => [t(c.name), num(c.changed), percent(c.matchPct)]),
        [false, true, true],
        [undefined, yellow, undefined],
        bold,
      );
      out.push(...lines.map((l) => `  ${l}`));
    }
    if (m.profile && m.profile.length > 0) {
      out.push(`  ${bold('column profile (what moved)')}`);
      const lines = alignTable(
        ['COLUMN', 'NULLS', 'DISTINCT', 'MIN', 'MAX'],
        m.profile.map((p) => [t(p.column), ...profileCells(p, m, result.decimals).map((c) => clip(t(c), 2 * maxLen))]),
        [false, false, false, false, false],
        [],
        bold,
      );
      out.push(...lines.map((l) => `    ${l}`));
    }
    if (m.profileSkipped !== undefined) out.push(`  ${dim(`column profile not computed: ${t(m.profileSkipped)}`)}`);
    const show = (column: string, x: unknown) => v(displayValue(m, column, x, result.decimals));
    const sampleBlock = (label: string, rows: Record<string, unknown>[], paint: Paint) => {
      if (rows.length === 0) return;
      const cols: string[] = [];
      for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
      out.push(`  ${paint(label)}`);
      const lines = alignTable(
        cols.map((c) => clip(t(c), maxLen)),
        rows.map((r) => cols.map((c) => show(c, r[c]))),
        cols.map(() => false),
        [],
        bold,
      );
      out.push(...lines.map((l) => `    ${l}`));
    };
    sampleBlock('added rows (sample)', m.samples.added, green);
    sampleBlock('removed rows (sample)', m.samples.removed, red);
    if (m.samples.changed.length > 0) {
      out.push(`  ${yellow('changed values (sample)')}`);
      const lines = alignTable(
        ['KEY', 'COLUMN', 'FROM', 'TO'],
        m.samples.changed.map((s) => [
          Object.entries(s.key)
            .map(([k, x]) => `${t(k)}=${show(k, x)}`)
            .join(', '),
          t(s.column),
          show(s.column, s.from),
          show(s.column, s.to),
        ]),
        [false, false, false, false],
        [undefined, undefined, red, green],
        bold,
      );
      out.push(...lines.map((l) => `    ${l}`));
    }
  }
  return `${out.join('\n')}\n`;
}
