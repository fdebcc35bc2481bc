// Audits: what each model version runs, the SQL that runs on the engine, and running it.
//
// An audit is identified by a key: the call (name, arguments, blocking), the custom audit's
// rendered query and dialect, and the fingerprints of the other models it reads. A key is run
// once per model version (physical table): the result is recorded with the version in the state,
// and a later apply that uses the same table with the same audit reuses it. Only results that do
// not block are recorded: a blocking failure fails the apply and runs again next time.
//
// When they run (docs/sqlmesh.md "Audits"): right after a table is built, under its build lock
// and before it is recorded as built (a blocking failure drops it, like a failed build); and,
// for tables the apply reuses, after the builds and before any view moves.

import type { Engine } from '../engines/types';
import { sha256Hex as sha } from '../hash';
import { AuditError, ModelError, WarehouseError, type FailedAudit } from '../errors';
import { builtinAuditSql, type AuditArgValue } from '../project/builtin-audits';
import { transpileExpression, transpileSql, transpilerName, type PhysicalRelation } from '../project/engine-query';
import { isTranspiled } from '../project/sql-parser-types';
import { THIS_MODEL_PLACEHOLDER } from '../project/model-body';
import { TextBuilder } from '../project/source-map';
import type { AuditCall, Model, Project } from '../project/types';
import type { StateStore } from '../state/store';
import type { AuditResult, Plan, Snapshot, StoredAudit } from './types';

// @this_model in an audit transpiled from another dialect: a backtick name, which the transpiler
// writes as THIS_MODEL_PLACEHOLDER (double-quoted) for Postgres and Snowflake.
const TRANSPILED_PLACEHOLDER = `\`${THIS_MODEL_PLACEHOLDER.slice(1, -1)}\``;

/** One audit call of one model, ready to run on the plan's tables. */
export interface PlannedAudit {
  key: string;
  model: string;
  call: AuditCall;
  /** The call as written, for messages: `not_null(columns := (id))`. */
  label: string;
  file: string;
  line: number;
  definedIn?: { file: string; line: number };
}

/** `name(arg := value, ...)` as the model wrote it (arguments in the order they were given). */
export function callLabel(call: AuditCall): string {
  const args = Object.entries(call.args).map(([k, v]) => `${k} := ${v.sql}`);
  const name = call.builtin && !call.blocking && !call.explicitBlocking ? `${call.name}_non_blocking` : call.name;
  if (call.explicitBlocking) args.push(`blocking := ${call.blocking}`);
  return args.length ? `${name}(${args.join(', ')})` : name;
}

/** The audits of `model`, keyed; `fingerprints` are the project's (a custom audit's reads count). */
export function plannedAudits(model: Model, fingerprints: ReadonlyMap<string, string>, configFile?: string): PlannedAudit[] {
  return model.audits.map((call) => {
    const reads = [...new Set((call.rendered?.references ?? []).map((r) => r.model))].filter((m) => m !== model.name).sort();
    const key = sha(
      JSON.stringify({
        name: call.name,
        builtin: call.builtin,
        blocking: call.blocking,
        args: Object.entries(call.args).map(([k, v]) => [k, v.sql]),
        query: call.rendered?.sql ?? null,
        queryDialect: call.rendered?.dialect ?? null,
        dialect: model.dialect ?? null,
        reads: reads.map((m) => `${m}=${fingerprints.get(m) ?? ''}`),
      }),
    ).slice(0, 32);
    return {
      key,
      model: model.name,
      call,
      label: callLabel(call),
      file: call.fromDefaults && configFile ? configFile : model.relativeFile,
      line: call.line,
      ...(call.rendered ? { definedIn: { file: call.rendered.file, line: call.rendered.line } } : {}),
    };
  });
}

/** Every model of the plan that the audit of `model` reads besides itself (for build order). */
export function auditReads(model: Model): string[] {
  return [...new Set(model.audits.flatMap((c) => (c.rendered?.references ?? []).map((r) => r.model)))].filter((m) => m !== model.name);
}

/**
 * A custom audit that reads a model built from the audited one cannot run right after the audited
 * model's build (its reader is built later): refused, naming the call.
 */
export function checkAuditReads(project: Project): void {
  for (const model of project.models.values()) {
    const descendants = descendantsOf(project, model.name);
    for (const call of model.audits) {
      const ref = call.rendered?.references.find((r) => descendants.has(r.model));
      if (ref) {
        throw new ModelError(
          `audit ${call.name} of model ${model.name} reads model ${ref.model}, which is built from ${model.name}: vde runs a model's audits right after its build, before the models built from it`,
          call.rendered!.file,
          ref.line,
          model.name,
        );
      }
    }
  }
}

function descendantsOf(project: Project, name: string): Set<string> {
  const out = new Set<string>();
  const queue = [...(project.children.get(name) ?? [])];
  while (queue.length) {
    const c = queue.shift()!;
    if (out.has(c)) continue;
    out.add(c);
    queue.push(...(project.children.get(c) ?? []));
  }
  return out;
}

/**
 * The engine SQL counting each audit's violating rows, by key: the audit's query on the plan's
 * physical tables (references rewritten, transpiled where its dialect is not the engine's),
 * wrapped in a count. Computed before anything is written, so an audit that cannot be transpiled
 * fails the apply with the warehouse untouched.
 */
export async function auditQueries(engine: Engine, project: Project, plan: Plan, audits: PlannedAudit[]): Promise<Map<string, string>> {
  const relations = new Map<string, PhysicalRelation>(plan.models.map((m) => [m.name, m.snapshot.physicalTable]));
  const relationOf = (name: string): PhysicalRelation => relations.get(name) ?? { schema: name.split('.')[0]!, name: name.split('.')[1]! };
  const out = new Map<string, string>();
  for (const a of audits) {
    if (out.has(`${a.model}\0${a.key}`)) continue;
    const model = project.models.get(a.model)!;
    const table = engine.dialect.qualify(relationOf(a.model));
    const fail = (what: string, e: unknown) =>
      new ModelError(`audit ${a.label} of model ${a.model}: cannot ${what}: ${(e as Error).message}`, a.definedIn?.file ?? a.file, a.definedIn?.line ?? a.line, a.model);
    let sql: string;
    if (a.call.rendered) {
      const r = a.call.rendered;
      // Transpiled, names are written as the audit's dialect reads one (engine-query.ts
      // transpilerName: in BigQuery "..." is a string), and must come out in the engine's quoting.
      const foreign = isTranspiled(r.dialect, engine.dialect.name);
      const nameOf = (model: string): string => (foreign ? transpilerName(relationOf(model)) : engine.dialect.qualify(relationOf(model)));
      const builder = new TextBuilder(r.sql);
      for (const ref of [...r.references].sort((x, y) => x.start - y.start)) builder.replace(ref.start, ref.end, nameOf(ref.model));
      let text = builder.finish().text;
      const usesThis = text.includes(THIS_MODEL_PLACEHOLDER);
      if (foreign) text = text.split(THIS_MODEL_PLACEHOLDER).join(TRANSPILED_PLACEHOLDER);
      sql = await transpileSql(text, r.dialect, engine.dialect.name).catch((e: unknown) => {
        throw fail(`transpile it from dialect ${r.dialect} to ${engine.dialect.name}`, e);
      });
      const lost = [...(usesThis ? [THIS_MODEL_PLACEHOLDER] : []), ...r.references.map((ref) => engine.dialect.qualify(relationOf(ref.model)))].find((n) => !sql.includes(n));
      if (lost !== undefined) throw fail('run it', new Error(`transpiling from dialect ${r.dialect} did not keep the name ${lost}`));
      // After transpiling: the placeholder is a quoted identifier in the engine's dialect.
      sql = sql.split(THIS_MODEL_PLACEHOLDER).join(table);
    } else {
      const args: Record<string, AuditArgValue> = {};
      for (const [k, v] of Object.entries(a.call.args)) {
        const t = (x: string) =>
          transpileExpression(x, model.dialect, engine.dialect.name).catch((e: unknown) => {
            throw fail(`transpile its argument ${k} from dialect ${model.dialect} to ${engine.dialect.name}`, e);
          });
        args[k] = v.items ? { sql: v.sql, items: await Promise.all(v.items.map(t)) } : { sql: await t(v.sql) };
      }
      sql = builtinAuditSql(a.call.name, args, {
        table,
        regexMatch: (expr, pattern) => engine.dialect.regexMatch(expr, pattern),
        literal: (value) => engine.dialect.quoteLiteral(value),
      });
    }
    out.set(`${a.model}\0${a.key}`, `SELECT COUNT(*) AS vde_violations FROM (${sql}) AS vde_audit`);
  }
  return out;
}

export interface AuditRun {
  engine: Engine;
  state: StateStore;
  environment: string;
  /** Planned audits by model name. */
  audits: Map<string, PlannedAudit[]>;
  /** auditQueries' result. */
  sql: Map<string, string>;
  /** Every result of this apply, in the order they finish. */
  results: AuditResult[];
  progress: (message: string) => void;
}

/**
 * Runs the audits of one model version (all of them, so that a failure report is complete),
 * records the ones that do not block, and throws AuditError when a blocking one found rows.
 */
export async function runModelAudits(run: AuditRun, snapshot: Snapshot, only?: Set<string>): Promise<void> {
  const planned = (run.audits.get(snapshot.name) ?? []).filter((a) => !only || only.has(a.key));
  if (planned.length === 0) return;
  const results: AuditResult[] = [];
  for (const a of planned) {
    const sql = run.sql.get(`${a.model}\0${a.key}`)!;
    let violations: number;
    try {
      const res = await run.engine.query<{ vde_violations: unknown }>(sql);
      violations = Number(res.rows[0]?.vde_violations ?? 0);
    } catch (err) {
      if (err instanceof WarehouseError) {
        throw err.withContext({ detail: `audit ${a.label} (${a.definedIn ? `${a.definedIn.file}:${a.definedIn.line}` : `${a.file}:${a.line}`}): ${err.detail}`, model: a.model, environment: run.environment });
      }
      throw err;
    }
    results.push(resultOf(a, snapshot.version, violations, false));
  }
  run.results.push(...results);
  for (const r of results) {
    if (r.violations > 0 && !r.blocking) run.progress(`  warning: ${warningText(r)}`);
  }
  const failed = results.filter((r) => r.blocking && r.violations > 0);
  if (failed.length) throw new AuditError(failed.map(failure), run.environment);
  await run.state.saveAuditResults(
    snapshot.name,
    snapshot.version,
    planned.map((a, i) => ({ key: a.key, result: stored(results[i]!) })),
    new Date(),
  );
}

/**
 * For the tables this apply did not build itself (reused, or built meanwhile by another run that
 * may have had other audits): which audits have a recorded result for that table (returned, as
 * reused results), and which must still run (by model).
 */
export async function recordedAudits(
  state: StateStore,
  plan: Plan,
  audits: Map<string, PlannedAudit[]>,
  builtHere: ReadonlySet<string> = new Set(),
): Promise<{ recorded: AuditResult[]; pending: Map<string, Set<string>> }> {
  const withAudits = plan.models.filter((m) => (audits.get(m.name) ?? []).length > 0 && !builtHere.has(m.name));
  const stored = await state.getAuditResults(withAudits.map((m) => ({ name: m.name, version: m.snapshot.version })));
  const recorded: AuditResult[] = [];
  const pending = new Map<string, Set<string>>();
  for (const m of withAudits) {
    for (const a of audits.get(m.name)!) {
      const s = stored.get(`${m.name}\0${m.snapshot.version}\0${a.key}`);
      if (s) recorded.push(resultOf(a, m.snapshot.version, s.violations, true));
      else pending.set(m.name, (pending.get(m.name) ?? new Set()).add(a.key));
    }
  }
  return { recorded, pending };
}

function resultOf(a: PlannedAudit, version: string, violations: number, recorded: boolean): AuditResult {
  return {
    model: a.model,
    audit: a.call.name,
    call: a.label,
    blocking: a.call.blocking,
    violations,
    file: a.file,
    line: a.line,
    ...(a.definedIn ? { definedIn: a.definedIn } : {}),
    version,
    recorded,
  };
}

function stored(r: AuditResult): StoredAudit {
  return {
    audit: r.audit,
    call: r.call,
    blocking: r.blocking,
    violations: r.violations,
    file: r.file,
    line: r.line,
    ...(r.definedIn ? { definedIn: r.definedIn } : {}),
  };
}

function failure(r: AuditResult): FailedAudit {
  return { model: r.model, audit: r.audit, call: r.call, violations: r.violations, file: r.file, line: r.line, ...(r.definedIn ? { definedIn: r.definedIn } : {}) };
}

/** One line for a non-blocking audit that found rows. */
export function warningText(r: Pick<AuditResult, 'model' | 'call' | 'violations' | 'file' | 'line'>): string {
  return `audit ${r.call} of model ${r.model} found ${r.violations} ${r.violations === 1 ? 'row' : 'rows'} (non-blocking; ${r.file}:${r.line})`;
}
