// Human-readable renderings of core results for the terminal. JSON output uses the same data.

import { callLabel, warningText } from '../core/audits';
import type { RunResult } from '../core/run';
import type { IgnoredProperty, Project } from '../project/types';
import type { ApplyResult, AuditResult, EnvironmentDetail, EnvironmentSummary, JanitorResult, Plan } from '../core/types';
import type { AuditError, FailedAudit } from '../errors';
import { intervalLines, intervalsJson, processedText, spanText } from './format-intervals';
import { VERSION } from '../version';

/** Every --json output is an object that starts with the version of vde that wrote it. */
export function withVersion<T extends object>(data: T): { vdeVersion: string } & T {
  return { vdeVersion: VERSION, ...data };
}

function rel(r: { database?: string; schema: string; name: string }): string {
  return `${r.database !== undefined ? `${r.database}.` : ''}${r.schema}.${r.name}`;
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
    intervals: intervalsJson(plan),
    refresh: plan.models.filter((m) => m.refresh).map((m) => m.name),
    forwardOnly: plan.models.filter((m) => m.forwardOnly).map((m) => ({ name: m.name, mode: m.forwardOnly! })),
    skipped: plan.skipped,
  };
}

/** What `vde plan --verbose` adds: per model, the header properties vde accepts and ignores, and its audits. */
export interface PlanDetails {
  models: { name: string; file: string; ignored: IgnoredProperty[]; audits: string[] }[];
  /** Custom audits' header properties vde ignores, and standalone audits (not run). */
  auditDefinitions: { name: string; file: string; line: number; ignored: IgnoredProperty[]; standalone: boolean }[];
}

export function planDetails(project: Project): PlanDetails {
  return {
    models: project.order.map((name) => {
      const m = project.models.get(name)!;
      return { name, file: m.relativeFile, ignored: m.ignoredProperties, audits: m.audits.map(callLabel) };
    }),
    auditDefinitions: [...project.audits.values()]
      .filter((a) => a.ignoredProperties.length > 0 || a.standalone)
      .map((a) => ({ name: a.name, file: a.file, line: a.line, ignored: a.ignoredProperties, standalone: a.standalone })),
  };
}

function detailsText(d: PlanDetails): string[] {
  const lines: string[] = [];
  const withIgnored = d.models.filter((m) => m.ignored.length > 0);
  if (withIgnored.length) {
    lines.push(`  header properties accepted and ignored (${withIgnored.length} models):`);
    for (const m of withIgnored) lines.push(`    ${m.name} (${m.file}): ${m.ignored.map((p) => `${p.name} ${p.value} (line ${p.line})`).join(', ')}`);
  }
  const withAudits = d.models.filter((m) => m.audits.length > 0);
  if (withAudits.length) {
    lines.push(`  audits (${withAudits.reduce((n, m) => n + m.audits.length, 0)} on ${withAudits.length} models; they run on each new table before the views move):`);
    for (const m of withAudits) lines.push(`    ${m.name}: ${m.audits.join(', ')}`);
  }
  for (const a of d.auditDefinitions) {
    if (a.standalone) lines.push(`  standalone audit ${a.name} (${a.file}:${a.line}) is not run: vde runs audits attached to models`);
    if (a.ignored.length) lines.push(`  audit ${a.name} (${a.file}:${a.line}): ignored ${a.ignored.map((p) => `${p.name} ${p.value}`).join(', ')}`);
  }
  return lines;
}

export function planText(plan: Plan, details?: PlanDetails): string {
  const j = planJson(plan);
  const lines = [`Plan for ${j.environment} (base: ${j.base})`];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`  ${title} (${items.length}):`, ...items.map((i) => `    ${i}`));
  };
  const skippedByName = new Map(plan.skipped.filter((s) => s.name).map((s) => [s.name!, s]));
  section(
    'models left out',
    plan.skipped.map((s) => `${s.name ?? '(unnamed)'}  ${s.file}:${s.line}: ${s.reason}`),
  );
  section('added models', j.added);
  section(
    'removed models',
    j.removed.map((r) => (skippedByName.has(r) ? `${r} (left out: ${skippedByName.get(r)!.reason})` : r)),
  );
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
  if (details) lines.push(...detailsText(details));
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
    audits: r.audits.map(auditJson),
    statements: r.statements,
    ms: r.ms,
  };
}

/** An audit result as --json shows it: `status` is passed, warning (non-blocking, found rows) or failed. */
export function auditJson(a: AuditResult | (FailedAudit & { blocking?: boolean; version?: string; recorded?: boolean })) {
  const blocking = a.blocking ?? true;
  return {
    model: a.model,
    audit: a.audit,
    call: a.call,
    blocking,
    status: a.violations === 0 ? 'passed' : blocking ? 'failed' : 'warning',
    violations: a.violations,
    file: a.file,
    line: a.line,
    ...(a.definedIn ? { definedIn: a.definedIn } : {}),
    ...(a.version !== undefined ? { version: a.version } : {}),
    ...(a.recorded !== undefined ? { recorded: a.recorded } : {}),
  };
}

/** `vde apply --json` when blocking audits failed: what failed, on stdout, beside the error on stderr. */
export function failedApplyJson(environment: string, err: AuditError) {
  return { environment, applied: false, error: err.message, audits: err.failures.map(auditJson) };
}

export function applyText(r: ApplyResult): string {
  const verb = r.plan.noop ? 'is up to date' : r.created ? 'created' : 'updated';
  const lines = [`${r.plan.environment} ${verb}: ${r.built.length} built, ${processedText(r)}${r.plan.models.length} views, ${r.statements} statements, ${r.ms} ms`];
  if (r.audits.length) {
    const warnings = r.audits.filter((a) => a.violations > 0);
    const recorded = r.audits.filter((a) => a.recorded).length;
    const models = new Set(r.audits.map((a) => a.model)).size;
    const earlier = recorded ? ` (${recorded} recorded by an earlier apply of the same tables)` : '';
    lines.push(
      `audits: ${r.audits.length} on ${models} ${models === 1 ? 'model' : 'models'}${earlier}: ` +
        (warnings.length ? `${warnings.length} non-blocking ${warnings.length === 1 ? 'warning' : 'warnings'}` : 'all passed'),
      ...warnings.map((w) => `  warning: ${warningText(w)}`),
    );
  }
  return lines.join('\n');
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
  const described = e.models.filter((m) => m.description !== undefined || m.columnDescriptions);
  const descriptions = described.flatMap((m) => [
    `  ${m.name}${m.description !== undefined ? `: ${m.description}` : ''}`,
    ...Object.entries(m.columnDescriptions ?? {}).map(([c, d]) => `    ${c}: ${d}`),
  ]);
  return [
    `${e.name}: expires ${e.expiresAt ?? 'never'}, finalized ${e.finalizedAt ?? 'no'}`,
    table(['model', 'kind', 'view', 'physical table', 'shared with prod'], rows),
    ...(filled.length ? ['filled intervals (end exclusive):', ...filled] : []),
    ...(descriptions.length ? ['', 'descriptions:', ...descriptions] : []),
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
