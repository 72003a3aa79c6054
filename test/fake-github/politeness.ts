/**
 * A recorder of how a client behaves under GitHub's limits, judged only by what each answer told
 * it (whoever sent the answer: the limits, or a scripted fault):
 * - after `retry-after` (seconds or an HTTP date), its token must wait that long;
 * - after a secondary-limit refusal without `retry-after`, at least a minute (one secondary
 *   window when the limits are scaled down);
 * - after `x-ratelimit-remaining: 0`, until `x-ratelimit-reset`.
 * A request that arrives before its token's wait has passed is a violation. Alongside: the most
 * requests in flight at once, the count of mutating requests and the shortest gap between two
 * of them, and each token's requests and points by endpoint, from which `leastTimeAllowedMs`
 * computes the least time the limits allow for the same workload.
 */
import { HOUR_MS, MINUTE_MS, pointsOf, type RateLimitOptions } from './rate-limits.ts';

export type WaitReason =
  'retry-after' | 'secondary limit without retry-after' | 'x-ratelimit-reset';

export interface PolitenessViolation {
  /** The token presented, '' for none. */
  token: string;
  method: string;
  path: string;
  /** Epoch milliseconds. */
  arrivedAtMs: number;
  /** Until when its token had been told to wait. */
  waitUntilMs: number;
  reason: WaitReason;
}

export interface EndpointUse {
  token: string;
  /** Method and route template, as the secondary limit counts them. */
  endpoint: string;
  requests: number;
  points: number;
}

export interface PolitenessRecord {
  /** Every request sent while its token had been told to wait; empty for a polite client. */
  violations: PolitenessViolation[];
  requests: number;
  maxInFlight: number;
  /** PUT, POST, PATCH and DELETE requests; shortestGapMs between two arrivals, null below two. */
  mutating: { count: number; shortestGapMs: number | null };
  tokens: { token: string; requests: number }[];
  endpoints: EndpointUse[];
  firstArrivalAtMs: number | null;
  lastArrivalAtMs: number | null;
}

export interface Arrival {
  token: string;
  method: string;
  path: string;
  atMs: number;
  finished: boolean;
}

interface Wait {
  untilMs: number;
  reason: WaitReason;
}

const MUTATING = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/** Milliseconds from `nowMs` a retry-after asks for; undefined when it says nothing usable. */
function retryAfterMs(value: string, nowMs: number, secondMs: number): number | undefined {
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * secondMs;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - nowMs;
}

function messageOf(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const { message } = body;
    return typeof message === 'string' ? message : '';
  }
  return typeof body === 'string' ? body : '';
}

export class PolitenessRecorder {
  private readonly waits = new Map<string, Wait>();
  private readonly violations: PolitenessViolation[] = [];
  private readonly perToken = new Map<string, number>();
  private readonly perEndpoint = new Map<string, EndpointUse>();
  private inFlight = 0;
  private maxInFlight = 0;
  private requests = 0;
  private mutatingCount = 0;
  private lastMutatingAtMs: number | undefined;
  private shortestGapMs: number | null = null;
  private firstArrivalAtMs: number | null = null;
  private lastArrivalAtMs: number | null = null;

  private readonly now: () => number;
  private readonly minuteMs: number;
  private readonly secondMs: number;

  /**
   * `minuteMs`: the wait a secondary refusal without retry-after asks for; `secondMs`: the unit
   * of retry-after (GitHub's second, as the stand-in keeps it).
   */
  constructor(now: () => number, minuteMs: number = MINUTE_MS, secondMs = 1000) {
    this.now = now;
    this.minuteMs = minuteMs;
    this.secondMs = secondMs;
  }

  arrived(token: string, method: string, path: string, endpoint: string): Arrival {
    const atMs = this.now();
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.firstArrivalAtMs ??= atMs;
    this.lastArrivalAtMs = atMs;
    this.perToken.set(token, (this.perToken.get(token) ?? 0) + 1);
    const key = `${token}\u0000${endpoint}`;
    const use = this.perEndpoint.get(key) ?? { token, endpoint, requests: 0, points: 0 };
    use.requests++;
    use.points += pointsOf(method);
    this.perEndpoint.set(key, use);
    if (MUTATING.has(method)) {
      this.mutatingCount++;
      if (this.lastMutatingAtMs !== undefined) {
        const gap = atMs - this.lastMutatingAtMs;
        this.shortestGapMs = this.shortestGapMs === null ? gap : Math.min(this.shortestGapMs, gap);
      }
      this.lastMutatingAtMs = atMs;
    }
    const wait = this.waits.get(token);
    if (wait !== undefined && atMs < wait.untilMs) {
      this.violations.push({
        token,
        method,
        path,
        arrivedAtMs: atMs,
        waitUntilMs: wait.untilMs,
        reason: wait.reason,
      });
    }
    return { token, method, path, atMs, finished: false };
  }

  /** Learns from an answer as it leaves what its token is now told to wait for. */
  answered(arrival: Arrival, status: number, headers: Record<string, string>, body: unknown): void {
    const nowMs = this.now();
    const header = (name: string): string | undefined =>
      Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    const retryAfter = header('retry-after');
    const askedMs =
      retryAfter === undefined ? undefined : retryAfterMs(retryAfter, nowMs, this.secondMs);
    if (askedMs !== undefined) this.tell(arrival.token, nowMs + askedMs, 'retry-after');
    else if ((status === 403 || status === 429) && /secondary rate limit/i.test(messageOf(body))) {
      this.tell(arrival.token, nowMs + this.minuteMs, 'secondary limit without retry-after');
    }
    const reset = Number(header('x-ratelimit-reset'));
    if (header('x-ratelimit-remaining') === '0' && Number.isFinite(reset)) {
      this.tell(arrival.token, reset * 1000, 'x-ratelimit-reset');
    }
  }

  private tell(token: string, untilMs: number, reason: WaitReason): void {
    const wait = this.waits.get(token);
    if (wait === undefined || untilMs > wait.untilMs) this.waits.set(token, { untilMs, reason });
  }

  finished(arrival: Arrival): void {
    if (arrival.finished) return;
    arrival.finished = true;
    this.inFlight--;
  }

  snapshot(): PolitenessRecord {
    return {
      violations: this.violations.map((violation) => ({ ...violation })),
      requests: this.requests,
      maxInFlight: this.maxInFlight,
      mutating: { count: this.mutatingCount, shortestGapMs: this.shortestGapMs },
      tokens: [...this.perToken].map(([token, requests]) => ({ token, requests })),
      endpoints: [...this.perEndpoint.values()].map((use) => ({ ...use })),
      firstArrivalAtMs: this.firstArrivalAtMs,
      lastArrivalAtMs: this.lastArrivalAtMs,
    };
  }
}

export interface Workload {
  /** The requests of each token, and its budget when it is not the limits' own. */
  tokens: readonly { requests: number; rateLimit?: number }[];
  /** The points each token spends on each endpoint. */
  endpoints: readonly { points: number }[];
  /** Mutating requests, paced `mutatingGapMs` apart when that is given. */
  mutating: number;
}

/**
 * The least time, from the first request to the last, that the limits allow for a workload:
 * a token with n requests and a budget of L waits out ceil(n / L) - 1 whole windows, an endpoint
 * with p points of a token ceil(p / P) - 1 secondary windows; mutating requests paced as GitHub
 * asks (a second apart) take (count - 1) gaps. The largest of these.
 */
export function leastTimeAllowedMs(
  limits: RateLimitOptions,
  workload: Workload,
  mutatingGapMs = 0,
): number {
  const { primary, secondary } = limits;
  const bounds = [Math.max(workload.mutating - 1, 0) * mutatingGapMs];
  if (primary !== undefined) {
    for (const token of workload.tokens) {
      const limit = token.rateLimit ?? primary.limit;
      bounds.push(
        Math.max(Math.ceil(token.requests / limit) - 1, 0) * (primary.windowMs ?? HOUR_MS),
      );
    }
  }
  if (secondary?.points !== undefined) {
    for (const endpoint of workload.endpoints) {
      const windows = Math.max(Math.ceil(endpoint.points / secondary.points) - 1, 0);
      bounds.push(windows * (secondary.windowMs ?? MINUTE_MS));
    }
  }
  return Math.max(...bounds);
}
