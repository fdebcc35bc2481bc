// The one place that builds a GitHub REST client. Both the action and the CLI (`vde comment`) use
// it, so GitHub Enterprise (`GITHUB_API_URL`), retries and rate-limit handling behave the same.
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

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
}

/** Retries a rate-limited request at most this many times before giving up. */
const RATE_LIMIT_RETRIES = 2;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const baseMs = options.retryBaseMs ?? envNumber('VDE_GITHUB_RETRY_BASE_MS') ?? 1000;
  const log = options.log ?? (() => {});
  return new VdeOctokit({
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

/** `owner/repo` → parts, with a clear error. */
export function parseRepository(full: string): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full.trim());
  if (!m) throw new Error(`repository must look like owner/name, got "${full}"`);
  return { owner: m[1]!, repo: m[2]! };
}
