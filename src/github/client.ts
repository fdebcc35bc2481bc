// The one place that builds a GitHub REST client. Both the action and the CLI (`vde comment`) use
// it, so GitHub Enterprise (`GITHUB_API_URL`), retries and rate-limit handling behave the same.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ConnectionError, UsageError, VdeError } from '../errors';

const VdeOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof VdeOctokit>;

export const DEFAULT_API_URL = 'https://api.github.com';

export interface ClientOptions {
  token: string;
  /** REST API root, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  baseUrl?: string;
  userAgent?: string;
  /**
   * Milliseconds one "second" of back-off lasts in the retry and throttling plugins. The default
   * (1000) is what GitHub asks for; tests shrink it so retries are fast. Falls back to the
   * `VDE_GITHUB_RETRY_BASE_MS` environment variable, so the bundled action can be tested too.
   */
  retryBaseMs?: number;
  /** How many times a failed request (5xx, network) is retried. Default 3. */
  retries?: number;
  /** Messages about rate limits and retries (default: silent). */
  log?: (message: string) => void;
  /**
   * Milliseconds one request may take before vde gives up on it (default 10 s, or the
   * `VDE_GITHUB_TIMEOUT_MS` environment variable). A request that timed out is not retried.
   */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Retries a rate-limited request at most this many times before giving up. */
const RATE_LIMIT_RETRIES = 2;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const baseMs = options.retryBaseMs ?? envNumber('VDE_GITHUB_RETRY_BASE_MS') ?? 1000;
  const log = options.log ?? (() => {});
  const timeoutMs = options.timeoutMs ?? envNumber('VDE_GITHUB_TIMEOUT_MS') ?? DEFAULT_TIMEOUT_MS;
  return new VdeOctokit({
    request: { fetch: fetchWithTimeout(timeoutMs) },
    auth: options.token,
    baseUrl: (options.baseUrl || DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'vde',
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: baseMs },
    throttle: {
      retryAfterBaseValue: baseMs,
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
        log(`GitHub rate limit hit for ${opts.method} ${opts.url}; retry ${count + 1} in ${retryAfter}s`);
        return count < RATE_LIMIT_RETRIES;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
        log(`GitHub secondary rate limit hit for ${opts.method} ${opts.url}; retry ${count + 1} in ${retryAfter}s`);
        return count < RATE_LIMIT_RETRIES;
      },
    },
    log: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `owner/repo` → parts; `input` names where the value came from (`--repo`, GITHUB_REPOSITORY). */
export function parseRepository(full: string, input = 'repository'): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full.trim());
  if (!m || m[2] === '.' || m[2] === '..') {
    throw new UsageError(input, `expected owner/name (e.g. acme/analytics), got ${JSON.stringify(full)}`);
  }
  return { owner: m[1]!, repo: m[2]! };
}

/** Checks a REST API root (`--api-url`, GITHUB_API_URL): an http(s) URL. */
export function checkApiUrl(url: string, input = 'GitHub API URL'): string {
  let u: URL | null = null;
  try {
    u = new URL(url);
  } catch {
    // reported below
  }
  if (!u || !/^https?:$/.test(u.protocol)) {
    throw new UsageError(input, `expected an http(s) URL like https://api.github.com, got ${JSON.stringify(url)}`);
  }
  return url.replace(/\/+$/, '');
}

/**
 * Octokit's fetch with a deadline per request. A timeout (or a host that refuses or does not
 * exist) becomes a ConnectionError named AbortError: Octokit passes errors of that name through
 * without retrying them, and retrying a host that does not answer only multiplies the wait.
 */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetch(input, { ...init, signal });
    } catch (err) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const host = hostOf(url);
      const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
      if (deadline.aborted) throw unreachable(`the GitHub API at ${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, host, err);
      const why =
        cause?.code === 'ECONNREFUSED'
          ? 'connection refused'
          : cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN'
            ? 'unknown host'
            : cause?.message === 'bad port'
              ? 'a port that fetch refuses to use'
              : null;
      if (why) throw unreachable(`cannot reach the GitHub API at ${host}: ${why}`, host, err);
      throw err; // e.g. a reset connection: Octokit retries it
    }
  };
}

function unreachable(message: string, host: string, cause: unknown): ConnectionError {
  const e = new ConnectionError(message, host, undefined, { cause });
  Object.defineProperty(e, 'name', { value: 'AbortError' });
  return e;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Where a GitHub call's settings come from, so that an error can name them. */
export interface GitHubSettingNames {
  apiUrl: string;
  token: string;
  repo: string;
}

/**
 * Turns a failed GitHub call into one line that says what went wrong and which setting to check.
 * Errors that are already vde's pass through.
 */
export function gitHubFailure(
  err: unknown,
  where: { apiUrl: string; owner: string; repo: string; issueNumber: number },
  names: GitHubSettingNames,
): unknown {
  if (err instanceof ConnectionError) {
    return new ConnectionError(`${err.message}; check ${names.apiUrl}`, err.target, names.apiUrl, { cause: err });
  }
  if (err instanceof VdeError) return err;
  const status = (err as { status?: unknown }).status;
  const detail = (err instanceof Error ? err.message : String(err)).split(' - ')[0]!.trim();
  const repo = `${where.owner}/${where.repo}`;
  switch (status) {
    case 401:
      return new VdeError(`GitHub rejected the token (401 ${detail}); check ${names.token}`, { cause: err });
    case 403:
      return new VdeError(
        `GitHub refused to let this token comment on ${repo} (403 ${detail}); the token needs pull-requests: write (${names.token})`,
        { cause: err },
      );
    case 404:
      return new VdeError(
        `GitHub found no pull request #${where.issueNumber} in ${repo} at ${where.apiUrl} (404); check ${names.repo} and the PR number (a token without access to a private repository also gets 404)`,
        { cause: err },
      );
    default:
      if (typeof status === 'number') {
        return new VdeError(`the GitHub API at ${hostOf(where.apiUrl)} answered ${status}: ${detail}`, { cause: err });
      }
      return err;
  }
}
