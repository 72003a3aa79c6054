import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { ActionError } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
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

/**
 * Why a request got no HTTP answer: none in time; a failed connection; a proxy that refused to
 * carry it; or a request undici refused to send at all.
 */
type NetworkFailureReason = 'timeout' | 'connection' | 'proxy' | 'refused';

/** The request got no HTTP answer. `sent: false` when it never left this machine. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly reason: NetworkFailureReason;
  readonly sent: boolean;
  readonly attempts: number;

  constructor(message: string, reason: NetworkFailureReason, sent: boolean, attempts: number) {
    super(message);
    this.reason = reason;
    this.sent = sent;
    this.attempts = attempts;
  }
}

// Errors raised while connecting, so before a byte of the request was written.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** undici's own timeouts: the request was written, and no answer came in time. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' ? code : errorCode(cause);
}

/**
 * One path segment from an input or an API answer, escaped so it cannot change the route.
 * Inputs are checked before this; an id from the API that would change the route is refused.
 */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new ActionError(
      `The API named an id the action cannot use: ${JSON.stringify(value)}; an empty or dot id would change which resource a request names, so no request was sent for it.\nFix: report this to Devin support; pass the id explicitly where an input takes one.`,
    );
  }
  return encodeURIComponent(value);
}

/** `DELETE /v2/enterprise/api-keys` without an id revokes every key of the enterprise. */
function isRevokeEverything(method: HttpMethod, pathname: string): boolean {
  return method === 'DELETE' && /\/v2\/enterprise\/api-keys\/*$/.test(pathname);
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
  return anyProxy() ? new EnvHttpProxyAgent(options) : new Agent(options);
}

function anyProxy(): boolean {
  const env = process.env;
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/**
 * The proxy that EnvHttpProxyAgent sends a request for `url` through, as an origin without any
 * user name or password (for messages); undefined when it goes direct.
 */
function proxyFor(url: URL): string | undefined {
  const env = process.env;
  const httpProxy = env.http_proxy || env.HTTP_PROXY;
  const proxy =
    url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY || httpProxy : httpProxy;
  if (!proxy) return undefined;
  const noProxy = (env.no_proxy || env.NO_PROXY || '').split(/[\s,]+/).filter(Boolean);
  const host = url.hostname.toLowerCase();
  const bypassed = noProxy.some((entry) => {
    const domain = entry
      .toLowerCase()
      .replace(/:\d+$/, '')
      .replace(/^\*?\./, '');
    return entry === '*' || host === domain || host.endsWith(`.${domain}`);
  });
  if (bypassed) return undefined;
  return URL.canParse(proxy) ? new URL(proxy).origin : 'the proxy set in HTTPS_PROXY/HTTP_PROXY';
}

interface SendHeadersMessage {
  request: { method?: string; path?: string; origin?: unknown };
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long an aborted request may take to end before its dispatcher is taken for stuck. */
const ABORT_GRACE_MS = 100;
const settled = (): boolean => true;

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
    const url = this.urlFor(apiRequest.path, apiRequest.query);
    if (isRevokeEverything(apiRequest.method, url.pathname)) {
      throw new Error('refusing DELETE /v2/enterprise/api-keys without a key id');
    }
    const { maxRetries, debug } = this.options;
    for (let attempt = 1; ; attempt++) {
      const started = this.now();
      const result = await this.attempt(apiRequest, url, attempt);
      const took = `${this.now() - started} ms`;
      const outcome =
        result instanceof NetworkError
          ? ({ kind: 'network', sent: result.sent } as const)
          : ({ kind: 'response', status: result.response.status } as const);
      const label =
        result instanceof NetworkError ? result.message : `HTTP ${result.response.status}`;
      debug?.(`${apiRequest.method} ${url.pathname} -> ${label} (${took}, attempt ${attempt})`);

      const retriesLeft = attempt <= maxRetries;
      // A proxy's refusal or a request undici will not send comes out the same every time.
      const final =
        result instanceof NetworkError &&
        (result.reason === 'proxy' || result.reason === 'refused');
      if (!retriesLeft || final || !isRetryable(apiRequest.method, outcome)) {
        if (result instanceof NetworkError) throw result;
        return result.response;
      }
      const retryAfterMs =
        result instanceof NetworkError ? undefined : parseRetryAfter(result.retryAfter, this.now());
      if (
        retryAfterMs !== undefined &&
        retryAfterMs > MAX_RETRY_AFTER_MS &&
        !(result instanceof NetworkError)
      ) {
        // Waiting less than asked only asks again too soon: the answer stands, and says when.
        return {
          ...result.response,
          retryNotBefore: Math.ceil((this.now() + retryAfterMs) / 1000),
        };
      }
      const delayMs = retryDelayMs(attempt - 1, retryAfterMs, this.random);
      debug?.(`retrying in ${delayMs} ms`);
      await this.sleep(delayMs);
    }
  }

  private async attempt(
    apiRequest: ApiRequest,
    url: URL,
    attempt: number,
  ): Promise<{ response: ApiResponse; retryAfter: string | undefined } | NetworkError> {
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs;
    const path = `${url.pathname}${url.search}`;
    // Whether the request itself (not a proxy's CONNECT) was written: only then can it have
    // been processed. undici reports each request it writes on this channel.
    const progress = { sent: false };
    const onSendHeaders = (message: unknown): void => {
      const { request: written } = message as SendHeadersMessage;
      if (
        written.method === apiRequest.method &&
        written.path === path &&
        String(written.origin).replace(/\/$/, '') === url.origin
      ) {
        progress.sent = true;
      }
    };
    subscribe('undici:client:sendHeaders', onSendHeaders);
    const dispatcher = this.dispatcher;
    let timer: NodeJS.Timeout | undefined;
    // A hard bound, whatever the dispatcher does: an abort signal does not end a CONNECT that a
    // proxy never answers, nor a proxy agent that reconnects without end.
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), timeoutMs);
    });
    const exchange = (async () => {
      const hasBody = apiRequest.body !== undefined;
      const answer = await request(url, {
        method: apiRequest.method,
        headers: hasBody ? { ...this.headers, 'content-type': 'application/json' } : this.headers,
        body: hasBody ? JSON.stringify(apiRequest.body) : undefined,
        signal: controller.signal,
        dispatcher,
      });
      return { answer, text: await answer.body.text() };
    })();
    // Past the deadline its failure no longer matters.
    exchange.catch(() => undefined);
    try {
      const outcome = await Promise.race([exchange, deadline]);
      if (outcome === 'deadline') {
        controller.abort();
        // An abort ends a request undici is sending or waiting on; a CONNECT that a proxy never
        // answers, or a proxy agent reconnecting without end, it does not: only then does the
        // dispatcher go (taking the other requests on it down too, which retry as they may).
        const ended = await Promise.race([
          exchange.then(settled, settled),
          sleepFor(ABORT_GRACE_MS).then(() => false),
        ]);
        if (!ended) await this.replaceDispatcher(dispatcher);
        return this.timedOut(url, progress.sent, attempt);
      }
      const { answer, text } = outcome;
      const response = this.readResponse(answer.statusCode, answer.headers, text, attempt);
      if (response.status >= 200 && response.status < 300) {
        this.maskSecretFields(response.json, apiRequest.secretFields);
      }
      return { response, retryAfter: headerValue(answer.headers['retry-after']) };
    } catch (error) {
      const code = errorCode(error) ?? 'connection failed';
      if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
        // Another request's deadline destroyed the dispatcher under this one: a lost connection.
        if (this.replaced.has(dispatcher)) {
          return new NetworkError('connection closed', 'connection', progress.sent, attempt);
        }
        // This client was closed under the request: no retry can succeed, and it is no network
        // fault.
        throw error;
      }
      if (TIMEOUT_CODES.has(code)) return this.timedOut(url, progress.sent, attempt);
      const text = error instanceof Error ? error.message : '';
      const proxy = proxyFor(url);
      if (proxy !== undefined && !progress.sent && /^Proxy /.test(text)) {
        return new NetworkError(
          `the proxy ${proxy} refused to carry the request to ${url.origin} (${quoteUntrusted(text)}); the request never reached the API`,
          'proxy',
          false,
          attempt,
        );
      }
      if (code === 'UND_ERR_INVALID_ARG' && !progress.sent) {
        return new NetworkError(
          `the request was refused before it was sent (${quoteUntrusted(text)})`,
          'refused',
          false,
          attempt,
        );
      }
      const through = proxy === undefined || progress.sent ? '' : ` (through the proxy ${proxy})`;
      return new NetworkError(
        `${code}${through}`,
        'connection',
        progress.sent || !NOT_SENT_CODES.has(code),
        attempt,
      );
    } finally {
      clearTimeout(timer);
      unsubscribe('undici:client:sendHeaders', onSendHeaders);
    }
  }

  private timedOut(url: URL, sent: boolean, attempt: number): NetworkError {
    const seconds = this.options.timeoutMs / 1000;
    const proxy = proxyFor(url);
    // Without a proxy, a request may be processed whether or not it was seen written.
    if (sent || proxy === undefined) {
      return new NetworkError(`no answer within ${seconds} s`, 'timeout', true, attempt);
    }
    return new NetworkError(
      `no answer within ${seconds} s: the proxy ${proxy} did not pass the request on to ${url.origin}, so it never reached the API`,
      'timeout',
      false,
      attempt,
    );
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

  private readResponse(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    text: string,
    attempts: number,
  ): ApiResponse {
    let json: unknown;
    let malformed = false;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        malformed = true;
      }
    }
    return {
      status,
      contentType: headerValue(headers['content-type']) ?? '',
      json,
      malformed,
      location: headerValue(headers.location),
      attempts,
    };
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

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
