// An incremental project for tests: a source table of events the test owns (`src.events`, so it
// can add late rows), an INCREMENTAL_BY_TIME_RANGE model over it, a FULL and an incremental child,
// and helpers that compute what a clean build of each model holds straight from the source.
import type { Engine } from '../../src/engines/types';
import { makeProject, type TestProject } from './project';

export const JAN = (day: number, hour = 0) => new Date(Date.UTC(2024, 0, day, hour));

/** Models: marts.events (batch_size 1), marts.item_totals (FULL), marts.daily (incremental child). */
export function incrementalFiles(opts: { batchSize?: number; lookback?: number; config?: string } = {}): Record<string, string> {
  const params = [`time_column event_date`, ...(opts.batchSize !== undefined ? [`batch_size ${opts.batchSize}`] : []), ...(opts.lookback ? [`lookback ${opts.lookback}`] : [])];
  return {
    ...(opts.config !== undefined ? { 'vde.yaml': opts.config } : {}),
    'models/marts/events.sql':
      `MODEL (\n  name marts.events,\n  kind INCREMENTAL_BY_TIME_RANGE (${params.join(', ')}),\n  start '2024-01-01',\n  cron '@daily',\n  grain id\n);\n\n` +
      'SELECT id, item_id, event_date, amount\nFROM src.events\nWHERE event_date BETWEEN @start_ds AND @end_ds\n',
    'models/marts/item_totals.sql':
      'MODEL (name marts.item_totals, kind FULL, grain item_id);\n\nSELECT item_id, count(*) AS events, sum(amount) AS amount\nFROM marts.events\nGROUP BY item_id\n',
    'models/marts/daily.sql':
      "MODEL (\n  name marts.daily,\n  kind INCREMENTAL_BY_TIME_RANGE (time_column event_date),\n  start '2024-01-01',\n  grain event_date\n);\n\n" +
      'SELECT event_date, count(*) AS events, sum(amount) AS amount\nFROM marts.events\nWHERE event_date BETWEEN @start_date AND @end_date\nGROUP BY event_date\n',
  };
}

export function incrementalProject(opts: Parameters<typeof incrementalFiles>[0] = {}): TestProject {
  return makeProject(incrementalFiles(opts));
}

/** Creates src.events: `perDay` events a day from 2024-01-01 for `days` days (ids from 1). */
export async function createSource(engine: Engine, days = 60, perDay = 3): Promise<void> {
  await engine.query('CREATE SCHEMA IF NOT EXISTS src');
  await engine.query('DROP TABLE IF EXISTS src.events');
  await engine.query('CREATE TABLE src.events (id bigint, item_id int, event_date date, amount numeric(10,2))');
  await engine.query(
    `INSERT INTO src.events SELECT n + 1, (n % 4) + 1, DATE '2024-01-01' + (n / ${perDay})::int, ((n % 7) + 1) * 1.5 FROM generate_series(0, ${days * perDay - 1}) AS n`,
  );
}

export async function rows(engine: Engine, sql: string): Promise<Record<string, unknown>[]> {
  return (await engine.query(sql)).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v)])));
}

/** What a clean build of marts.events holds for days [from, to) (1-based January days). */
export function cleanEvents(engine: Engine, from: number, to: number): Promise<Record<string, unknown>[]> {
  return rows(engine, `SELECT id, item_id, event_date, amount FROM src.events WHERE event_date >= DATE '2024-01-01' + ${from - 1} AND event_date < DATE '2024-01-01' + ${to - 1} ORDER BY id`);
}

/** The rows of a relation in a stable order. */
export function relationRows(engine: Engine, relation: string, order: string): Promise<Record<string, unknown>[]> {
  return rows(engine, `SELECT * FROM ${relation} ORDER BY ${order}`);
}
