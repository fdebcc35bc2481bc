// SQLMesh's Jinja blocks: `JINJA_QUERY_BEGIN; ... JINJA_END;` (the query) and
// `JINJA_STATEMENT_BEGIN; ... JINJA_END;` (pre/post statements), rendered with @huggingface/jinja
// (a maintained Jinja implementation; see docs/sqlmesh.md) in SQLMesh's Jinja context: the
// built-in time variables, var('name', default), gateway, this_model. Rendering happens before the
// body is split into statements and before macros render; every block's rendered text maps back
// to the line where the block begins.
import { Template } from '@huggingface/jinja';
import { ModelError } from '../../errors';
import { THIS_MODEL_PLACEHOLDER } from '../model-body';
import { TextBuilder, type Edit } from '../source-map';
import type { MacroTimes } from './macros';

export interface JinjaContext {
  variables: Record<string, unknown>;
  times: MacroTimes;
  gateway?: string;
  /** Config variables read through var() (part of the model's identity). */
  used: Set<string>;
  file: string;
}

const BLOCK = /\bJINJA_(QUERY|STATEMENT)_BEGIN\s*;([\s\S]*?)\bJINJA_END\s*;/gi;

/** Whether `text` holds a Jinja block at all (cheap check before rendering). */
export function hasJinja(text: string): boolean {
  return /\bJINJA_(QUERY|STATEMENT)_BEGIN\b/i.test(text);
}

/**
 * `text` with each Jinja block replaced by its rendered SQL (a query block ends with `;` so the
 * body splitter sees one statement), and the edits mapping the result back to `text`.
 */
export function renderJinjaBlocks(text: string, ctx: JinjaContext, from = 0): { text: string; edits: Edit[]; statementBlocks: [number, number][] } {
  const out = new TextBuilder(text);
  const context = jinjaContext(ctx);
  const statementKinds: boolean[] = [];
  let unmatchedFrom = from;
  BLOCK.lastIndex = from;
  for (let m = BLOCK.exec(text); m; m = BLOCK.exec(text)) {
    strayMarker(text, unmatchedFrom, m.index, ctx.file);
    unmatchedFrom = m.index + m[0].length;
    const line = text.slice(0, m.index).split('\n').length;
    let rendered: string;
    try {
      rendered = new Template(m[2]!).render(context);
    } catch (e) {
      throw new ModelError(`Jinja block starting here cannot be rendered: ${(e as Error).message}`, ctx.file, line);
    }
    const body = rendered.trim().replace(/;\s*$/, '');
    // Keep the block's line count where the rendering is shorter, so later lines keep their numbers.
    const lines = (x: string) => x.split('\n').length;
    const pad = '\n'.repeat(Math.max(0, lines(m[0]) - lines(body)));
    out.replace(m.index, m.index + m[0].length, `${body ? `${body};` : ''}${pad}`);
    if (m[1]!.toUpperCase() === 'STATEMENT') statementKinds.push(true);
    else statementKinds.push(false);
  }
  strayMarker(text, unmatchedFrom, text.length, ctx.file);
  const { text: result, map } = out.finish();
  const edits = map.editsList;
  // Where each STATEMENT block's rendering sits in the result: statements there are never the query.
  const statementBlocks = edits.filter((_, k) => statementKinds[k]).map((e): [number, number] => [e.outStart, e.outEnd]);
  return { text: result, edits, statementBlocks };
}

// A block marker outside a complete block would otherwise reach the warehouse as SQL.
const MARKER = /\bJINJA_(QUERY_BEGIN|STATEMENT_BEGIN|END)\b/gi;

function strayMarker(text: string, start: number, end: number, file: string): void {
  MARKER.lastIndex = start;
  const m = MARKER.exec(text);
  if (!m || m.index >= end) return;
  const line = text.slice(0, m.index).split('\n').length;
  const marker = m[0].toUpperCase();
  const message =
    marker === 'JINJA_END'
      ? 'JINJA_END without a JINJA_QUERY_BEGIN; or JINJA_STATEMENT_BEGIN; before it'
      : `${marker} without a JINJA_END; after it (a Jinja block runs from ${marker}; to JINJA_END;)`;
  throw new ModelError(message, file, line);
}

function jinjaContext(ctx: JinjaContext): Record<string, unknown> {
  const iso = (d: Date) => d.toISOString();
  const values: Record<string, unknown> = {};
  for (const prefix of ['start', 'end', 'execution'] as const) {
    const d = ctx.times[prefix];
    values[`${prefix}_ds`] = iso(d).slice(0, 10);
    values[`${prefix}_date`] = iso(d).slice(0, 10);
    values[`${prefix}_ts`] = `${iso(d).slice(0, 10)} ${iso(d).slice(11, 19)}`;
    values[`${prefix}_dt`] = values[`${prefix}_ts`];
    values[`${prefix}_epoch`] = Math.floor(d.getTime() / 1000);
    values[`${prefix}_millis`] = d.getTime();
  }
  return {
    ...values,
    gateway: ctx.gateway ?? 'default',
    runtime_stage: 'evaluating',
    this_model: THIS_MODEL_PLACEHOLDER,
    var: (name: unknown, fallback: unknown = null) => {
      const key = String(name).toLowerCase();
      ctx.used.add(key);
      return key in ctx.variables ? ctx.variables[key] : fallback;
    },
  };
}
