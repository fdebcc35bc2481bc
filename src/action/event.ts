// The parts of the triggering event the action needs, read from GITHUB_EVENT_PATH.
import { readFileSync } from 'node:fs';

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

export function readEvent(eventName: string, eventPath: string): EventInfo {
  let payload: Record<string, unknown> = {};
  if (eventPath) {
    try {
      payload = JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`cannot read the event payload GITHUB_EVENT_PATH=${eventPath}: ${(err as Error).message}`);
    }
  }
  return parseEvent(eventName, payload);
}

export function parseEvent(eventName: string, payload: Record<string, unknown>): EventInfo {
  const action = typeof payload.action === 'string' ? payload.action : '';
  const pr = obj(payload.pull_request);
  const repository = str(obj(payload.repository)?.full_name);
  let pullRequest: PullRequestInfo | null = null;
  if (pr && typeof pr.number === 'number') {
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
