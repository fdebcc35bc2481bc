// Event routing: which step a GitHub event (or the `command` input) asks for, and the steps
// themselves. Each step calls the same core API the CLI uses; this file only adds GitHub's side:
// the sticky comment, the job summary and the outputs.
import * as core from '@actions/core';
import {
  applyEnvironment,
  diffEnvironments,
  invalidateEnvironment,
  listEnvironments,
  openWorkspace,
  PROD,
  runEnvironment,
  runJanitor,
  type ApplyResult,
  type RunResult,
  type JanitorResult,
  type Workspace,
} from '../core/api';
import { renderMarkdown } from '../diff/report/markdown';
import { ConflictError, RefusedError, WarehouseError } from '../errors';
import { gitHubFailure, parseRepository, type GitHubSettingNames } from '../github/client';
import { upsertStickyComment, type StickyCommentOptions } from '../github/comment';
import { environmentName } from '../project/names';
import { isFork, type EventInfo, type PullRequestInfo } from './event';
import { locateError } from './failure';
import { backfillLines, cleanupBody, code, COMMENT_LIMIT_FOR_REPORT, failureBody, forkSummary, promotionBody, type Backfill } from './messages';
import { unitAdjective } from '../project/schedule';
import { formatRange } from '../core/intervals';
import { maskConnection } from './secrets';
import type { Settings } from './settings';
import { redact } from '../redact';
import { parseCache, VERSION } from '../version';

const GITHUB_SETTINGS: GitHubSettingNames = { apiUrl: 'GITHUB_API_URL', token: 'the github-token input', repo: 'GITHUB_REPOSITORY' };

/** GitHub caps a step's summary at 1 MiB. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
const PLAN_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'];
const PR_EVENTS = ['pull_request', 'pull_request_target'];

export type Decision =
  | { step: 'plan'; pr: PullRequestInfo }
  | { step: 'promote'; pr: PullRequestInfo | null }
  | { step: 'cleanup'; pr: PullRequestInfo }
  | { step: 'janitor' }
  | { step: 'skip'; reason: 'fork' | 'unsupported-event'; message: string; pr?: PullRequestInfo };

export interface Outputs {
  environment: string;
  created: boolean;
  promoted: boolean;
  commentUrl: string;
  changedModels: string[];
  skippedReason: string;
}

export function emptyOutputs(): Outputs {
  return { environment: '', created: false, promoted: false, commentUrl: '', changedModels: [], skippedReason: '' };
}

/** Picks the step for an event; pure, so it is easy to test. Throws when `command` cannot apply. */
export function decide(settings: Settings, event: EventInfo): Decision {
  const pr = PR_EVENTS.includes(event.name) ? event.pullRequest : null;
  let decision: Decision;
  switch (settings.command) {
    case 'plan':
      if (!pr) throw new Error(`command "plan" needs a pull_request event (this run was triggered by "${event.name}")`);
      decision = { step: 'plan', pr };
      break;
    case 'cleanup':
      if (!pr) throw new Error(`command "cleanup" needs a pull_request event (this run was triggered by "${event.name}")`);
      decision = { step: 'cleanup', pr };
      break;
    case 'promote':
      decision = { step: 'promote', pr };
      break;
    case 'janitor':
      return { step: 'janitor' };
    case 'auto':
      if (event.name === 'schedule' || event.name === 'workflow_dispatch') return { step: 'janitor' };
      if (!pr) {
        return {
          step: 'skip',
          reason: 'unsupported-event',
          message: `vde has nothing to do for the "${event.name}" event${event.action ? ` (${event.action})` : ''}: it runs on pull_request (opened, synchronize, reopened, ready_for_review, closed), schedule and workflow_dispatch, or set the "command" input.`,
        };
      }
      if (PLAN_ACTIONS.includes(pr.action)) decision = { step: 'plan', pr };
      else if (pr.action === 'closed') decision = pr.merged ? { step: 'promote', pr } : { step: 'cleanup', pr };
      else {
        return {
          step: 'skip',
          reason: 'unsupported-event',
          message: `vde has nothing to do for pull_request "${pr.action}": it acts on opened, synchronize, reopened, ready_for_review and closed.`,
        };
      }
      break;
  }
  if (decision.pr && isFork(decision.pr) && !settings.allowForks) {
    return {
      step: 'skip',
      reason: 'fork',
      pr: decision.pr,
      message: `Pull request #${decision.pr.number} comes from a fork (${decision.pr.headRepo ?? 'deleted repository'}); vde does not give forks warehouse access unless allow-forks is true.`,
    };
  }
  return decision;
}

export function prEnvironment(settings: Settings, pr: PullRequestInfo): string {
  return environmentName(`${settings.environmentPrefix}_${pr.number}`);
}

/** Runs the step for this event. Errors propagate (main turns them into annotations). */
export async function run(settings: Settings, event: EventInfo, outputs: Outputs = emptyOutputs()): Promise<Outputs> {
  const decision = decide(settings, event);
  const runner = new Runner(settings, event, outputs);
  switch (decision.step) {
    case 'skip':
      outputs.skippedReason = decision.reason;
      if (decision.reason === 'fork') {
        core.warning(decision.message);
        await runner.summary(forkSummary(decision.pr!.number, decision.pr!.headRepo));
      } else {
        core.notice(decision.message);
      }
      return outputs;
    case 'plan':
      await runner.plan(decision.pr);
      return outputs;
    case 'promote':
      await runner.promote(decision.pr);
      return outputs;
    case 'cleanup':
      await runner.cleanup(decision.pr);
      return outputs;
    case 'janitor':
      await runner.janitor();
      return outputs;
  }
}

class Runner {
  constructor(
    private readonly settings: Settings,
    private readonly event: EventInfo,
    private readonly outputs: Outputs,
  ) {}

  private get runUrl(): string | null {
    const repo = this.repository();
    return repo && this.settings.runId ? `${this.settings.serverUrl}/${repo}/actions/runs/${this.settings.runId}` : null;
  }

  private repository(): string {
    return this.settings.repository || this.event.repository || '';
  }

  private async withWorkspace<T>(fn: (ws: Workspace) => Promise<T>): Promise<T> {
    const ws = await openWorkspace({ projectDir: this.settings.projectDir, env: process.env, progress: (m) => core.info(redact(m)), ...parseCache() });
    maskConnection(ws.config.connection);
    for (const note of ws.config.notes) core.info(redact(`note: ${note}`));
    try {
      return await fn(ws);
    } catch (err) {
      // Point a rejected statement at the model's file, so the annotation lands on it.
      if (err instanceof WarehouseError && err.model) {
        const model = await ws.project().then((p) => p.models.get(err.model!), () => undefined);
        if (model) locateError(err, model.relativeFile, err.location?.line ?? model.queryLine);
      }
      throw err;
    } finally {
      await ws.close();
    }
  }

  async plan(pr: PullRequestInfo): Promise<void> {
    const env = prEnvironment(this.settings, pr);
    this.outputs.environment = env;
    try {
      await this.withWorkspace(async (ws) => {
        const applied = await core.group(`Apply ${env}`, () =>
          applyEnvironment(ws, env, this.settings.previewWindow !== null ? { previewWindow: this.settings.previewWindow } : {}),
        );
        this.outputs.created = applied.created;
        this.outputs.changedModels = changedModels(applied);
        const prodExists = (await listEnvironments(ws)).some((e) => e.name === PROD);
        const footer = this.footer(applied, env, pr);
        let commentBody: string;
        let summaryBody: string;
        if (prodExists) {
          const { result, lineage, audits } = await core.group(`Diff ${env} against prod`, () =>
            diffEnvironments(ws, PROD, env, { samples: this.settings.diffSamples }),
          );
          const title = `vde: ${env} compared with prod`;
          commentBody = renderMarkdown(result, lineage, { maxChars: COMMENT_LIMIT_FOR_REPORT, title, footer, audits });
          const stats = `<sub>This run ${applied.created ? 'created' : 'updated'} ${code(env)}: ${summaryOfApply(applied)}</sub>`;
          summaryBody = fitSummary((maxChars) => renderMarkdown(result, lineage, { maxChars, title, footer: `${footer}\n\n${stats}`, audits }));
        } else {
          commentBody = `<!-- vde:report -->\n### vde: ${code(env)}\n\nThere is no \`prod\` environment yet, so there is nothing to compare with: every model is new. \`prod\` is created when a pull request is merged (or by a run with \`command: promote\`).\n\n${footer}\n`;
          summaryBody = commentBody;
        }
        await this.comment(pr, commentBody, true);
        await this.summary(summaryBody);
      });
    } catch (err) {
      // Tell the PR why there is no (new) report, then let main fail the step.
      await this.comment(pr, failureBody(env, (err as Error).message, this.runUrl), true).catch((e: unknown) =>
        core.warning(`could not update the PR comment: ${(e as Error).message}`),
      );
      throw err;
    }
  }

  async promote(pr: PullRequestInfo | null): Promise<void> {
    this.outputs.environment = PROD;
    await this.withWorkspace(async (ws) => {
      // Promotions are queued by the workflow's concurrency group; if another one still holds
      // prod's lock anyway, wait for it rather than fail the merge's run.
      const applied = await core.group('Apply prod', () => retryOnConflict('prod', () => applyEnvironment(ws, PROD)));
      this.outputs.promoted = true;
      this.outputs.created = applied.created;
      this.outputs.changedModels = changedModels(applied);
      const lines = [`### vde: \`prod\` applied`, '', summaryOfApply(applied)];
      if (!pr) {
        await this.summary(lines.join('\n'));
        return;
      }
      const env = prEnvironment(this.settings, pr);
      const removed = await this.removeEnvironment(ws, env);
      const mergeSha = pr.mergeCommitSha ?? (this.settings.sha || null);
      const body = (previous: string | null) =>
        promotionBody(
          {
            environment: env,
            mergeSha,
            models: applied.plan.models.filter((m) => m.change !== 'unchanged').map((m) => ({ name: m.name, change: m.change })),
            removed: applied.plan.removed.map((r) => r.name),
            built: applied.built.length,
            processed: applied.processed.map((x) => ({ name: x.name, intervals: x.intervals })),
            removal: removed.status,
            runUrl: this.runUrl,
          },
          previous,
        );
      await this.comment(pr, body, true);
      await this.summary(body(null) + '\n' + janitorLines(removed.status === 'removed' ? [removed.dropped] : null).join('\n'));
    });
  }

  async cleanup(pr: PullRequestInfo): Promise<void> {
    const env = prEnvironment(this.settings, pr);
    this.outputs.environment = env;
    await this.withWorkspace(async (ws) => {
      const removed = await this.removeEnvironment(ws, env);
      const body = (previous: string | null) => cleanupBody(env, removed.status, previous, this.runUrl);
      // A PR that never got a report does not need one now.
      await this.comment(pr, body, false);
      await this.summary(body(null));
    });
  }

  async janitor(): Promise<void> {
    await this.withWorkspace(async (ws) => {
      const lines: string[] = [];
      if (this.settings.runOnSchedule) {
        // Keeps prod fresh: the intervals that became due since the last run, before the janitor.
        this.outputs.environment = PROD;
        if ((await listEnvironments(ws)).some((e) => e.name === PROD)) {
          const ran = await core.group('Run prod', () => retryOnConflict('prod', () => runEnvironment(ws, PROD)));
          lines.push('### vde: run `prod`', '', ...runLines(ran), '');
        } else {
          core.notice('run-on-schedule: there is no prod environment yet, so there is nothing to run.');
        }
      }
      const result = await core.group('Janitor', () => runJanitor(ws));
      await this.summary([...lines, '### vde: janitor', '', ...janitorLines(result.environments, result)].join('\n'));
    });
  }

  /**
   * Invalidates the environment and runs the janitor for it. `absent` when it did not exist; `busy`
   * when an apply still holds it (it stays invalidated, so the next janitor run removes it).
   */
  private async removeEnvironment(ws: Workspace, env: string): Promise<Removal> {
    try {
      await invalidateEnvironment(ws, env);
      core.info(`${env} invalidated`);
    } catch (err) {
      if (err instanceof RefusedError) {
        core.info(`${env}: ${err.message}; nothing to remove`);
        return { status: 'absent' };
      }
      throw err;
    }
    try {
      const result = await core.group(`Janitor for ${env}`, () => runJanitor(ws, { env }));
      const dropped = result.environments.find((e) => e.name === env) ?? { name: env, schemasDropped: [], viewsDropped: 0 };
      return { status: 'removed', dropped };
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      core.warning(`${env} is busy (${err.message}); it is invalidated and the next janitor run removes it.`);
      return { status: 'busy' };
    }
  }

  private async comment(pr: PullRequestInfo, body: StickyCommentOptions['body'], createIfMissing: boolean): Promise<void> {
    if (!this.settings.comment) return;
    if (!this.settings.githubToken) {
      core.warning('Input "github-token" is empty: the PR comment was not posted (set comment: false to silence this).');
      return;
    }
    const repository = this.repository();
    if (!repository) throw new Error('GITHUB_REPOSITORY is not set: cannot find the pull request to comment on');
    const { owner, repo } = parseRepository(repository, 'GITHUB_REPOSITORY');
    const res = await upsertStickyComment({
      token: this.settings.githubToken,
      baseUrl: this.settings.apiUrl,
      userAgent: 'vde-action',
      owner,
      repo,
      issueNumber: pr.number,
      body,
      createIfMissing,
    }).catch((err: unknown) => {
      throw gitHubFailure(err, { apiUrl: this.settings.apiUrl, owner, repo, issueNumber: pr.number }, GITHUB_SETTINGS);
    });
    if (res.url) this.outputs.commentUrl = res.url;
    core.info(`PR comment ${res.action}${res.url ? `: ${res.url}` : ''}`);
  }

  async summary(markdown: string): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      core.debug('GITHUB_STEP_SUMMARY is not set: no job summary');
      return;
    }
    // The job summary is not masked by the runner: redact it here.
    await core.summary.addRaw(redact(markdown), true).write();
  }

  private footer(applied: ApplyResult, env: string, pr: PullRequestInfo): string {
    const sample = applied.plan.models.find((m) => m.change !== 'unchanged') ?? applied.plan.models[0];
    // Stable across re-runs of the same commit (no timings, no created/updated), so that an
    // unchanged report leaves the comment alone.
    const parts = [`Environment ${code(env)}: ${applied.plan.models.length} models, ${changedModels(applied).length} changed from prod.`];
    parts.push(...backfillLines(backfillsOf(applied)));
    if (sample) parts.push(`Query it: \`SELECT * FROM ${sample.view.database !== undefined ? `${sample.view.database}.` : ''}${sample.view.schema}.${sample.view.name}\``.replace(/[^\x20-\x7e]/g, ''));
    const sha = pr.headSha ?? this.settings.sha;
    const meta = [sha ? `commit \`${sha.slice(0, 7).replace(/[^0-9a-f]/gi, '')}\`` : '', this.runUrl ? `[workflow run](${this.runUrl})` : '', `vde ${VERSION}`]
      .filter(Boolean)
      .join(' · ');
    if (meta) parts.push(meta);
    return `<sub>${parts.join('<br>')}</sub>`;
  }
}

type Removal =
  | { status: 'removed'; dropped: JanitorResult['environments'][number] }
  | { status: 'absent' }
  | { status: 'busy' };

async function retryOnConflict<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const baseMs = Number(process.env.VDE_CONFLICT_RETRY_MS ?? '') || 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= 6) throw err;
      const wait = baseMs * attempt;
      core.info(`${label}: ${err.message}; trying again in ${Math.round(wait / 1000)} s (attempt ${attempt + 1} of 6)`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Models that differ from the base environment (prod), plus models removed from it. */
function changedModels(applied: ApplyResult): string[] {
  return [
    ...applied.plan.models.filter((m) => m.change !== 'unchanged').map((m) => m.name),
    ...applied.plan.removed.map((r) => r.name),
  ].sort();
}

/** One line about an apply. No timings: the comment must not change when the result did not. */
function summaryOfApply(applied: ApplyResult): string {
  const models = applied.plan.models.length;
  const changed = changedModels(applied).length;
  const intervals = applied.processed.reduce((n, p) => n + p.intervals, 0);
  return `${models} models, ${changed} changed from prod, ${applied.built.length} tables built${intervals ? `, ${intervals} intervals processed` : ''}.`;
}

/** PR-owned incremental models built for a window only: what promotion will backfill. */
function backfillsOf(applied: ApplyResult): Backfill[] {
  return applied.plan.models
    .filter((m) => m.intervals?.window && m.intervals.promotionBackfill !== undefined)
    .map((m) => ({
      name: m.name,
      unit: unitAdjective(m.intervals!.unit),
      intervals: m.intervals!.promotionBackfill!,
      window: formatRange(m.intervals!.target, m.intervals!.unit),
    }));
}

function runLines(r: RunResult): string[] {
  const lines = r.processed.map((p) => `- ${code(p.name)}: ${p.intervals} interval${p.intervals === 1 ? '' : 's'} in ${p.batches} batch${p.batches === 1 ? '' : 'es'}`);
  for (const name of r.refreshed) lines.push(`- ${code(name)}: refreshed`);
  for (const s of r.skipped) lines.push(`- ${code(s.name)}: skipped (${s.reason.replace(/`/g, '')})`);
  return lines.length ? lines : ['Nothing was due.'];
}

function janitorLines(envs: JanitorResult['environments'] | null, result?: JanitorResult): string[] {
  const lines: string[] = [];
  if (envs) {
    if (envs.length === 0) lines.push('No expired environments.');
    for (const e of envs) {
      lines.push(`- removed environment ${code(e.name)}: ${e.viewsDropped} views, schemas ${e.schemasDropped.map(code).join(', ') || 'none'}`);
    }
  }
  if (result) {
    lines.push('', `${result.physicalTables.length} unreferenced physical table(s) dropped.`);
    for (const t of result.physicalTables.slice(0, 200)) lines.push(`- ${code(`${t.relation.schema}.${t.relation.name}`)} (${code(t.name)})`);
  }
  return lines;
}

/** The largest rendering that fits the 1 MiB summary limit (in bytes, not characters). */
function fitSummary(render: (maxChars: number) => string): string {
  let maxChars = SUMMARY_LIMIT_BYTES - 1024;
  for (;;) {
    const text = render(maxChars);
    if (Buffer.byteLength(text, 'utf8') <= SUMMARY_LIMIT_BYTES - 1024 || maxChars < 4096) return text;
    maxChars = Math.floor(maxChars / 2);
  }
}
