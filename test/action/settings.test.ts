import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvent } from '../../src/action/event';
import { decide } from '../../src/action/router';
import { readSettings, type Settings } from '../../src/action/settings';

const ws = mkdtempSync(join(tmpdir(), 'vde-settings-'));
mkdirSync(join(ws, 'analytics'));

function settings(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Settings {
  const e: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: ws, ...env };
  for (const [k, v] of Object.entries(inputs)) e[`INPUT_${k.toUpperCase()}`] = v;
  return readSettings(e);
}

describe('readSettings', () => {
  test('defaults match action.yml', () => {
    const s = settings();
    expect(s).toMatchObject({
      projectDir: ws,
      projectPath: '',
      environmentPrefix: 'pr',
      comment: true,
      diffSamples: 0,
      allowForks: false,
      command: 'auto',
      apiUrl: 'https://api.github.com',
      previewWindow: null,
      runOnSchedule: false,
    });
  });

  test('preview-window is a duration in seconds; run-on-schedule a boolean', () => {
    expect(settings({ 'preview-window': '2w', 'run-on-schedule': 'true' })).toMatchObject({ previewWindow: 14 * 86400, runOnSchedule: true });
    expect(settings({ 'preview-window': '36h' }).previewWindow).toBe(36 * 3600);
  });

  test('reads INPUT_* with hyphens kept, and GHE api url', () => {
    const s = settings(
      { 'project-dir': 'analytics/', 'environment-prefix': 'Preview', comment: 'False', 'diff-samples': '5', 'allow-forks': 'TRUE', command: 'janitor' },
      { GITHUB_API_URL: 'https://ghe.example/api/v3/' },
    );
    expect(s).toMatchObject({
      projectDir: join(ws, 'analytics'),
      projectPath: 'analytics',
      environmentPrefix: 'preview',
      comment: false,
      diffSamples: 5,
      allowForks: true,
      command: 'janitor',
      apiUrl: 'https://ghe.example/api/v3',
    });
  });

  test.each([
    [{ comment: 'yes' }, /Input "comment": "yes" must be true or false/],
    [{ 'allow-forks': '1' }, /Input "allow-forks"/],
    [{ 'diff-samples': '-1' }, /Input "diff-samples"/],
    [{ 'diff-samples': '2.5' }, /Input "diff-samples"/],
    [{ command: 'deploy' }, /Input "command": "deploy" must be one of auto, plan, promote, cleanup, janitor/],
    [{ 'project-dir': 'missing' }, /Input "project-dir": directory "missing" does not exist/],
    [{ 'project-dir': '../elsewhere' }, /Input "project-dir": .* outside the workspace/],
    [{ 'environment-prefix': 'pr-x' }, /Input "environment-prefix"/],
    [{ 'environment-prefix': 'prod' }, /Input "environment-prefix": "prod" is reserved/],
    [{ 'preview-window': 'a week' }, /Input "preview-window": "a week" must be a duration like 7d, 24h or 2w/],
    [{ 'run-on-schedule': 'daily' }, /Input "run-on-schedule"/],
  ])('%j is refused naming the input', (inputs, message) => {
    expect(() => settings(inputs)).toThrow(message);
  });
});

function prEvent(action: string, extra: Record<string, unknown> = {}, head = 'acme/a') {
  return parseEvent('pull_request', {
    action,
    pull_request: { number: 9, merged: false, head: { sha: 'x', repo: { full_name: head } }, base: { repo: { full_name: 'acme/a' } }, ...extra },
    repository: { full_name: 'acme/a' },
  });
}

describe('decide', () => {
  const s = settings();
  test.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('pull_request %s → plan', (action) => {
    expect(decide(s, prEvent(action)).step).toBe('plan');
  });
  test('closed merged → promote, closed → cleanup, labeled → skip', () => {
    expect(decide(s, prEvent('closed', { merged: true })).step).toBe('promote');
    expect(decide(s, prEvent('closed')).step).toBe('cleanup');
    expect(decide(s, prEvent('labeled'))).toMatchObject({ step: 'skip', reason: 'unsupported-event' });
  });
  test('schedule and workflow_dispatch → janitor; others skip', () => {
    expect(decide(s, parseEvent('schedule', {})).step).toBe('janitor');
    expect(decide(s, parseEvent('workflow_dispatch', {})).step).toBe('janitor');
    expect(decide(s, parseEvent('push', {}))).toMatchObject({ step: 'skip', reason: 'unsupported-event' });
  });
  test('forks are skipped unless allow-forks; a deleted fork counts as a fork', () => {
    expect(decide(s, prEvent('opened', {}, 'mallory/a'))).toMatchObject({ step: 'skip', reason: 'fork' });
    expect(decide(s, parseEvent('pull_request', { action: 'opened', pull_request: { number: 3, head: { repo: null }, base: { repo: { full_name: 'acme/a' } } } }))).toMatchObject({ reason: 'fork' });
    expect(decide(settings({ 'allow-forks': 'true' }), prEvent('opened', {}, 'mallory/a')).step).toBe('plan');
  });
  test('command forces a step', () => {
    expect(decide(settings({ command: 'janitor' }), prEvent('opened')).step).toBe('janitor');
    expect(decide(settings({ command: 'promote' }), parseEvent('push', {}))).toEqual({ step: 'promote', pr: null });
    expect(decide(settings({ command: 'cleanup' }), prEvent('opened')).step).toBe('cleanup');
    expect(() => decide(settings({ command: 'plan' }), parseEvent('push', {}))).toThrow(/command "plan" needs a pull_request event/);
  });
});
