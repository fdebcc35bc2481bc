// What apply reads and checks for incremental models before it plans their intervals: the state's
// interval record for the plan's versions, the keys forward-only changes store snapshots under,
// and whether the engine runs incremental models at all (checked before anything is written).

import type { Engine } from '../engines/types';
import type { Project } from '../project/types';
import { isIncremental } from '../project/support';
import type { StateStore } from '../state/store';
import { downstreamOfIncremental, incrementalDialect, upstreamKeys, type IntervalInput } from './interval-plan';
import { forwardOnlyModel } from './plan';
import { derivedFingerprint } from './snapshot';
import type { EnvironmentRecord, Plan } from './types';

/** The interval record of the plan's incremental models, and what its FULL models downstream of them read. */
export async function intervalState(state: StateStore, plan: Plan, project: Project): Promise<Pick<IntervalInput, 'project' | 'recorded' | 'counts' | 'lastBuilds'>> {
  const incremental = plan.models.filter((m) => isIncremental(project.models.get(m.name)!)).map((m) => ({ name: m.name, version: m.snapshot.version }));
  const affected = downstreamOfIncremental(project);
  const full = plan.models.filter((m) => m.snapshot.kind === 'FULL' && affected.has(m.name));
  const upstream = [...new Set(full.flatMap((m) => upstreamKeys(plan, project, m.name)))].map((k) => {
    const at = k.lastIndexOf('@');
    return { name: k.slice(0, at), version: k.slice(at + 1) };
  });
  return {
    project,
    recorded: incremental.length ? await state.intervals.dataRanges(incremental) : new Map(),
    counts: upstream.length ? await state.intervals.rowCounts(upstream) : new Map(),
    lastBuilds: full.length ? await state.intervals.lastBuilds(full.map((m) => ({ name: m.name, version: m.snapshot.version }))) : new Map(),
  };
}

/**
 * The keys a forward-only change may store snapshots under (plan.ts): the versions apply must look
 * up besides the project's fingerprints. Empty when no model is forward-only.
 */
export function forwardOnlyKeys(project: Project, fps: Map<string, string>, base: EnvironmentRecord | null, all: boolean): string[] {
  if (![...project.models.values()].some((m) => forwardOnlyModel(m, all))) return [];
  const baseVersions = new Map((base?.snapshots ?? []).map((r) => [r.name, r.version]));
  const out: string[] = [];
  for (const [name, fp] of fps) {
    out.push(derivedFingerprint(fp, 'preview'));
    const v = baseVersions.get(name);
    if (v !== undefined) out.push(derivedFingerprint(fp, `keep:${v}`));
  }
  return out;
}

/** An incremental model on an engine without incremental SQL is refused before any write. */
export function checkIncrementalEngine(engine: Engine, project: Project, plan: Plan): void {
  for (const m of plan.models) {
    const model = project.models.get(m.name)!;
    if (isIncremental(model)) incrementalDialect(engine, model);
  }
}
