// The benchmark's reporting: a statement profiler fed by the engine's onStatement hook, and the
// closing table of ratios.

export const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Statement profile: the engine's onStatement hook fires before every statement. The time from
// one statement's start to the next statement's start (round trip + whatever JS runs in between)
// is charged to the first one's category; the time before the first statement is charged to
// "(before first statement)". Coarse, but it shows where an operation's wall time goes.
// ---------------------------------------------------------------------------------------------

export function categorize(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const u = s.toUpperCase();
  if (u === 'BEGIN' || u === 'COMMIT' || u === 'ROLLBACK') return 'BEGIN/COMMIT';
  if (u.startsWith('SAVEPOINT') || u.startsWith('RELEASE SAVEPOINT') || u.startsWith('ROLLBACK TO')) return 'SAVEPOINT/RELEASE (swapViews)';
  if (u.startsWith('CREATE OR REPLACE VIEW')) return 'CREATE OR REPLACE VIEW';
  if (u.startsWith('CREATE VIEW')) return 'CREATE VIEW';
  if (u.startsWith('CREATE SCHEMA')) return 'CREATE SCHEMA IF NOT EXISTS';
  if (/^CREATE TABLE \S+ AS /.test(u)) return 'CREATE TABLE AS (build)';
  if (u.startsWith('DROP TABLE IF EXISTS')) return 'DROP TABLE IF EXISTS (tmp/target)';
  if (u.startsWith('ALTER TABLE') && u.includes(' RENAME TO ')) return 'ALTER TABLE RENAME (tmp->target)';
  if (u.includes('PG_TRY_ADVISORY_LOCK') || u.includes('PG_ADVISORY_UNLOCK')) return 'advisory lock/unlock';
  const state = /"?VDE_STATE"?\."?(\w+)"?/.exec(u);
  if (state) {
    const table = state[1]!.toLowerCase();
    const verb = u.split(' ')[0]!;
    return `state ${verb} ${table}`;
  }
  if (u.includes('PG_CATALOG')) return 'catalog introspection';
  return s.slice(0, 40);
}

export class Profiler {
  private buckets = new Map<string, { n: number; ms: number }>();
  private current: string | null = null;
  private since = 0;
  private active = false;

  readonly hook = (sql: string): void => {
    if (!this.active) return;
    this.charge(performance.now());
    this.current = categorize(sql);
    const b = this.buckets.get(this.current) ?? { n: 0, ms: 0 };
    b.n++;
    this.buckets.set(this.current, b);
  };

  private charge(now: number): void {
    const key = this.current ?? '(before first statement)';
    const b = this.buckets.get(key) ?? { n: 0, ms: 0 };
    b.ms += now - this.since;
    this.buckets.set(key, b);
    this.since = now;
  }

  start(): void {
    this.buckets = new Map();
    this.current = null;
    this.since = performance.now();
    this.active = true;
  }

  stop(): { category: string; n: number; ms: number }[] {
    this.charge(performance.now());
    this.active = false;
    return [...this.buckets.entries()].map(([category, b]) => ({ category, ...b })).sort((a, b) => b.ms - a.ms);
  }
}

export function printProfile(title: string, rows: { category: string; n: number; ms: number }[], limit = 12): void {
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const statements = rows.reduce((s, r) => s + r.n, 0);
  log(`\n  ${title}: ${fmtMs(total)}, ${statements} statements`);
  log(`    ${'category'.padEnd(38)} ${'stmts'.padStart(6)} ${'ms'.padStart(9)} ${'share'.padStart(6)}`);
  for (const r of rows.slice(0, limit)) {
    log(
      `    ${r.category.padEnd(38)} ${String(r.n).padStart(6)} ${r.ms.toFixed(1).padStart(9)} ${((100 * r.ms) / (total || 1)).toFixed(0).padStart(5)}%`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Report table
// ---------------------------------------------------------------------------------------------

export interface Row {
  measure: string;
  vde: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: informational, no target. */
  pass: boolean | null;
}

export const rows: Row[] = [];
export const notes: string[] = [];

export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

export function fmtBytes(b: number): string {
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(0)} KiB`;
  return `${b} B`;
}

export function ratio(a: number, b: number): string {
  if (b === 0) return a === 0 ? '1.00' : 'inf';
  const r = a / b;
  return r >= 10 ? r.toFixed(1) : r.toFixed(3);
}

export function printTable(): void {
  const header: Row = { measure: 'measure', vde: 'vde', baseline: 'baseline', ratio: 'ratio', target: 'target', pass: null };
  const cells = (r: Row) => [r.measure, r.vde, r.baseline, r.ratio, r.target, r === header ? 'result' : r.pass === null ? 'info' : r.pass ? 'pass' : 'MISSED'];
  const all = [header, ...rows].map(cells);
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ')} |`;
  log('');
  log(line(all[0]!));
  log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const c of all.slice(1)) log(line(c));
}
