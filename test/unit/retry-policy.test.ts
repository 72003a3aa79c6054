import {
  MAX_RETRY_AFTER_MS,
  isRetryable,
  parseRetryAfter,
  retryDelayMs,
} from '../../src/devin/retry.ts';

describe('what is retried', () => {
  test.each([
    // method, outcome, retried?
    ['POST', { kind: 'response', status: 429 }, true],
    ['POST', { kind: 'response', status: 500 }, false],
    ['POST', { kind: 'response', status: 503 }, false],
    ['POST', { kind: 'network', sent: false }, true],
    ['POST', { kind: 'network', sent: true }, false],
    ['GET', { kind: 'response', status: 429 }, true],
    ['GET', { kind: 'response', status: 502 }, true],
    ['GET', { kind: 'network', sent: true }, true],
    ['GET', { kind: 'response', status: 404 }, false],
    ['GET', { kind: 'response', status: 401 }, false],
    ['DELETE', { kind: 'response', status: 503 }, true],
    ['DELETE', { kind: 'network', sent: true }, true],
    ['DELETE', { kind: 'response', status: 409 }, false],
  ] as const)('%s after %j: %s', (method, outcome, retried) => {
    expect(isRetryable(method, outcome)).toBe(retried);
  });
});

describe('Retry-After', () => {
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);

  test('seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 17 ', now)).toBe(17_000);
  });

  test('an HTTP date, relative to now; a past date means now', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  test('absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('delays', () => {
  test('what the server asked for, capped', () => {
    expect(retryDelayMs(0, 5_000, () => 0.9)).toBe(5_000);
    expect(retryDelayMs(3, 3_600_000, () => 0.9)).toBe(MAX_RETRY_AFTER_MS);
  });

  test('otherwise a uniform draw up to 1 s, 2 s, 4 s … capped at 20 s', () => {
    expect([0, 1, 2, 3, 4, 5, 8].map((retry) => retryDelayMs(retry, undefined, () => 0.5))).toEqual(
      [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000],
    );
    expect(retryDelayMs(2, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(2, undefined, () => 0.999_999)).toBe(3_999);
  });
});
