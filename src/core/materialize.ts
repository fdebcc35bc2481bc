// Apply's interval stage (DESIGN's flow: physical layer → intervals → virtual layer), run per
// model in dependency order right after the model's build (physical-layer.ts `buildAll`):
//   - an incremental model's missing batches, each rendered for its interval, written and recorded
//     in ONE transaction (DML only, so on every engine): a crash re-runs at most that batch;
//   - a FULL model that reads incremental ones is refreshed in place when what it read moved;
//   - a forward-only change that keeps prod's table adds the new columns first, and a PR's preview
//     of one starts from a zero-copy clone of prod's table where the engine has one.
// Everything runs under the lock of the physical table it writes, and re-reads the record there:
// two runs never process one interval at once, and a run that waited finds the work done.

import { createHash } from 'node:crypto';
import type { ColumnInfo, Engine, IncrementalDialect, Relation } from '../engines/types';
import { AuditError, ModelError, RefusedError } from '../errors';
import { engineQueries, type EngineQuery, type PhysicalNames } from '../project/engine-query';
import { batchTimes, renderAt } from '../project/interval-render';
import type { Model } from '../project/types';
import type { RecordedRange } from '../state/intervals';
import { builtKey, relationKey } from '../state/store';
import { countIntervals, expectedRange, formatRange, mergeRanges, type TimeRange } from './intervals';
import { downstreamOfIncremental, incrementalAncestors, incrementalDialect, intervalPlan, parentsReady, upstreamKeys, type IntervalInput } from './interval-plan';
import { runModelAudits } from './audits';
import { inModel, type BuildContext, type ModelStage } from './physical-layer';
import type { Plan, PlannedModel, Snapshot } from './types';

const BUILD_WAIT_MS = 2 * 60 * 60 * 1000;

export interface StageContext extends BuildContext {
  plan: Plan;
  execution: number;
  window: IntervalInput['window'];
  prodTables: Set<string> | null;
  /** Prod's physical table of each model (a forward-only preview clones it). */
  prodRefs: Map<string, Relation>;
}

export interface StageReport {
  processed: { name: string; batches: number; intervals: number; ms: number }[];
  refreshed: string[];
}

/** The interval stage of a plan, for `buildAll`; `report` collects what it did. */
export async function intervalStage(ctx: StageContext, report: StageReport): Promise<ModelStage> {
  const { plan, project, engine } = ctx;
  const byName = new Map(plan.models.map((m) => [m.name, m]));
  const models = new Set(
    plan.models.filter((m) => (m.intervals?.batches.length ?? 0) > 0 || m.refresh || m.forwardOnly !== undefined).map((m) => m.name),
  );
  const physical = new Map(plan.models.map((m) => [m.name, m.snapshot.physicalTable]));
  const physicalName: PhysicalNames = { relation: (name) => physical.get(name)!, qualify: (r) => engine.dialect.qualify(r) };
  // Refreshes and forward-only checks run the model's query as it loaded (not per interval).
  const fixed = await engineQueries(
    plan.models.filter((m) => m.refresh || m.forwardOnly === 'keep').map((m) => project.models.get(m.name)!),
    physicalName,
    engine.dialect.name,
  );
  const affected = downstreamOfIncremental(project);
  const audited = new Set<string>();
  return {
    models,
    audited,
    upstream: async (snapshot) => (snapshot.kind === 'FULL' && affected.has(snapshot.name) ? countsOf(ctx, upstreamKeys(plan, project, snapshot.name)) : null),
    async run(snapshot) {
      const m = byName.get(snapshot.name)!;
      const model = project.models.get(m.name)!;
      await withTableLock(ctx, m, async () => {
        if (m.forwardOnly === 'keep') await keepTable(ctx, model, m, fixed.get(m.name)!);
        if (m.forwardOnly === 'preview') await clonePreview(ctx, model, m);
        const written = m.intervals ? await fill(ctx, model, m, physicalName, report) : [];
        if (m.refresh) await refresh(ctx, model, m, fixed.get(m.name)!, report);
        // The rows changed: results recorded for this table describe rows it no longer holds.
        if (ctx.audits && (ctx.audits.audits.get(m.name)?.length ?? 0) > 0) {
          await ctx.state.forgetAuditResults(m.name, m.snapshot.version);
          try {
            await runModelAudits(ctx.audits, snapshot);
          } catch (err) {
            // As in SQLMesh, an interval whose rows fail a blocking audit is not done: forgetting
            // the batches written here makes the next run process them again (replacing their
            // rows). An append-only model's batch cannot be replaced, so it stays recorded and its
            // audit runs (and fails) again on every run until its rows are fixed.
            if (err instanceof AuditError && model.kind.name !== 'INCREMENTAL_UNMANAGED') {
              for (const b of written) await ctx.state.intervals.forgetData(m.name, m.snapshot.version, new Date(b.start), new Date(b.end));
            }
            throw err;
          }
          audited.add(m.name);
        }
      });
    },
  };
}

async function countsOf(ctx: StageContext, keys: string[]): Promise<Record<string, number>> {
  const counts = await ctx.state.intervals.rowCounts(keys.map(splitKey));
  return Object.fromEntries(keys.map((k) => [k, counts.get(k) ?? 0]));
}

function splitKey(key: string): { name: string; version: string } {
  const at = key.lastIndexOf('@');
  return { name: key.slice(0, at), version: key.slice(at + 1) };
}

async function withTableLock(ctx: StageContext, m: PlannedModel, fn: () => Promise<void>): Promise<void> {
  const table = m.snapshot.physicalTable;
  const lock = await ctx.state.lock(`build:${relationKey(table)}`, {
    waitMs: BUILD_WAIT_MS,
    what: `physical table ${relationKey(table)}`,
    onWait: () => ctx.progress(`  ${m.name}: another run is writing ${relationKey(table)}; waiting for it`),
  });
  try {
    await fn();
  } finally {
    await lock.release();
  }
}

/** Processes the batches still missing (read again under the table's lock). */
async function fill(
  ctx: StageContext,
  model: Model,
  m: PlannedModel,
  physicalName: PhysicalNames,
  report: StageReport,
): Promise<TimeRange[]> {
  const { engine, state, project } = ctx;
  const t0 = Date.now();
  const key = { name: m.name, version: m.snapshot.version };
  const recorded = (await state.intervals.dataRanges([key])).get(builtKey(key.name, key.version)) ?? [];
  // What the incremental models it reads hold now (their batches of this run are committed).
  const parents = incrementalAncestors(project, m.name).flatMap((a) => {
    const pm = ctx.plan.models.find((x) => x.name === a);
    return pm ? [{ name: a, version: pm.snapshot.version }] : [];
  });
  const held = parents.length ? await state.intervals.dataRanges(parents) : new Map<string, RecordedRange[]>();
  const ready = parentsReady(
    parents.map((p) => ({
      covered: mergeRanges((held.get(builtKey(p.name, p.version)) ?? []).map((r) => ({ start: r.start.getTime(), end: r.end.getTime() }))),
      expected: expectedRange(project.models.get(p.name)!.schedule!, ctx.execution),
    })),
  );
  const now = intervalPlan(model, m, ctx, recorded, ready);
  if (now.batches.length === 0) return [];
  const table = m.snapshot.physicalTable;
  const d = incrementalDialect(engine, model);
  const columns = (await engine.listColumns(table)).map((c) => c.name);
  const writer = await writerFor(engine, d, model, table, columns);
  const modelNames = [...project.models.keys()];
  let done = 0;
  for (const [i, batch] of now.batches.entries()) {
    const rendered = renderAt(project, model, batchTimes(batch.start, batch.end, ctx.execution));
    const query = (await engineQueries([rendered], physicalName, engine.dialect.name)).get(m.name)!;
    const b0 = Date.now();
    try {
      for (const sql of query.pre) await engine.query(sql);
      await engine.transaction(async (tx) => {
        for (const sql of writer(query.sql, batch)) await tx.query(sql);
        await state.intervals.recordData(tx, m.name, m.snapshot.version, new Date(batch.start), new Date(batch.end));
      });
      for (const sql of query.post) await engine.query(sql);
    } catch (err) {
      throw inModel(err, engine, rendered, query, ctx.environment, modelNames);
    }
    done += countIntervals([batch], now.unit);
    ctx.progress(`  ${m.name}: ${formatRange(batch, now.unit)} (batch ${i + 1}/${now.batches.length}) in ${Date.now() - b0} ms`);
  }
  report.processed.push({ name: m.name, batches: now.batches.length, intervals: done, ms: Date.now() - t0 });
  return now.batches;
}

/** How one batch's rows get into the table, by kind. */
async function writerFor(
  engine: Engine,
  d: IncrementalDialect,
  model: Model,
  table: Relation,
  columns: string[],
): Promise<(select: string, batch: TimeRange) => string[]> {
  const kind = model.kind;
  const column = (name: string, what: string): ColumnInfo => {
    const want = engine.dialect.normalizeIdentifier(name);
    const found = columnsInfo.find((c) => c.name === name) ?? columnsInfo.find((c) => engine.dialect.normalizeIdentifier(c.name) === want);
    if (!found) {
      throw new ModelError(`${what} ${name} is not a column of the model's query (columns: ${columns.join(', ')})`, model.relativeFile, kind.name === 'FULL' ? model.line : (kind as { line: number }).line, model.name);
    }
    return found;
  };
  const columnsInfo = await engine.listColumns(table);
  switch (kind.name) {
    case 'INCREMENTAL_BY_TIME_RANGE': {
      const time = column(kind.timeColumn, 'time_column');
      const literal = (t: number) => {
        const sql = d.timeLiteral(new Date(t), time.type, kind.format);
        if (sql === null) {
          throw new ModelError(`time_column ${time.name} has type ${time.type}; vde compares date, timestamp and text columns (with format)`, model.relativeFile, kind.line, model.name);
        }
        return sql;
      };
      return (select, batch) => d.replaceRange(table, columns, select, time.name, literal(batch.start), literal(batch.end));
    }
    case 'INCREMENTAL_BY_UNIQUE_KEY': {
      const key = kind.uniqueKey.map((k) => column(k, 'unique_key').name);
      return (select) => d.merge(table, columns, select, key);
    }
    case 'INCREMENTAL_UNMANAGED':
      return (select) => d.append(table, columns, select);
    default:
      throw new Error(`writerFor: ${model.name} is not incremental`);
  }
}

/**
 * Refreshes a FULL table in place (its version stays; the views reading it stay valid): every row
 * replaced in one transaction that also records the build and what it read.
 */
async function refresh(ctx: StageContext, model: Model, m: PlannedModel, query: EngineQuery, report: StageReport): Promise<void> {
  const { engine, state, project, plan } = ctx;
  const keys = upstreamKeys(plan, project, m.name);
  const own = builtKey(m.name, m.snapshot.version);
  // Another run may have refreshed it while this one waited for the lock.
  const last = (await state.intervals.lastBuilds([{ name: m.name, version: m.snapshot.version }])).get(own);
  const before = await countsOf(ctx, keys);
  if (last?.upstream && keys.every((k) => last.upstream![k] === before[k]) && Object.keys(last.upstream).every((k) => keys.includes(k))) return;
  const table = m.snapshot.physicalTable;
  const columns = (await engine.listColumns(table)).map((c) => c.name);
  const t0 = Date.now();
  const start = new Date();
  try {
    for (const sql of query.pre) await engine.query(sql);
    await engine.transaction(async (tx) => {
      for (const sql of incrementalDialect(engine, model).replaceAll(table, columns, query.sql)) await tx.query(sql);
      await state.intervals.recordBuilt(m.name, m.snapshot.version, start, new Date(), before, tx);
    });
    for (const sql of query.post) await engine.query(sql);
  } catch (err) {
    throw inModel(err, engine, model, query, ctx.environment, [...project.models.keys()]);
  }
  report.refreshed.push(m.name);
  ctx.progress(`  ${m.name}: refreshed in place (what it reads changed) in ${Date.now() - t0} ms`);
}

/**
 * A forward-only change keeps the table: columns the new query adds are added to it; a column it
 * drops or retypes cannot be applied that way, and is refused before anything is written.
 */
async function keepTable(ctx: StageContext, model: Model, m: PlannedModel, query: EngineQuery): Promise<void> {
  const { engine } = ctx;
  const table = m.snapshot.physicalTable;
  const scratch: Relation = { schema: table.schema, name: `vde_fo_${createHash('sha256').update(relationKey(table)).digest('hex').slice(0, 16)}` };
  let next: ColumnInfo[];
  try {
    await engine.createTableAs(scratch, incrementalDialect(engine, model).emptySelect(query.sql));
    next = await engine.listColumns(scratch);
  } catch (err) {
    throw inModel(err, engine, model, query, ctx.environment, [...ctx.project.models.keys()]);
  } finally {
    await engine.dropPhysical(scratch).catch(() => {});
  }
  const current = await engine.listColumns(table);
  const byName = new Map(next.map((c) => [c.name, c]));
  const problems: string[] = [];
  for (const c of current) {
    const n = byName.get(c.name);
    if (!n) problems.push(`column ${c.name} is no longer in the query`);
    else if (n.type !== c.type) problems.push(`column ${c.name} changes type from ${c.type} to ${n.type}`);
  }
  const line = (model.kind as { line?: number }).line ?? model.line;
  if (problems.length) {
    throw new ModelError(
      `a forward-only change keeps the existing table, and ${problems.join('; ')}: that cannot be applied to the rows already there. Make the change breaking (drop forward_only, or apply without --forward-only) to rebuild the table`,
      model.relativeFile,
      line,
      model.name,
    );
  }
  const have = new Set(current.map((c) => c.name));
  const added = next.filter((c) => !have.has(c.name));
  for (const c of added) await engine.query(incrementalDialect(engine, model).addColumn(table, c));
  if (added.length) ctx.progress(`  ${m.name}: forward-only change, added column(s) ${added.map((c) => c.name).join(', ')} to ${relationKey(table)}`);
}

/** A PR's preview of a forward-only change starts as a zero-copy clone of prod's table, where the engine can clone. */
async function clonePreview(ctx: StageContext, model: Model, m: PlannedModel): Promise<void> {
  const { engine, state } = ctx;
  const source = ctx.prodRefs.get(m.name);
  if (!engine.capabilities.zeroCopyClone || !engine.cloneTable || !source) return;
  const recorded = (await state.intervals.dataRanges([{ name: m.name, version: m.snapshot.version }])).get(builtKey(m.name, m.snapshot.version));
  // Once a batch is recorded, the clone is in place (and the batch in it): never clone over it.
  if (recorded?.length) return;
  if (relationKey(source) === relationKey(m.snapshot.physicalTable)) throw new RefusedError(`model ${model.name}: a preview cannot clone its own table`);
  await engine.cloneTable(m.snapshot.physicalTable, source);
  ctx.progress(`  ${m.name}: preview starts as a clone of ${relationKey(source)}`);
}

export type { Snapshot };
