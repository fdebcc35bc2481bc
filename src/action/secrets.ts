// Masking: the token, and every connection secret the action can find in the environment or in
// vde.yaml, is registered with the runner so that it never appears in a log.
import * as core from '@actions/core';
import type { ConnectionConfig } from '../project/types';

/** Environment variable names that hold secrets (GITHUB_* runner metadata excluded, but not GITHUB_TOKEN). */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_KEY|DATABASE_URL|_DSN|CONNECTION_STRING)$|^(PGPASSWORD|DATABASE_URL)$/i;

export function mask(value: string | undefined | null): void {
  if (!value) return;
  core.setSecret(value);
  // A URL's password alone, and its percent-decoded form, can appear in messages too.
  const pw = urlPassword(value);
  if (pw) {
    core.setSecret(pw);
    try {
      const decoded = decodeURIComponent(pw);
      if (decoded !== pw) core.setSecret(decoded);
    } catch {
      // not percent-encoded
    }
  }
}

export function maskEnvironment(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 4) continue;
    if (name.startsWith('GITHUB_') && name !== 'GITHUB_TOKEN') continue;
    if (name.startsWith('INPUT_') && name !== 'INPUT_GITHUB-TOKEN') continue;
    if (SECRET_NAME.test(name) || urlPassword(value)) mask(value);
  }
}

export function maskConnection(connection: ConnectionConfig): void {
  if (connection.type === 'postgres') {
    mask(connection.password);
    mask(connection.url);
  } else if (connection.type === 'snowflake') {
    mask(connection.password);
  }
}

function urlPassword(value: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*:[^@/\s]*@/i.test(value)) return null;
  try {
    const u = new URL(value);
    return u.password || null;
  } catch {
    return null;
  }
}
