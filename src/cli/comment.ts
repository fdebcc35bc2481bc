// `vde comment`: the same sticky PR comment the action posts, from any CI system.

import { diffEnvironments, type Workspace } from '../core/api';
import { renderMarkdown } from '../diff/report/markdown';
import { VdeError } from '../errors';
import { parseRepository } from '../github/client';
import { upsertStickyComment } from '../github/comment';
import { pullRequestEnvironment } from '../project/names';

export interface CommentOptions {
  repo: string;
  pr: number;
  env?: string;
  from: string;
  samples: number;
  token?: string;
  apiUrl?: string;
}

export async function postComment(ws: Workspace, o: CommentOptions): Promise<string> {
  const token = o.token ?? process.env.GITHUB_TOKEN;
  if (!token) throw new VdeError('vde comment needs a GitHub token: pass --token or set GITHUB_TOKEN');
  const { owner, repo } = parseRepository(o.repo);
  const env = o.env ?? pullRequestEnvironment(o.pr);
  const outcome = await diffEnvironments(ws, o.from, env, { samples: o.samples });
  const result = await upsertStickyComment({
    token,
    baseUrl: o.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
    owner,
    repo,
    issueNumber: o.pr,
    body: renderMarkdown(outcome.result, outcome.lineage, { title: `vde: ${env} compared with ${o.from}` }),
  });
  ws.progress(`comment ${result.action}`);
  return result.url ?? '';
}
