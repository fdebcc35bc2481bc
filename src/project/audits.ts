// Custom audits defined in audits/*.sql (`AUDIT (name ..., blocking false); SELECT <rows that
// violate>`), as plain data ready for a runner, and the check of a model's audit calls against
// them. Nothing here runs an audit.
import { ModelError } from '../errors';
import { BUILTIN_AUDITS } from './audit-calls';
import { booleanValue, parseKeyValues, sourceText, wordOrString, type Err } from './header-values';
import { isOp, isWord, lex, significant, splitAtDepthZero, type Token } from './lexer';
import { parseHeader } from './model-header';
import { nearest } from './yaml-file';
import { THIS_MODEL_PLACEHOLDER } from './model-body';
import { quotedCaseOf, referencesOf } from './references';
import { isTranspiled } from './sql-parser-types';
import { defaultTimes, renderMacros } from './render/macros';
import type { AuditCall, AuditDefinition, IgnoredProperty, Model, RenderedAudit } from './types';

export { BUILTIN_AUDITS, parseAuditCalls } from './audit-calls';

const AUDIT_PROPERTIES = ['name', 'dialect', 'blocking', 'standalone', 'defaults', 'skip', 'owner', 'tags', 'description', 'cron', 'start', 'depends_on'] as const;
const AUDIT_IGNORED = ['owner', 'tags', 'description', 'cron', 'start', 'depends_on'];

/** SQLMesh's macro variables an audit may use without declaring them. */
const MACRO_VARIABLES = new Set([
  'this_model',
  'start_ds',
  'end_ds',
  'start_date',
  'end_date',
  'start_ts',
  'end_ts',
  'start_epoch',
  'end_epoch',
  'start_millis',
  'end_millis',
  'start_dt',
  'end_dt',
  'start_dtntz',
  'end_dtntz',
  'start_hour',
  'end_hour',
  'execution_ds',
  'execution_date',
  'execution_ts',
  'execution_epoch',
  'execution_millis',
  'execution_dt',
  'execution_dtntz',
  'execution_hour',
  'gateway',
  'runtime_stage',
  'this_env',
  'schema_name',
  'table_name',
]);

/**
 * Every `AUDIT (...); SELECT ...` in one audits/*.sql file (or in a slice of a model file that
 * starts at line `firstLine`).
 */
export function parseAuditFile(text: string, relativeFile: string, firstLine = 1): AuditDefinition[] {
  const err: Err = (detail, line) => new ModelError(detail, relativeFile, line);
  const all = lex(text, { file: relativeFile, firstLine });
  const sig = significant(all);
  const out: AuditDefinition[] = [];
  let i = 0;
  while (i < sig.length) {
    if (isOp(sig[i], ';')) {
      i++;
      continue;
    }
    const header = parseHeader(sig, err, 'audit', AUDIT_PROPERTIES, i);
    const { props, headTok } = header;
    const nameProp = props.get('name');
    if (!nameProp) throw err('audit has no name property (expected `name my_audit`)', headTok.line);
    const name = wordOrString(nameProp, err).toLowerCase();
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw err(`invalid audit name ${JSON.stringify(name)}: expected a plain identifier`, nameProp.name.line);
    // The query runs to the next `;` at depth 0 (or the next AUDIT, or the end of the file).
    let j = header.next;
    let depth = 0;
    for (; j < sig.length; j++) {
      const t = sig[j]!;
      if (isOp(t, '(') || isOp(t, '[')) depth++;
      else if (isOp(t, ')') || isOp(t, ']')) depth--;
      else if (depth === 0 && (isOp(t, ';') || (isWord(t, 'audit') && isOp(sig[j + 1], '(')))) break;
    }
    const queryToks = sig.slice(header.next, j);
    if (queryToks.length === 0) throw err(`audit ${name} has no query after its AUDIT (...) header`, headTok.line);
    const first = queryToks[0]!;
    const last = queryToks[queryToks.length - 1]!;
    const ignoredProperties: IgnoredProperty[] = header.order
      .filter((p) => AUDIT_IGNORED.includes(p.name.text.toLowerCase()))
      .map((p) => ({ name: p.name.text.toLowerCase(), line: p.name.line, value: sourceText(all, p.value) }));
    const defaults: Record<string, string> = {};
    if (props.has('defaults')) for (const kv of parseKeyValues(props.get('defaults')!, all, err)) defaults[kv.key.toLowerCase()] = kv.sql;
    const dialect = props.has('dialect') ? wordOrString(props.get('dialect')!, err).split(',')[0]!.trim().toLowerCase() : undefined;
    if (props.has('skip') && booleanValue(props.get('skip')!, err)) {
      i = j;
      continue;
    }
    if (out.some((a) => a.name === name)) throw err(`audit ${name} is defined twice in this file`, headTok.line);
    out.push({
      name,
      file: relativeFile,
      line: headTok.line,
      blocking: props.has('blocking') ? booleanValue(props.get('blocking')!, err) : true,
      standalone: props.has('standalone') ? booleanValue(props.get('standalone')!, err) : false,
      ...(dialect !== undefined ? { dialect } : {}),
      defaults,
      query: text.slice(first.start, last.end),
      queryLine: first.line,
      parameters: parametersOf(queryToks, defaults),
      ignoredProperties,
    });
    i = j;
  }
  return out;
}

/**
 * SQLMesh's inline audits: `AUDIT (name ...); SELECT ...;` pairs in a model file, after the
 * MODEL header. Returns the body's tokens without them, and their definitions (visible to this
 * model only).
 */
export function splitInlineAudits(text: string, body: Token[], relativeFile: string): { body: Token[]; audits: AuditDefinition[] } {
  const statements = splitAtDepthZero(body, ';').filter((st) => st.length > 0);
  const cut: [number, number][] = [];
  const audits: AuditDefinition[] = [];
  for (let k = 0; k < statements.length; k++) {
    const st = statements[k]!;
    if (!isWord(st[0], 'audit') || !isOp(st[1], '(')) continue;
    const query = statements[k + 1];
    if (!query) throw new ModelError('an inline AUDIT (...) needs its query after it', relativeFile, st[0]!.line);
    const start = st[0]!.start;
    const end = query[query.length - 1]!.end;
    for (const a of parseAuditFile(text.slice(start, end), relativeFile, st[0]!.line)) {
      if (audits.some((x) => x.name === a.name)) throw new ModelError(`audit ${a.name} is defined twice in this file`, relativeFile, a.line);
      audits.push(a);
    }
    cut.push([start, end]);
    k++;
  }
  if (cut.length === 0) return { body, audits };
  return { body: body.filter((t) => !cut.some(([a, b]) => t.start >= a && t.end <= b)), audits };
}

/** `@name` variables of a query (not macro functions like `@EACH(`), besides SQLMesh's own. */
function parametersOf(tokens: Token[], defaults: Record<string, string>): string[] {
  const found = new Set<string>(Object.keys(defaults));
  tokens.forEach((t, k) => {
    const next = tokens[k + 1];
    if (!isOp(t, '@') || !next || next.type !== 'word' || next.start !== t.end) return;
    if (isOp(tokens[k + 2], '(')) return;
    const name = next.text.toLowerCase();
    if (!MACRO_VARIABLES.has(name)) found.add(name);
  });
  return [...found].sort();
}

/** What rendering a custom audit's query needs from the project. */
export interface AuditRenderContext {
  variables: Record<string, unknown>;
  gateway?: string;
  userMacros: ReadonlyMap<string, string>;
  now: Date;
}

/**
 * Checks a model's custom audit calls against the definitions (the model's own inline audits
 * first), fills in their blocking flag and renders each call's query with its parameters.
 */
export function resolveAuditCalls(
  model: Pick<Model, 'name' | 'start' | 'dialect'> & { audits: AuditCall[] },
  definitions: ReadonlyMap<string, AuditDefinition>,
  ctx: AuditRenderContext,
  errFor: (call: AuditCall) => Err,
): AuditCall[] {
  return model.audits.map((call) => {
    if (call.builtin) return call;
    const err = errFor(call);
    const def = definitions.get(call.name);
    if (!def) {
      const near = nearest(call.name, [...BUILTIN_AUDITS, ...definitions.keys()]);
      throw err(`audit ${call.name} is neither a built-in audit nor defined in audits/*.sql${near ? `; did you mean ${near}?` : ''}`, call.line);
    }
    if (def.standalone) throw err(`audit ${call.name} (${def.file}:${def.line}) is a standalone audit: it is not attached to a model`, call.line);
    return { ...call, blocking: call.explicitBlocking ? call.blocking : def.blocking, rendered: renderAudit(call, def, model, ctx, err) };
  });
}

/** The audit's query for one call: the call's arguments over the audit's defaults, macros rendered. */
function renderAudit(call: AuditCall, def: AuditDefinition, model: Pick<Model, 'name' | 'start' | 'dialect'>, ctx: AuditRenderContext, err: Err): RenderedAudit {
  const where = `audit ${def.name} (${def.file}:${def.line})`;
  for (const arg of Object.keys(call.args)) {
    if (!def.parameters.includes(arg)) {
      const near = nearest(arg, def.parameters);
      throw err(
        `${where} takes no parameter ${arg}: its query uses ${def.parameters.length ? def.parameters.map((p) => `@${p}`).join(', ') : 'none'}${near ? `; did you mean ${near}?` : ''}`,
        call.line,
      );
    }
  }
  const locals = new Map<string, string>(Object.entries(def.defaults));
  for (const [k, v] of Object.entries(call.args)) locals.set(k, v.sql);
  const missing = def.parameters.filter((p) => !locals.has(p) && !(p in ctx.variables));
  if (missing.length) throw err(`${where} needs ${missing.map((m) => `${m} := ...`).join(', ')}: its query uses @${missing[0]} and it has no default`, call.line);
  const rendered = renderMacros(def.query, def.queryLine, {
    variables: ctx.variables,
    times: defaultTimes(model.start, ctx.now),
    thisModel: THIS_MODEL_PLACEHOLDER,
    ...(ctx.gateway !== undefined ? { gateway: ctx.gateway } : {}),
    userMacros: ctx.userMacros,
    locals,
    used: new Set(),
    file: def.file,
    model: model.name,
  });
  const dialect = def.dialect ?? model.dialect;
  return { sql: rendered.text, file: def.file, line: def.line, queryLine: def.queryLine, ...(dialect !== undefined ? { dialect } : {}), references: [] };
}

/**
 * Finds the models each rendered custom audit reads by name (the audited model itself included),
 * once every model's name is known.
 */
export function attachAuditReferences(model: Model, modelNames: ReadonlySet<string>, engineDialect = 'postgres'): void {
  for (const call of model.audits) {
    const r = call.rendered;
    if (!r) continue;
    r.references = referencesOf(r.sql, modelNames, r.file, r.queryLine, quotedCaseOf(r.dialect), isTranspiled(r.dialect, engineDialect));
  }
}
