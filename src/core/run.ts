// `vde run [env]`: what keeps an environment fresh between applies. It processes the intervals
// of the environment's incremental models that became due since the last run (and refreshes the
// FULL tables that read them), for the versions the environment already has; it never changes
// which versions the environment uses. Models whose definition on disk differs from the
// environment's are left alone and named: they need `vde apply`.

import { ConflictError, RefusedError } from '../errors';
import { environmentName } from '../project/names';
import type { Workspace } from './api';
import { auditsFor, checkNames, prepare, runStages, type PlanOptions } from './apply';
import { recordedAudits } from './audits';
import { PROD } from './naming';
import type { ApplyResult } from './types';
import { forWrites, stateOf } from './workspace';

export interface RunOptions {
  executionTime?: Date;
  previewWindow?: number;
}

export interface RunResult extends ApplyResult {
  /** Models whose definition on disk is not the environment's: not run. */
  skipped: { name: string; reason: string }[];
}

export async function runEnvironment(ws: Workspace, env: string = PROD, opts: RunOptions = {}): Promise<RunResult> {
  const environment = environmentName(env);
  await ws.project();
  await forWrites(ws);
  await checkNames(ws, environment);
  const engine = await ws.engine();
  const state = await stateOf(ws);
  if (!(await state.getEnvironment(environment))) throw new RefusedError(`no environment named ${environment}: \`vde apply ${environment}\` creates it`, environment);
  const started = Date.now();
  const statementsBefore = engine.stats.statements;
  await state.migrate();
  const lock = await state.lock(`env:${environment}`, {
    waitMs: 0,
    what: `environment ${environment}`,
    busyMessage: `environment ${environment} is being applied or run by another process; retry when it finishes`,
    environment,
  });
  try {
    const planOpts: PlanOptions = {
      from: environment,
      ...(opts.executionTime ? { executionTime: opts.executionTime } : {}),
      ...(opts.previewWindow !== undefined ? { previewWindow: opts.previewWindow } : {}),
    };
    const prepared = await prepare(ws, environment, planOpts);
    const { plan, target } = prepared;
    if (!target) throw new RefusedError(`no environment named ${environment}`, environment);
    const refs = new Map(target.snapshots.map((r) => [r.name, r]));
    const skipped: RunResult['skipped'] = [];
    for (const m of plan.models) {
      const ref = refs.get(m.name);
      if (ref && ref.fingerprint === m.snapshot.fingerprint && ref.version === m.snapshot.version) continue;
      skipped.push({ name: m.name, reason: ref ? 'its definition on disk differs from the environment\'s (run `vde apply` first)' : 'not in the environment (run `vde apply` first)' });
      m.build = false;
      delete m.intervals;
      delete m.refresh;
      delete m.forwardOnly;
    }
    // The environment keeps its snapshots: only models it has, as it has them.
    plan.models = plan.models.filter((m) => refs.has(m.name) && !skipped.some((s) => s.name === m.name));
    plan.removed = [];
    plan.toBuild = plan.models.filter((m) => m.build).map((m) => m.snapshot);
    const result: RunResult = { plan, created: false, built: [], processed: [], refreshed: [], audits: [], statements: 0, ms: 0, skipped };
    for (const s of skipped) ws.progress(`${environment}: skipping ${s.name}: ${s.reason}`);
    const audits = await auditsFor(engine, prepared.project, plan);
    // An audit that failed on rows already written (its batch is recorded) has no recorded result:
    // every run runs it again until it passes, rather than report "nothing due".
    const unaudited = (await recordedAudits(state, plan, audits.byModel)).pending.size > 0;
    const work = plan.models.some((m) => m.build || m.refresh || (m.intervals?.batches.length ?? 0) > 0) || unaudited;
    if (work) {
      await runStages(
        ws,
        prepared,
        audits,
        result,
        false,
        () => {
          if (lock.lost()) throw new ConflictError(`environment ${environment}: this run lost its lock (its lease could not be renewed); re-run`, environment);
        },
        false,
      );
    }
    plan.noop = !work;
    const intervals = result.processed.reduce((n, p) => n + p.intervals, 0);
    ws.progress(`${environment}: ${work ? `${intervals} interval(s) processed, ${result.refreshed.length} table(s) refreshed` : 'nothing due'} (${Date.now() - started} ms)`);
    result.statements = engine.stats.statements - statementsBefore;
    result.ms = Date.now() - started;
    return result;
  } finally {
    await lock.release();
  }
}
