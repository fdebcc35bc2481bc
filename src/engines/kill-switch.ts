// A deterministic crash for the crash-safety tests (test/reliability/crash*.ts): with
// `VDE_TEST_SIGKILL_AT=N` in its environment, a vde process kills itself with SIGKILL just before
// it sends its N-th statement to the warehouse, as a power cut or an OOM kill would. The tests run
// the real bundle (dist/cli.js) once per N; nothing else reads this variable.
import type { StatementHook } from './types';

export function killSwitch(env: NodeJS.ProcessEnv): StatementHook | undefined {
  const at = Number(env.VDE_TEST_SIGKILL_AT ?? '');
  if (!Number.isInteger(at) || at < 1) return undefined;
  let seen = 0;
  return (sql) => {
    if (++seen < at) return;
    // Written synchronously (stderr is a pipe or a file), so the test learns where the kill landed.
    process.stderr.write(`vde-test: SIGKILL before statement ${seen}: ${sql.replace(/\s+/g, ' ').trim().slice(0, 160)}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
}

/** Both hooks, in order (either may be absent). */
export function bothHooks(a: StatementHook | undefined, b: StatementHook | undefined): StatementHook | undefined {
  if (!a || !b) return a ?? b;
  return (sql) => {
    a(sql);
    b(sql);
  };
}
