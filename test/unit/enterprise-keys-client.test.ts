/**
 * The v2 listing and revoke by id, against the stand-in: paging with its guards, the key's
 * value compared and dropped, and no request that could revoke more than the one key.
 */
import { ActionError } from '../../src/base/errors.ts';
import { enterpriseKeyPath, type DevinClient } from '../../src/devin/client.ts';
import { DevinApiError } from '../../src/devin/errors.ts';
import { matchKeyValue } from '../../src/devin/key-value.ts';
import { forEachNumberedPage } from '../../src/devin/paging.ts';
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { standInClient } from '../support/stand-in-fixture.ts';

const ADMIN_KEY = 'apk_user_CANARYadminV2aa11bb22';
const VALUE = 'apk_CANARYvalue0123456789abcdef';

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: ['org-a', 'org-b'],
    enterpriseKeys: [
      { id: 'apk-a1', org_id: 'org-a', api_key: VALUE, created_at: 1_000 },
      { id: 'apk-a2', org_id: 'org-a', created_at: 2_000 },
      { id: 'apk-a3', org_id: 'org-a', created_at: 3_000, user: { id: 'user-1' } },
      { id: 'apk-b1', org_id: 'org-b', created_at: 4_000 },
    ],
  });
});

afterEach(async () => {
  expect(api.revokedEverything()).toBe(false);
  await api.close();
});

const client = (options: { maxRetries?: number } = {}): DevinClient =>
  standInClient(api, ADMIN_KEY, { sleep: () => Promise.resolve(), ...options });

test('lists one organization page by page, following next_cursor, without any value', async () => {
  const devin = client();
  const seen: unknown[] = [];
  const pages = await forEachNumberedPage(
    (page) => devin.listEnterpriseKeysPage({ page, perPage: 2, orgId: 'org-a' }),
    (items) => seen.push(...items),
    'keys',
  );
  await devin.close();
  expect(pages).toBe(2);
  expect(seen.map((key) => (key as { id: string }).id)).toEqual(['apk-a1', 'apk-a2', 'apk-a3']);
  expect(JSON.stringify(seen)).not.toContain(VALUE);
  expect(seen[0]).toMatchObject({ org_id: 'org-a', is_service_key: true, created_at: 1_000 });
  expect(api.requests.map((request) => request.query)).toEqual([
    { page: '1', per_page: '2', org_id: 'org-a' },
    { page: '2', per_page: '2', org_id: 'org-a' },
  ]);
});

test('compares each listed value with the key held, and drops the value', async () => {
  const devin = client();
  const page = await devin.listEnterpriseKeysComparedPage({ page: 1, perPage: 100 }, VALUE);
  await devin.close();
  expect(page.items.map((key) => [key.id, key.valueMatch])).toEqual([
    ['apk-a1', 'same'],
    ['apk-a2', 'other'],
    ['apk-a3', 'other'],
    ['apk-b1', 'other'],
  ]);
  expect(JSON.stringify(page)).not.toContain(VALUE);
});

test('a masked value can only say a key may be the one', () => {
  expect(matchKeyValue('apk_****cdef', VALUE)).toBe('maybe');
  expect(matchKeyValue('apk_****0000', VALUE)).toBe('other');
  expect(matchKeyValue(null, VALUE)).toBe('unknown');
  expect(matchKeyValue(VALUE, undefined)).toBe('unknown');
  // Shown parts as long as the key hide nothing: not a masked form of it.
  expect(matchKeyValue(`${VALUE}*`, VALUE)).toBe('other');
});

test('a 5xx on a listing page is retried', async () => {
  api.fail({ method: 'GET', path: '/v2/enterprise/api-keys', status: 503, times: 2 });
  const devin = client({ maxRetries: 3 });
  const page = await devin.listEnterpriseKeysPage({ page: 1, perPage: 100 });
  await devin.close();
  expect(page.items).toHaveLength(4);
  expect(api.requests).toHaveLength(3);
});

test('a listing that names the same page again, or never ends, is an error', async () => {
  api.fail({
    method: 'GET',
    path: '/v2/enterprise/api-keys',
    status: 200,
    body: { items: [], total: 1, skip: 0, limit: 1, has_more: true, next_cursor: 1 },
  });
  const devin = client();
  const again = forEachNumberedPage(
    (page) => devin.listEnterpriseKeysPage({ page, perPage: 1 }),
    () => undefined,
    'keys',
  );
  await expect(again).rejects.toThrow(/names page 1 as the next one/);
  await devin.close();

  const endless = forEachNumberedPage(
    (page) => Promise.resolve({ items: [], has_more: true, next_cursor: page + 1 }),
    () => undefined,
    'keys',
    50,
  );
  await expect(endless).rejects.toThrow(/more pages after 50/);
  const noCursor = forEachNumberedPage(
    () => Promise.resolve({ items: [], has_more: true, next_cursor: null }),
    () => undefined,
    'keys',
  );
  await expect(noCursor).rejects.toThrow(/gives no cursor/);
});

test('revokes one key by its id', async () => {
  const devin = client();
  await devin.revokeEnterpriseKey('apk-a2');
  await expect(devin.revokeEnterpriseKey('apk-a2')).rejects.toBeInstanceOf(DevinApiError);
  await devin.close();
  expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    'DELETE /v2/enterprise/api-keys/apk-a2',
    'DELETE /v2/enterprise/api-keys/apk-a2',
  ]);
  const revoked = api.enterpriseKeys().filter((key) => key.revoked);
  expect(revoked.map((key) => key.id)).toEqual(['apk-a2']);
});

test.each(['', '/', '..', '.', 'apk-1/..', 'a/b', '%2F', 'apk-1?x=1', ' apk-1', 'apk-1#', '..apk'])(
  'no request is formed for the id %j: a DELETE without a whole id revokes everything',
  async (id) => {
    expect(() => enterpriseKeyPath(id)).toThrow(ActionError);
    const devin = client();
    await expect(devin.revokeEnterpriseKey(id)).rejects.toBeInstanceOf(ActionError);
    await devin.close();
    expect(api.requests).toEqual([]);
  },
);
