// Human-readable renderings of core results for the terminal. JSON output uses the same data.

import type { ApplyResult, EnvironmentDetail, EnvironmentSummary, JanitorResult, Plan } from '../core/types';
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
  };
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
  if (j.noop) lines.push('  nothing to do: the environment is up to date');
  else if (!j.build.length) lines.push('  no physical tables to build: only views change');
  return lines.join('\n');
}

export function applyJson(r: ApplyResult) {
  return {
    ...planJson(r.plan),
    created: r.created,
    built: r.built.map((b) => ({ name: b.name, physicalTable: rel(b.physicalTable), ms: b.ms })),
    statements: r.statements,
    ms: r.ms,
  };
}

export function applyText(r: ApplyResult): string {
  const verb = r.plan.noop ? 'is up to date' : r.created ? 'created' : 'updated';
  return `${r.plan.environment} ${verb}: ${r.built.length} built, ${r.plan.models.length} views, ${r.statements} statements, ${r.ms} ms`;
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
  return [
    `${e.name}: expires ${e.expiresAt ?? 'never'}, finalized ${e.finalizedAt ?? 'no'}`,
    table(['model', 'kind', 'view', 'physical table', 'shared with prod'], rows),
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
