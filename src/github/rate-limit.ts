/**
 * GitHub's rate limits, read from its answers (api/README.md, "GitHub's rate limits"): pure
 * functions of the status, the headers and the message, so that every case is tested without a
 * network or a clock.
 */
import { isoTime } from '../base/time.ts';

/** Which of GitHub's limits refused, or is used up. */
export type LimitKind = 'primary' | 'secondary';

/** GitHub told the client to wait: which limit, and until when. */
export interface LimitWait {
  kind: LimitKind;
  /** Milliseconds since 1970: nothing may be sent before this. */
  untilMs: number;
}

/** Without `retry-after`, GitHub asks to wait at least a minute, then to back off exponentially. */
const SECONDARY_FALLBACK_SECONDS = 60;
/** One second past the reset, as GitHub's documentation advises. */
const PAST_RESET_MS = 1_000;

export interface LimitAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** GitHub's `message`, or the body's text; '' when there is none. */
  message: string;
}

/** How waits are measured: now, and how many milliseconds GitHub's second lasts (1,000). */
export interface LimitClock {
  nowMs: number;
  secondMs: number;
  /** How many secondary refusals without `retry-after` came before this one, in a row. */
  fallbacksBefore: number;
}

const SECONDARY_MESSAGE = /secondary rate limit|abuse detection/i;

/** A `retry-after` of whole seconds; undefined when absent or unreadable. */
function retryAfterSeconds(header: string | undefined): number | undefined {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}

/**
 * The wait a refusal asks for; undefined when the answer is no refusal by a rate limit (a 403
 * for want of a permission, say). A used-up primary limit waits for `x-ratelimit-reset`; a
 * secondary one for `retry-after`, or without it a minute, doubled with each refusal in a row.
 */
export function limitRefusal(answer: LimitAnswer, clock: LimitClock): LimitWait | undefined {
  if (answer.status !== 403 && answer.status !== 429) return undefined;
  const primary = primaryExhausted(answer.headers);
  if (primary !== undefined) return primary;
  const retryAfter = retryAfterSeconds(answer.headers['retry-after']);
  if (retryAfter !== undefined) {
    return { kind: 'secondary', untilMs: clock.nowMs + retryAfter * clock.secondMs };
  }
  if (answer.status === 429 || SECONDARY_MESSAGE.test(answer.message)) {
    const seconds = SECONDARY_FALLBACK_SECONDS * 2 ** Math.min(clock.fallbacksBefore, 5);
    return { kind: 'secondary', untilMs: clock.nowMs + seconds * clock.secondMs };
  }
  return undefined;
}

/**
 * The wait until the primary limit resets, when any answer (a success too) says it is used up:
 * the next request would be refused, so none is sent before the reset.
 */
export function primaryExhausted(
  headers: Readonly<Record<string, string | undefined>>,
): LimitWait | undefined {
  if (headers['x-ratelimit-remaining']?.trim() !== '0') return undefined;
  const reset = Number(headers['x-ratelimit-reset']);
  if (!Number.isInteger(reset) || reset <= 0) return undefined;
  return { kind: 'primary', untilMs: reset * 1_000 + PAST_RESET_MS };
}

/** "GitHub's secondary rate limit: waiting 60 s" */
export function waitingLine(wait: LimitWait, nowMs: number): string {
  const seconds = Math.max(1, Math.ceil((wait.untilMs - nowMs) / 1_000));
  return wait.kind === 'primary'
    ? `The primary rate limit of the GitHub token is used up until ${utcTime(wait.untilMs)}: waiting ${seconds} s.`
    : `GitHub's secondary rate limit: waiting ${seconds} s, as GitHub asks, before anything more is sent.`;
}

/** "14:05 UTC" (with the day when it is not today). */
export function utcTime(ms: number): string {
  const iso = isoTime(Math.floor(ms / 1_000));
  return `${iso.slice(11, 16)} UTC on ${iso.slice(0, 10)}`;
}

/** The refusal of a wait longer than the run may wait: what GitHub said, and when to run again. */
export function beyondWaitMessage(wait: LimitWait, maxWaitMs: number): string {
  const limit =
    wait.kind === 'primary'
      ? `the primary rate limit of the GitHub token is used up until ${utcTime(wait.untilMs)}`
      : `GitHub's secondary rate limit asks to wait until ${utcTime(wait.untilMs)}`;
  return (
    `${limit}, longer than the action waits (${Math.round(maxWaitMs / 60_000)} min), so nothing ` +
    `more was sent. Fix: run the job again after ${utcTime(wait.untilMs)}; a token with a higher ` +
    'limit (a GitHub App installation) or fewer repositories per job also helps.'
  );
}
