// Custom audits defined in audits/*.sql (`AUDIT (name ..., blocking false); SELECT <rows that
// violate>`), as plain data ready for a runner, and the check of a model's audit calls against
// them. Nothing here runs an audit.
import { ModelError } from '../errors';
import { BUILTIN_AUDITS } from './audit-calls';
import { booleanValue, parseKeyValues, sourceText, wordOrString, type Err } from './header-values';
import { isOp, isWord, lex, significant, type Token } from './lexer';
import { parseHeader } from './model-header';
import { nearest } from './yaml-file';
import type { AuditCall, AuditDefinition, IgnoredProperty } from './types';

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

/** Every `AUDIT (...); SELECT ...` in one audits/*.sql file. */
export function parseAuditFile(text: string, relativeFile: string): AuditDefinition[] {
  const err: Err = (detail, line) => new ModelError(detail, relativeFile, line);
  const all = lex(text, { file: relativeFile });
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

/** Checks a model's custom audit calls against the definitions; fills in their blocking flag. */
export function resolveAuditCalls(calls: AuditCall[], definitions: ReadonlyMap<string, AuditDefinition>, err: Err): AuditCall[] {
  return calls.map((call) => {
    if (call.builtin) return call;
    const def = definitions.get(call.name);
    if (!def) {
      const near = nearest(call.name, [...BUILTIN_AUDITS, ...definitions.keys()]);
      throw err(`audit ${call.name} is neither a built-in audit nor defined in audits/*.sql${near ? `; did you mean ${near}?` : ''}`, call.line);
    }
    return { ...call, blocking: def.blocking };
  });
}
