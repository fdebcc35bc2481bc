import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import {
  composeBody,
  markerHash,
  MAX_COMMENT_CHARS,
  stripMarker,
  upsertStickyComment,
} from '../../src/github/comment';
import { GitHubStandIn, startGitHubStandIn } from '../support/github-stand-in';

const REPO = 'acme/warehouse';

describe('sticky comment body', () => {
  test('replaces the renderer marker with one carrying the content hash', () => {
    const body = composeBody('<!-- vde:report -->\n## vde\nhello\n');
    expect(body.split('\n')[0]).toMatch(/^<!-- vde:report sha256=[0-9a-f]{64} -->$/);
    expect(stripMarker(body)).toBe('## vde\nhello\n');
    expect(markerHash(body)).toBe(markerHash(composeBody('## vde\nhello\n')));
    expect(markerHash(body)).not.toBe(markerHash(composeBody('## vde\nhello!\n')));
  });

  test('never exceeds 65,536 characters and closes an open code fence', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    const body = composeBody(`<!-- vde:report -->\n## big\n\`\`\`\n${rows}\n\`\`\`\n`);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toContain('65,536-character limit');
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});

describe('upsertStickyComment against a GitHub stand-in', () => {
  let gh: GitHubStandIn;
  beforeEach(async () => {
    gh = await startGitHubStandIn({ prefix: '/api/v3', token: 't0ken' });
  });
  afterEach(async () => {
    await gh.stop();
  });
  const base = () => ({
    token: 't0ken',
    baseUrl: gh.url,
    owner: 'acme',
    repo: 'warehouse',
    issueNumber: 7,
    userAgent: 'vde-test',
    retryBaseMs: 1,
  });

  test('creates, then skips an unchanged body, then edits in place', async () => {
    const first = await upsertStickyComment({ ...base(), body: '<!-- vde:report -->\nfirst' });
    expect(first.action).toBe('created');
    const again = await upsertStickyComment({ ...base(), body: '<!-- vde:report -->\nfirst' });
    expect(again).toEqual({ ...first, action: 'unchanged' });
    const second = await upsertStickyComment({ ...base(), body: '<!-- vde:report -->\nsecond' });
    expect(second.action).toBe('updated');
    expect(second.id).toBe(first.id);

    const comments = gh.commentsOf(REPO, 7);
    expect(comments).toHaveLength(1);
    expect(stripMarker(comments[0]!.body)).toBe('second');
    expect(gh.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/warehouse/issues/7/comments',
      `PATCH /repos/acme/warehouse/issues/comments/${first.id}`,
    ]);
    expect(gh.requests[0]!.headers['user-agent']).toMatch(/^vde-test/);
  });

  test('finds its comment on page 3 of 3 by following Link headers', async () => {
    gh.seedComments(REPO, 7, Array.from({ length: 230 }, (_, i) => `chatter ${i}`));
    const [ours] = gh.seedComments(REPO, 7, ['<!-- vde:report sha256=abc -->\nold report'], 'github-actions[bot]');
    gh.seedComments(REPO, 7, Array.from({ length: 20 }, (_, i) => `late chatter ${i}`));

    const res = await upsertStickyComment({ ...base(), body: '<!-- vde:report -->\nnew report' });
    expect(res).toMatchObject({ action: 'updated', id: ours!.id });
    const pages = gh.requests.filter((r) => r.method === 'GET').map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    expect(gh.requests.every((r) => r.method !== 'GET' || r.query.per_page === '100')).toBe(true);
    expect(gh.commentsOf(REPO, 7)).toHaveLength(251);
    expect(gh.writes()).toHaveLength(1);
  });

  test('a quoted marker in someone else\'s comment is not ours', async () => {
    gh.seedComments(REPO, 7, ['> <!-- vde:report -->\n> quoting the bot']);
    const res = await upsertStickyComment({ ...base(), body: 'report' });
    expect(res.action).toBe('created');
    expect(gh.commentsOf(REPO, 7)).toHaveLength(2);
  });

  test('createIfMissing false leaves a PR without a comment alone', async () => {
    const res = await upsertStickyComment({ ...base(), body: 'gone', createIfMissing: false });
    expect(res).toEqual({ action: 'absent', url: null, id: null });
    expect(gh.writes()).toHaveLength(0);
  });

  test('a body function sees the previous content', async () => {
    await upsertStickyComment({ ...base(), body: 'the old report' });
    let seen: string | null = 'unset';
    await upsertStickyComment({
      ...base(),
      body: (previous) => {
        seen = previous;
        return `merged\n\n${previous}`;
      },
    });
    expect(seen).toBe('the old report');
    expect(stripMarker(gh.commentsOf(REPO, 7)[0]!.body)).toBe('merged\n\nthe old report');
  });

  test('retries server errors quickly', async () => {
    gh.injectFault({ method: 'GET', path: '/comments', status: 502, times: 2 });
    const res = await upsertStickyComment({ ...base(), body: 'x' });
    expect(res.action).toBe('created');
    expect(gh.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  test('bad credentials fail without retrying', async () => {
    await expect(upsertStickyComment({ ...base(), token: 'wrong', body: 'x' })).rejects.toThrow(/Bad credentials/);
    expect(gh.requests).toHaveLength(1);
  });
});
