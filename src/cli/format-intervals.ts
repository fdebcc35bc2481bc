// Terminal and JSON renderings of incremental models' intervals (plan, apply, run, env).

import type { ApplyResult, Plan, TimeSpan } from '../core/types';
import { unitAdjective } from '../project/schedule';

export function intervalsJson(plan: Plan) {
  return plan.models
  .filter((m) => m.intervals)
  .map((m) => {
    const iv = m.intervals!;
    return {
      name: m.name,
      unit: iv.unit,
      target: span(iv.target),
      window: iv.window,
      filled: iv.filled.map(span),
      batches: iv.batches.map(span),
      intervals: iv.intervals,
      ...(iv.promotionBackfill !== undefined ? { promotionBackfill: iv.promotionBackfill } : {}),
    };
  });
}

function span(r: TimeSpan): { start: string; end: string } {
  return { start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString() };
}

/** `2024-01-01` at midnight (UTC), else `2024-01-01 06:00`. */
function instant(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.slice(11) === '00:00:00.000Z' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** `2024-01-01 → 2024-01-08` (the end is exclusive: the next interval's start). */
export function spanText(r: TimeSpan): string {
  return `${instant(r.start)} → ${instant(r.end)}`;
}

/** One line per incremental model with work: what this plan processes and why. */
export function intervalLines(plan: Plan): string[] {
  const out: string[] = [];
  for (const m of plan.models) {
    const iv = m.intervals;
    if (!iv) continue;
    const unit = unitAdjective(iv.unit);
    const what = iv.batches.length
      ? `${iv.batches.length === 1 ? spanText(iv.batches[0]!) : `${spanText({ start: iv.batches[0]!.start, end: iv.batches[iv.batches.length - 1]!.end })}`}, ${iv.intervals} ${unit} interval${iv.intervals === 1 ? '' : 's'} in ${iv.batches.length} batch${iv.batches.length === 1 ? '' : 'es'}`
      : `up to date (${iv.filled.map(spanText).join(', ') || 'nothing due'})`;
    const notes = [
      iv.window ? `preview window ${spanText(iv.target)}` : '',
      iv.promotionBackfill ? `on promotion: ${iv.promotionBackfill} ${unit} interval${iv.promotionBackfill === 1 ? '' : 's'} backfilled` : '',
      m.forwardOnly === 'keep' ? 'forward-only: keeps its table' : m.forwardOnly === 'preview' ? 'forward-only: previewed on its own table, discarded on promotion' : '',
    ].filter(Boolean);
    out.push(`${m.name}: ${what}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  for (const m of plan.models) if (m.refresh) out.push(`${m.name}: refreshed in place (what it reads changed)`);
  return out;
}

export function processedText(r: Pick<ApplyResult, 'processed' | 'refreshed'>): string {
  const intervals = r.processed.reduce((n, p) => n + p.intervals, 0);
  const batches = r.processed.reduce((n, p) => n + p.batches, 0);
  return `${intervals ? `${intervals} intervals in ${batches} batches, ` : ''}${r.refreshed.length ? `${r.refreshed.length} refreshed, ` : ''}`;
}
