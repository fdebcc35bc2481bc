// Two runs that need the same table: the second waits for the first's build and reuses it. If the
// second run's project audits that model and the first's did not, the second must still run its
// audits on the table it reuses, not take the table as audited.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEnvironment, openWorkspace } from '../../src/core/api';
import { AuditError } from '../../src/errors';
import { POSTGRES_MODES } from '../support/modes';
import { scenario, slowModel, until, type Scenario } from '../support/scenario';

describe.each(POSTGRES_MODES)('a table built meanwhile by another run, on $label', (mode) => {
  let s: Scenario;
  let audited: string;
  beforeEach(async () => {
    s = await scenario(mode, undefined, 'audit_race');
    await applyEnvironment(await s.ws(), 'prod');
    s.project.write(...slowModel(3));
    // The same models in another folder, whose marts.slow has a blocking audit that fails.
    audited = mkdtempSync(join(tmpdir(), 'vde-audited-'));
    cpSync(s.project.dir, audited, { recursive: true });
    const [file, text] = slowModel(3);
    const withAudit = text.replace('kind FULL)', 'kind FULL, audits (forall(criteria := (revenue < 0))))');
    expect(withAudit).not.toBe(text);
    writeFileSync(join(audited, file), withAudit);
  });
  afterEach(async () => {
    rmSync(audited, { recursive: true, force: true });
    await s.close();
  });

  test('runs its own audits on it before any view moves', async () => {
    const messages: string[] = [];
    const first = applyEnvironment(await s.ws(s.newEngine(), messages), 'pr_1');
    await until(messages, /building/);
    const second = openWorkspace({ projectDir: audited, engine: s.newEngine() }).then((ws) => applyEnvironment(ws, 'pr_2'));
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    const err = (b as PromiseRejectedResult).reason as Error;
    expect(err).toBeInstanceOf(AuditError);
    expect(err.message).toMatch(/blocking audit forall\(criteria := \(revenue < 0\)\) of model marts\.slow failed/);
  });
});
