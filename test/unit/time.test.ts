import { isoDay, isoTime } from '../../src/base/time.ts';

const viaDate = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

test('isoTime writes what Date#toISOString writes, on and between day edges', () => {
  const samples = [
    0, 59, 60, 3599, 3600, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 1_764_000_000,
    1_764_000_000.5, 1_764_000_000.001, 1_764_000_000.999, 4_102_444_799 /* 2099-12-31 23:59:59 */,
  ];
  // And a spread over four centuries, where leap years and month lengths all come round.
  for (let seconds = 0; seconds < 12_622_780_800; seconds += 9_876_543.21) samples.push(seconds);
  for (const seconds of samples)
    expect([seconds, isoTime(seconds)]).toEqual([seconds, viaDate(seconds)]);
});

test('isoTime leaves times before 1970 and after 9999 to Date', () => {
  for (const seconds of [-1, -86_400.5, 253_402_300_800, 300_000_000_000]) {
    expect(isoTime(seconds)).toBe(viaDate(seconds));
  }
});

test('isoDay is the date part', () => {
  expect(isoDay(1_764_000_000)).toBe('2025-11-24');
  expect(isoDay(86_399)).toBe('1970-01-01');
  for (let seconds = -86_400.5; seconds < 300_000_000_000; seconds += 987_654_321.123) {
    expect([seconds, isoDay(seconds)]).toEqual([seconds, viaDate(seconds).slice(0, 10)]);
  }
});

test('a time no Date can hold is shown as out of range, not thrown', () => {
  for (const seconds of [9e12, -9e12, 1e300, Number.POSITIVE_INFINITY]) {
    expect(isoTime(seconds)).toBe(`out of range (${seconds} s from 1970)`);
    expect(isoDay(seconds)).toBe(`out of range (${seconds} s from 1970)`);
  }
  expect(isoTime(8.64e12)).toBe(viaDate(8.64e12));
});
