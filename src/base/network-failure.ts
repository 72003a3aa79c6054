/**
 * Why a request got no HTTP answer, told from undici's error codes and from whether the request
 * itself was seen written; and which proxy of the environment a request went through. Pure: the
 * environment and everything seen of the request come in as arguments, so no test opens a socket.
 */
import { quoteUntrusted } from './untrusted.ts';

/**
 * Why a request got no HTTP answer: none in time; a failed connection; a proxy that refused to
 * carry it; or a request undici refused to send at all.
 */
export type NetworkFailureReason = 'timeout' | 'connection' | 'proxy' | 'refused';

/** A request that got no HTTP answer. `sent: false` when it never left this machine. */
export interface NetworkFailure {
  reason: NetworkFailureReason;
  sent: boolean;
  /** What happened, as a phrase: "no answer within 30 s", "ECONNRESET". */
  message: string;
}

/** The variables undici's EnvHttpProxyAgent picks a proxy by; `process.env` in the action. */
export interface ProxyEnvironment {
  readonly HTTPS_PROXY?: string | undefined;
  readonly https_proxy?: string | undefined;
  readonly HTTP_PROXY?: string | undefined;
  readonly http_proxy?: string | undefined;
  readonly NO_PROXY?: string | undefined;
  readonly no_proxy?: string | undefined;
}

/** What is known of a request that got no answer. */
export interface UnansweredRequest {
  url: URL;
  /** Whether the request itself (not merely a proxy's CONNECT) was seen written. */
  sent: boolean;
  /** How long one request may take, in milliseconds. */
  timeoutMs: number;
  env: ProxyEnvironment;
}

/** What is known of a request that failed with an error. */
export interface FailedRequest extends UnansweredRequest {
  /**
   * Whether the dispatcher was destroyed after another request's deadline (and replaced), so
   * that a "destroyed" or "closed" error means a lost connection, not a client closed by its owner.
   */
  dispatcherReplaced: boolean;
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

/** What undici says when the dispatcher a request was on went away under it. */
const DISPATCHER_GONE_CODES = new Set(['UND_ERR_DESTROYED', 'UND_ERR_CLOSED']);

/** The error code of an error or of the first error in its chain of causes that has one. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' ? code : errorCode(cause);
}

/** Whether the environment sets any proxy, so that requests need a proxy-aware dispatcher. */
export function anyProxy(env: ProxyEnvironment): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/**
 * The proxy that EnvHttpProxyAgent sends a request for `url` through, as an origin without any
 * user name or password (for messages); undefined when it goes direct.
 */
export function proxyFor(url: URL, env: ProxyEnvironment): string | undefined {
  const httpProxy = env.http_proxy || env.HTTP_PROXY;
  const proxy =
    url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY || httpProxy : httpProxy;
  if (!proxy || bypassesProxy(url.hostname, env)) return undefined;
  return URL.canParse(proxy) ? new URL(proxy).origin : 'the proxy set in HTTPS_PROXY/HTTP_PROXY';
}

/** Whether NO_PROXY names `hostname`: `*`, the host itself, or a domain above it (any port). */
function bypassesProxy(hostname: string, env: ProxyEnvironment): boolean {
  const entries = (env.no_proxy || env.NO_PROXY || '').split(/[\s,]+/).filter(Boolean);
  const host = hostname.toLowerCase();
  return entries.some((entry) => {
    const domain = entry
      .toLowerCase()
      .replace(/:\d+$/, '')
      .replace(/^\*?\./, '');
    return entry === '*' || host === domain || host.endsWith(`.${domain}`);
  });
}

/**
 * What an error thrown by a request means. Undefined when it is no network failure: the client
 * was closed under the request by its owner, and no retry can succeed.
 */
export function classifyNetworkFailure(
  error: unknown,
  request: FailedRequest,
): NetworkFailure | undefined {
  const code = errorCode(error) ?? 'connection failed';
  if (DISPATCHER_GONE_CODES.has(code)) {
    // Another request's deadline destroyed the dispatcher under this one: a lost connection.
    return request.dispatcherReplaced
      ? { reason: 'connection', sent: request.sent, message: 'connection closed' }
      : undefined;
  }
  if (TIMEOUT_CODES.has(code)) return noAnswerInTime(request);
  const said = error instanceof Error ? error.message : '';
  const proxy = proxyFor(request.url, request.env);
  if (proxy !== undefined && !request.sent && /^Proxy /.test(said)) {
    return { reason: 'proxy', sent: false, message: proxyRefusal(proxy, request.url, said) };
  }
  if (code === 'UND_ERR_INVALID_ARG' && !request.sent) {
    return { reason: 'refused', sent: false, message: refusalBeforeSending(said) };
  }
  const through = request.sent ? undefined : proxy;
  return {
    reason: 'connection',
    sent: request.sent || !NOT_SENT_CODES.has(code),
    message: connectionFailure(code, through),
  };
}

/**
 * A request that got no answer within its time. Through a proxy, one never seen written never
 * reached the API; without one, it may have been processed whether or not it was seen written.
 */
export function noAnswerInTime(request: UnansweredRequest): NetworkFailure {
  const seconds = request.timeoutMs / 1000;
  const proxy = proxyFor(request.url, request.env);
  if (request.sent || proxy === undefined) {
    return { reason: 'timeout', sent: true, message: noAnswerWithin(seconds) };
  }
  return {
    reason: 'timeout',
    sent: false,
    message: proxyDidNotPassOn(seconds, proxy, request.url),
  };
}

function noAnswerWithin(seconds: number): string {
  return `no answer within ${seconds} s`;
}

function proxyDidNotPassOn(seconds: number, proxy: string, url: URL): string {
  return (
    `${noAnswerWithin(seconds)}: the proxy ${proxy} did not pass the request on to ${url.origin}, ` +
    'so it never reached the API'
  );
}

function proxyRefusal(proxy: string, url: URL, proxySaid: string): string {
  return (
    `the proxy ${proxy} refused to carry the request to ${url.origin} ` +
    `(${quoteUntrusted(proxySaid)}); the request never reached the API`
  );
}

function refusalBeforeSending(undiciSaid: string): string {
  return `the request was refused before it was sent (${quoteUntrusted(undiciSaid)})`;
}

/** "ECONNREFUSED", or "ECONNREFUSED (through the proxy http://proxy:3128)". */
function connectionFailure(code: string, proxy: string | undefined): string {
  return proxy === undefined ? code : `${code} (through the proxy ${proxy})`;
}
