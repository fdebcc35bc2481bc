// Entry point of the GitHub Action (bundled to dist/index.js): read inputs once, route the event,
// set outputs. Everything else lives in ./router.
import * as core from '@actions/core';
import { readEvent } from './event';
import { fenced } from './messages';
import { reportFailure } from './failure';
import { emptyOutputs, run, type Outputs } from './router';
import { redact } from '../redact';
import { maskEnvironment, mask } from './secrets';
import { readSettings, type Settings } from './settings';

function setOutputs(o: Outputs): void {
  core.setOutput('environment', o.environment);
  core.setOutput('created', String(o.created));
  core.setOutput('promoted', String(o.promoted));
  core.setOutput('comment-url', o.commentUrl);
  core.setOutput('changed-models', JSON.stringify(o.changedModels));
  core.setOutput('skipped-reason', o.skippedReason);
}

/** The job summary of a failed run: what failed, in a block the text cannot break out of. */
async function failureSummary(err: unknown): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    const message = redact(err instanceof Error ? err.message : String(err));
    await core.summary.addRaw(`### vde: failed\n\n${fenced(message)}\n`, true).write();
  } catch (e) {
    core.debug(`could not write the job summary: ${(e as Error).message}`);
  }
}

export async function main(): Promise<void> {
  maskEnvironment(process.env);
  let settings: Settings | null = null;
  const outputs = emptyOutputs();
  try {
    settings = readSettings(process.env);
    mask(settings.githubToken);
    const event = readEvent(settings.eventName, settings.eventPath);
    await run(settings, event, outputs);
  } catch (err) {
    reportFailure(err, settings);
    await failureSummary(err);
  } finally {
    setOutputs(outputs);
  }
}

void main();
