// `npm run demo` is the README's first command: the whole lifecycle on embedded PGlite.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('vde demo runs the PR lifecycle on PGlite and prints the PR comment', () => {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'demo'], { encoding: 'utf8', timeout: 180000 });
  expect(r.status).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/prod created: 9 built, 9 views/);
  expect(out).toMatch(/pr_1 created: 4 built, 9 views/);
  // vde env pr_1: the unchanged models are shared with prod.
  expect(out).toMatch(/stg\.customers\s+FULL\s+stg__pr_1\.customers\s+\S+\s+yes/);
  expect(out).toMatch(/stg\.orders\s+FULL\s+stg__pr_1\.orders\s+\S+\s+no/);
  // The comment, with its hidden marker, summary table and lineage graph.
  expect(out).toMatch(/^<!-- vde:report/m);
  expect(out).toMatch(/\| stg\.orders \| breaking \|/);
  expect(out).toMatch(/```mermaid/);
  // Promotion rebuilds nothing; cleanup leaves only prod.
  expect(out).toMatch(/prod updated: 0 built, 9 views/);
  expect(out).toMatch(/removed environment pr_1/);
  expect(out.trimEnd().split('\n').slice(-3).join('\n')).toMatch(/^prod\s+9\s+\S+\s+never$/m);
});
