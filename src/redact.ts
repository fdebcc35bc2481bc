// The one redaction every output goes through: CLI messages, the action's log, job summary and PR
// comment. Two layers, because each misses what the other catches:
// - values known to be secret (a config password, the password in a URL, a token, an environment
//   variable whose name says it is secret) are replaced wherever they appear, in any form;
// - shapes that are secret whatever their value (the password in `scheme://user:password@`, a
//   `password=` pair, a PEM private key, a GitHub token, an Authorization header) are replaced
//   even when nobody registered them.
// It is a leaf module (like errors.ts), so every layer can use it.

export const MASK = '***';

/**
 * Registered values shorter than this are not replaced on their own (masking every `abc` in a
 * message would make it unreadable); they are still masked inside a URL or a `password=` pair.
 */
export const MIN_SECRET_LENGTH = 4;

/** Environment variable names whose values are secrets. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_KEY|DATABASE_URL|_DSN|CONNECTION_STRING|API_KEY)$|^(PGPASSWORD|DATABASE_URL)$/i;

const SHAPES: [RegExp, string][] = [
  [/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g, '[private key redacted]'],
  // scheme://user:password@host: keep the user, drop the password.
  // (Placeholders in help texts, `user:password@`, stay readable.)
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)(?!(?:password|\*\*\*)@)[^\s@/'"]*@/gi, `$1${MASK}@`],
  // libpq key=value strings and query parameters: password=..., sslpassword=...
  [/\b((?:ssl)?password\s*=\s*)('[^']*'|[^\s&;'"]+)/gi, `$1${MASK}`],
  [/\b(authorization:\s*(?:bearer|token|basic)\s+)[^\s'"]+/gi, `$1${MASK}`],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, MASK],
];

export class Redactor {
  private readonly values = new Set<string>();
  private sorted: string[] | null = null;

  /**
   * Registers a secret (and its URL-encoded and decoded forms, and a URL's password); returns the
   * forms that will be masked.
   */
  add(value: string | null | undefined): string[] {
    if (!value) return [];
    const forms = new Set([value, value.trim()]);
    const password = urlPassword(value);
    // A password that equals the user name is printed as the user name anyway; masking that word
    // everywhere would reveal it (and garble every message that names the user).
    if (password && password !== urlUser(value)) forms.add(password);
    for (const f of [...forms]) {
      forms.add(encodeURIComponent(f));
      try {
        forms.add(decodeURIComponent(f));
      } catch {
        // not percent-encoded
      }
    }
    const masked = [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
    for (const f of masked) {
      if (!this.values.has(f)) {
        this.values.add(f);
        this.sorted = null;
      }
    }
    return masked;
  }

  /** Every registered value, longest first (so a URL is masked before its password). */
  secrets(): readonly string[] {
    return (this.sorted ??= [...this.values].sort((a, b) => b.length - a.length));
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets()) if (out.includes(s)) out = out.split(s).join(MASK);
    for (const [re, replacement] of SHAPES) out = out.replace(re, replacement);
    return out;
  }

  /** Registers every environment variable that holds a secret by its name or shape. */
  addEnvironment(env: NodeJS.ProcessEnv): string[] {
    const out: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      if (value && isSecretVariable(name, value)) out.push(...this.add(value));
    }
    return out;
  }

  /** Registers the secrets of a connection config (any engine). */
  addConnection(connection: object): string[] {
    const c = connection as Record<string, unknown>;
    const out: string[] = [];
    const user = typeof c.user === 'string' ? c.user : typeof c.username === 'string' ? c.username : undefined;
    for (const key of ['password', 'url', 'token', 'privateKey', 'private_key', 'passphrase', 'privateKeyPass', 'privateKeyPassphrase']) {
      const v = c[key];
      if (typeof v === 'string' && !(key === 'password' && v === user)) out.push(...this.add(v));
    }
    return out;
  }

  clear(): void {
    this.values.clear();
    this.sorted = null;
  }
}

/**
 * Whether an environment variable holds a secret: by name (GitHub's runner metadata excluded,
 * except GITHUB_TOKEN), or because it is a URL with a password.
 */
export function isSecretVariable(name: string, value: string): boolean {
  if (name.startsWith('GITHUB_') && name !== 'GITHUB_TOKEN') return false;
  if (name.startsWith('INPUT_')) return /^INPUT_(GITHUB-TOKEN|.*(TOKEN|PASSWORD|SECRET))$/i.test(name);
  if (name.startsWith('npm_')) return false;
  return SECRET_NAME.test(name) || urlPassword(value) !== null;
}

/** The password of `scheme://user:password@...`, or null. */
export function urlPassword(value: string): string | null {
  if (!/^\s*[a-z][a-z0-9+.-]*:\/\/[^/\s]*:[^@/\s]*@/i.test(value)) return null;
  try {
    return new URL(value.trim()).password || null;
  } catch {
    const m = /:\/\/[^:/\s@]*:([^@\s]*)@/.exec(value);
    return m?.[1] || null;
  }
}

function urlUser(value: string): string | null {
  try {
    return decodeURIComponent(new URL(value.trim()).username) || null;
  } catch {
    return null;
  }
}

/** The process-wide redactor: the CLI and the action register into it and print through it. */
export const secrets = new Redactor();

export function redact(text: string): string {
  return secrets.redact(text);
}
