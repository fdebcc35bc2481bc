// Apply's physical stage: make sure every table the plan uses exists, building the missing ones.
// Each build runs under a lock on its physical table (two runs needing one version build it once;
// the second waits and reuses it), records its snapshot row before the table exists (so no table
// ever exists that the state does not know), and records the version as built only once the
// table is complete and its grain checked.

import type { Engine, Relation } from '../engines/types';
import { ModelError, RefusedError, WarehouseError } from '../errors';
import { describeErrorPosition, type EngineQuery } from '../project/engine-query';
import { readSeedBatches } from '../project/seed';
import { editDistance } from '../project/yaml-file';
import type { Model, Project } from '../project/types';
import { stateTable } from '../state/sql';
import { relationKey, type StateStore } from '../state/store';
import { PHYSICAL_PREFIX, PROD } from './naming';
import { runModelAudits, type AuditRun } from './audits';
import { runDag } from './scheduler';
import { incrementalDialect } from './interval-plan';
import { isIncremental } from '../project/support';
import type { Plan, PlannedModel, Snapshot } from './types';

/** Longest wait for another run that builds the same physical table. */
const BUILD_WAIT_MS = 2 * 60 * 60 * 1000;

export interface BuildContext {
  engine: Engine;
  state: StateStore;
  project: Project;
  environment: string;
  snapshotTtl: number;
  progress: (message: string) => void;
  /** Audits to run on each table right after its build, before it is recorded as built. */
  audits?: AuditRun;
  /** Models a model's custom audits read besides itself: built before it, like parents. */
  auditReads?: Map<string, string[]>;
}

export interface Built {
  name: string;
  physicalTable: Relation;
  ms: number;
}

/**
 * Tables the plan reuses must still exist: a janitor (or a person) may have dropped one after it
 * was recorded as built. Missing ones are forgotten as built and become builds. Runs after the
 * apply registered its tables as in flight, so no janitor drops one after this check.
 */
export async function verifyReused(ctx: BuildContext, plan: Plan): Promise<PlannedModel[]> {
  const reused = plan.models.filter((m) => !m.build);
  const present = new Set<string>();
  for (const schema of new Set(reused.map((m) => m.snapshot.physicalTable.schema))) {
    for (const r of await ctx.engine.listRelations(schema)) present.add(relationKey({ schema, name: r.name }));
  }
  const missing = reused.filter((m) => !present.has(relationKey(m.snapshot.physicalTable)));
  for (const m of missing) {
    ctx.progress(`  ${m.name}: its table ${relationKey(m.snapshot.physicalTable)} is recorded as built but missing; rebuilding it`);
    await ctx.state.forgetBuilt(m.snapshot.name, m.snapshot.version);
    m.build = true;
  }
  return missing;
}

/**
 * Builds `toBuild` in dependency order, several at a time where the engine allows. Physical
 * schemas are created just before their first build; `createdSchemas` collects the ones that did
 * not exist before (a failed apply names them).
 */
/**
 * Work on models besides their build (incremental models' intervals, refreshes; see
 * ./materialize), run in the same dependency order: a model's work runs after its own build
 * and after everything its parents needed.
 */
export interface ModelStage {
  /** Models the stage works on (whether or not they are built). */
  models: Set<string>;
  /** What a build of `snapshot` reads upstream, recorded with it (null: nothing to record). */
  upstream(snapshot: Snapshot): Promise<Record<string, number> | null>;
  run(snapshot: Snapshot): Promise<void>;
  /** Models whose audits the stage ran after writing their rows (an incremental table's audits run on its data, not its empty build). */
  audited: Set<string>;
}

export async function buildAll(
  ctx: BuildContext,
  plan: Plan,
  toBuild: Snapshot[],
  queries: Map<string, EngineQuery>,
  built: Built[],
  createdSchemas: string[],
  stage?: ModelStage,
): Promise<void> {
  // One creation per schema, awaited by every build in it: builds run side by side, and one that
  // found the creation merely started would otherwise reach CREATE TABLE before CREATE SCHEMA.
  const schemas = new Map<string, Promise<void>>();
  const ensureSchema = (schema: string): Promise<void> => {
    let made = schemas.get(schema);
    if (!made) {
      made = ctx.engine.createSchema(ctx.engine, schema).then(() => {
        if (!existing.has(schema)) createdSchemas.push(schema);
      });
      schemas.set(schema, made);
    }
    return made;
  };
  const existing = toBuild.length ? new Set(await ctx.engine.listSchemas(ctx.engine.dialect.normalizeIdentifier(PHYSICAL_PREFIX))) : new Set<string>();
  const total = toBuild.length;
  const building = new Set(toBuild.map((s) => s.name));
  const tasks = [...toBuild, ...plan.models.filter((m) => stage?.models.has(m.name) && !building.has(m.name)).map((m) => m.snapshot)];
  await runDag(
    tasks,
    (s) => s.name,
    (s) => [...s.parents, ...(ctx.auditReads?.get(s.name) ?? [])],
    ctx.engine.capabilities.concurrency,
    async (snapshot) => {
      if (building.has(snapshot.name)) {
        const t0 = Date.now();
        await ensureSchema(snapshot.physicalTable.schema);
        const did = await buildOne(ctx, queries, snapshot, stage);
        const ms = Date.now() - t0;
        if (did === 'built') built.push({ name: snapshot.name, physicalTable: snapshot.physicalTable, ms });
        ctx.progress(
          did === 'built'
            ? `  [${built.length}/${total}] built ${snapshot.name} (${snapshot.kind}${snapshot.kind.startsWith('INCREMENTAL') ? ', empty table' : ''}) in ${ms} ms`
            : `  ${snapshot.name}: another run built it meanwhile; reusing it`,
        );
      }
      if (stage?.models.has(snapshot.name)) await stage.run(snapshot);
    },
  );
}

/**
 * After a failed build: drops the physical schemas this apply created that are still empty, so bad
 * input leaves the warehouse as it was. Under the sweep lock, and only schemas no other live apply
 * has a table in: an apply registers its tables under that lock before it creates any schema, so
 * none can be about to build into one of these. Returns the schemas kept (they hold tables this
 * run finished, or another apply uses them).
 */
export async function dropCreatedSchemas(ctx: BuildContext, planId: string, created: string[], waitMs: number): Promise<string[]> {
  if (created.length === 0) return [];
  const sweep = await ctx.state.lock('sweep', { waitMs, what: 'the janitor' });
  try {
    const used = new Set((await ctx.state.applies.liveTables(planId)).map((t) => t.schema));
    const kept: string[] = [];
    for (const schema of created) {
      if (used.has(schema)) {
        kept.push(schema);
        continue;
      }
      try {
        await ctx.engine.dropSchema(ctx.engine, schema);
      } catch {
        kept.push(schema); // not empty: it holds tables this run finished
      }
    }
    return kept;
  } finally {
    await sweep.release();
  }
}

async function buildOne(ctx: BuildContext, queries: Map<string, EngineQuery>, snapshot: Snapshot, stage?: ModelStage): Promise<'built' | 'reused'> {
  const { engine, state } = ctx;
  const table = snapshot.physicalTable;
  const lock = await state.lock(`build:${relationKey(table)}`, {
    waitMs: BUILD_WAIT_MS,
    what: `physical table ${relationKey(table)}`,
    onWait: () => ctx.progress(`  ${snapshot.name}: another run is building ${relationKey(table)}; waiting for it`),
  });
  try {
    const exists = (await engine.relationExists(table)) !== null;
    if (exists && (await state.isBuilt(snapshot.name, snapshot.version))) return 'reused';
    if (exists && !(await state.knowsVersion(snapshot.name, snapshot.version))) throw await foreignTable(ctx, snapshot);
    // The row first: a crash from here on leaves a row the janitor can collect, never a stray table.
    const inserted = await state.saveSnapshots([snapshot], ctx.snapshotTtl, new Date());
    // Results recorded for an earlier table of this version (dropped since) are not about this one.
    await state.forgetAuditResults(snapshot.name, snapshot.version);
    const start = new Date();
    let upstream: Record<string, number> | null = null;
    try {
      // Read before the build reads its parents: anything written upstream later shows as a change.
      upstream = (await stage?.upstream(snapshot)) ?? null;
      const model = ctx.project.models.get(snapshot.name)!;
      await buildPhysical(engine, model, queries.get(model.name), snapshot, ctx.environment, [...ctx.project.models.keys()]);
      await checkGrain(engine, model, table);
      // A blocking audit that finds rows fails the build: the table is dropped below and never
      // recorded as built, so nothing reuses it and the next apply builds and audits it again.
      // An incremental model's table is empty here: its audits run once its batches are written.
      if (ctx.audits && !isIncremental(model)) await runModelAudits(ctx.audits, snapshot);
    } catch (err) {
      // Leave nothing of a failed build: no partial table, no row for a version never built.
      await engine.dropPhysical(table).catch(() => {});
      for (const fingerprint of inserted) await state.deleteUnbuiltSnapshot(fingerprint).catch(() => {});
      throw err;
    }
    await state.recordBuilt(snapshot.name, snapshot.version, start, new Date(), upstream);
    return 'built';
  } finally {
    await lock.release();
  }
}

/**
 * A physical table exists that this state schema has no record of: it belongs to another state
 * schema (state_schema renamed, or another project with the same models). Never replace it.
 */
async function foreignTable(ctx: BuildContext, snapshot: Snapshot): Promise<RefusedError> {
  const others = (await ctx.engine.listSchemas(''))
    .filter((s) => s !== ctx.state.schema && !s.startsWith('pg_') && s !== 'information_schema');
  const stateSchemas: string[] = [];
  for (const s of others) {
    const d = ctx.engine.dialect;
    if ((await ctx.engine.relationExists(stateTable(d, s, 'environments'))) && (await ctx.engine.relationExists(stateTable(d, s, 'versions')))) {
      stateSchemas.push(s);
    }
  }
  const where = stateSchemas.length
    ? `vde state lives in ${stateSchemas.join(', ')}: was state_schema renamed? Set state_schema back to ${stateSchemas[0]!.toLowerCase()} in vde.yaml`
    : 'no other vde state schema was found; if state_schema was renamed, set it back';
  return new RefusedError(
    `physical table ${relationKey(snapshot.physicalTable)} (model ${snapshot.name}) already exists, but state schema ${ctx.state.schema} has no record of it. ` +
      `${where}. vde never replaces or drops objects it has no state for`,
  );
}

/** A model's grain must name columns its query produces; checked on the built table, before any view moves. */
async function checkGrain(engine: Engine, model: Model, table: Relation): Promise<void> {
  if (model.grain.length === 0) return;
  const columns = (await engine.listColumns(table)).map((c) => c.name);
  const have = new Set(columns.map((c) => engine.dialect.normalizeIdentifier(c)));
  const missing = model.grain.filter((g) => !have.has(engine.dialect.normalizeIdentifier(g)));
  if (missing.length) {
    throw new ModelError(
      `grain ${missing.join(', ')} of model ${model.name} is not a column of its query (columns: ${columns.join(', ')})`,
      model.relativeFile,
      model.line,
      model.name,
    );
  }
}

async function buildPhysical(
  engine: Engine,
  model: Model,
  query: EngineQuery | undefined,
  snapshot: Snapshot,
  environment: string,
  modelNames: string[],
): Promise<void> {
  try {
    const options = { forProd: environment === PROD };
    if (model.kind.name === 'SEED') {
      await engine.loadTable(snapshot.physicalTable, model.columns, readSeedBatches(model, model.kind.batchSize), options);
      return;
    }
    if (isIncremental(model)) {
      // An incremental model's table starts empty, with its query's columns; its batches fill it
      // (each with the model's pre- and post-statements).
      await engine.createTableAs(snapshot.physicalTable, incrementalDialect(engine, model).emptySelect(query!.sql));
      return;
    }
    // The model's pre-statements, the build, then its post-statements, in file order.
    for (const sql of query!.pre) await engine.query(sql);
    // Rule 1: a snapshot reads its parents' physical tables, never environment views.
    if (model.kind.name === 'VIEW') {
      await engine.createOrReplaceView(engine, { view: snapshot.physicalTable, select: query!.sql });
    } else {
      await engine.createTableAs(snapshot.physicalTable, query!.sql, options);
    }
    for (const sql of query!.post) await engine.query(sql);
  } catch (err) {
    throw inModel(err, engine, model, query, environment, modelNames);
  }
}

/** A warehouse error of a model's SQL, with the model, the environment and the file's line added. */
export function inModel(err: unknown, engine: Engine, model: Model, query: EngineQuery | undefined, environment: string, modelNames: string[]): unknown {
  if (!(err instanceof WarehouseError)) return err;
  const hint = err.kind === 'missing-relation' && err.object ? missingRelationHint(err.object, modelNames) : '';
  // The warehouse's position, mapped back through reference rewriting to the model file.
  const at = query && err.queryOffset !== undefined ? describeErrorPosition(model, query, err.queryOffset, engine.dialect.name) : undefined;
  // Without a position (a division by zero, a bad cast, a seed's column type), the line where
  // the query (a seed: its header) starts.
  const line = model.kind.name === 'SEED' ? model.line : model.queryLine;
  const detail = at ? `${err.detail}${hint}\n  ${at.text}` : `${err.detail} (${model.relativeFile}:${line})${hint}`;
  const location = at?.location ?? (at ? undefined : { file: model.relativeFile, line, column: 1 });
  return err.withContext({ detail, model: model.name, environment, ...(location ? { location } : {}) });
}

/**
 * A name that is not a model is read as a raw source table, so a typo in a model reference
 * surfaces as a missing relation: point at the model the user probably meant.
 */
export function missingRelationHint(missingName: string, models: string[]): string {
  const missing = missingName.toLowerCase();
  const close = models
    .map((m) => ({ m, d: editDistance(m, missing) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || a.m.localeCompare(b.m))[0];
  return close
    ? `; did you mean model ${close.m}? (a name that is not a model is read as a table of your own)`
    : `; ${missing} is not a model, so vde read it as a table of your own`;
}
