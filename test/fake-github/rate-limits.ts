/**
 * GitHub's rate limits on the REST API ("Rate limits for the REST API"), enforced per token and
 * off unless configured. Windows are in milliseconds, so a test or a benchmark can run GitHub's
 * limits scaled down in time (a minute-long window as 2 s); `retry-after` stays whole seconds,
 * rounded up, and a token is held to exactly what it was told.
 *
 * - Primary: `limit` requests per token per window. The window opens with a token's first
 *   request and closes on a whole second, the `x-ratelimit-reset` every answer names, so a client
 *   that waits until then finds a fresh budget. Used up: 403 (or 429) until the reset.
 * - Secondary: at most `concurrent` requests of a token in flight; at most `points` per window per
 *   token per endpoint (a GET costs 1, PUT/POST/PATCH/DELETE 5; the endpoint is the route's
 *   method and path template, see router.ts). Refused with 403 (or 429), and the token is then
 *   refused everything until the wait it was told has passed: `retry-after` seconds, or one
 *   secondary window (GitHub's "at least a minute") when `retry-after` is configured absent.
 *   A refusal while waiting names the wait that is left; without `retry-after` it can only say
 *   "at least a minute" again, so a request sent too early then pushes the wait back a window.
 *
 * A refused request uses no budget and no points.
 */
import {
  HttpProblem,
  PRIMARY_LIMIT_DOCS,
  SECONDARY_LIMIT_DOCS,
  primaryLimitMessage,
  problemAnswer,
  secondaryLimitMessage,
  type Answer,
} from './problems.ts';
import type { FakeToken } from './tokens.ts';

export interface PrimaryLimit {
  /** Requests per token per window (GitHub: 5,000 an hour for a person, 1,000 for GITHUB_TOKEN). */
  limit: number;
  /** Default an hour. */
  windowMs?: number;
  /** The status of a refusal (default 403, GitHub's usual; it also answers 429). */
  status?: 403 | 429;
}

export interface SecondaryLimit {
  /** Requests of one token in flight at once (GitHub: 100). Default: no limit. */
  concurrent?: number;
  /** Points per window per token per endpoint (GitHub: 900 a minute). Default: no limit. */
  points?: number;
  /** The window of `points`, and the wait of a refusal without retry-after; default a minute. */
  windowMs?: number;
  /** Default 403. */
  status?: 403 | 429;
  /** present (default): refusals carry retry-after; absent: the client must wait a window. */
  retryAfter?: 'present' | 'absent';
}

export interface RateLimitOptions {
  primary?: PrimaryLimit;
  secondary?: SecondaryLimit;
  /**
   * How long GitHub's second lasts here (default 1,000 ms): the unit of `retry-after`, of the
   * wait a refusal of concurrency asks for, and of a minute's window by default. A client run
   * with the same second (the action honours DEVIN_KEYS_ACTION_GITHUB_SECOND_MS against a
   * loopback GitHub) sees GitHub's limits scaled down in time.
   */
  secondMs?: number;
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** What answers carried before limits were modelled, and still carry while primary is off. */
export const UNLIMITED_HEADERS: Readonly<Record<string, string>> = {
  'x-ratelimit-limit': '1000',
  'x-ratelimit-remaining': '999',
};

/** GitHub's points: a read costs 1, anything that may change something 5. */
export function pointsOf(method: string): number {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 1 : 5;
}

export type Admission =
  | { admitted: true; headers: Record<string, string>; release: () => void }
  | { admitted: false; answer: Answer };

interface PrimaryWindow {
  endMs: number;
  used: number;
}

interface SecondaryState {
  blockedUntilMs: number;
  inFlight: number;
  /** Points spent per endpoint, oldest first. */
  spent: Map<string, { atMs: number; points: number }[]>;
}

const ceilToSecondMs = (ms: number): number => Math.ceil(ms / 1000) * 1000;

export class RateLimiter {
  private readonly primaryWindows = new Map<string, PrimaryWindow>();
  private readonly secondaryStates = new Map<string, SecondaryState>();

  private readonly options: RateLimitOptions;
  private readonly now: () => number;

  constructor(options: RateLimitOptions, now: () => number) {
    this.options = options;
    this.now = now;
  }

  private get secondMs(): number {
    return this.options.secondMs ?? 1000;
  }

  /** The secondary window: a minute of this stand-in's seconds unless given. */
  private get secondaryWindowMs(): number {
    return this.options.secondary?.windowMs ?? 60 * this.secondMs;
  }

  /** Admits the request or answers it with GitHub's refusal. */
  admit(token: FakeToken, endpoint: string, method: string, requestId: string): Admission {
    const nowMs = this.now();
    const window = this.primaryWindowOf(token, nowMs);
    const limit = this.primaryLimitOf(token);
    if (window !== undefined && window.used >= limit) {
      const problem = new HttpProblem(
        this.options.primary?.status ?? 403,
        primaryLimitMessage(token.kind, token.id, requestId, nowMs),
      );
      return {
        admitted: false,
        answer: {
          ...problemAnswer(problem, PRIMARY_LIMIT_DOCS),
          headers: this.primaryHeaders(window, limit),
        },
      };
    }
    const refusal = this.secondaryRefusal(token, endpoint, method, nowMs, requestId);
    if (refusal !== undefined) {
      return {
        admitted: false,
        answer: { ...refusal, headers: { ...this.headersOf(window, limit), ...refusal.headers } },
      };
    }
    if (window !== undefined) window.used++;
    const state = this.secondaryStateOf(token);
    if (this.options.secondary?.points !== undefined) {
      this.spentOn(state, endpoint, nowMs).push({ atMs: nowMs, points: pointsOf(method) });
    }
    state.inFlight++;
    let released = false;
    return {
      admitted: true,
      headers: this.headersOf(window, limit),
      release: () => {
        if (released) return;
        released = true;
        state.inFlight--;
      },
    };
  }

  private primaryLimitOf(token: FakeToken): number {
    return token.rateLimit ?? this.options.primary?.limit ?? Infinity;
  }

  /** The token's window now, opened afresh when the last one has closed; undefined when off. */
  private primaryWindowOf(token: FakeToken, nowMs: number): PrimaryWindow | undefined {
    if (this.options.primary === undefined) return undefined;
    let window = this.primaryWindows.get(token.token);
    if (window === undefined || nowMs >= window.endMs) {
      window = {
        endMs: ceilToSecondMs(nowMs + (this.options.primary.windowMs ?? HOUR_MS)),
        used: 0,
      };
      this.primaryWindows.set(token.token, window);
    }
    return window;
  }

  private primaryHeaders(window: PrimaryWindow, limit: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(limit - window.used, 0)),
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-reset': String(window.endMs / 1000),
      'x-ratelimit-resource': 'core',
    };
  }

  private headersOf(window: PrimaryWindow | undefined, limit: number): Record<string, string> {
    return window === undefined ? { ...UNLIMITED_HEADERS } : this.primaryHeaders(window, limit);
  }

  private secondaryStateOf(token: FakeToken): SecondaryState {
    let state = this.secondaryStates.get(token.token);
    if (state === undefined) {
      state = { blockedUntilMs: -Infinity, inFlight: 0, spent: new Map() };
      this.secondaryStates.set(token.token, state);
    }
    return state;
  }

  /** The endpoint's spending still inside the window. */
  private spentOn(
    state: SecondaryState,
    endpoint: string,
    nowMs: number,
  ): { atMs: number; points: number }[] {
    const windowMs = this.secondaryWindowMs;
    const spent = (state.spent.get(endpoint) ?? []).filter(
      (entry) => entry.atMs > nowMs - windowMs,
    );
    state.spent.set(endpoint, spent);
    return spent;
  }

  /** How long until enough points leave the window for this request's cost. */
  private pointsWaitMs(
    spent: readonly { atMs: number; points: number }[],
    cost: number,
    limit: number,
    nowMs: number,
  ): number | undefined {
    const windowMs = this.secondaryWindowMs;
    const total = spent.reduce((sum, entry) => sum + entry.points, 0);
    const excess = total + cost - limit;
    if (excess <= 0) return undefined;
    let freed = 0;
    for (const entry of spent) {
      freed += entry.points;
      if (freed >= excess) return entry.atMs + windowMs - nowMs;
    }
    return windowMs;
  }

  private secondaryRefusal(
    token: FakeToken,
    endpoint: string,
    method: string,
    nowMs: number,
    requestId: string,
  ): Answer | undefined {
    const secondary = this.options.secondary;
    if (secondary === undefined) return undefined;
    const state = this.secondaryStateOf(token);
    let waitMs: number | undefined;
    if (nowMs < state.blockedUntilMs) waitMs = state.blockedUntilMs - nowMs;
    else if (secondary.concurrent !== undefined && state.inFlight >= secondary.concurrent) {
      // A refusal of concurrency asks for a second.
      waitMs = this.secondMs;
    } else if (secondary.points !== undefined) {
      const spent = this.spentOn(state, endpoint, nowMs);
      waitMs = this.pointsWaitMs(spent, pointsOf(method), secondary.points, nowMs);
    }
    if (waitMs === undefined) return undefined;
    const headers: Record<string, string> = {};
    if (secondary.retryAfter === 'absent') {
      state.blockedUntilMs = Math.max(state.blockedUntilMs, nowMs + this.secondaryWindowMs);
    } else {
      const seconds = Math.max(Math.ceil(waitMs / this.secondMs), 1);
      headers['retry-after'] = String(seconds);
      state.blockedUntilMs = Math.max(state.blockedUntilMs, nowMs + seconds * this.secondMs);
    }
    const problem = new HttpProblem(secondary.status ?? 403, secondaryLimitMessage(requestId));
    return { ...problemAnswer(problem, SECONDARY_LIMIT_DOCS), headers };
  }
}
