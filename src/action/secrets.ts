// Masking in the action: every secret vde knows of (the token, connection secrets from the
// environment and vde.yaml) goes into the shared redaction (src/redact.ts), which vde applies to
// everything it writes (log, job summary, PR comment), and is registered with the runner too, so
// that the runner masks it in anything else that reaches the log.
import * as core from '@actions/core';
import type { ConnectionConfig } from '../project/types';
import { secrets } from '../redact';

function register(forms: string[]): void {
  for (const f of forms) core.setSecret(f);
}

export function mask(value: string | undefined | null): void {
  if (!value) return;
  core.setSecret(value);
  register(secrets.add(value));
}

export function maskEnvironment(env: NodeJS.ProcessEnv): void {
  register(secrets.addEnvironment(env));
}

export function maskConnection(connection: ConnectionConfig): void {
  register(secrets.addConnection(connection));
}
