// A loopback stand-in for the parts of the GitHub REST API vde uses: issue comments (list with
// per_page/page pagination and Link headers, get, create, update) and get-pull-request. Every
// request is recorded so tests can assert on exactly what was sent. Faults can be injected to test
// retries. It is deliberately strict: unknown routes answer 404 and are recorded too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the API prefix and without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface Fault {
  method?: string;
  /** Matches the request path (without prefix) by substring or regex. */
  path?: string | RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  headers?: Record<string, string>;
  message?: string;
}

export interface StandInOptions {
  /** API prefix, e.g. `/api/v3` to mimic GitHub Enterprise. Default none. */
  prefix?: string;
  /** Token the Authorization header must carry (401 otherwise). Default: any token accepted. */
  token?: string;
}

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Comments by `owner/repo#number`. */
  private readonly comments = new Map<string, StandInComment[]>();
  private readonly pulls = new Map<string, Record<string, unknown>>();
  private readonly faults: Fault[] = [];
  private nextId = 1000;
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly options: StandInOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The value for GITHUB_API_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.options.prefix ?? ''}`;
  }

  /** Seeds comments on an issue/PR; returns them. */
  seedComments(repo: string, issue: number, bodies: string[], login = 'someone'): StandInComment[] {
    const list = this.list(repo, issue);
    const added = bodies.map((body) => this.newComment(body, login));
    list.push(...added);
    return added;
  }

  commentsOf(repo: string, issue: number): StandInComment[] {
    return [...this.list(repo, issue)];
  }

  setPull(repo: string, number: number, pull: Record<string, unknown>): void {
    this.pulls.set(`${repo}#${number}`, pull);
  }

  injectFault(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Requests that changed something (POST/PATCH/PUT/DELETE). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private list(repo: string, issue: number): StandInComment[] {
    const key = `${repo}#${issue}`;
    let list = this.comments.get(key);
    if (!list) {
      list = [];
      this.comments.set(key, list);
    }
    return list;
  }

  private newComment(body: string, login: string): StandInComment {
    const now = new Date().toISOString();
    return { id: this.nextId++, body, user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, created_at: now, updated_at: now };
  }

  private render(repo: string, issue: number, c: StandInComment): Record<string, unknown> {
    return {
      ...c,
      url: `${this.url}/repos/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.example/${repo}/pull/${issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${repo}/issues/${issue}`,
      node_id: `IC_${c.id}`,
    };
  }

  private findComment(id: number): { repo: string; issue: number; comment: StandInComment } | null {
    for (const [key, list] of this.comments) {
      const comment = list.find((c) => c.id === id);
      if (comment) {
        const [repo, issue] = key.split('#') as [string, string];
        return { repo, issue: Number(issue), comment };
      }
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const full = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const prefix = this.options.prefix ?? '';
    const method = (req.method ?? 'GET').toUpperCase();
    let path = full.pathname;
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(full.searchParams.entries()),
      headers: req.headers,
      body: raw ? safeJson(raw) : undefined,
    };
    this.requests.push(record);

    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };

    if (prefix) {
      if (!path.startsWith(prefix + '/')) return send(404, { message: 'Not Found (outside the API prefix)' });
      path = path.slice(prefix.length);
    }
    record.path = path;

    if (this.options.token !== undefined && req.headers.authorization !== `token ${this.options.token}`) {
      return send(401, { message: 'Bad credentials' });
    }

    const fault = this.faults.find(
      (f) =>
        (f.times ?? 1) > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path))),
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return send(fault.status, { message: fault.message ?? `injected fault ${fault.status}` }, fault.headers);
    }

    let m: RegExpExecArray | null;
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path))) {
      const repo = m[1]!;
      const issue = Number(m[2]);
      if (method === 'GET') {
        const perPage = Math.min(Math.max(Number(full.searchParams.get('per_page') ?? 30) || 30, 1), 100);
        const page = Math.max(Number(full.searchParams.get('page') ?? 1) || 1, 1);
        const all = this.list(repo, issue);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const slice = all.slice((page - 1) * perPage, page * perPage).map((c) => this.render(repo, issue, c));
        const link = (p: number, rel: string) => {
          const u = new URL(full.toString());
          u.searchParams.set('per_page', String(perPage));
          u.searchParams.set('page', String(p));
          return `<${u.toString()}>; rel="${rel}"`;
        };
        const links: string[] = [];
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
        return send(200, slice, links.length ? { link: links.join(', ') } : {});
      }
      if (method === 'POST') {
        const body = (record.body as { body?: unknown } | undefined)?.body;
        if (typeof body !== 'string') return send(422, { message: 'body is required' });
        if (body.length > 65_536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        const c = this.newComment(body, 'github-actions[bot]');
        this.list(repo, issue).push(c);
        return send(201, this.render(repo, issue, c));
      }
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path))) {
      const found = this.findComment(Number(m[2]));
      if (!found || found.repo !== m[1]) return send(404, { message: 'Not Found' });
      if (method === 'GET') return send(200, this.render(found.repo, found.issue, found.comment));
      if (method === 'PATCH') {
        const body = (record.body as { body?: unknown } | undefined)?.body;
        if (typeof body !== 'string') return send(422, { message: 'body is required' });
        if (body.length > 65_536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        found.comment.body = body;
        found.comment.updated_at = new Date().toISOString();
        return send(200, this.render(found.repo, found.issue, found.comment));
      }
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/.exec(path)) && method === 'GET') {
      const pull = this.pulls.get(`${m[1]}#${m[2]}`);
      return pull ? send(200, pull) : send(404, { message: 'Not Found' });
    }
    return send(404, { message: `Not Found: ${method} ${path}` });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
  return new GitHubStandIn(options).start();
}
