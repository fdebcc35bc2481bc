// The parts of the triggering event the action needs, read from GITHUB_EVENT_PATH.
import { readFileSync } from 'node:fs';
import { VdeError } from '../errors';

export interface PullRequestInfo {
  number: number;
  /** The payload's `action` (opened, synchronize, closed, ...). */
  action: string;
  merged: boolean;
  mergeCommitSha: string | null;
  headSha: string | null;
  /** `owner/repo` of the head branch's repository (null when the fork was deleted). */
  headRepo: string | null;
  baseRepo: string | null;
  htmlUrl: string | null;
}

export interface EventInfo {
  name: string;
  /** The payload's `action`, if any. */
  action: string;
  pullRequest: PullRequestInfo | null;
  /** `owner/repo` from the payload (fallback when GITHUB_REPOSITORY is missing). */
  repository: string | null;
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

export function readEvent(eventName: string, eventPath: string): EventInfo {
  let payload: unknown = {};
  if (eventPath) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8'));
    } catch (err) {
      throw new VdeError(`cannot read the event payload GITHUB_EVENT_PATH=${eventPath}: ${(err as Error).message}`);
    }
  }
  if (!obj(payload)) throw new VdeError(`the event payload GITHUB_EVENT_PATH=${eventPath} is not a JSON object`);
  return parseEvent(eventName, payload as Record<string, unknown>);
}

export function parseEvent(eventName: string, payload: Record<string, unknown>): EventInfo {
  const action = typeof payload.action === 'string' ? payload.action : '';
  const pr = obj(payload.pull_request);
  const repository = str(obj(payload.repository)?.full_name);
  let pullRequest: PullRequestInfo | null = null;
  // A pull request event without a usable pull request must not be mistaken for "nothing to do".
  if (PULL_REQUEST_EVENTS.includes(eventName)) {
    if (!pr) throw new VdeError(`the ${eventName} event payload has no pull_request object`);
    if (typeof pr.number !== 'number' || !Number.isSafeInteger(pr.number) || pr.number <= 0) {
      throw new VdeError(`the ${eventName} event payload has pull_request.number ${JSON.stringify(pr.number)}, expected a whole number > 0`);
    }
  }
  if (pr && typeof pr.number === 'number' && Number.isSafeInteger(pr.number) && pr.number > 0) {
    const head = obj(pr.head);
    const base = obj(pr.base);
    pullRequest = {
      number: pr.number,
      action,
      merged: pr.merged === true,
      mergeCommitSha: str(pr.merge_commit_sha),
      headSha: str(head?.sha),
      headRepo: str(obj(head?.repo)?.full_name),
      baseRepo: str(obj(base?.repo)?.full_name) ?? repository,
      htmlUrl: str(pr.html_url),
    };
  }
  return { name: eventName, action, pullRequest, repository };
}

/** True when the PR's head lives in another repository (or one that no longer exists). */
export function isFork(pr: PullRequestInfo): boolean {
  return pr.headRepo === null || pr.baseRepo === null || pr.headRepo.toLowerCase() !== pr.baseRepo.toLowerCase();
}

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
