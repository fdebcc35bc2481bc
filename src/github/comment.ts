// The sticky PR comment: one comment per pull request, found again by a hidden marker and edited in
// place. Shared by the action and `vde comment --repo o/r --pr N`.
//
// The first line of the comment is `<!-- vde:report sha256=<hash of the rest> -->`. Finding our
// comment only needs the `<!-- vde:report` prefix; the hash lets a re-run skip the edit (and the
// notification noise) when nothing changed.
import { VdeError } from '../errors';
import { sha256Hex } from '../hash';
import { redact } from '../redact';
import { createGitHubClient, type GitHubClient } from './client';

/** Every vde comment starts with this (the report renderer's marker line starts with it too). */
export const MARKER_PREFIX = '<!-- vde:report';
/** GitHub rejects issue comments longer than this many characters. */
export const MAX_COMMENT_CHARS = 65_536;

const TRUNCATION_NOTE =
  '\n\n> [!NOTE]\n> This comment was cut to fit GitHub\'s 65,536-character limit. The job summary of the workflow run has the full report.\n';

export interface StickyCommentOptions {
  /** A client to reuse; otherwise one is built from token/baseUrl/userAgent. */
  client?: GitHubClient;
  token?: string;
  /** REST API root (`GITHUB_API_URL`); default https://api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  owner: string;
  repo: string;
  issueNumber: number;
  /**
   * The comment. Either the text (a leading `<!-- vde:report ... -->` line is replaced by ours), or a
   * function of the existing comment's text (without its marker line; null when there is none).
   */
  body: string | ((previous: string | null) => string);
  /** When false and no comment exists yet, nothing is created (action `absent`). Default true. */
  createIfMissing?: boolean;
  /** Passed to the client built here (tests make retries fast with it). */
  retryBaseMs?: number;
  /** Milliseconds per request for the client built here (default 10 s). */
  timeoutMs?: number;
}

export type StickyCommentResult =
  | { action: 'created' | 'updated' | 'unchanged'; url: string; id: number }
  | { action: 'absent'; url: null; id: null };

export interface FoundComment {
  id: number;
  url: string;
  body: string;
}

export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  const client = options.client ?? clientFor(options);
  const { owner, repo, issueNumber } = options;
  const existing = await findStickyComment(client, owner, repo, issueNumber);

  const text =
    typeof options.body === 'function'
      ? options.body(existing ? stripMarker(existing.body) : null)
      : options.body;
  const body = composeBody(text);

  if (existing) {
    if (markerHash(existing.body) === markerHash(body)) {
      return { action: 'unchanged', url: existing.url, id: existing.id };
    }
    const res = await client.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: 'updated', url: res.data.html_url, id: res.data.id };
  }
  if (options.createIfMissing === false) return { action: 'absent', url: null, id: null };
  const res = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
  return { action: 'created', url: res.data.html_url, id: res.data.id };
}

/** Walks every page of the PR's comments (100 per page) and returns the oldest vde comment. */
export async function findStickyComment(
  client: GitHubClient,
  owner: string,
  repo: string,
  issueNumber: number,
): Promise<FoundComment | null> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const comment of page.data) {
      if (comment.body && isStickyBody(comment.body)) {
        return { id: comment.id, url: comment.html_url, body: comment.body };
      }
    }
  }
  return null;
}

export function isStickyBody(body: string): boolean {
  return body.trimStart().startsWith(MARKER_PREFIX);
}

/**
 * The final comment text: our marker line (with the hash of the content) and the content, cut at a
 * line boundary with a note if it would exceed GitHub's limit.
 */
export function composeBody(text: string): string {
  // A comment is public to everyone who can read the pull request: no secret may reach it.
  let content = redact(stripMarker(text));
  const reserve = markerLine('0'.repeat(64)).length + 1;
  if (content.length + reserve > MAX_COMMENT_CHARS) {
    content = fitContent(content, MAX_COMMENT_CHARS - reserve);
  }
  return `${markerLine(sha256Hex(content))}\n${content}`;
}

/** The text after a leading marker line (or the whole text when it has none). */
export function stripMarker(body: string): string {
  const trimmed = body.replace(/^\s+/, '');
  if (!trimmed.startsWith(MARKER_PREFIX)) return body;
  const end = trimmed.indexOf('-->');
  if (end < 0) return body;
  return trimmed.slice(end + 3).replace(/^[ \t]*\r?\n/, '');
}

/** The sha256 recorded in a body's marker line, or null. */
export function markerHash(body: string): string | null {
  const m = /^\s*<!-- vde:report[^>]*?\bsha256=([0-9a-f]{64})/.exec(body);
  return m ? m[1]! : null;
}

function markerLine(hash: string): string {
  return `${MARKER_PREFIX} sha256=${hash} -->`;
}


/** Cuts at the last line break that leaves room for the note, closing an open code fence. */
function fitContent(content: string, max: number): string {
  const budget = max - TRUNCATION_NOTE.length - 200;
  let cut = content.lastIndexOf('\n', budget);
  if (cut <= 0) cut = budget;
  let head = content.slice(0, cut);
  const fences = head.match(/^(```|~~~)/gm)?.length ?? 0;
  if (fences % 2 === 1) head += '\n```';
  const openDetails = (head.match(/<details\b/g)?.length ?? 0) - (head.match(/<\/details>/g)?.length ?? 0);
  for (let i = 0; i < Math.min(openDetails, 16); i++) head += '\n</details>';
  return head + TRUNCATION_NOTE;
}

function clientFor(options: StickyCommentOptions): GitHubClient {
  if (!options.token) throw new VdeError('a GitHub token is needed to post the PR comment');
  return createGitHubClient({
    token: options.token,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    retryBaseMs: options.retryBaseMs,
    timeoutMs: options.timeoutMs,
  });
}
