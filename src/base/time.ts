/** "2026-11-24T19:16:55.000Z" */
export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** "2026-11-24" */
export function isoDay(unixSeconds: number): string {
  return isoTime(unixSeconds).slice(0, 10);
}
