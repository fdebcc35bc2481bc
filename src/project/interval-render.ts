// An incremental model's SQL for one batch: the model file rendered again with the batch's
// interval as the time macros' input (@start_ds, @end_date, {{ start_ds }}, ...). Everything else
// (variables, defaults, references) is what the project loaded with; the model's identity never
// depends on the interval.
import { ModelError } from '../errors';
import { parseOptions } from './loader';
import { attachReferences, parseModelFile } from './model-parser';
import { userMacros } from './python-files';
import type { MacroTimes } from './render/macros';
import type { Model, Project } from './types';

const macrosOf = new WeakMap<Project, Map<string, string>>();

/** The interval [start, end) as the time macros take it: the end inclusive, as in SQLMesh. */
export function batchTimes(start: number, end: number, execution: number): MacroTimes {
  return { start: new Date(start), end: new Date(end - 1), execution: new Date(execution) };
}

/** `model` rendered for `times`; its references must be the ones it loaded with. */
export function renderAt(project: Project, model: Model, times: MacroTimes): Model {
  let macros = macrosOf.get(project);
  if (!macros) {
    macros = userMacros(project.config.projectDir);
    macrosOf.set(project, macros);
  }
  const rendered = parseModelFile(model.source, model.file, model.relativeFile, undefined, { ...parseOptions(project.config, model.file, macros), times });
  const engineDialect = project.config.connection.type === 'snowflake' ? 'snowflake' : 'postgres';
  attachReferences(rendered, new Set(project.models.keys()), undefined, engineDialect);
  if (rendered.parents.join(',') !== model.parents.join(',')) {
    throw new ModelError(
      `the models this query reads change with the interval (${model.parents.join(', ') || 'none'} when loaded, ${rendered.parents.join(', ') || 'none'} for ${times.start.toISOString()}); vde needs them fixed`,
      model.relativeFile,
      model.queryLine,
      model.name,
    );
  }
  return rendered;
}
