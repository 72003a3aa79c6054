/**
 * How a request that got no HTTP answer is told: from undici's error codes, whether the request
 * was seen written, and the proxy the environment sends it through. No socket is opened: errors
 * are built as undici throws them, and the environment is a plain object.
 */
import {
  anyProxy,
  classifyNetworkFailure,
  noAnswerInTime,
  proxyFor,
  type FailedRequest,
  type ProxyEnvironment,
} from '../../src/base/network-failure.ts';

const API = new URL('https://api.devin.ai/v3/self');
const PROXY = 'http://proxy.corp:3128';

/** An error as undici throws one: a message, and its code on the error or on a cause. */
function undiciError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

function failed(overrides: Partial<FailedRequest> = {}): FailedRequest {
  return {
    url: API,
    sent: false,
    timeoutMs: 30_000,
    env: {},
    dispatcherReplaced: false,
    ...overrides,
  };
}

const throughProxy = { env: { HTTPS_PROXY: PROXY } } satisfies Partial<FailedRequest>;

describe('a dispatcher that went away under the request', () => {
  test.each(['UND_ERR_DESTROYED', 'UND_ERR_CLOSED'])(
    '%s after another request replaced the dispatcher is a lost connection, sent as seen',
    (code) => {
      expect(
        classifyNetworkFailure(undiciError(code), failed({ dispatcherReplaced: true })),
      ).toEqual({ reason: 'connection', sent: false, message: 'connection closed' });
      expect(
        classifyNetworkFailure(undiciError(code), failed({ dispatcherReplaced: true, sent: true })),
      ).toEqual({ reason: 'connection', sent: true, message: 'connection closed' });
    },
  );

  test.each(['UND_ERR_DESTROYED', 'UND_ERR_CLOSED'])(
    '%s on a dispatcher its owner closed is no network failure',
    (code) => {
      expect(classifyNetworkFailure(undiciError(code), failed({ sent: true }))).toBeUndefined();
    },
  );
});

describe("undici's own timeouts", () => {
  test.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])(
    '%s is no answer in time, told as a timeout with the seconds',
    (code) => {
      expect(classifyNetworkFailure(undiciError(code), failed({ timeoutMs: 2_500 }))).toEqual({
        reason: 'timeout',
        sent: true,
        message: 'no answer within 2.5 s',
      });
    },
  );

  test('through a proxy, a timed-out request never seen written never reached the API', () => {
    expect(
      classifyNetworkFailure(undiciError('UND_ERR_HEADERS_TIMEOUT'), failed(throughProxy)),
    ).toEqual({
      reason: 'timeout',
      sent: false,
      message:
        'no answer within 30 s: the proxy http://proxy.corp:3128 did not pass the request on to ' +
        'https://api.devin.ai, so it never reached the API',
    });
  });
});

describe('no answer within the deadline', () => {
  test('without a proxy the request may have been processed, whether or not it was seen written', () => {
    for (const sent of [false, true]) {
      expect(noAnswerInTime({ url: API, sent, timeoutMs: 300, env: {} })).toEqual({
        reason: 'timeout',
        sent: true,
        message: 'no answer within 0.3 s',
      });
    }
  });

  test('through a proxy, one seen written may have been processed', () => {
    expect(noAnswerInTime({ url: API, sent: true, timeoutMs: 300, ...throughProxy })).toEqual({
      reason: 'timeout',
      sent: true,
      message: 'no answer within 0.3 s',
    });
  });

  test('through a proxy, one never seen written names the proxy and was not sent', () => {
    const failure = noAnswerInTime({ url: API, sent: false, timeoutMs: 300, ...throughProxy });
    expect(failure.sent).toBe(false);
    expect(failure.reason).toBe('timeout');
    expect(failure.message).toBe(
      'no answer within 0.3 s: the proxy http://proxy.corp:3128 did not pass the request on to ' +
        'https://api.devin.ai, so it never reached the API',
    );
  });
});

describe('a proxy that refused to carry the request', () => {
  test('is named, with what it said quoted, and the request was not sent', () => {
    const refusal = undiciError(
      'UND_ERR_ABORTED',
      'Proxy response (407) !== 200 when HTTP Tunneling',
    );
    expect(classifyNetworkFailure(refusal, failed(throughProxy))).toEqual({
      reason: 'proxy',
      sent: false,
      message:
        'the proxy http://proxy.corp:3128 refused to carry the request to https://api.devin.ai ' +
        '("Proxy response (407) !== 200 when HTTP Tunneling"); the request never reached the API',
    });
  });

  test('what the proxy said cannot break the line', () => {
    const refusal = undiciError('UND_ERR_ABORTED', 'Proxy says\n::error::no');
    const failure = classifyNetworkFailure(refusal, failed(throughProxy));
    expect(failure?.message).toContain('("Proxy says\\n::error::no")');
    expect(failure?.message).not.toContain('\n');
  });

  test('a "Proxy" message once the request was written is a failed connection', () => {
    const refusal = undiciError('UND_ERR_SOCKET', 'Proxy went away');
    expect(classifyNetworkFailure(refusal, failed({ ...throughProxy, sent: true }))).toEqual({
      reason: 'connection',
      sent: true,
      message: 'UND_ERR_SOCKET',
    });
  });

  test('a "Proxy" message without a proxy in the environment is a failed connection', () => {
    const refusal = undiciError('UND_ERR_SOCKET', 'Proxy response (407)');
    expect(classifyNetworkFailure(refusal, failed())?.reason).toBe('connection');
  });

  test('only an Error says what the proxy said: a thrown object with a message does not', () => {
    const thrown = { code: 'UND_ERR_ABORTED', message: 'Proxy response (407)' };
    expect(classifyNetworkFailure(thrown, failed(throughProxy))).toEqual({
      reason: 'connection',
      sent: true,
      message: 'UND_ERR_ABORTED (through the proxy http://proxy.corp:3128)',
    });
  });
});

describe('a request undici refused to send', () => {
  test('an invalid argument before anything was written is refused, with what undici said', () => {
    const invalid = undiciError('UND_ERR_INVALID_ARG', 'invalid authorization header');
    expect(classifyNetworkFailure(invalid, failed())).toEqual({
      reason: 'refused',
      sent: false,
      message: 'the request was refused before it was sent ("invalid authorization header")',
    });
  });

  test('an invalid argument after the request was written is a failed connection', () => {
    const invalid = undiciError('UND_ERR_INVALID_ARG', 'invalid authorization header');
    expect(classifyNetworkFailure(invalid, failed({ sent: true }))).toEqual({
      reason: 'connection',
      sent: true,
      message: 'UND_ERR_INVALID_ARG',
    });
  });
});

describe('a failed connection', () => {
  test.each<[string, boolean, string]>([
    ['ECONNREFUSED', false, 'fails while connecting'],
    ['ENOTFOUND', false, 'fails while connecting'],
    ['EAI_AGAIN', false, 'fails while connecting'],
    ['EHOSTUNREACH', false, 'fails while connecting'],
    ['ENETUNREACH', false, 'fails while connecting'],
    ['UND_ERR_CONNECT_TIMEOUT', false, 'fails while connecting'],
    ['ECONNRESET', true, 'may come after the request left'],
    ['UND_ERR_SOCKET', true, 'may come after the request left'],
    ['EPIPE', true, 'may come after the request left'],
  ])('%s not seen written: sent %s (it %s)', (code, sent) => {
    expect(classifyNetworkFailure(undiciError(code), failed())).toEqual({
      reason: 'connection',
      sent,
      message: code,
    });
  });

  test('a connecting error once the request was seen written still counts as sent', () => {
    expect(classifyNetworkFailure(undiciError('ECONNREFUSED'), failed({ sent: true }))).toEqual({
      reason: 'connection',
      sent: true,
      message: 'ECONNREFUSED',
    });
  });

  test('the code is found on a cause, as fetch wraps it, past causes without a string code', () => {
    const wrapped = new TypeError('fetch failed', {
      cause: Object.assign(new Error('outer'), { code: 42, cause: undiciError('ECONNREFUSED') }),
    });
    expect(classifyNetworkFailure(wrapped, failed())).toEqual({
      reason: 'connection',
      sent: false,
      message: 'ECONNREFUSED',
    });
  });

  test.each<[string, unknown]>([
    ['an error without a code', new Error('socket hang up')],
    ['a thrown string', 'boom'],
    ['a thrown null', null],
  ])('%s is a failed connection that may have been sent', (_, thrown) => {
    expect(classifyNetworkFailure(thrown, failed())).toEqual({
      reason: 'connection',
      sent: true,
      message: 'connection failed',
    });
  });

  test('through a proxy, a request never seen written names the proxy it went through', () => {
    expect(classifyNetworkFailure(undiciError('ECONNREFUSED'), failed(throughProxy))).toEqual({
      reason: 'connection',
      sent: false,
      message: 'ECONNREFUSED (through the proxy http://proxy.corp:3128)',
    });
  });

  test('through a proxy, a request seen written does not blame the proxy', () => {
    const failure = classifyNetworkFailure(
      undiciError('ECONNRESET'),
      failed({ ...throughProxy, sent: true }),
    );
    expect(failure?.message).toBe('ECONNRESET');
  });
});

describe('whether any proxy is set', () => {
  test.each<ProxyEnvironment>([
    { HTTPS_PROXY: PROXY },
    { https_proxy: PROXY },
    { HTTP_PROXY: PROXY },
    { http_proxy: PROXY },
  ])('%j sets one', (env) => {
    expect(anyProxy(env)).toBe(true);
  });

  test.each<ProxyEnvironment>([{}, { HTTPS_PROXY: '', http_proxy: '' }, { NO_PROXY: '*' }])(
    '%j sets none',
    (env) => {
      expect(anyProxy(env)).toBe(false);
    },
  );
});

describe('the proxy a request goes through', () => {
  const HTTP_API = new URL('http://127.0.0.1:8080/v3/self');

  test('https: https_proxy, then HTTPS_PROXY, then the http proxies', () => {
    const all = {
      https_proxy: 'http://lower-https:1',
      HTTPS_PROXY: 'http://upper-https:2',
      http_proxy: 'http://lower-http:3',
      HTTP_PROXY: 'http://upper-http:4',
    };
    expect(proxyFor(API, all)).toBe('http://lower-https:1');
    expect(proxyFor(API, { ...all, https_proxy: undefined })).toBe('http://upper-https:2');
    expect(proxyFor(API, { http_proxy: all.http_proxy, HTTP_PROXY: all.HTTP_PROXY })).toBe(
      'http://lower-http:3',
    );
    expect(proxyFor(API, { HTTP_PROXY: all.HTTP_PROXY })).toBe('http://upper-http:4');
  });

  test('http: only the http proxies, http_proxy first; an https proxy is not used', () => {
    expect(proxyFor(HTTP_API, { HTTPS_PROXY: PROXY })).toBeUndefined();
    expect(proxyFor(HTTP_API, { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' })).toBe(
      'http://lower:1',
    );
    expect(proxyFor(HTTP_API, { HTTP_PROXY: 'http://upper:2' })).toBe('http://upper:2');
  });

  test('an empty variable counts as unset', () => {
    expect(proxyFor(API, { https_proxy: '', HTTPS_PROXY: PROXY })).toBe(PROXY);
    expect(proxyFor(API, { HTTPS_PROXY: '' })).toBeUndefined();
  });

  test('without a proxy the request goes direct', () => {
    expect(proxyFor(API, {})).toBeUndefined();
  });

  test('the proxy is named by its origin: no user name, password or path', () => {
    expect(proxyFor(API, { HTTPS_PROXY: 'http://ci:CANARYproxy1a2b@proxy.corp:3128/path' })).toBe(
      'http://proxy.corp:3128',
    );
  });

  test('a proxy that is no URL is named by the variables that set it', () => {
    expect(proxyFor(API, { HTTPS_PROXY: '//proxy.corp:3128' })).toBe(
      'the proxy set in HTTPS_PROXY/HTTP_PROXY',
    );
  });
});

describe('NO_PROXY', () => {
  const env = (noProxy: string): ProxyEnvironment => ({ HTTPS_PROXY: PROXY, NO_PROXY: noProxy });
  const at = (host: string) => new URL(`https://${host}/v3/self`);

  test.each([
    ['the host itself', 'api.devin.ai'],
    ['a domain above it', 'devin.ai'],
    ['a domain with a leading dot', '.devin.ai'],
    ['a domain with a leading *.', '*.devin.ai'],
    ['the host with a port (any port matches)', 'api.devin.ai:8443'],
    ['* among other entries', 'example.com, *'],
    ['an entry in capitals', 'API.DEVIN.AI'],
    ['an entry after spaces, commas and tabs', 'example.com ,\t devin.ai'],
  ])('%s (%j) sends the request direct', (_, noProxy) => {
    expect(proxyFor(API, env(noProxy))).toBeUndefined();
  });

  test('a leading-dot entry also matches the bare domain', () => {
    expect(proxyFor(at('devin.ai'), env('.devin.ai'))).toBeUndefined();
  });

  test.each([
    ['another domain', 'example.com'],
    ['a name that merely ends the same', 'vin.ai,pi.devin.ai'],
    ['a host below the one named', 'eu.api.devin.ai'],
    ['a * inside a name', 'api*.devin.ai'],
    ['an empty list', ' , '],
  ])('%s (%j) keeps the proxy', (_, noProxy) => {
    expect(proxyFor(API, env(noProxy))).toBe(PROXY);
  });

  test('no_proxy is read before NO_PROXY; an empty one falls back to NO_PROXY', () => {
    expect(proxyFor(API, { ...env('api.devin.ai'), no_proxy: 'example.com' })).toBe(PROXY);
    expect(proxyFor(API, { ...env('api.devin.ai'), no_proxy: '' })).toBeUndefined();
    expect(proxyFor(API, { HTTPS_PROXY: PROXY, no_proxy: 'devin.ai' })).toBeUndefined();
  });

  test('a bypassed host also changes how its failures read: no proxy is blamed', () => {
    const direct = failed({ env: env('devin.ai') });
    expect(classifyNetworkFailure(undiciError('ECONNREFUSED'), direct)?.message).toBe(
      'ECONNREFUSED',
    );
    expect(noAnswerInTime(direct).sent).toBe(true);
  });
});
