// The audits a model asks for in `audits (...)`: built-in audits with their arguments (and their
// `_non_blocking` variants), or custom ones (checked against audits/*.sql by the loader).
import { isBracketed, listItems, parseCall, sourceText, splitTopLevel, type Err, type Prop } from './header-values';
import type { Token } from './lexer';
import type { AuditCall } from './types';

/** SQLMesh's built-in audits; each also exists as `<name>_non_blocking`. */
export const BUILTIN_AUDITS = [
  'not_null',
  'unique_values',
  'unique_combination_of_columns',
  'accepted_values',
  'not_accepted_values',
  'number_of_rows',
  'forall',
  'accepted_range',
  'at_least_one',
  'not_constant',
  'not_empty_string',
  'not_null_proportion',
  'sequential_values',
  'mutually_exclusive_ranges',
  'valid_uuid',
  'valid_email',
  'valid_url',
  'valid_http_method',
  'match_regex_pattern_list',
  'not_match_regex_pattern_list',
  'match_like_pattern_list',
  'not_match_like_pattern_list',
  'z_score',
  'string_length_between',
  'string_length_equal',
  'kl_divergence',
  'chi_square',
] as const;

const NON_BLOCKING = '_non_blocking';

/**
 * `audits (not_null(columns := (id, name)), assert_positive, unique_values_non_blocking(columns := [id]))`.
 * Custom audits are checked against the project's definitions by the loader.
 */
export function parseAuditCalls(prop: Prop, all: Token[], err: Err): AuditCall[] {
  return listItems(prop.value).map((part) => {
    const call = parseCall(part, err, 'audits');
    let name = call.name;
    let blocking = true;
    if (name.endsWith(NON_BLOCKING) && (BUILTIN_AUDITS as readonly string[]).includes(name.slice(0, -NON_BLOCKING.length))) {
      name = name.slice(0, -NON_BLOCKING.length);
      blocking = false;
    }
    const args: AuditCall['args'] = {};
    for (const a of call.args) {
      args[a.name] = isBracketed(a.value)
        ? { sql: sourceText(all, a.value), items: splitTopLevel(a.value.slice(1, -1)).filter((x) => x.length > 0).map((x) => sourceText(all, x)) }
        : { sql: sourceText(all, a.value) };
    }
    return { name, builtin: (BUILTIN_AUDITS as readonly string[]).includes(name), blocking, args, line: call.line };
  });
}

