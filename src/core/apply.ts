// Plan and apply: physical layer → intervals → virtual layer + environment record (CAS) + finalize.
// On Postgres the last three happen in one transaction, so promotion is atomic.

import { randomUUID } from 'node:crypto';
import type { Engine } from '../engines/types';
import { WarehouseError, RefusedError } from '../errors';
import { environmentName } from '../project/names';
import { describeErrorPosition, engineQueries, type EngineQuery } from '../project/engine-query';
import { readSeedBatches } from '../project/seed';
import type { Project } from '../project/types';
import type { StateStore } from '../state/store';
import type { Workspace } from './api';
import { PROD } from './naming';
import { buildPlan, toRef } from './plan';
import { runDag } from './scheduler';
import { analyzeDirectChanges, fingerprints } from './snapshot';
import type { ApplyResult, Plan, Snapshot } from './types';
import { stateOf } from './workspace';

export interface PlanOptions {
  from?: string;
}

interface Prepared {
  plan: Plan;
  project: Project;
  engine: Engine;
  state: StateStore;
}

async function prepare(ws: Workspace, envInput: string, opts: PlanOptions): Promise<Prepared> {
  const environment = environmentName(envInput);
  const base = environmentName(opts.from ?? PROD);
  // Models load before any connection: bad input never reaches the warehouse.
  const project = await ws.project();
  const engine = await ws.engine();
  const state = await stateOf(ws);
  const target = await state.getEnvironment(environment);
  const baseEnv = base === environment ? target : await state.getEnvironment(base);
  // Prod may not exist yet (the first apply); any other base must.
  if (base !== PROD && !baseEnv) {
    throw new RefusedError(`base environment ${base} does not exist (--from ${opts.from})`, base);
  }
  const fps = fingerprints(project);
  // Read only what planning needs: versions of the project's fingerprints, and definitions of
  // the base snapshots the project changed (to tell breaking from non-breaking).
  const versions = await state.getVersions([...fps.values()]);
  const current = new Set(fps.values());
  const changedBase = (baseEnv?.snapshots ?? []).filter((r) => !current.has(r.fingerprint)).map((r) => r.fingerprint);
  const baseDefinitions = new Map([...(await state.getSnapshots(changedBase)).values()].map((s) => [s.fingerprint, s.definition]));
  // Categories come from the SQL parser's reading of each directly modified query.
  await analyzeDirectChanges(project, baseEnv?.snapshots ?? [], baseDefinitions, engine.dialect.name);
  const plan = buildPlan({
    project,
    dialect: engine.dialect,
    environment,
    base,
    planId: randomUUID(),
    baseEnv,
    target,
    versions,
    baseDefinitions,
    built: await state.builtVersions([...fps.keys()]),
    fingerprints: fps,
    now: new Date(),
  });
  return { plan, project, engine, state };
}

/** Computes the plan without changing anything. */
export async function planEnvironment(ws: Workspace, env: string, opts: PlanOptions = {}): Promise<Plan> {
  return (await prepare(ws, env, opts)).plan;
}

export async function applyEnvironment(ws: Workspace, env: string, opts: PlanOptions = {}): Promise<ApplyResult> {
  const environment = environmentName(env);
  // Load and validate models before taking the lock or touching the warehouse.
  await ws.project();
  const engine = await ws.engine();
  const started = Date.now();
  const statementsBefore = engine.stats.statements;
  return engine.withLock(`vde:env:${environment}`, environment, async () => {
    const { plan, project, state } = await prepare(ws, environment, opts);
    const result: ApplyResult = { plan, created: plan.existing === null, built: [], statements: 0, ms: 0 };
    const finish = () => {
      result.statements = engine.stats.statements - statementsBefore;
      result.ms = Date.now() - started;
      return result;
    };
    if (plan.noop) {
      // Still in use: a push that changes no model keeps the environment alive.
      if (environment !== PROD) await state.setExpiry(environment, new Date(Date.now() + ws.config.environmentTtl * 1000));
      ws.progress(`${environment}: up to date (${plan.models.length} models, nothing to build)`);
      return finish();
    }

    const physical = new Map(plan.models.map((m) => [m.name, m.snapshot.physicalTable]));
    // Every query to build, transpiled where its dialect is not the engine's, before any write.
    const queries = await engineQueries(
      plan.toBuild.map((s) => project.models.get(s.name)!),
      (name) => engine.dialect.qualify(physical.get(name)!),
      engine.dialect.name,
    );

    // The first write: a fresh warehouse gets its state schema only now.
    await state.migrate();
    const now = new Date();
    await state.saveSnapshots(
      plan.models.map((m) => m.snapshot),
      ws.config.snapshotTtl,
      now,
    );

    const total = plan.toBuild.length;
    if (total > 0) ws.progress(`${environment}: building ${total} of ${plan.models.length} models`);
    for (const schema of new Set(plan.toBuild.map((s) => s.physicalTable.schema))) {
      await engine.createSchema(engine, schema);
    }
    // Independent models build side by side; a model waits for the parents this apply builds.
    await runDag(
      plan.toBuild,
      (s) => s.name,
      (s) => s.parents,
      engine.concurrency,
      async (snapshot) => {
        const t0 = Date.now();
        await buildPhysical(engine, project, queries, snapshot, environment);
        await state.recordBuilt(snapshot.name, snapshot.version, new Date(t0), new Date());
        const ms = Date.now() - t0;
        result.built.push({ name: snapshot.name, physicalTable: snapshot.physicalTable, ms });
        ws.progress(`  [${result.built.length}/${total}] built ${snapshot.name} (${snapshot.kind}) in ${ms} ms`);
      },
    );

    const views = plan.models.map((m) => ({
      view: m.view,
      select: `SELECT * FROM ${engine.dialect.qualify(m.snapshot.physicalTable)}`,
    }));
    const refs = plan.models.map((m) => toRef(m.snapshot));
    const finalizedAt = new Date();
    const expiresAt = environment === PROD ? null : new Date(finalizedAt.getTime() + ws.config.environmentTtl * 1000);
    await engine.transaction(async (tx) => {
      await engine.swapViews(
        tx,
        views,
        plan.removed.map((r) => r.view),
      );
      await state.compareAndSetEnvironment(
        tx,
        {
          name: environment,
          snapshots: refs,
          planId: plan.id,
          previousPlanId: plan.existing?.planId ?? null,
          updatedAt: finalizedAt,
          expiresAt,
          finalizedAt,
        },
        plan.existing?.planId ?? null,
      );
      await state.touchSnapshots(
        refs.map((r) => r.fingerprint),
        finalizedAt,
        tx,
      );
    });
    ws.progress(
      `${environment}: ${views.length} views point at their tables${plan.removed.length ? `, ${plan.removed.length} removed` : ''} (${Date.now() - started} ms)`,
    );
    return finish();
  });
}

async function buildPhysical(
  engine: Engine,
  project: Project,
  queries: Map<string, EngineQuery>,
  snapshot: Snapshot,
  environment: string,
): Promise<void> {
  const model = project.models.get(snapshot.name)!;
  const query = queries.get(model.name);
  try {
    if (model.kind.name === 'SEED') {
      await engine.loadTable(snapshot.physicalTable, model.columns, readSeedBatches(model, model.kind.batchSize));
      return;
    }
    // Rule 1: a snapshot reads its parents' physical tables, never environment views.
    if (model.kind.name === 'VIEW') {
      await engine.createOrReplaceView(engine, { view: snapshot.physicalTable, select: query!.sql });
    } else {
      await engine.createTableAs(snapshot.physicalTable, query!.sql);
    }
  } catch (err) {
    if (err instanceof WarehouseError) {
      const hint = missingRelationHint(err.detail, [...project.models.keys()]);
      // The warehouse's position, mapped back through reference rewriting to the model file.
      const at = query && err.queryOffset !== undefined ? describeErrorPosition(model, query, err.queryOffset, engine.dialect.name) : undefined;
      const detail = at ? `${err.detail}${hint}\n  ${at.text}` : `${err.detail} (${model.relativeFile})${hint}`;
      throw new WarehouseError(detail, err.statement, model.name, environment, { cause: err, ...(at?.location ? { location: at.location } : {}) });
    }
    throw err;
  }
}

/**
 * A name that is not a model is read as a raw source table, so a typo in a model reference
 * surfaces as a missing relation: point at the model the user probably meant.
 */
export function missingRelationHint(detail: string, models: string[]): string {
  const missing = /relation "([^"]+)" does not exist/i.exec(detail)?.[1]?.toLowerCase();
  if (!missing) return '';
  const close = models
    .map((m) => ({ m, d: editDistance(m, missing) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || a.m.localeCompare(b.m))[0];
  return close
    ? `; did you mean model ${close.m}? (a name that is not a model is read as a table of your own)`
    : `; ${missing} is not a model, so vde read it as a table of your own`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
