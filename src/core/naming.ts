// Where each layer's objects live. Pure functions of names, versions and the dialect's limits.

import { createHash } from 'node:crypto';
import type { Dialect, Relation } from '../engines/types';
import { NameError } from '../errors';
import { prodName } from '../project/names';

/** DESIGN rule 4: prod is the literal name `prod`. */
export const PROD = prodName;

/** Physical layer: `vde__<schema>.<schema>__<name>__<version>`, shortened deterministically. */
export function physicalRelation(
  d: Dialect,
  model: { schema: string; table: string },
  version: string,
): Relation {
  return {
    schema: fit(d, `vde__${model.schema}`),
    name: fit(d, `${model.schema}__${model.table}__${version}`),
  };
}

/** Virtual layer: `<schema>.<name>` in prod, `<schema>__<env>.<name>` elsewhere. */
export function viewRelation(d: Dialect, model: { schema: string; table: string }, env: string): Relation {
  const schema = env === PROD ? model.schema : `${model.schema}__${env}`;
  // Users type these names, so they are never shortened: a name that does not fit is an error.
  if (Buffer.byteLength(schema) > d.maxIdentifierLength) {
    throw new NameError(
      `schema name ${schema} for model ${model.schema}.${model.table} in environment ${env} is longer than ${d.maxIdentifierLength} bytes; use a shorter environment name`,
      env,
    );
  }
  return { schema: d.normalizeIdentifier(schema), name: d.normalizeIdentifier(model.table) };
}

/**
 * Keeps a name within the identifier limit: a long name becomes its first bytes plus a hash of the
 * whole, so two different long names never collapse into one (plain truncation would).
 */
export function fit(d: Dialect, name: string): string {
  const normalized = d.normalizeIdentifier(name);
  if (Buffer.byteLength(normalized) <= d.maxIdentifierLength) return normalized;
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 12);
  const keep = d.maxIdentifierLength - hash.length - 2;
  let prefix = normalized;
  while (Buffer.byteLength(prefix) > keep) prefix = prefix.slice(0, -1);
  return d.normalizeIdentifier(`${prefix}__${hash}`);
}

export function qualifiedName(r: Relation): string {
  return `${r.schema}.${r.name}`;
}
