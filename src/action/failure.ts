// Turns an error into what a GitHub user sees: an annotation on the file and line when there is
// one, a failed step, and the message in the log. Exit code 1 is set here; nothing else formats.
import * as core from '@actions/core';
import { isAbsolute, relative, sep } from 'node:path';
import { ConfigError, ModelError, VdeError, WarehouseError } from '../errors';
import { redact } from '../redact';
import type { Settings } from './settings';
import { InputError } from './settings';

/** Where in the project an error belongs, when the router could work it out (warehouse errors). */
const locations = new WeakMap<object, { file: string; line: number }>();

export function locateError(err: unknown, file: string, line: number): void {
  if (err !== null && typeof err === 'object') locations.set(err, { file, line });
}

/** Project-relative (or absolute) path → path relative to the repository root, with `/`. */
export function repoPath(settings: Pick<Settings, 'workspace' | 'projectPath'>, file: string): string {
  if (isAbsolute(file)) return relative(settings.workspace, file).split(sep).join('/');
  const clean = file.split(sep).join('/').replace(/^\.\//, '');
  return settings.projectPath ? `${settings.projectPath}/${clean}` : clean;
}

export function reportFailure(err: unknown, settings: Settings | null): void {
  process.exitCode = 1;
  if (err instanceof ModelError && settings) {
    // One annotation on the model file; the step fails through the exit code (core.setFailed
    // would add a second, file-less annotation with the same text).
    core.error(redact(err.detail), {
      file: repoPath(settings, err.file),
      startLine: err.line,
      ...(err.column ? { startColumn: err.column } : {}),
    });
    core.info(redact(`vde failed: ${err.message}`));
    return;
  }
  if (err instanceof ConfigError && settings) {
    // The message starts with `<file>:<line>: `, which the annotation already shows.
    const prefix = `${err.file}${err.line ? `:${err.line}` : ''}: `;
    const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    core.error(redact(text), { file: repoPath(settings, err.file), ...(err.line ? { startLine: err.line } : {}) });
    return;
  }
  if (err instanceof WarehouseError) {
    const what = err.model ? `model ${err.model}` : err.environment ? `environment ${err.environment}` : 'a statement';
    const message = `The warehouse rejected ${what}: ${err.detail}\n  statement: ${err.statement.slice(0, 2000)}`;
    const at = settings ? locations.get(err) : undefined;
    if (at && settings) core.error(redact(message), { file: repoPath(settings, at.file), startLine: at.line });
    else core.error(redact(message));
    return;
  }
  if (err instanceof InputError || err instanceof VdeError) {
    core.setFailed(redact(err.message));
    return;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.stack) core.debug(redact(e.stack));
  core.setFailed(redact(e.message));
}
