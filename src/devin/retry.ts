/**
 * The retry policy of Cognition's own Terraform provider (api/README.md, "Retries and
 * idempotency"), as pure functions so that it can be tested without a network or a clock.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What one attempt ended with. */
type AttemptOutcome =
  | { kind: 'response'; status: number }
  /** `sent: false` only when the connection failed before any byte of the request left. */
  | { kind: 'network'; sent: boolean };

const BASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 20_000;
/** The longest wait the action allows: a Retry-After beyond it ends the request (transport.ts). */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * GET, PUT and DELETE can be repeated without harm (a secret's PUT writes the same value again);
 * a POST may mint a key, or open an issue, each time it lands.
 */
function isIdempotent(method: HttpMethod): boolean {
  return method === 'GET' || method === 'PUT' || method === 'DELETE';
}

/**
 * Whether another attempt can succeed and is safe: 429 means the request was not processed,
 * and a connection that failed before sending carried nothing. Everything else is repeated
 * only for idempotent methods, and only where waiting can help (5xx, lost connections).
 */
export function isRetryable(method: HttpMethod, outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'network') return !outcome.sent || isIdempotent(method);
  if (outcome.status === 429) return true;
  return outcome.status >= 500 && outcome.status <= 599 && isIdempotent(method);
}

/**
 * Milliseconds a Retry-After header asks for: delay-seconds or an HTTP date, relative to
 * `nowMs`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  // Every HTTP date form starts with the day's name; Date.parse would also take "-5" as a year.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * Delay before retry number `retry` (0 for the first retry): what the server asked for, capped,
 * or else full-jitter exponential backoff (a uniform draw up to base * 2^retry).
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.floor(random() * ceiling);
}
