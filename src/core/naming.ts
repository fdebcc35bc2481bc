// Where each layer's objects live. Pure functions of names, versions and the dialect's limits.

import { createHash } from 'node:crypto';
import type { Dialect, Relation } from '../engines/types';
import { ModelError, NameError } from '../errors';
import type { Model } from '../project/types';
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
  const database = d.catalogFor?.(env);
  return { schema: d.normalizeIdentifier(schema), name: d.normalizeIdentifier(model.table), ...(database !== undefined ? { database } : {}) };
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
  return `${r.database !== undefined ? `${r.database}.` : ''}${r.schema}.${r.name}`;
}

/** The physical layer's schemas all start with this; nothing else vde creates does. */
export const PHYSICAL_PREFIX = 'vde__';

/** Whether a schema belongs to the physical layer, whichever way the engine folds names (VDE__ on Snowflake). */
export function isPhysicalSchema(schema: string): boolean {
  return schema.toLowerCase().startsWith(PHYSICAL_PREFIX);
}

/**
 * Refuses, before anything touches the warehouse, model names whose virtual-layer names would
 * not survive the engine's identifier limit (the engine would truncate them, and two models could
 * silently share one view), and environment schemas that would land on the physical layer or the
 * state schema.
 */
export function checkModelNames(
  d: Dialect,
  models: Iterable<Pick<Model, 'name' | 'schema' | 'table' | 'relativeFile' | 'line'>>,
  environment: string,
  stateSchema: string,
): void {
  const limit = d.maxIdentifierLength;
  for (const m of models) {
    for (const [what, name] of [['view name', m.table], ['schema name', m.schema]] as const) {
      const bytes = Buffer.byteLength(d.normalizeIdentifier(name));
      if (bytes > limit) {
        throw new ModelError(
          `model ${m.name}: its ${what} ${name} is ${bytes} bytes, longer than the warehouse's identifier limit of ${limit} bytes; use a shorter name`,
          m.relativeFile,
          m.line,
          m.name,
        );
      }
    }
    if (environment === PROD) continue;
    const schema = viewRelation(d, m, environment).schema;
    if (isPhysicalSchema(schema) || schema === d.normalizeIdentifier(stateSchema)) {
      const whose = isPhysicalSchema(schema) ? "vde's physical layer" : 'the state schema (state_schema in vde.yaml)';
      throw new NameError(
        `environment ${environment} cannot hold model ${m.name}: its views would go to schema ${schema}, which is ${whose}; use another environment name`,
        environment,
      );
    }
  }
}

/**
 * Environment schemas `<schema>__<env>` are ambiguous in one case only: model schema `s_` in
 * environment `x` and model schema `s` in environment `_x` both give `s___x` (model schemas never
 * contain `__`). Given the record of that partner environment, refuses a shared schema naming both.
 */
export function partnerEnvironments(environment: string): string[] {
  return environment === PROD ? [] : [`_${environment}`, ...(environment.startsWith('_') ? [environment.slice(1)] : [])];
}

export function checkSchemaCollisions(
  d: Dialect,
  models: Iterable<Pick<Model, 'name' | 'schema' | 'table'>>,
  environment: string,
  partners: { name: string; models: string[] }[],
): void {
  const mine = new Map<string, string>();
  for (const m of models) mine.set(viewRelation(d, m, environment).schema, m.name);
  for (const partner of partners) {
    for (const name of partner.models) {
      const [schema = '', table = ''] = name.split('.');
      const theirs = viewRelation(d, { schema, table }, partner.name).schema;
      const model = mine.get(theirs);
      if (model !== undefined) {
        throw new NameError(
          `environment ${environment} would put model ${model} in schema ${theirs}, which already holds environment ${partner.name}'s model ${name}; use another environment name`,
          environment,
        );
      }
    }
  }
}
