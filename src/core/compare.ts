// Cross-environment comparison: decides which models differ between two environments and how
// (breaking, non-breaking, indirect, added, removed), then hands the tables to the differ.

import { findColumn } from '../diff/sql';
import { diffModels } from '../diff/table-diff';
import type { Engine, Relation } from '../engines/types';
import type { DiffTarget, Lineage } from '../diff/types';
import { RefusedError } from '../errors';
import { environmentName } from '../project/names';
import type { DiffOutcome, DiffRequest, Workspace } from './api';
import { requireEnvironment } from './environment';
import { qualifiedName } from './naming';
import { addWindows } from './diff-window';
import { categorize } from './snapshot';
import type { StateStore } from '../state/store';
import type { AuditResult, SnapshotRef } from './types';
import { stateOf, tagCommand } from './workspace';

export async function diffEnvironments(ws: Workspace, fromInput: string, toInput: string, req: DiffRequest): Promise<DiffOutcome> {
  tagCommand(ws, 'diff', `${environmentName(fromInput)}..${environmentName(toInput)}`);
  const from = await requireEnvironment(ws, fromInput);
  const to = await requireEnvironment(ws, toInput);
  const state = await stateOf(ws);
  const engine = await ws.engine();
  const fromRefs = new Map(from.snapshots.map((r) => [r.name, r]));
  const toRefs = new Map(to.snapshots.map((r) => [r.name, r]));
  const defs = await state.getSnapshots([...from.snapshots, ...to.snapshots].map((r) => r.fingerprint));

  const wanted = req.models?.map((m) => m.toLowerCase());
  for (const m of wanted ?? []) {
    if (!fromRefs.has(m) && !toRefs.has(m)) {
      throw new RefusedError(`model ${m} is in neither ${from.name} nor ${to.name} (--model)`);
    }
  }
  const names = [...new Set([...fromRefs.keys(), ...toRefs.keys()])].sort();
  const targets: DiffTarget[] = [];
  for (const name of names) {
    if (wanted && !wanted.includes(name)) continue;
    const a = fromRefs.get(name);
    const b = toRefs.get(name);
    if (a && b && qualifiedName(a.physicalTable) === qualifiedName(b.physicalTable)) {
      // Unchanged, so not compared; an `--on` column it does not have is still a mistake to report.
      if (wanted && req.on?.length) await checkOnColumns(engine, name, a.physicalTable, req.on);
      continue;
    }
    const grain = defs.get((b ?? a)!.fingerprint)?.definition.grain ?? [];
    // `--on` names are resolved against the actual columns, case-exactly first (src/diff/sql.ts).
    const target: DiffTarget = {
      model: name,
      category: categoryOf(a, b, defs),
      on: req.on?.length ? [...req.on] : grain,
      keySource: req.on?.length ? 'on' : 'grain',
    };
    if (a) target.from = a.physicalTable;
    if (b) target.to = b.physicalTable;
    targets.push(target);
  }

  await addWindows(engine, state, from, to, targets, defs);
  const result = await diffModels(engine, from.name, to.name, targets, {
    samples: req.samples,
    ...(req.where !== undefined ? { where: req.where } : {}),
    ...(req.decimals !== undefined ? { decimals: req.decimals } : {}),
    ...(req.profile !== undefined ? { profile: req.profile } : {}),
    ...(req.onModel ? { onModel: req.onModel } : {}),
  });
  return { result, lineage: lineageOf(targets, [...from.snapshots, ...to.snapshots], toRefs), audits: await auditsOf(state, targets, toRefs) };
}

/** The audit results the to-environment recorded for the compared models' tables (the keys its record lists). */
async function auditsOf(state: StateStore, targets: DiffTarget[], toRefs: Map<string, SnapshotRef>): Promise<AuditResult[]> {
  const refs = targets.map((t) => toRefs.get(t.model)).filter((r): r is SnapshotRef => r !== undefined && (r.audits?.length ?? 0) > 0);
  const stored = await state.getAuditResults(refs.map((r) => ({ name: r.name, version: r.version })));
  return refs.flatMap((r) =>
    (r.audits ?? []).flatMap((key) => {
      const s = stored.get(`${r.name}\0${r.version}\0${key}`);
      return s ? [{ model: r.name, ...s, version: r.version, recorded: true }] : [];
    }),
  );
}

async function checkOnColumns(engine: Engine, model: string, table: Relation, on: string[]): Promise<void> {
  const cols = await engine.listColumns(table);
  if (cols.length === 0) return; // the table is missing: not this flag's problem
  for (const name of on) {
    if (findColumn(cols, name, engine.dialect)) continue;
    throw new RefusedError(`--on ${name}: model ${model} has no column ${JSON.stringify(name)} (its columns: ${cols.map((c) => c.name).join(', ')})`);
  }
}

function categoryOf(
  a: SnapshotRef | undefined,
  b: SnapshotRef | undefined,
  defs: Map<string, { definition: Parameters<typeof categorize>[0] }>,
): DiffTarget['category'] {
  if (!a) return 'added';
  if (!b) return 'removed';
  const before = defs.get(a.fingerprint)?.definition;
  const after = defs.get(b.fingerprint)?.definition;
  if (!before || !after) return 'breaking';
  if (before.dataHash === after.dataHash) return 'indirect';
  return categorize(before, after);
}

/** The changed models and all their descendants, with the edges between them. */
function lineageOf(targets: DiffTarget[], refs: SnapshotRef[], toRefs: Map<string, SnapshotRef>): Lineage {
  const parents = new Map<string, string[]>();
  for (const r of refs) parents.set(r.name, toRefs.get(r.name)?.parents ?? r.parents);
  const children = new Map<string, string[]>();
  for (const [child, ps] of parents) for (const p of ps) children.set(p, [...(children.get(p) ?? []), child]);

  const status = new Map<string, Lineage['nodes'][number]['status']>();
  for (const t of targets) {
    status.set(t.model, t.category === 'added' ? 'added' : t.category === 'removed' ? 'removed' : t.category === 'indirect' ? 'indirect' : 'direct');
  }
  const queue = [...status.keys()];
  while (queue.length) {
    const name = queue.shift()!;
    for (const c of children.get(name) ?? []) {
      if (!status.has(c)) {
        status.set(c, 'unchanged');
        queue.push(c);
      }
    }
  }
  const nodes = [...status.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([model, s]) => ({ model, status: s }));
  const edges = nodes.flatMap((n) => (parents.get(n.model) ?? []).filter((p) => status.has(p)).map((p) => ({ from: p, to: n.model })));
  return { nodes, edges };
}
