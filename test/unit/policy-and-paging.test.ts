import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mapConcurrently } from '../../src/base/concurrency.ts';
import { forEachPage } from '../../src/devin/paging.ts';
import {
  AuditedKey,
  keyStatus,
  relativeDays,
  sortWorstFirst,
  type AuditPolicy,
  type FindingClass,
} from '../../src/audit/policy.ts';
import { DevinApiError } from '../../src/devin/errors.ts';
import type { ApiKeyPage, ApiKeyResponse } from '../../src/devin/schemas.ts';
import { SERVICE_USER, standInClient, startStandIn } from '../support/stand-in-fixture.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0) / 1000;
const DAY = 86_400;

function apiKey(overrides: Partial<ApiKeyResponse> = {}): ApiKeyResponse {
  return {
    api_key_id: 'key-1',
    api_key_name: 'ci',
    created_at: NOW - 30 * DAY,
    expires_at: NOW + 60 * DAY,
    is_active: true,
    last_used_at: NOW - DAY,
    revoked_at: null,
    ...overrides,
  };
}

function audited(
  overrides: Partial<ApiKeyResponse>,
  failOn: FindingClass[] = ['expired', 'revoked'],
) {
  const policy: AuditPolicy = { failOn: new Set(failOn), expiryWarningDays: 14, staleDays: 90 };
  return new AuditedKey(apiKey(overrides), { nowSeconds: NOW, policy });
}

describe('findings', () => {
  test.each<[string, Partial<ApiKeyResponse>, string[]]>([
    ['a healthy key', {}, []],
    ['a revoked key', { revoked_at: NOW - 2 * DAY, is_active: false }, ['revoked']],
    ['an expired key', { expires_at: NOW - 5 * DAY, is_active: false }, ['expired']],
    ['a key expiring in 3 days', { expires_at: NOW + 3 * DAY }, ['expiring']],
    ['a key without an expiry', { expires_at: null }, ['no_expiry']],
    ['a key unused for 100 days', { last_used_at: NOW - 100 * DAY }, ['stale']],
    [
      'a key never used, made 91 days ago',
      { last_used_at: null, created_at: NOW - 91 * DAY },
      ['stale'],
    ],
    ['a key never used, made yesterday', { last_used_at: null, created_at: NOW - DAY }, []],
    [
      'a stale key that expires soon',
      { expires_at: NOW + DAY, last_used_at: NOW - 200 * DAY },
      ['expiring', 'stale'],
    ],
  ])('%s: %j', (_, overrides, classes) => {
    expect(audited(overrides).findings.map((finding) => finding.class)).toEqual(classes);
  });

  test('a finding says why, with a date a person reads', () => {
    const [finding] = audited({ expires_at: NOW - 23 * DAY, is_active: false }).findings;
    expect(finding).toEqual({
      class: 'expired',
      reason: 'expired 2026-11-01 (23 days ago)',
      failing: true,
    });
    expect(audited({ last_used_at: null, created_at: NOW - 120 * DAY }).findings[0]?.reason).toBe(
      'never used since it was created 2026-07-27 (120 days ago)',
    );
  });

  test('failing follows fail_on', () => {
    expect(audited({ expires_at: NOW + DAY }).failing).toBe(false);
    expect(audited({ expires_at: NOW + DAY }, ['expiring']).failing).toBe(true);
    expect(audited({ revoked_at: NOW - DAY }, []).failing).toBe(false);
  });

  test('status comes from the timestamps: is_active cannot tell expired from revoked', () => {
    expect(keyStatus(apiKey({ is_active: false, expires_at: NOW - 1 }), NOW)).toBe('expired');
    expect(
      keyStatus(apiKey({ is_active: false, revoked_at: NOW - 1, expires_at: NOW - 1 }), NOW),
    ).toBe('revoked');
    expect(keyStatus(apiKey({ is_active: false, expires_at: null }), NOW)).toBe('revoked');
    expect(keyStatus(apiKey(), NOW)).toBe('active');
  });

  test('relative days', () => {
    expect(relativeDays(NOW + 3 * DAY, NOW)).toBe('in 3 days');
    expect(relativeDays(NOW - DAY, NOW)).toBe('1 day ago');
    expect(relativeDays(NOW + 3_600, NOW)).toBe('today');
  });

  test('worst first: failing, then by severity, then by name', () => {
    const keys = [
      audited({ api_key_name: 'b-fine' }),
      audited({ api_key_name: 'z-expiring', expires_at: NOW + DAY }),
      audited({ api_key_name: 'y-expired', expires_at: NOW - DAY }),
      audited({ api_key_name: 'x-revoked', revoked_at: NOW - DAY }),
      audited({ api_key_name: 'a-fine' }),
      audited({ api_key_name: 'w-revoked', revoked_at: NOW - DAY }),
    ];
    expect(sortWorstFirst(keys).map((key) => key.name)).toEqual([
      'w-revoked',
      'x-revoked',
      'y-expired',
      'z-expiring',
      'a-fine',
      'b-fine',
    ]);
  });
});

describe('paging', () => {
  const page = (ids: string[], cursor: string | null): ApiKeyPage => ({
    items: ids.map((id) => apiKey({ api_key_id: id })),
    end_cursor: cursor,
    has_next_page: cursor !== null,
  });

  test('follows end_cursor until has_next_page is false, visiting each page once', async () => {
    const pages: Record<string, ApiKeyPage> = {
      start: page(['a', 'b'], 'c1'),
      c1: page(['c'], 'c2'),
      c2: page(['d'], null),
    };
    const asked: (string | undefined)[] = [];
    const seen: string[] = [];

    const count = await forEachPage(
      (after) => {
        asked.push(after);
        return Promise.resolve(pages[after ?? 'start'] as ApiKeyPage);
      },
      (items) => seen.push(...items.map((item) => item.api_key_id)),
      'test keys',
    );

    expect(count).toBe(3);
    expect(asked).toEqual([undefined, 'c1', 'c2']);
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  test('a cursor given twice is an error after few pages', async () => {
    let calls = 0;
    const error = await forEachPage(
      () => {
        calls++;
        return Promise.resolve(page(['a'], 'same'));
      },
      () => undefined,
      'test keys',
    ).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(DevinApiError);
    expect((error as Error).message).toContain(
      'gave the cursor "same" a second time, after 2 pages',
    );
    expect(calls).toBe(2);
  });

  test.each([null, undefined, ''])(
    'more pages with end_cursor %j is an error, not a short listing',
    async (cursor) => {
      const seen: string[] = [];
      const error = await forEachPage(
        () => Promise.resolve({ ...page(['a'], null), has_next_page: true, end_cursor: cursor }),
        (items) => seen.push(...items.map((item) => item.api_key_id)),
        'test keys',
      ).catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(DevinApiError);
      expect((error as Error).message).toContain(
        'Could not list test keys: page 1 says more pages follow (has_next_page: true) but gives no cursor',
      );
    },
  );

  test('a runaway page count is an error', async () => {
    let n = 0;
    const error = await forEachPage(
      () => Promise.resolve(page(['a'], `c${n++}`)),
      () => undefined,
      'test keys',
      25,
    ).catch((thrown: unknown) => thrown);

    expect((error as Error).message).toContain('still had more pages after 25');
    expect(n).toBe(25);
  });

  test('an error while visiting a page ends the listing with that error', async () => {
    const error = await forEachPage(
      (after) =>
        Promise.resolve(
          after === undefined ? page(['a'], 'c1') : Promise.reject(new Error('late')),
        ),
      () => {
        throw new Error('visit failed');
      },
      'test keys',
    ).catch((thrown: unknown) => thrown);

    expect((error as Error).message).toBe('visit failed');
  });

  test('the next page is on the wire before this one is worked through', async () => {
    const credential = 'cog_CANARYpaging55ee66ff';
    const api = await startStandIn(
      { adminKey: 'apk_user_CANARYpaging77aa88bb', serviceUserCredential: credential },
      ['k1', 'k2', 'k3', 'k4', 'k5'].map((id) => ({ api_key_id: id, api_key_name: id })),
    );
    const devin = standInClient(api, credential);
    const listAll = (visit: (items: ApiKeyResponse[]) => void): Promise<number> =>
      forEachPage(
        (after) => devin.listServiceUserKeysPage(SERVICE_USER, { status: 'all', first: 2, after }),
        visit,
        'test keys',
      );
    // What undici has written to a socket and what has been worked through, in order.
    const events: string[] = [];
    const onRequestSent = (): void => void events.push('request sent');
    try {
      // A fresh client opens a second connection for the second page while the first is being
      // released; the overlap is a matter of kept-alive connections, so the first listing warms them.
      await listAll(() => undefined);
      subscribe('undici:client:sendHeaders', onRequestSent);
      await listAll((items) =>
        events.push(`visited ${items.map((item) => item.api_key_id).join(',')}`),
      );
    } finally {
      unsubscribe('undici:client:sendHeaders', onRequestSent);
      await devin.close();
      await api.close();
    }

    expect(events).toEqual([
      'request sent',
      'request sent',
      'visited k1,k2',
      'request sent',
      'visited k3,k4',
      'visited k5',
    ]);
  });

  test('mapConcurrently: after a failure nothing new starts, and it rejects once the running end', async () => {
    const started: string[] = [];
    const ended: string[] = [];
    const signals: AbortSignal[] = [];
    const error = await mapConcurrently(['slow', 'fails', 'c', 'd'], 2, async (item, signal) => {
      started.push(item);
      signals.push(signal);
      if (item === 'fails') throw new Error('fails first');
      await new Promise((resolve) => setTimeout(resolve, 50));
      ended.push(item);
      return item;
    }).catch((thrown: unknown) => thrown);

    expect((error as Error).message).toBe('fails first');
    expect(started).toEqual(['slow', 'fails']);
    expect(ended).toEqual(['slow']);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  test('mapConcurrently rejects with the first failure in time, not in order', async () => {
    const error = await mapConcurrently([40, 5], 2, async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      throw new Error(`failed after ${ms} ms`);
    }).catch((thrown: unknown) => thrown);

    expect((error as Error).message).toBe('failed after 5 ms');
  });

  test('mapConcurrently keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([50, 10, 30, 20, 40, 5], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms * 2;
    });

    expect(results).toEqual([100, 20, 60, 40, 80, 10]);
    expect(most).toBe(2);
  });
});
