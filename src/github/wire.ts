/**
 * The `fetch` every GitHub call goes out through: the one place that knows how GitHub wants to
 * be talked to. It sends nothing while GitHub has said to wait (a rate limit refused, or the
 * token's budget is used up until its reset), waits as GitHub asks and sends the refused request
 * again (a refusal by a limit was not processed), retries what can succeed on retry, never
 * follows a redirect, and bounds every attempt by timeout_seconds.
 */
import { fetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import {
  classifyNetworkFailure,
  noAnswerInTime,
  type NetworkFailure,
} from '../base/network-failure.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { isRetryable, retryDelayMs, type HttpMethod } from '../devin/retry.ts';
import type { GitHubPatience } from './clients.ts';
import {
  beyondWaitMessage,
  limitRefusal,
  primaryExhausted,
  waitingLine,
  type LimitWait,
} from './rate-limit.ts';

export interface WireOptions extends GitHubPatience {
  /** GITHUB_API_URL's origin: a redirect anywhere else is refused. */
  origin: string;
  dispatcher: Dispatcher;
  /** Told of every new wait, as a line for the log. */
  onWait: (line: string) => void;
}

/** A GitHub call that ended without an answer the action can use; the message says why. */
export class WireError extends Error {
  override readonly name: string = 'WireError';
}

/** No answer came: the connection failed, or no answer within timeout_seconds. */
export class NoAnswerError extends WireError {
  override readonly name = 'NoAnswerError';
  readonly failure: NetworkFailure;

  constructor(failure: NetworkFailure) {
    super(`no answer from GitHub (${failure.message})`);
    this.failure = failure;
  }
}

/**
 * GitHub answered with a redirect, which the action never follows: to another origin the token
 * must never go; within GitHub's, it says the repository was renamed or moved.
 */
export class RedirectRefusedError extends WireError {
  override readonly name = 'RedirectRefusedError';
  /** Whether the redirect stays on GitHub's origin (a renamed repository). */
  readonly sameOrigin: boolean;

  constructor(message: string, sameOrigin: boolean) {
    super(message);
    this.sameOrigin = sameOrigin;
  }
}

/** GitHub asked to wait longer than the run waits. */
export class LimitBeyondWaitError extends WireError {
  override readonly name = 'LimitBeyondWaitError';
  readonly wait: LimitWait;

  constructor(wait: LimitWait, maxWaitMs: number) {
    super(beyondWaitMessage(wait, maxWaitMs));
    this.wait = wait;
  }
}

/**
 * Spaces mutating requests (POST, PATCH, PUT, DELETE) at least GitHub's second apart, as its
 * best practices ask, and sends them one at a time: the spacing is between sends, after any wait
 * for a limit, so writes that waited together do not go out together.
 */
class WritePacer {
  private lastSentMs = Number.NEGATIVE_INFINITY;
  private turns: Promise<void> = Promise.resolve();
  private readonly options: WireOptions;
  private readonly gate: LimitGate;

  constructor(options: WireOptions, gate: LimitGate) {
    this.options = options;
    this.gate = gate;
  }

  /** Resolves when this write may be sent; a wait beyond the run's rejects it. */
  turn(): Promise<void> {
    const { now, sleep, secondMs } = this.options;
    const mine = this.turns.then(async () => {
      await sleep(Math.max(0, this.lastSentMs + secondMs - now()));
      await this.gate.clear();
      this.lastSentMs = now();
    });
    // A turn that failed (a wait beyond the run's) must not hold up the writes after it.
    this.turns = mine.catch(() => undefined);
    return mine;
  }
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The wire error behind what Octokit threw (it wraps what fetch throws, as `cause`). */
export function wireErrorOf(error: unknown): WireError | undefined {
  if (error instanceof WireError) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof WireError ? cause : undefined;
}

/** What a failure undici does not name is taken for: the request may have been processed. */
const LOST_CONNECTION: NetworkFailure = {
  reason: 'connection',
  sent: true,
  message: 'connection closed',
};
/** Waits for limits in one call, past which GitHub is taken to refuse for good. */
const MAX_LIMIT_WAITS = 20;

/** What GitHub has said about waiting, shared by every call of one token. */
class LimitGate {
  private wait: LimitWait | undefined;
  private fallbacks = 0;
  private readonly options: WireOptions;

  constructor(options: WireOptions) {
    this.options = options;
  }

  /** Records a wait; returns whether it is news (later than the one already held). */
  hold(wait: LimitWait): boolean {
    if (this.wait !== undefined && wait.untilMs <= this.wait.untilMs) return false;
    this.wait = wait;
    return true;
  }

  /** How many refusals without `retry-after` came in a row (their waits double). */
  get fallbacksInARow(): number {
    return this.fallbacks;
  }

  countFallback(given: boolean): void {
    this.fallbacks = given ? 0 : this.fallbacks + 1;
  }

  /** Resolves once nothing holds the way; throws when the wait is longer than the run waits. */
  async clear(): Promise<void> {
    const { now, sleep, maxWaitMs } = this.options;
    for (let wait = this.wait; wait !== undefined && wait.untilMs > now(); wait = this.wait) {
      if (wait.untilMs - now() > maxWaitMs) throw new LimitBeyondWaitError(wait, maxWaitMs);
      await sleep(wait.untilMs - now());
    }
  }
}

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers);
}

/** GitHub's `message` of an error body, or the text itself. */
function messageIn(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    const message = (body as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : text;
  } catch {
    return text;
  }
}

function methodOf(init: RequestInit): HttpMethod {
  return (init.method ?? 'GET').toUpperCase() as HttpMethod;
}

function stillLimited(wait: LimitWait): string {
  return (
    `GitHub's ${wait.kind} rate limit still refused after ${MAX_LIMIT_WAITS} waits as long as it ` +
    'asked, so nothing more was sent. Fix: run the job again later, with fewer repositories per ' +
    'job or a token of its own per job.'
  );
}

function offOrigin(url: URL): string {
  return (
    `GitHub's answer named ${quoteUntrusted(url.origin)} as the next address to ask, not ` +
    'GITHUB_API_URL, and the token never goes to another origin. Fix: check GITHUB_API_URL.'
  );
}

function redirectRefused(status: number, target: URL | undefined): string {
  const where =
    target === undefined ? 'an address that is not a URL' : quoteUntrusted(target.origin);
  return (
    `GitHub's answer was a redirect (HTTP ${status}) to ${where}, not to GITHUB_API_URL, and the ` +
    'action never follows a redirect to another origin: the token, and any key sealed for the ' +
    'public key found there, would go to it. Fix: check GITHUB_API_URL; if your GitHub Enterprise ' +
    'Server redirects on purpose, set GITHUB_API_URL to the address it redirects to.'
  );
}

function movedRepository(status: number, target: URL): string {
  return (
    `GitHub answered that this moved (HTTP ${status}, to ${quoteUntrusted(target.pathname)}): ` +
    'the repository was most likely renamed or transferred, and the action writes secrets only ' +
    'where it was told to. Fix: use its current name in repositories.'
  );
}

/** The error of a redirect, which is never followed: see RedirectRefusedError. */
function redirectError(response: Response, from: URL, origin: string): RedirectRefusedError {
  const location = response.headers.get('location') ?? '';
  const target = URL.canParse(location, from.href) ? new URL(location, from) : undefined;
  if (target !== undefined && target.origin === origin) {
    return new RedirectRefusedError(movedRepository(response.status, target), true);
  }
  return new RedirectRefusedError(redirectRefused(response.status, target), false);
}

type Attempt =
  { kind: 'response'; response: Response } | { kind: 'network'; failure: NetworkFailure };

/** Lets go of an answer the action will not read, so its connection can serve the next. */
async function discard(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

/** The `fetch` Octokit is given; see the top of this file. */
export function gitHubFetch(options: WireOptions) {
  const gate = new LimitGate(options);
  const pacer = new WritePacer(options, gate);
  const { now } = options;

  /** One attempt, bounded by timeout_seconds wherever it is (a proxy's CONNECT included). */
  async function attempt(url: URL, init: RequestInit): Promise<Attempt> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const { dispatcher } = options;
    try {
      return {
        kind: 'response',
        response: await fetch(url.href, { ...init, redirect: 'manual', signal, dispatcher }),
      };
    } catch (error) {
      if (init.signal?.aborted === true) throw error;
      const request = { url, sent: false, timeoutMs: options.timeoutMs, env: options.env };
      const failure = timeout.aborted
        ? noAnswerInTime({ ...request, sent: true })
        : classifyNetworkFailure(error, { ...request, dispatcherReplaced: false });
      return { kind: 'network', failure: failure ?? LOST_CONNECTION };
    }
  }

  /** The wait a refusal by a limit asks for, noted at the gate; undefined for no refusal. */
  async function refusalWait(response: Response): Promise<LimitWait | undefined> {
    if (response.status !== 403 && response.status !== 429) {
      const exhausted = primaryExhausted(headersOf(response));
      // The next request would be refused: nothing goes until the reset, and the log says why.
      if (exhausted !== undefined && gate.hold(exhausted))
        options.onWait(waitingLine(exhausted, now()));
      return undefined;
    }
    const headers = headersOf(response);
    const clock = {
      nowMs: now(),
      secondMs: options.secondMs,
      fallbacksBefore: gate.fallbacksInARow,
    };
    const { status } = response;
    // The headers mostly say the wait, and then the body is not read first: while it is read,
    // other calls of the token would pass the gate that this wait is about to close.
    const told = limitRefusal({ status, headers, message: '' }, clock);
    const message = told === undefined ? messageIn(await response.clone().text()) : '';
    const wait = told ?? limitRefusal({ status, headers, message }, clock);
    if (wait?.kind === 'secondary') gate.countFallback(headers['retry-after'] !== undefined);
    return wait;
  }

  /** Waits before retry number `failures`, as the Devin calls do: full-jitter backoff. */
  const backOff = (failures: number) =>
    options.sleep(retryDelayMs(failures, undefined, options.random));

  return async function githubFetch(
    input: string | URL,
    init: RequestInit = {},
  ): Promise<Response> {
    const url = new URL(input);
    // A page link in an answer could name any origin: the token goes only to GitHub's.
    if (url.origin !== options.origin) throw new RedirectRefusedError(offOrigin(url), false);
    const method = methodOf(init);
    let failures = 0;
    for (let waits = 0; ;) {
      await (MUTATING.has(method) ? pacer.turn() : gate.clear());
      const answer = await attempt(url, init);
      if (answer.kind === 'network') {
        const outcome = { kind: 'network', sent: answer.failure.sent } as const;
        if (failures >= options.maxRetries || !isRetryable(method, outcome)) {
          throw new NoAnswerError(answer.failure);
        }
        await backOff(failures++);
        continue;
      }
      const { response } = answer;
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await discard(response);
        throw redirectError(response, url, options.origin);
      }
      const wait = await refusalWait(response);
      if (wait !== undefined) {
        // Held at the gate first: reading the rest of the answer lets other calls run.
        const news = gate.hold(wait);
        await discard(response);
        if (waits++ >= MAX_LIMIT_WAITS) throw new WireError(stillLimited(wait));
        if (wait.untilMs - now() > options.maxWaitMs) {
          throw new LimitBeyondWaitError(wait, options.maxWaitMs);
        }
        if (news) options.onWait(waitingLine(wait, now()));
        continue;
      }
      const outcome = { kind: 'response', status: response.status } as const;
      if (failures >= options.maxRetries || !isRetryable(method, outcome)) {
        return response;
      }
      await discard(response);
      await backOff(failures++);
    }
  };
}
