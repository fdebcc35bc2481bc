// The audits a model asks for in `audits (...)`: built-in audits with their arguments (and their
// `_non_blocking` variants), or custom ones (checked against audits/*.sql by the loader). A call
// may say `blocking := false` (or true) itself, which wins over the audit's own setting.
import { BUILTIN_AUDIT_NAMES, builtinAuditArgs, checkBuiltinArgs, parseBoolean } from './builtin-audits';
import { isBracketed, listItems, parseCall, sourceText, splitTopLevel, type Err, type Prop } from './header-values';
import { lex, significant, type Token } from './lexer';
import { nearest } from './yaml-file';
import type { AuditCall } from './types';

/** SQLMesh's built-in audits; each also exists as `<name>_non_blocking`. */
export const BUILTIN_AUDITS = BUILTIN_AUDIT_NAMES;

const NON_BLOCKING = '_non_blocking';

/**
 * `audits (not_null(columns := (id, name)), assert_positive, unique_values_non_blocking(columns := [id]))`.
 * Built-in calls are checked here (arguments); custom ones against the project's definitions by
 * the loader.
 */
export function parseAuditCalls(prop: Prop, all: Token[], err: Err): AuditCall[] {
  return listItems(prop.value).map((part) => {
    const call = parseCall(part, err, 'audits');
    let name = call.name;
    let blocking = true;
    if (name.endsWith(NON_BLOCKING) && BUILTIN_AUDITS.includes(name.slice(0, -NON_BLOCKING.length))) {
      name = name.slice(0, -NON_BLOCKING.length);
      blocking = false;
    }
    const args: AuditCall['args'] = {};
    let explicitBlocking: boolean | undefined;
    for (const a of call.args) {
      if (a.name === 'blocking') {
        const value = parseBoolean(sourceText(all, a.value));
        if (value === null) throw err(`audits: ${call.name}: blocking must be true or false, got ${sourceText(all, a.value)}`, a.line);
        explicitBlocking = value;
        continue;
      }
      args[a.name] = isBracketed(a.value)
        ? { sql: sourceText(all, a.value), items: splitTopLevel(a.value.slice(1, -1)).filter((x) => x.length > 0).map((x) => sourceText(all, x)) }
        : { sql: sourceText(all, a.value) };
    }
    const builtin = BUILTIN_AUDITS.includes(name);
    if (builtin) {
      const problem = checkBuiltinArgs(name, args);
      if (problem) {
        const line = call.args.find((a) => a.name === problem.arg)?.line ?? call.line;
        const near = problem.arg ? nearest(problem.arg, builtinAuditArgs(name)) : null;
        throw err(`audits: ${problem.detail}${near && near !== problem.arg ? `; did you mean ${near}?` : ''}`, line);
      }
    }
    return {
      name,
      builtin,
      blocking: explicitBlocking ?? blocking,
      ...(explicitBlocking !== undefined ? { explicitBlocking: true } : {}),
      args,
      line: call.line,
    };
  });
}

/**
 * `model_defaults.audits` items of config.yaml (`assert_positive_ids`, `not_null(columns := [id])`)
 * as calls, as if every model's header listed them first. Errors name config.yaml.
 */
export function parseDefaultAuditCalls(items: { text: string; line: number }[], file: string, err: Err): AuditCall[] {
  return items.flatMap(({ text, line }) => {
    const all = lex(`(${text})`, { file, firstLine: line });
    const sig = significant(all);
    return parseAuditCalls({ name: sig[0]!, value: sig }, all, (detail) => err(detail.replace(/^audits: /, ''), line)).map((c) => ({ ...c, line, fromDefaults: true }));
  });
}
