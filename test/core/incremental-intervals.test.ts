// The pure interval arithmetic of incremental models (src/core/intervals.ts, src/project/schedule.ts):
// what is missing, lookback, batches, the preview window, and when an interval is complete.
import { batchesOf, countIntervals, expectedRange, missingIntervals, windowRange } from '../../src/core/intervals';
import { lastCompleteEnd, unitOfCron, type ModelSchedule } from '../../src/project/schedule';

const DAY = 86_400_000;
const d = (day: number, hour = 0) => Date.UTC(2024, 0, day, hour);
const days = (...list: number[]) => list.map((n) => ({ start: d(n), end: d(n + 1) }));

const daily: ModelSchedule = { cron: '@daily', unit: 'day', start: { at: d(1) }, end: null, batchSize: null, lookback: 0 };

test('missing intervals are the target minus what is recorded', () => {
  expect(missingIntervals({ start: d(1), end: d(6) }, 'day', [{ start: d(2), end: d(4) }])).toEqual(days(1, 4, 5));
  expect(missingIntervals({ start: d(1), end: d(4) }, 'day', [{ start: d(1), end: d(4) }])).toEqual([]);
});

test('lookback adds the n intervals before each missing one, and never cascades from those it added', () => {
  const filled = [{ start: d(1), end: d(11) }];
  // Jan 11 is missing: Jan 9 and 10 come with it, nothing earlier.
  expect(missingIntervals({ start: d(1), end: d(12) }, 'day', filled, 2)).toEqual(days(9, 10, 11));
  // Two missing, far apart: each brings its own lookback.
  expect(missingIntervals({ start: d(1), end: d(12) }, 'day', [{ start: d(1), end: d(5) }, { start: d(6), end: d(11) }], 1)).toEqual(days(4, 5, 10, 11));
  // Lookback never reaches before the target's start.
  expect(missingIntervals({ start: d(1), end: d(2) }, 'day', [], 3)).toEqual(days(1));
});

test('batches: at most batch_size intervals, never across a gap; without batch_size one batch per contiguous run', () => {
  const missing = days(1, 2, 3, 5, 6);
  expect(batchesOf(missing, 2).map((b) => b.length)).toEqual([2, 1, 2]);
  expect(batchesOf(missing, null).map((b) => [b[0]!.start, b[b.length - 1]!.end])).toEqual([
    [d(1), d(4)],
    [d(5), d(7)],
  ]);
});

test('the whole history ends at the last complete interval; the preview window is its last part', () => {
  expect(expectedRange(daily, d(11, 6))).toEqual({ start: d(1), end: d(11) });
  expect(windowRange(daily, d(11, 6), 3 * 86400)).toEqual({ start: d(8), end: d(11) });
  // A window longer than the history is the history.
  expect(windowRange(daily, d(3, 6), 30 * 86400)).toEqual({ start: d(1), end: d(3) });
  expect(countIntervals([{ start: d(1), end: d(11) }], 'day')).toBe(10);
});

test('a cron later in the day delays the interval until it fires', () => {
  const at3 = { ...daily, cron: '0 3 * * *' };
  expect(lastCompleteEnd(at3, d(11, 2))).toBe(d(10));
  expect(lastCompleteEnd(at3, d(11, 4))).toBe(d(11));
  expect(unitOfCron('@hourly')).toBe('hour');
  expect(unitOfCron('@weekly')).toBe('day');
  expect(unitOfCron('@monthly')).toBe('month');
  expect(d(2) - d(1)).toBe(DAY);
});
