import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { isRetryable, parseRetryAfter, retryDelayMs, type HttpMethod } from './retry.ts';

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
}

/** The request got no HTTP answer. `sent: false` when it never left this machine. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly reason: 'timeout' | 'connection';
  readonly sent: boolean;
  readonly attempts: number;

  constructor(message: string, reason: 'timeout' | 'connection', sent: boolean, attempts: number) {
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

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' ? code : errorCode(cause);
}

/** One path segment from an input or an API answer, escaped so it cannot change the route. */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new Error(`refusing an empty or dot path segment: ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(value);
}

/** `DELETE /v2/enterprise/api-keys` without an id revokes every key of the enterprise. */
function isRevokeEverything(method: HttpMethod, pathname: string): boolean {
  return method === 'DELETE' && /\/v2\/enterprise\/api-keys\/*$/.test(pathname);
}

function defaultDispatcher(): Dispatcher {
  const env = process.env;
  const proxied = Boolean(env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy);
  return proxied ? new EnvHttpProxyAgent() : new Agent();
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Transport {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly headers: Record<string, string>;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? defaultDispatcher();
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
      if (!retriesLeft || !isRetryable(apiRequest.method, outcome)) {
        if (result instanceof NetworkError) throw result;
        return result.response;
      }
      const retryAfterMs =
        result instanceof NetworkError ? undefined : parseRetryAfter(result.retryAfter, this.now());
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
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const hasBody = apiRequest.body !== undefined;
      const answer = await request(url, {
        method: apiRequest.method,
        headers: hasBody ? { ...this.headers, 'content-type': 'application/json' } : this.headers,
        body: hasBody ? JSON.stringify(apiRequest.body) : undefined,
        signal: controller.signal,
        dispatcher: this.dispatcher,
      });
      const text = await answer.body.text();
      const response = this.readResponse(answer.statusCode, answer.headers, text, attempt);
      if (response.status >= 200 && response.status < 300) {
        this.maskSecretFields(response.json, apiRequest.secretFields);
      }
      return { response, retryAfter: headerValue(answer.headers['retry-after']) };
    } catch (error) {
      if (controller.signal.aborted) {
        return new NetworkError(`no answer within ${timeoutMs / 1000} s`, 'timeout', true, attempt);
      }
      const code = errorCode(error) ?? 'connection failed';
      // This client was closed under the request: no retry can succeed, and it is no network fault.
      if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') throw error;
      return new NetworkError(code, 'connection', !NOT_SENT_CODES.has(code), attempt);
    } finally {
      clearTimeout(timer);
    }
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
