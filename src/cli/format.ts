// Human-readable renderings of core results for the terminal. JSON output uses the same data.

import type { RunResult } from '../core/run';
import type { ApplyResult, EnvironmentDetail, EnvironmentSummary, JanitorResult, Plan, TimeSpan } from '../core/types';
import { unitAdjective } from '../project/schedule';
import { VERSION } from '../version';

/** Every --json output is an object that starts with the version of vde that wrote it. */
export function withVersion<T extends object>(data: T): { vdeVersion: string } & T {
  return { vdeVersion: VERSION, ...data };
}

function rel(r: { schema: string; name: string }): string {
  return `${r.schema}.${r.name}`;
}

export function planJson(plan: Plan) {
  return {
    id: plan.id,
    environment: plan.environment,
    base: plan.base,
    noop: plan.noop,
    added: plan.models.filter((m) => m.change === 'added').map((m) => m.name),
    removed: plan.removed.map((r) => r.name),
    directlyModified: plan.models
      .filter((m) => m.change === 'directly-modified')
      .map((m) => ({ name: m.name, category: m.category })),
    indirectlyModified: plan.models.filter((m) => m.change === 'indirectly-modified').map((m) => m.name),
    build: plan.toBuild.map((s) => ({ name: s.name, kind: s.kind, version: s.version, physicalTable: rel(s.physicalTable) })),
    views: plan.models.map((m) => ({ name: m.name, view: rel(m.view), physicalTable: rel(m.snapshot.physicalTable) })),
    dropViews: plan.removed.map((r) => rel(r.view)),
    intervals: plan.models
      .filter((m) => m.intervals)
      .map((m) => {
        const iv = m.intervals!;
        return {
          name: m.name,
          unit: iv.unit,
          target: span(iv.target),
          window: iv.window,
          filled: iv.filled.map(span),
          batches: iv.batches.map(span),
          intervals: iv.intervals,
          ...(iv.promotionBackfill !== undefined ? { promotionBackfill: iv.promotionBackfill } : {}),
        };
      }),
    refresh: plan.models.filter((m) => m.refresh).map((m) => m.name),
    forwardOnly: plan.models.filter((m) => m.forwardOnly).map((m) => ({ name: m.name, mode: m.forwardOnly! })),
  };
}

function span(r: TimeSpan): { start: string; end: string } {
  return { start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString() };
}

/** `2024-01-01` at midnight (UTC), else `2024-01-01 06:00`. */
function instant(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.slice(11) === '00:00:00.000Z' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** `2024-01-01 → 2024-01-08` (the end is exclusive: the next interval's start). */
export function spanText(r: TimeSpan): string {
  return `${instant(r.start)} → ${instant(r.end)}`;
}

/** One line per incremental model with work: what this plan processes and why. */
function intervalLines(plan: Plan): string[] {
  const out: string[] = [];
  for (const m of plan.models) {
    const iv = m.intervals;
    if (!iv) continue;
    const unit = unitAdjective(iv.unit);
    const what = iv.batches.length
      ? `${iv.batches.length === 1 ? spanText(iv.batches[0]!) : `${spanText({ start: iv.batches[0]!.start, end: iv.batches[iv.batches.length - 1]!.end })}`}, ${iv.intervals} ${unit} interval${iv.intervals === 1 ? '' : 's'} in ${iv.batches.length} batch${iv.batches.length === 1 ? '' : 'es'}`
      : `up to date (${iv.filled.map(spanText).join(', ') || 'nothing due'})`;
    const notes = [
      iv.window ? `preview window ${spanText(iv.target)}` : '',
      iv.promotionBackfill ? `on promotion: ${iv.promotionBackfill} ${unit} interval${iv.promotionBackfill === 1 ? '' : 's'} backfilled` : '',
      m.forwardOnly === 'keep' ? 'forward-only: keeps its table' : m.forwardOnly === 'preview' ? 'forward-only: previewed on its own table, discarded on promotion' : '',
    ].filter(Boolean);
    out.push(`${m.name}: ${what}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  for (const m of plan.models) if (m.refresh) out.push(`${m.name}: refreshed in place (what it reads changed)`);
  return out;
}

export function planText(plan: Plan): string {
  const j = planJson(plan);
  const lines = [`Plan for ${j.environment} (base: ${j.base})`];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`  ${title} (${items.length}):`, ...items.map((i) => `    ${i}`));
  };
  section('added models', j.added);
  section('removed models', j.removed);
  section('directly modified', j.directlyModified.map((d) => `${d.name} [${d.category}]`));
  section('indirectly modified', j.indirectlyModified);
  section('physical tables to build', j.build.map((b) => `${b.physicalTable}  (${b.name}, ${b.kind})`));
  // Every model gets a view; list them, but keep a 500-model plan readable (--json has all).
  const shown = j.views.slice(0, 25).map((v) => `${v.view} -> ${v.physicalTable}`);
  if (j.views.length > shown.length) shown.push(`... and ${j.views.length - shown.length} more (--json lists all)`);
  lines.push(`  views (${j.views.length}):`, ...shown.map((v) => `    ${v}`));
  if (j.dropViews.length) section('views to drop', j.dropViews);
  section('intervals', intervalLines(plan));
  const work = j.refresh.length > 0 || j.intervals.some((i) => i.batches.length > 0);
  if (j.noop) lines.push('  nothing to do: the environment is up to date');
  else if (!j.build.length && !work) lines.push('  no physical tables to build: only views change');
  return lines.join('\n');
}

export function applyJson(r: ApplyResult) {
  return {
    ...planJson(r.plan),
    created: r.created,
    built: r.built.map((b) => ({ name: b.name, physicalTable: rel(b.physicalTable), ms: b.ms })),
    processed: r.processed,
    refreshed: r.refreshed,
    statements: r.statements,
    ms: r.ms,
  };
}

export function applyText(r: ApplyResult): string {
  const verb = r.plan.noop ? 'is up to date' : r.created ? 'created' : 'updated';
  return `${r.plan.environment} ${verb}: ${r.built.length} built, ${processedText(r)}${r.plan.models.length} views, ${r.statements} statements, ${r.ms} ms`;
}

function processedText(r: ApplyResult): string {
  const intervals = r.processed.reduce((n, p) => n + p.intervals, 0);
  const batches = r.processed.reduce((n, p) => n + p.batches, 0);
  return `${intervals ? `${intervals} intervals in ${batches} batches, ` : ''}${r.refreshed.length ? `${r.refreshed.length} refreshed, ` : ''}`;
}

export function runJson(r: RunResult) {
  return { environment: r.plan.environment, processed: r.processed, refreshed: r.refreshed, built: r.built.map((b) => b.name), skipped: r.skipped, statements: r.statements, ms: r.ms };
}

export function runText(r: RunResult): string {
  const lines = r.processed.map((p) => `${p.name}: ${p.intervals} interval${p.intervals === 1 ? '' : 's'} in ${p.batches} batch${p.batches === 1 ? '' : 'es'} (${p.ms} ms)`);
  for (const name of r.refreshed) lines.push(`${name}: refreshed in place`);
  for (const s of r.skipped) lines.push(`${s.name}: skipped, ${s.reason}`);
  const done = r.processed.length || r.refreshed.length || r.built.length;
  lines.push(`${r.plan.environment}: ${done ? `${processedText(r)}${r.built.length} rebuilt, ${r.statements} statements, ${r.ms} ms` : 'nothing due'}`);
  return lines.join('\n');
}

export function envsText(envs: EnvironmentSummary[]): string {
  if (!envs.length) return 'no environments';
  const rows = envs.map((e) => [e.name, String(e.models), e.finalizedAt ?? 'not finalized', e.expiresAt ?? 'never', e.expired ? 'expired' : 'active']);
  return table(['environment', 'models', 'finalized', 'expires', 'status'], rows);
}

export function invalidateText(name: string): string {
  return `${name} invalidated: the next \`vde janitor\` drops its views and schemas`;
}

export function envText(e: EnvironmentDetail): string {
  const rows = e.models.map((m) => [m.name, m.kind, m.view, m.physicalTable, m.sharedWithProd ? 'yes' : 'no']);
  const filled = e.models.filter((m) => m.filled).map((m) => `  ${m.name}: ${m.filled!.length ? m.filled!.map(spanText).join(', ') : 'nothing yet'}`);
  return [
    `${e.name}: expires ${e.expiresAt ?? 'never'}, finalized ${e.finalizedAt ?? 'no'}`,
    table(['model', 'kind', 'view', 'physical table', 'shared with prod'], rows),
    ...(filled.length ? ['filled intervals (end exclusive):', ...filled] : []),
  ].join('\n');
}

export function janitorText(r: JanitorResult): string {
  const lines: string[] = [];
  for (const e of r.environments) lines.push(`removed environment ${e.name}: ${e.viewsDropped} views, schemas ${e.schemasDropped.join(', ') || '-'}`);
  for (const t of r.physicalTables) lines.push(`dropped ${rel(t.relation)} (${t.name} version ${t.version})`);
  for (const k of r.kept) lines.push(`kept ${rel(k.relation)}: ${k.reason}`);
  for (const s of r.skipped) lines.push(`skipped environment ${s.name}: ${s.reason}`);
  return lines.length ? lines.join('\n') : 'nothing to clean up';
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
