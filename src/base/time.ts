/** The furthest a Date reaches either side of 1970, in seconds: 100 million days. */
const MAX_DATE_SECONDS = 8.64e12;

/**
 * A time the API may send (it holds only that an expiry is in the future) but no Date can hold:
 * shown as what it is, so that a report about it still completes.
 */
function outOfRange(unixSeconds: number): string | undefined {
  return Number.isFinite(unixSeconds) && Math.abs(unixSeconds) <= MAX_DATE_SECONDS
    ? undefined
    : `out of range (${unixSeconds} s from 1970)`;
}

/** "2026-11-24T19:16:55.000Z" */
export function isoTime(unixSeconds: number): string {
  return outOfRange(unixSeconds) ?? new Date(unixSeconds * 1000).toISOString();
}

/** "2026-11-24" */
export function isoDay(unixSeconds: number): string {
  return outOfRange(unixSeconds) ?? isoTime(unixSeconds).slice(0, 10);
}
