import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { ActionError, explain } from '../base/errors.ts';
import {
  anyProxy,
  classifyNetworkFailure,
  noAnswerInTime,
  type NetworkFailure,
  type NetworkFailureReason,
  type UnansweredRequest,
} from '../base/network-failure.ts';
import {
  MAX_RETRY_AFTER_MS,
  isRetryable,
  parseRetryAfter,
  retryDelayMs,
  type HttpMethod,
} from './retry.ts';

export interface TransportOptions {
  /** Origin (and optional path prefix) of the Devin API; validated by the inputs. */
  baseUrl: URL;
  token: string;
  timeoutMs: number;
  maxRetries: number;
  /** Registers a secret with the runner; called the moment a secret field is parsed. */
  maskSecret: (secret: string) => void;
  debug?: (message: string) => void;
  dispatcher?: Dispatcher;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface ApiRequest {
  method: HttpMethod;
  /** Starts with '/'; every segment taken from input already passed through `pathSegment`. */
  path: string;
  query?: Readonly<Record<string, string | number | undefined>>;
  body?: unknown;
  /** Top-level fields of a successful answer that hold secrets. */
  secretFields?: readonly string[];
  /** Sent with this credential instead of the client's: a key just minted, tried once. */
  bearer?: string;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  /** Set when the body was present but not JSON. */
  malformed: boolean;
  location: string | undefined;
  attempts: number;
  /**
   * Set when the API asked (Retry-After) to wait longer than the action ever waits: the UNIX
   * time (seconds) it may be asked again. The answer is final then, not retried.
   */
  retryNotBefore?: number;
}

/** The request got no HTTP answer. `sent: false` when it never left this machine. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly reason: NetworkFailureReason;
  readonly sent: boolean;
  readonly attempts: number;

  constructor(failure: NetworkFailure, attempts: number) {
    super(failure.message);
    this.reason = failure.reason;
    this.sent = failure.sent;
    this.attempts = attempts;
  }
}

/** How one attempt ended: with an HTTP answer (and its Retry-After), or with none. */
type AttemptResult =
  | { kind: 'response'; response: ApiResponse; retryAfter: string | undefined }
  | { kind: 'network'; failure: NetworkFailure };

/** An HTTP answer, its body read in full. */
interface Answer {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
}

/**
 * One path segment from an input or an API answer, escaped so it cannot change the route.
 * Inputs are checked before this; an id from the API that would change the route is refused.
 */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new ActionError(unusableIdMessage(value));
  }
  return encodeURIComponent(value);
}

function unusableIdMessage(id: string): string {
  return explain({
    problem:
      `The API named an id the action cannot use: ${JSON.stringify(id)}; an empty or dot id would ` +
      'change which resource a request names, so no request was sent for it.',
    fix: 'report this to Devin support; pass the id explicitly where an input takes one.',
  });
}

/** `DELETE /v2/enterprise/api-keys` without an id revokes every key of the enterprise. */
function isRevokeEverything(method: HttpMethod, pathname: string): boolean {
  return method === 'DELETE' && /\/v2\/enterprise\/api-keys\/*$/.test(pathname);
}

/** Whether a request that got no answer may go again, as the retry policy allows. */
function mayRetryUnanswered(method: HttpMethod, failure: NetworkFailure): boolean {
  // A proxy's refusal or a request undici will not send comes out the same every time.
  if (failure.reason === 'proxy' || failure.reason === 'refused') return false;
  return isRetryable(method, { kind: 'network', sent: failure.sent });
}

/**
 * undici's own limits, from timeout_seconds: left alone, its headers and body timeouts are 300 s
 * whatever timeout_seconds says, and its connect timeout 10 s.
 */
export function dispatcherOptions(timeoutMs: number) {
  // The connect gives up a little before the request's deadline, so that a connection that
  // never opens is reported as such (nothing was sent) rather than as a request with no answer.
  const connectMs = timeoutMs - Math.min(1_000, Math.floor(timeoutMs / 5));
  return { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: connectMs } };
}

function defaultDispatcher(timeoutMs: number): Dispatcher {
  const options = dispatcherOptions(timeoutMs);
  return anyProxy(process.env) ? new EnvHttpProxyAgent(options) : new Agent(options);
}

const SEND_HEADERS = 'undici:client:sendHeaders';

interface SendHeadersMessage {
  request: { method?: string; path?: string; origin?: unknown };
}

/**
 * Watches whether the request itself (not a proxy's CONNECT) is written: only then can it have
 * been processed. undici reports each request it writes on this channel.
 */
function watchWritten(method: HttpMethod, url: URL): { readonly sent: boolean; stop(): void } {
  const path = `${url.pathname}${url.search}`;
  let sent = false;
  const onSendHeaders = (message: unknown): void => {
    const { request: written } = message as SendHeadersMessage;
    const origin = String(written.origin).replace(/\/$/, '');
    if (written.method === method && written.path === path && origin === url.origin) sent = true;
  };
  subscribe(SEND_HEADERS, onSendHeaders);
  return {
    get sent() {
      return sent;
    },
    stop: () => unsubscribe(SEND_HEADERS, onSendHeaders),
  };
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long an aborted request may take to end before its dispatcher is taken for stuck. */
const ABORT_GRACE_MS = 100;

/** Whether `work` settles, either way, within `ms`. */
function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = (): boolean => true;
  return Promise.race([work.then(settled, settled), sleepFor(ms).then(() => false)]);
}

/** "GET /v3/self -> HTTP 200 (12 ms, attempt 1)" */
function attemptLine(
  method: HttpMethod,
  url: URL,
  result: AttemptResult,
  took: string,
  attempt: number,
) {
  const label =
    result.kind === 'network' ? result.failure.message : `HTTP ${result.response.status}`;
  return `${method} ${url.pathname} -> ${label} (${took}, attempt ${attempt})`;
}

export class Transport {
  private dispatcher: Dispatcher;
  /** Dispatchers this transport destroyed after a deadline, and replaced. */
  private readonly replaced = new WeakSet<Dispatcher>();
  private readonly ownsDispatcher: boolean;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly headers: Record<string, string>;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? defaultDispatcher(options.timeoutMs);
    this.sleep = options.sleep ?? sleepFor;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.headers = {
      authorization: `Bearer ${options.token}`,
      accept: 'application/json, application/problem+json',
      'user-agent': 'devin-keys-action',
    };
  }

  get origin(): string {
    return this.options.baseUrl.origin;
  }

  urlFor(path: string, query: ApiRequest['query'] = {}): URL {
    const base = this.options.baseUrl;
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base.origin);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    // The token only ever goes to the configured origin.
    if (url.origin !== base.origin) throw new Error(`request left ${base.origin}: ${url.origin}`);
    return url;
  }

  /** Sends a request, retrying as the policy allows; answers with the last HTTP response. */
  async send(apiRequest: ApiRequest): Promise<ApiResponse> {
    const { method } = apiRequest;
    const url = this.urlFor(apiRequest.path, apiRequest.query);
    if (isRevokeEverything(method, url.pathname)) {
      throw new Error('refusing DELETE /v2/enterprise/api-keys without a key id');
    }
    for (let attempt = 1; ; attempt++) {
      const result = await this.loggedAttempt(apiRequest, url, attempt);
      const retriesLeft = attempt <= this.options.maxRetries;
      if (result.kind === 'network') {
        if (!retriesLeft || !mayRetryUnanswered(method, result.failure)) {
          throw new NetworkError(result.failure, attempt);
        }
        await this.waitBeforeRetry(attempt, undefined);
        continue;
      }
      const { response, retryAfter } = result;
      if (!retriesLeft || !isRetryable(method, { kind: 'response', status: response.status })) {
        return response;
      }
      const retryAfterMs = parseRetryAfter(retryAfter, this.now());
      if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
        // Waiting less than asked only asks again too soon: the answer stands, and says when.
        return { ...response, retryNotBefore: Math.ceil((this.now() + retryAfterMs) / 1000) };
      }
      await this.waitBeforeRetry(attempt, retryAfterMs);
    }
  }

  private async waitBeforeRetry(attempt: number, retryAfterMs: number | undefined): Promise<void> {
    const delayMs = retryDelayMs(attempt - 1, retryAfterMs, this.random);
    this.options.debug?.(`retrying in ${delayMs} ms`);
    await this.sleep(delayMs);
  }

  /** One attempt, and a debug line with how it ended and how long it took. */
  private async loggedAttempt(
    apiRequest: ApiRequest,
    url: URL,
    attempt: number,
  ): Promise<AttemptResult> {
    const started = this.now();
    const result = await this.attempt(apiRequest, url, attempt);
    const took = `${this.now() - started} ms`;
    this.options.debug?.(attemptLine(apiRequest.method, url, result, took, attempt));
    return result;
  }

  /** One request, bounded by timeout_seconds; an error that means no answer ends as a result. */
  private async attempt(apiRequest: ApiRequest, url: URL, attempt: number): Promise<AttemptResult> {
    const dispatcher = this.dispatcher;
    const written = watchWritten(apiRequest.method, url);
    try {
      const answer = await this.exchangeWithinDeadline(apiRequest, url, dispatcher);
      if (answer === 'deadline') {
        return { kind: 'network', failure: noAnswerInTime(this.unanswered(url, written.sent)) };
      }
      return { kind: 'response', ...this.readAnswer(answer, apiRequest.secretFields, attempt) };
    } catch (error) {
      const failure = classifyNetworkFailure(error, {
        ...this.unanswered(url, written.sent),
        dispatcherReplaced: this.replaced.has(dispatcher),
      });
      // This client was closed under the request: no retry can succeed, and it is no network fault.
      if (failure === undefined) throw error;
      return { kind: 'network', failure };
    } finally {
      written.stop();
    }
  }

  private unanswered(url: URL, sent: boolean): UnansweredRequest {
    return { url, sent, timeoutMs: this.options.timeoutMs, env: process.env };
  }

  /**
   * The exchange, or 'deadline' when timeout_seconds pass first: a hard bound, whatever the
   * dispatcher does, for an abort signal does not end a CONNECT that a proxy never answers, nor
   * a proxy agent that reconnects without end.
   */
  private async exchangeWithinDeadline(
    apiRequest: ApiRequest,
    url: URL,
    dispatcher: Dispatcher,
  ): Promise<Answer | 'deadline'> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.options.timeoutMs);
    });
    const exchange = this.exchange(apiRequest, url, controller.signal, dispatcher);
    // Past the deadline its failure no longer matters.
    exchange.catch(() => undefined);
    try {
      const outcome = await Promise.race([exchange, deadline]);
      if (outcome === 'deadline') {
        controller.abort();
        // An abort ends a request undici is sending or waiting on; a stuck CONNECT or an endless
        // reconnect it does not: only then does the dispatcher go (taking the other requests on
        // it down too, which retry as they may).
        const ended = await settlesWithin(exchange, ABORT_GRACE_MS);
        if (!ended) await this.replaceDispatcher(dispatcher);
      }
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  private async exchange(
    apiRequest: ApiRequest,
    url: URL,
    signal: AbortSignal,
    dispatcher: Dispatcher,
  ): Promise<Answer> {
    const hasBody = apiRequest.body !== undefined;
    const headers =
      apiRequest.bearer === undefined
        ? this.headers
        : { ...this.headers, authorization: `Bearer ${apiRequest.bearer}` };
    const answer = await request(url, {
      method: apiRequest.method,
      headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
      body: hasBody ? JSON.stringify(apiRequest.body) : undefined,
      signal,
      dispatcher,
    });
    return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
  }

  /**
   * After a deadline, the dispatcher may still be stuck in a connect or reconnecting without
   * end: an own one is destroyed, so nothing outlives the request, and a fresh one serves the
   * next attempt. An injected one is the caller's to manage.
   */
  private async replaceDispatcher(stuck: Dispatcher): Promise<void> {
    if (!this.ownsDispatcher || this.replaced.has(stuck)) return;
    this.replaced.add(stuck);
    this.dispatcher = defaultDispatcher(this.options.timeoutMs);
    await stuck.destroy().catch(() => undefined);
  }

  /** The answer as the client reads it; the secrets of a success are masked first. */
  private readAnswer(
    answer: Answer,
    secretFields: readonly string[] | undefined,
    attempts: number,
  ): { response: ApiResponse; retryAfter: string | undefined } {
    const response = readResponse(answer, attempts);
    if (response.status >= 200 && response.status < 300) {
      this.maskSecretFields(response.json, secretFields);
    }
    return { response, retryAfter: headerValue(answer.headers['retry-after']) };
  }

  private maskSecretFields(json: unknown, secretFields: readonly string[] = []): void {
    if (typeof json !== 'object' || json === null) return;
    for (const field of secretFields) {
      const value = (json as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') this.options.maskSecret(value);
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

function readResponse({ status, headers, text }: Answer, attempts: number): ApiResponse {
  return {
    status,
    contentType: headerValue(headers['content-type']) ?? '',
    ...parseBody(text),
    location: headerValue(headers.location),
    attempts,
  };
}

/** The JSON of a body: undefined when it is empty or not JSON, and `malformed` when not JSON. */
function parseBody(text: string): { json: unknown; malformed: boolean } {
  if (text.trim() === '') return { json: undefined, malformed: false };
  try {
    return { json: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { json: undefined, malformed: true };
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
