// Plan and apply. Apply runs in stages (docs/engines.md):
//   lock the environment → plan → register the apply's tables as in flight (under the janitor's
//   lock) and verify reused tables exist → build missing physical tables → point the views and
//   write the environment record with compare-and-set → finalize.
// Each stage converges on re-run after a crash, with or without transactional DDL.

import { randomUUID } from 'node:crypto';
import type { Engine, Relation } from '../engines/types';
import { AuditError, ConflictError, RefusedError, VdeError } from '../errors';
import { engineQueries, type EngineQuery } from '../project/engine-query';
import { environmentName } from '../project/names';
import { isIncremental } from '../project/support';
import { startSqlParser } from '../project/sql-parser';
import type { Project } from '../project/types';
import { relationKey, type StateStore } from '../state/store';
import type { Workspace } from './api';
import { checkModelNames, checkSchemaCollisions, partnerEnvironments, PROD } from './naming';
import { buildAll, dropCreatedSchemas, verifyReused, type Built } from './physical-layer';
import { checkIncrementalEngine, forwardOnlyKeys, intervalState } from './incremental-apply';
import { planIntervals, type WindowOptions } from './interval-plan';
import { intervalStage } from './materialize';
import { buildPlan } from './plan';
import { analyzeDirectChanges, checkReferences, fingerprints } from './snapshot';
import { auditQueries, auditReads, checkAuditReads, plannedAudits, recordedAudits, runModelAudits, type AuditRun, type PlannedAudit } from './audits';
import { runDag } from './scheduler';
import type { ApplyResult, AuditResult, EnvironmentRecord, Plan } from './types';
import { pointViews } from './virtual-layer';
import { forWrites, stateOf, tagCommand } from './workspace';
import { checkViewsInPlace } from './catalog-mapping';

export { missingRelationHint } from './physical-layer';

export interface PlanOptions {
  from?: string;
  /** The moment the run stands at (`--execution-time`): which intervals are complete. Default now. */
  executionTime?: Date;
  /** `--start` / `--end`: a PR environment's window for its incremental models (epoch ms; `end` exclusive). */
  start?: number;
  end?: number;
  /** The preview window in seconds, over the config's `preview_window` (the action's input). */
  previewWindow?: number;
  /** `--forward-only`: every changed incremental model keeps its table (prod) or previews on its own (PRs). */
  forwardOnly?: boolean;
}

/** How long an apply waits for the janitor's sweep to finish before it registers its tables. */
const SWEEP_WAIT_MS = 10 * 60 * 1000;
/** In-flight registrations expire this long after their last renewal (a crashed apply's too). */
const IN_FLIGHT_SECONDS = 600;

export interface Prepared {
  plan: Plan;
  project: Project;
  engine: Engine;
  state: StateStore;
  target: EnvironmentRecord | null;
  execution: number;
  window: WindowOptions;
  prodTables: Set<string> | null;
  prodRefs: Map<string, Relation>;
}

/** The plan's audits by model, and the engine SQL of each (computed before anything is written). */
export interface PreparedAudits {
  byModel: Map<string, PlannedAudit[]>;
  sql: Map<string, string>;
}

/** Name checks that need no state: identifier limits, the physical layer, the state schema. */
export async function checkNames(ws: Workspace, environment: string): Promise<void> {
  const project = await ws.project();
  const engine = await ws.engine();
  checkModelNames(engine.dialect, project.models.values(), environment, ws.config.stateSchema);
}

export async function prepare(ws: Workspace, environment: string, opts: PlanOptions): Promise<Prepared> {
  const base = environmentName(opts.from ?? PROD);
  // Models load before any connection: bad input never reaches the warehouse.
  const project = await ws.project();
  const engine = await ws.engine();
  const state = await stateOf(ws);
  const target = await state.getEnvironment(environment);
  await checkViewsInPlace(engine, target);
  // The base's record (every model's snapshot) is the largest read of a plan: the fingerprints,
  // pure CPU work, are computed while the warehouse answers it.
  const baseRead = base === environment ? Promise.resolve(target) : state.getEnvironment(base);
  const fps = await whileWaiting(baseRead, () => fingerprints(project));
  const baseEnv = await baseRead;
  // Prod may not exist yet (the first apply); any other base must.
  if (base !== PROD && !baseEnv) {
    throw new RefusedError(`base environment ${base} does not exist (--from ${opts.from})`, base);
  }
  const partners: { name: string; models: string[] }[] = [];
  for (const name of partnerEnvironments(environment)) {
    const record = await state.getEnvironment(name);
    if (record) partners.push({ name, models: record.snapshots.map((r) => r.name) });
  }
  checkSchemaCollisions(engine.dialect, project.models.values(), environment, partners);
  if (environment === PROD && (opts.start !== undefined || opts.end !== undefined)) {
    throw new RefusedError('--start and --end set a PR environment\'s window; prod always holds each incremental model\'s whole history (its missing intervals are backfilled)', PROD);
  }
  const prodEnv = environment === PROD ? null : base === PROD ? baseEnv : await state.getEnvironment(PROD);
  // Read only what planning needs: versions of the project's fingerprints (and of the keys a
  // forward-only change stores its snapshots under), and definitions of the base snapshots the
  // project changed (to tell breaking from non-breaking).
  const versions = await state.getVersions([...fps.values(), ...forwardOnlyKeys(project, fps, baseEnv, opts.forwardOnly ?? false)]);
  const current = new Set(fps.values());
  const changedBase = (baseEnv?.snapshots ?? []).filter((r) => !current.has(r.fingerprint)).map((r) => r.fingerprint);
  const baseDefinitions = new Map([...(await state.getSnapshots(changedBase)).values()].map((s) => [s.fingerprint, s.definition]));
  // Categories come from the SQL parser's reading of each directly modified query (in its thread,
  // while the warehouse answers which versions are built).
  const [, built] = await Promise.all([
    analyzeDirectChanges(project, baseEnv?.snapshots ?? [], baseDefinitions, engine.dialect.name),
    state.builtVersions([...fps.keys()]),
  ]);
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
    built,
    fingerprints: fps,
    now: new Date(),
    forwardOnlyAll: opts.forwardOnly ?? false,
  });
  const execution = (opts.executionTime ?? new Date()).getTime();
  const window: WindowOptions = {
    previewSeconds: opts.previewWindow ?? ws.config.previewWindow,
    ...(opts.start !== undefined || opts.end !== undefined ? { range: { ...(opts.start !== undefined ? { start: opts.start } : {}), ...(opts.end !== undefined ? { end: opts.end } : {}) } } : {}),
  };
  const prodTables = environment === PROD ? null : new Set((prodEnv?.snapshots ?? []).map((r) => relationKey(r.physicalTable)));
  planIntervals(plan, { ...(await intervalState(state, plan, project)), execution, window, prodTables });
  checkIncrementalEngine(engine, project, plan);
  // Every query the plan runs (its models' and their audits'), read by the SQL parser too: a
  // model reference vde's lexer missed is refused before anything is written.
  await checkReferences(project, runsQueryOf(plan), plan.models.map((m) => m.name), engine.dialect.name);
  const prodRefs = new Map(((environment === PROD ? target : prodEnv)?.snapshots ?? []).map((r) => [r.name, r.physicalTable]));
  return { plan, project, engine, state, target, execution, window, prodTables, prodRefs };
}

/**
 * Runs `work` (synchronous CPU work) once `pending`'s statement is on its way to the warehouse:
 * a turn of the event loop first lets the driver send it, so the two overlap. A rejection of
 * `pending` is left to whoever awaits it.
 */
async function whileWaiting<T>(pending: Promise<unknown>, work: () => T): Promise<T> {
  pending.catch(() => {});
  await new Promise<void>((resolve) => setImmediate(resolve));
  return work();
}

/** Computes the plan without changing anything. */
export async function planEnvironment(ws: Workspace, env: string, opts: PlanOptions = {}): Promise<Plan> {
  const environment = environmentName(env);
  tagCommand(ws, 'plan', environment);
  startSqlParser();
  await checkNames(ws, environment);
  return (await prepare(ws, environment, opts)).plan;
}

export async function applyEnvironment(ws: Workspace, env: string, opts: PlanOptions = {}): Promise<ApplyResult> {
  const environment = environmentName(env);
  tagCommand(ws, 'apply', environment);
  // Changed models are categorized and foreign dialects transpiled: the parser compiles while the
  // project loads.
  startSqlParser();
  // Load and validate models before taking the lock or touching the warehouse.
  await ws.project();
  await forWrites(ws);
  await checkNames(ws, environment);
  const engine = await ws.engine();
  const state = await stateOf(ws);
  const started = Date.now();
  const statementsBefore = engine.stats.statements;
  // Every query the plan would build, transpiled where its dialect is not the engine's, before
  // any write: a query vde cannot run never gets as far as creating the state schema.
  const preview = await prepare(ws, environment, opts);
  await queriesFor(engine, preview.project, preview.plan);
  await auditsFor(engine, preview.project, preview.plan);
  // The first write: a fresh warehouse gets its state schema only now.
  const createdState = state.empty;
  await state.migrate();
  const lock = await state.lock(`env:${environment}`, {
    waitMs: 0,
    what: `environment ${environment}`,
    busyMessage: `environment ${environment} is being applied by another run; retry when it finishes`,
    environment,
  });
  try {
    const prepared = await prepare(ws, environment, opts);
    const { plan, target } = prepared;
    const result: ApplyResult = { plan, created: plan.existing === null, built: [], processed: [], refreshed: [], audits: [], statements: 0, ms: 0 };
    const finish = () => {
      result.statements = engine.stats.statements - statementsBefore;
      result.ms = Date.now() - started;
      result.audits = inPlanOrder(plan, result.audits);
      return result;
    };
    const audits = await auditsFor(engine, prepared.project, plan);
    if (plan.noop) {
      // Up to date: every audit of every table has its result recorded (the refs say which ran).
      result.audits = (await recordedAudits(state, plan, audits.byModel)).recorded;
      // Still in use: a push that changes no model keeps the environment alive, unless it was
      // invalidated after this run read it (then the invalidation stands).
      if (environment !== PROD && target) {
        const extended = await state.extendExpiry(environment, { planId: target.planId, expiresAt: target.expiresAt }, expiryFrom(ws, new Date()));
        if (!extended) throw invalidatedMeanwhile(environment);
      }
      ws.progress(`${environment}: up to date (${plan.models.length} models, nothing to build)`);
      return finish();
    }
    await runStages(ws, prepared, audits, result, createdState, () => {
      if (lock.lost()) throw new ConflictError(`environment ${environment}: this run lost its lock (its lease could not be renewed); re-run`, environment);
    });
    ws.progress(
      `${environment}: ${plan.models.length} views point at their tables${plan.removed.length ? `, ${plan.removed.length} removed` : ''} (${Date.now() - started} ms)`,
    );
    return finish();
  } finally {
    await lock.release();
  }
}

export async function runStages(ws: Workspace, prepared: Prepared, audits: PreparedAudits, result: ApplyResult, createdState: boolean, lockHeld: () => void, views = true): Promise<void> {
  const { plan, project, engine, state, target } = prepared;
  const environment = plan.environment;
  const built: Built[] = result.built;
  const auditRun: AuditRun = { engine, state, environment, audits: audits.byModel, sql: audits.sql, results: result.audits, progress: ws.progress };
  const ctx = {
    engine,
    state,
    project,
    environment,
    snapshotTtl: ws.config.snapshotTtl,
    progress: ws.progress,
    audits: auditRun,
    auditReads: new Map(plan.models.map((m) => [m.name, auditReads(project.models.get(m.name)!)])),
  };
  // Everything this apply uses or may leave the views pointing at, kept from the janitor while it runs.
  const tables: Relation[] = [
    ...plan.models.map((m) => m.snapshot.physicalTable),
    ...(target?.snapshots ?? []).map((r) => r.physicalTable),
    ...(target?.previousSnapshots ?? []).map((r) => r.physicalTable),
  ];
  const sweep = await state.lock('sweep', {
    waitMs: SWEEP_WAIT_MS,
    what: 'the janitor',
    environment,
    onWait: () => ws.progress(`${environment}: waiting for the janitor to finish its sweep`),
  });
  let renewedAt = Date.now();
  const renewal = setInterval(() => {
    state.applies.renew(plan.id, IN_FLIGHT_SECONDS).then(
      (ok) => {
        if (ok) renewedAt = Date.now();
      },
      () => {},
    );
  }, (IN_FLIGHT_SECONDS * 1000) / 4);
  renewal.unref();
  const stillHeld = () => {
    lockHeld();
    if (Date.now() - renewedAt > IN_FLIGHT_SECONDS * 1000 * 0.75) {
      throw new ConflictError(`environment ${environment}: this run could not renew its in-flight record in time; re-run`, environment);
    }
  };
  try {
    try {
      await state.applies.register(plan.id, environment, tables, IN_FLIGHT_SECONDS);
      await verifyReused(ctx, plan);
    } finally {
      await sweep.release();
    }
    const toBuild = plan.models.filter((m) => m.build).map((m) => m.snapshot);
    const queries = await queriesFor(engine, project, plan);
    if (toBuild.length) ws.progress(`${environment}: building ${toBuild.length} of ${plan.models.length} models`);
    const createdSchemas: string[] = [];
    const stage = await intervalStage(
      { ...ctx, plan, execution: prepared.execution, window: prepared.window, prodTables: prepared.prodTables, prodRefs: prepared.prodRefs },
      result,
    );
    try {
      await buildAll(ctx, plan, toBuild, queries, built, createdSchemas, stage);
      // Tables this run did not build (reused, or built meanwhile by another run): audits without a
      // recorded result for that table run now.
      // An incremental model's build makes an empty table: its audits ran with its batches, or run now.
      const auditedHere = new Set([...built.filter((b) => !isIncremental(project.models.get(b.name)!)).map((b) => b.name), ...stage.audited]);
      const { recorded, pending } = await recordedAudits(state, plan, audits.byModel, auditedHere);
      result.audits.push(...recorded);
      await auditReused(auditRun, plan, pending, engine.capabilities.concurrency);
    } catch (err) {
      const kept = await dropCreatedSchemas(ctx, plan.id, createdSchemas, SWEEP_WAIT_MS).catch(() => createdSchemas);
      throw withKept(err, built, [...(createdState ? [`${state.schema} (vde's state)`] : []), ...kept]);
    }
    // Every fingerprint of the plan gets its row (reused versions too) and a fresh TTL.
    await state.saveSnapshots(
      plan.models.map((m) => m.snapshot),
      ws.config.snapshotTtl,
      new Date(),
    );
    const ttlSeconds = environment === PROD ? null : ws.config.environmentTtl;
    if (views) await pointViews({ engine, state, plan, current: target, ttlSeconds, stillHeld });
  } finally {
    clearInterval(renewal);
    await state.applies.end(plan.id).catch(() => {
      // Left behind, the row expires; the janitor ignores it from then on.
    });
  }
}

/** Every audit of the plan's models, with its engine SQL; refuses audits that read their model's descendants. */
export async function auditsFor(engine: Engine, project: Project, plan: Plan): Promise<PreparedAudits> {
  checkAuditReads(project);
  const fps = new Map(plan.models.map((m) => [m.name, m.snapshot.fingerprint]));
  const configFile = project.config.modelDefaults.audits?.file;
  const byModel = new Map(plan.models.map((m) => [m.name, plannedAudits(project.models.get(m.name)!, fps, configFile)]));
  const sql = await auditQueries(engine, project, plan, [...byModel.values()].flat());
  return { byModel, sql };
}

/**
 * Runs the pending audits of reused tables, several models at a time; every one runs before a
 * blocking failure is reported, so the error lists them all.
 */
async function auditReused(run: AuditRun, plan: Plan, pending: Map<string, Set<string>>, concurrency: number): Promise<void> {
  const snapshots = plan.models.filter((m) => pending.has(m.name)).map((m) => m.snapshot);
  const failures: AuditError[] = [];
  await runDag(snapshots, (s) => s.name, () => [], concurrency, async (s) => {
    try {
      await runModelAudits(run, s, pending.get(s.name));
    } catch (err) {
      if (!(err instanceof AuditError)) throw err;
      failures.push(err);
    }
  });
  if (failures.length) throw new AuditError(failures.flatMap((f) => f.failures), run.environment);
}

/** Audit results in the plan's model order, each model's in call order (runs finish in any order). */
function inPlanOrder(plan: Plan, results: AuditResult[]): AuditResult[] {
  const rank = new Map(plan.models.map((m, i) => [m.name, i]));
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (rank.get(a.r.model) ?? 0) - (rank.get(b.r.model) ?? 0) || a.i - b.i)
    .map((x) => x.r);
}

/** The models whose query the plan runs: built, filled by intervals, refreshed or checked forward-only. */
function runsQueryOf(plan: Plan): string[] {
  return plan.models.filter((m) => m.build || (m.intervals?.batches.length ?? 0) > 0 || m.refresh || m.forwardOnly !== undefined).map((m) => m.name);
}

/** The SQL each model the plan builds runs on this engine (references rewritten, transpiled if needed). */
function queriesFor(engine: Engine, project: Project, plan: Plan): Promise<Map<string, EngineQuery>> {
  const physical = new Map(plan.models.map((m) => [m.name, m.snapshot.physicalTable]));
  return engineQueries(
    plan.models.filter((m) => m.build).map((m) => project.models.get(m.name)!),
    { relation: (name) => physical.get(name)!, qualify: (r) => engine.dialect.qualify(r) },
    engine.dialect.name,
  );
}

function expiryFrom(ws: Workspace, now: Date): Date {
  return new Date(now.getTime() + ws.config.environmentTtl * 1000);
}

function invalidatedMeanwhile(environment: string): ConflictError {
  return new ConflictError(
    `environment ${environment} was invalidated (or re-applied) while this run read it; it stays as it is. Re-run to apply it again`,
    environment,
  );
}

/** Says in a failed apply's error what it kept: finished tables (for the next run) and schemas it created. */
function withKept(err: unknown, built: Built[], createdSchemas: string[]): unknown {
  if (err instanceof AuditError && built.length === 0 && createdSchemas.length === 0) {
    err.message += '\n  No view or environment changed.';
    return err;
  }
  if (!(err instanceof VdeError) || (built.length === 0 && createdSchemas.length === 0)) return err;
  const names = built.map((b) => b.name);
  const kept: string[] = [];
  if (built.length) {
    kept.push(
      `${built.length} table(s) this run finished (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}); ` +
        'the next apply reuses them, and the janitor drops them after snapshot_ttl if nothing does',
    );
  }
  if (createdSchemas.length) kept.push(`the schemas it created: ${createdSchemas.join(', ')}`);
  err.message += `\n  kept: ${kept.join('; ')}. No view or environment changed.`;
  return err;
}
