/**
 * ISO 8601 times of UNIX seconds, exactly as `Date#toISOString` writes them. An audit writes four
 * per key for up to a hundred thousand keys, and a Date per call was a tenth of its time; so the
 * date part is cached per day (an audit's keys share few days) and the time of day is arithmetic.
 */
const DAY_MS = 86_400_000;
/** Past the year 9999 the date part grows a sign and more digits: left to Date. */
const FAST_PATH_END_MS = Date.UTC(10_000, 0, 1);
const MAX_CACHED_DAYS = 4096;
const datePartOfDay = new Map<number, string>();

function datePart(day: number): string {
  let text = datePartOfDay.get(day);
  if (text === undefined) {
    if (datePartOfDay.size >= MAX_CACHED_DAYS) datePartOfDay.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    datePartOfDay.set(day, text);
  }
  return text;
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : `${value}`);
const pad3 = (value: number): string =>
  value < 10 ? `00${value}` : value < 100 ? `0${value}` : `${value}`;

/** The time in whole milliseconds, or undefined where it is left to Date. */
function fastPathMs(unixSeconds: number): number | undefined {
  const ms = Math.floor(unixSeconds * 1000);
  return ms >= 0 && ms < FAST_PATH_END_MS ? ms : undefined;
}

/** "2026-11-24T19:16:55.000Z" */
export function isoTime(unixSeconds: number): string {
  const ms = fastPathMs(unixSeconds);
  if (ms === undefined) return new Date(unixSeconds * 1000).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${datePart(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(millis)}Z`;
}

/** "2026-11-24" */
export function isoDay(unixSeconds: number): string {
  const ms = fastPathMs(unixSeconds);
  return ms === undefined ? isoTime(unixSeconds).slice(0, 10) : datePart(Math.floor(ms / DAY_MS));
}
