// `vde comment`: the same sticky PR comment the action posts, from any CI system. Every flag is
// checked before the warehouse is touched, and GitHub's answers become one line naming the flag.

import { diffEnvironments, type Workspace } from '../core/api';
import { renderMarkdown } from '../diff/report/markdown';
import { UsageError } from '../errors';
import { checkApiUrl, DEFAULT_API_URL, gitHubFailure, parseRepository } from '../github/client';
import { upsertStickyComment } from '../github/comment';
import { pullRequestEnvironment } from '../project/names';
import { VERSION } from '../version';

export interface CommentOptions {
  repo: string;
  pr: number;
  env?: string;
  from: string;
  samples: number;
  token?: string;
  apiUrl?: string;
  /** Seconds per GitHub request. */
  timeout?: number;
}

export async function postComment(ws: Workspace, o: CommentOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const token = o.token ?? env.GITHUB_TOKEN;
  if (!token) throw new UsageError('--token', 'vde comment needs a GitHub token: pass --token or set GITHUB_TOKEN');
  const { owner, repo } = parseRepository(o.repo, '--repo');
  const apiUrlInput = o.apiUrl !== undefined ? '--api-url' : env.GITHUB_API_URL ? 'GITHUB_API_URL' : '--api-url';
  const baseUrl = checkApiUrl(o.apiUrl ?? env.GITHUB_API_URL ?? DEFAULT_API_URL, apiUrlInput);
  const environment = o.env ?? pullRequestEnvironment(o.pr);
  const outcome = await diffEnvironments(ws, o.from, environment, { samples: o.samples });
  const footer = `<sub>vde ${VERSION}</sub>`;
  try {
    const result = await upsertStickyComment({
      token,
      baseUrl,
      owner,
      repo,
      issueNumber: o.pr,
      ...(o.timeout !== undefined ? { timeoutMs: o.timeout * 1000 } : {}),
      body: renderMarkdown(outcome.result, outcome.lineage, { title: `vde: ${environment} compared with ${o.from}`, footer, audits: outcome.audits }),
    });
    ws.progress(`comment ${result.action}`);
    return result.url ?? '';
  } catch (err) {
    throw gitHubFailure(err, { apiUrl: baseUrl, owner, repo, issueNumber: o.pr }, {
      apiUrl: apiUrlInput,
      token: o.token !== undefined ? '--token' : 'GITHUB_TOKEN',
      repo: '--repo',
    });
  }
}
