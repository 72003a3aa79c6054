/**
 * The Devin stand-in answers as the reference documents, with plain `fetch`: the end-to-end
 * suites are only as strict as this server. Here: the v2 listing and revocation of the
 * enterprise's keys, the call that revokes them all, keys made at one moment or listed late,
 * and v3 tokens minted by create and rotate.
 */
import {
  isoTime,
  maskedKeyValue,
  startFakeDevinApi,
  type FakeDevinApi,
  type FakeDevinApiOptions,
  type FakeEnterpriseKeySeed,
} from '../fake-api/server.ts';

const ADMIN_KEY = 'apk_user_CANARYadmin9c1e4b7a';
const MEMBER_KEY = 'apk_user_CANARYmember3f8d2a61';
const SERVICE_KEY = 'apk_CANARYservice5b7e0c93';
const CREDENTIAL = 'cog_CANARYstandin2d6f8a14';
const ORG = 'org-abc123';
const OTHER_ORG = 'org-def456';
const ORG_NAMES = { [ORG]: 'Acme', [OTHER_ORG]: 'Acme Labs' };
const SERVICE_USER = 'service-user-ci';
const OTHER_SERVICE_USER = 'service-user-deploy';
const KEYS_PATH = '/v2/enterprise/api-keys';
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0) / 1000;

let clock: number;
let api: FakeDevinApi | undefined;

beforeEach(() => {
  clock = NOW;
});

afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    personalKeys: [MEMBER_KEY],
    serviceKeys: [SERVICE_KEY],
    orgIds: [ORG, OTHER_ORG],
    orgNames: ORG_NAMES,
    serviceUsers: [
      { id: SERVICE_USER, name: 'CI bot', credential: CREDENTIAL },
      { id: OTHER_SERVICE_USER, name: 'Deploy bot', credential: 'cog_CANARYdeploy7a0b1c2d' },
    ],
    now: () => clock,
    ...options,
  });
  return api;
}

interface Reply {
  status: number;
  body: unknown;
}

async function call(
  server: FakeDevinApi,
  method: string,
  path: string,
  token: string | null = ADMIN_KEY,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

interface ListedKey {
  id: string;
  org_id: string;
  org_name: string | null;
  user_id: string | null;
  user_email: string | null;
  is_service_key: boolean;
  created_at: string;
  api_key_value: string | null;
}

interface ListingPage {
  items: ListedKey[];
  total: number;
  skip: number;
  limit: number;
  has_more: boolean;
  next_cursor: number | null;
}

async function listing(
  server: FakeDevinApi,
  query: Record<string, string> = {},
  token = ADMIN_KEY,
): Promise<ListingPage> {
  const search = new URLSearchParams(query).toString();
  const reply = await call(
    server,
    'GET',
    `${KEYS_PATH}${search === '' ? '' : `?${search}`}`,
    token,
  );
  expect(reply.status).toBe(200);
  return reply.body as ListingPage;
}

async function provision(server: FakeDevinApi, orgId = ORG): Promise<string> {
  const reply = await call(server, 'POST', KEYS_PATH, ADMIN_KEY, { org_id: orgId });
  expect(reply.status).toBe(200);
  return (reply.body as { api_key: string }).api_key;
}

const listedIds = (page: ListingPage): string[] => page.items.map((item) => item.id);

/** Service keys of one organization, a minute apart, oldest first. */
function serviceKeySeeds(count: number, orgId = ORG): FakeEnterpriseKeySeed[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `apk-seed-${index}`,
    org_id: orgId,
    created_at: NOW - 86_400 + index * 60,
  }));
}

describe('GET /v2/enterprise/api-keys lists the keys of the enterprise', () => {
  test('every key POST provisions, as a service key of its organization, dated when it was made', async () => {
    const server = await start();
    const first = await provision(server, ORG);
    clock += 90;
    const second = await provision(server, OTHER_ORG);

    const page = await listing(server);

    const [firstRecord, secondRecord] = server.enterpriseKeys();
    expect(page.items).toEqual([
      {
        id: firstRecord?.id,
        org_id: ORG,
        org_name: 'Acme',
        user_id: null,
        user_email: null,
        is_service_key: true,
        created_at: '2026-11-24T12:00:00Z',
        api_key_value: first,
      },
      {
        id: secondRecord?.id,
        org_id: OTHER_ORG,
        org_name: 'Acme Labs',
        user_id: null,
        user_email: null,
        is_service_key: true,
        created_at: '2026-11-24T12:01:30Z',
        api_key_value: second,
      },
    ]);
    expect(firstRecord?.id).toMatch(/^apk-[0-9a-f]+$/);
    expect(secondRecord?.id).not.toBe(firstRecord?.id);
    expect(page).toMatchObject({
      total: 2,
      skip: 0,
      limit: 25,
      has_more: false,
      next_cursor: null,
    });
  });

  test('seeded keys too: personal keys of users and older service keys, oldest first', async () => {
    const server = await start({
      orgNames: { [ORG]: 'Acme' },
      enterpriseKeys: [
        {
          id: 'apk-alice',
          org_id: ORG,
          user: { id: 'user-alice', email: 'alice@example.com' },
          api_key: 'apk_user_CANARYalice0000aaaa',
          created_at: NOW - 3600,
        },
        { id: 'apk-old', org_id: 'org-unnamed', created_at: NOW - 7200 },
        { id: 'apk-gone', org_id: ORG, created_at: NOW - 9000, revoked_at: NOW - 60 },
      ],
    });
    await provision(server);

    const page = await listing(server);

    expect(listedIds(page)).toEqual(['apk-old', 'apk-alice', server.enterpriseKeys()[3]?.id]);
    expect(page.items[0]).toMatchObject({
      org_id: 'org-unnamed',
      org_name: null,
      user_id: null,
      user_email: null,
      is_service_key: true,
      created_at: isoTime(NOW - 7200),
    });
    expect(page.items[0]?.api_key_value).toMatch(/^apk_(?!user_)/);
    expect(page.items[1]).toEqual({
      id: 'apk-alice',
      org_id: ORG,
      org_name: 'Acme',
      user_id: 'user-alice',
      user_email: 'alice@example.com',
      is_service_key: false,
      created_at: '2026-11-24T11:00:00Z',
      api_key_value: 'apk_user_CANARYalice0000aaaa',
    });
    expect(page.total).toBe(3);
  });

  test('pages of per_page keys: has_more and next_cursor lead to the last page, then null', async () => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(7) });

    const pages: ListingPage[] = [];
    for (let next: number | null = 1; next !== null;) {
      const page = await listing(server, { page: String(next), per_page: '3' });
      pages.push(page);
      next = page.next_cursor;
      expect(pages.length).toBeLessThanOrEqual(3);
    }

    expect(pages.map((page) => listedIds(page).length)).toEqual([3, 3, 1]);
    expect(
      pages.map(({ skip, limit, has_more, next_cursor, total }) => ({
        skip,
        limit,
        has_more,
        next_cursor,
        total,
      })),
    ).toEqual([
      { skip: 0, limit: 3, has_more: true, next_cursor: 2, total: 7 },
      { skip: 3, limit: 3, has_more: true, next_cursor: 3, total: 7 },
      { skip: 6, limit: 3, has_more: false, next_cursor: null, total: 7 },
    ]);
    expect(pages.flatMap(listedIds)).toEqual(serviceKeySeeds(7).map((seed) => seed.id));
  });

  test('a page past the end is empty, with nothing more', async () => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(4) });

    const page = await listing(server, { page: '3', per_page: '2' });

    expect(page).toEqual({
      items: [],
      total: 4,
      skip: 4,
      limit: 2,
      has_more: false,
      next_cursor: null,
    });
  });

  test('by default page 1 of 25; per_page goes from 1 to 100', async () => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(120) });

    const first = await listing(server);
    expect(listedIds(first)).toEqual(serviceKeySeeds(25).map((seed) => seed.id));
    expect(first).toMatchObject({ skip: 0, limit: 25, has_more: true, next_cursor: 2, total: 120 });

    expect(listedIds(await listing(server, { per_page: '1' }))).toEqual(['apk-seed-0']);
    const widest = await listing(server, { page: '2', per_page: '100' });
    expect(listedIds(widest)).toHaveLength(20);
    expect(widest).toMatchObject({ skip: 100, limit: 100, has_more: false, next_cursor: null });
  });

  test.each([
    ['page', '0', 'greater_than_equal', 'Input should be greater than or equal to 1'],
    ['page', '-2', 'greater_than_equal', 'Input should be greater than or equal to 1'],
    [
      'page',
      'two',
      'int_parsing',
      'Input should be a valid integer, unable to parse string as an integer',
    ],
    [
      'page',
      '1.5',
      'int_parsing',
      'Input should be a valid integer, unable to parse string as an integer',
    ],
    ['per_page', '0', 'greater_than_equal', 'Input should be greater than or equal to 1'],
    ['per_page', '101', 'less_than_equal', 'Input should be less than or equal to 100'],
    [
      'per_page',
      '',
      'int_parsing',
      'Input should be a valid integer, unable to parse string as an integer',
    ],
  ])('%s=%j answers FastAPI’s 422 (%s)', async (name, value, type, msg) => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(2) });

    const reply = await call(server, 'GET', `${KEYS_PATH}?${name}=${encodeURIComponent(value)}`);

    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      detail: [expect.objectContaining({ loc: ['query', name], type, msg, input: value })],
    });
  });

  test('both out of bounds: both named in one 422', async () => {
    const server = await start();

    const reply = await call(server, 'GET', `${KEYS_PATH}?page=0&per_page=500`);

    expect(reply.status).toBe(422);
    const { detail } = reply.body as { detail: { loc: string[]; ctx: unknown }[] };
    expect(detail.map(({ loc, ctx }) => ({ loc, ctx }))).toEqual([
      { loc: ['query', 'page'], ctx: { ge: 1 } },
      { loc: ['query', 'per_page'], ctx: { le: 100 } },
    ]);
  });

  test('org_id keeps the keys of that organization; an unknown one lists none', async () => {
    const server = await start({
      enterpriseKeys: [...serviceKeySeeds(3, ORG), ...serviceKeySeeds(2, OTHER_ORG)].map(
        (seed, index) => ({ ...seed, id: `apk-${index}` }),
      ),
    });
    await provision(server, OTHER_ORG);

    const other = await listing(server, { org_id: OTHER_ORG, per_page: '2' });
    expect(other.items.map((item) => item.org_id)).toEqual([OTHER_ORG, OTHER_ORG]);
    expect(other).toMatchObject({ total: 3, has_more: true, next_cursor: 2 });
    const rest = await listing(server, { org_id: OTHER_ORG, per_page: '2', page: '2' });
    expect(rest.items.map((item) => item.org_id)).toEqual([OTHER_ORG]);

    expect((await listing(server, { org_id: ORG })).total).toBe(3);
    expect(await listing(server, { org_id: 'org-nobody' })).toMatchObject({ items: [], total: 0 });
  });

  test.each([
    ['a personal key without the admin role', MEMBER_KEY, 403, 'Enterprise admin role required'],
    [
      'a service key',
      SERVICE_KEY,
      403,
      'This API version requires an Enterprise admin personal API key',
    ],
    [
      'a service user credential',
      CREDENTIAL,
      403,
      'This API version requires an Enterprise admin personal API key',
    ],
    ['an unknown key', 'apk_user_CANARYunknown00000000', 401, 'Invalid API key'],
    ['no credential', null, 401, 'Not authenticated'],
  ])('only an Enterprise admin may list: %s answers %i', async (_, token, status, detail) => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(1) });

    const reply = await call(server, 'GET', KEYS_PATH, token);

    expect(reply).toEqual({ status, body: { detail } });
  });
});

describe('api_key_value, which the reference leaves open, is as the test asks', () => {
  const PERSONAL = 'apk_user_CANARYbob11112222wxyz';

  test.each([
    ['whole (the default)', undefined, (key: string) => key],
    ['whole', 'whole' as const, (key: string) => key],
    ['masked', 'masked' as const, maskedKeyValue],
    ['null', null, () => null],
  ])('%s', async (_, mode, expected) => {
    const server = await start({
      ...(mode === undefined ? {} : { apiKeyValue: mode }),
      enterpriseKeys: [
        {
          id: 'apk-bob',
          org_id: ORG,
          user: { id: 'user-bob' },
          api_key: PERSONAL,
          created_at: NOW - 60,
        },
      ],
    });
    const provisioned = await provision(server);

    const values = (await listing(server)).items.map((item) => item.api_key_value);

    expect(values).toEqual([expected(PERSONAL), expected(provisioned)]);
  });

  test('the masked form keeps the prefix and the last four characters, and hides the rest', async () => {
    const server = await start({ apiKeyValue: 'masked' });
    const provisioned = await provision(server);

    const [value] = (await listing(server)).items.map((item) => item.api_key_value);

    expect(maskedKeyValue(PERSONAL)).toBe('apk_user_****wxyz');
    expect(value).toBe(`apk_****${provisioned.slice(-4)}`);
    expect(value).not.toContain(provisioned.slice(4, -4));
  });
});

describe('DELETE /v2/enterprise/api-keys/{api_key_id} revokes that key alone', () => {
  test('answers success; the key leaves the listing and no longer authenticates', async () => {
    const server = await start();
    const doomed = await provision(server);
    const kept = await provision(server);
    const [doomedRecord, keptRecord] = server.enterpriseKeys();
    // A v2 service key is known, and of the wrong kind: 403, not 401.
    expect((await call(server, 'GET', '/v3/self', doomed)).status).toBe(403);
    clock += 300;

    const reply = await call(server, 'DELETE', `${KEYS_PATH}/${doomedRecord?.id ?? ''}`);

    expect(reply).toEqual({ status: 200, body: { status: 'success' } });
    expect(listedIds(await listing(server))).toEqual([keptRecord?.id]);
    expect(
      server.enterpriseKeys().map(({ id, revoked, revoked_at, listed }) => ({
        id,
        revoked,
        revoked_at,
        listed,
      })),
    ).toEqual([
      { id: doomedRecord?.id, revoked: true, revoked_at: NOW + 300, listed: false },
      { id: keptRecord?.id, revoked: false, revoked_at: null, listed: true },
    ]);
    expect(await call(server, 'GET', '/v3/self', doomed)).toMatchObject({
      status: 401,
      body: { status: 401, detail: 'API key revoked' },
    });
    expect(await call(server, 'GET', KEYS_PATH, doomed)).toEqual({
      status: 401,
      body: { detail: 'API key revoked' },
    });
    expect((await call(server, 'GET', '/v3/self', kept)).status).toBe(403);
    expect(server.revokedEverything()).toBe(false);
  });

  test("a user's personal key revoked by id shuts that user out", async () => {
    const secondAdmin = 'apk_user_CANARYadmin2e5f6a7b8';
    const server = await start({
      adminKeys: [ADMIN_KEY, secondAdmin],
      enterpriseKeys: [
        { id: 'apk-carol', org_id: ORG, user: { id: 'user-carol' }, api_key: secondAdmin },
      ],
    });
    expect((await call(server, 'GET', KEYS_PATH, secondAdmin)).status).toBe(200);

    expect((await call(server, 'DELETE', `${KEYS_PATH}/apk-carol`)).status).toBe(200);

    expect((await call(server, 'GET', KEYS_PATH, secondAdmin)).status).toBe(401);
    expect((await call(server, 'GET', KEYS_PATH, ADMIN_KEY)).status).toBe(200);
  });

  test('an unknown id answers 404, and so does a key already revoked', async () => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(1) });

    expect(await call(server, 'DELETE', `${KEYS_PATH}/apk-nobody`)).toEqual({
      status: 404,
      body: { detail: 'API key not found' },
    });
    expect((await call(server, 'DELETE', `${KEYS_PATH}/apk-seed-0`)).status).toBe(200);
    expect((await call(server, 'DELETE', `${KEYS_PATH}/apk-seed-0`)).status).toBe(404);
  });

  test('only an Enterprise admin may revoke: a member gets 403 and the key stays', async () => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(1) });

    const reply = await call(server, 'DELETE', `${KEYS_PATH}/apk-seed-0`, MEMBER_KEY);

    expect(reply.status).toBe(403);
    expect(server.enterpriseKeys()[0]?.revoked).toBe(false);
  });
});

describe('DELETE /v2/enterprise/api-keys without an id revokes every key, and says it happened', () => {
  test.each([KEYS_PATH, `${KEYS_PATH}/`])('%s', async (path) => {
    const server = await start({
      enterpriseKeys: [
        { id: 'apk-dave', org_id: OTHER_ORG, user: { id: 'user-dave' } },
        ...serviceKeySeeds(2),
      ],
    });
    const provisioned = await provision(server);
    expect(server.revokedEverything()).toBe(false);
    clock += 5;

    const reply = await call(server, 'DELETE', path);

    expect(reply).toEqual({ status: 200, body: { status: 'success' } });
    expect(server.revokedEverything()).toBe(true);
    expect(
      server.enterpriseKeys().map(({ revoked_at, listed }) => ({ revoked_at, listed })),
    ).toEqual(Array.from({ length: 4 }, () => ({ revoked_at: NOW + 5, listed: false })));
    // Every key, user and service: the admin's own key, too.
    for (const token of [ADMIN_KEY, MEMBER_KEY, SERVICE_KEY, provisioned]) {
      expect((await call(server, 'GET', KEYS_PATH, token)).status).toBe(401);
    }
    // A v3 service user credential is not one of v2's API keys.
    expect((await call(server, 'GET', '/v3/self', CREDENTIAL)).status).toBe(200);
  });

  test('refused to a member (403): nothing revoked, nothing recorded, the attempt is in requests', async () => {
    const server = await start({ enterpriseKeys: serviceKeySeeds(1) });

    expect((await call(server, 'DELETE', KEYS_PATH, MEMBER_KEY)).status).toBe(403);

    expect(server.revokedEverything()).toBe(false);
    expect(server.enterpriseKeys()[0]?.revoked).toBe(false);
    expect(server.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `DELETE ${KEYS_PATH}`,
    ]);
  });
});

describe('two keys of one organization made at the same moment', () => {
  test('concurrentProvisions: each POST comes with a twin, made by someone else, at the same created_at', async () => {
    const server = await start({ concurrentProvisions: true });

    const provisioned = await provision(server);

    const page = await listing(server);
    expect(page.items.map(({ org_id, created_at }) => ({ org_id, created_at }))).toEqual([
      { org_id: ORG, created_at: isoTime(NOW) },
      { org_id: ORG, created_at: isoTime(NOW) },
    ]);
    const records = server.enterpriseKeys();
    expect(records.map(({ madeBy }) => madeBy)).toEqual(['provision', 'concurrent']);
    expect(records[0]?.api_key).toBe(provisioned);
    expect(records[1]?.api_key).not.toBe(provisioned);
    expect(new Set(listedIds(page)).size).toBe(2);
    // The twin's value was answered to nobody.
    expect(server.provisionedKeys()).toEqual([{ api_key: provisioned, org_id: ORG }]);
    expect(server.mintedTokens()).toEqual([provisioned]);
  });

  test('while the clock stands still, two POSTs make two keys with one created_at', async () => {
    const server = await start();

    const keys = [await provision(server), await provision(server)];

    const page = await listing(server, { org_id: ORG });
    expect(page.items.map((item) => item.api_key_value)).toEqual(keys);
    expect(new Set(page.items.map((item) => item.created_at))).toEqual(new Set([isoTime(NOW)]));
  });

  test('a key added later can take the created_at of one already made', async () => {
    const server = await start();
    await provision(server);
    const [made] = server.enterpriseKeys();
    clock += 3600;

    const added = server.addEnterpriseKey({ org_id: ORG, created_at: made?.created_at ?? 0 });

    expect(added).toMatchObject({
      created_at: NOW,
      madeBy: 'seed',
      listed: true,
      is_service_key: true,
    });
    const page = await listing(server);
    expect(page.items.map((item) => item.created_at)).toEqual([isoTime(NOW), isoTime(NOW)]);
  });
});

describe('a key the listing shows late, as after a minting answer that was lost', () => {
  test('after N listings', async () => {
    const server = await start({ provisionedKeysAppearAfter: { listings: 2 } });
    const provisioned = await provision(server);
    const [record] = server.enterpriseKeys();
    expect(record?.listed).toBe(false);

    expect((await listing(server)).total).toBe(0);
    expect((await listing(server, { org_id: ORG })).total).toBe(0);
    expect(server.enterpriseKeys()[0]?.listed).toBe(true);
    const third = await listing(server);

    expect(third.items.map((item) => item.api_key_value)).toEqual([provisioned]);
    // Made all along: it authenticates (as a service key) before it is listed.
    expect((await call(server, 'GET', '/v3/self', provisioned)).status).toBe(403);
  });

  test('after a delay, on the stand-in’s clock', async () => {
    const server = await start({ provisionedKeysAppearAfter: { ms: 30_000 } });
    await provision(server);

    clock += 29;
    expect((await listing(server)).items).toEqual([]);
    clock += 1;
    expect(listedIds(await listing(server))).toEqual([server.enterpriseKeys()[0]?.id]);
  });

  test('after a delay on the wall clock, when no clock is given', async () => {
    const server = await start({ now: undefined, provisionedKeysAppearAfter: { ms: 400 } });
    await provision(server);

    expect((await listing(server)).total).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await listing(server)).total).toBe(1);
  });

  test('a POST whose answer is lost made a key all the same, and the listing shows it late', async () => {
    const server = await start({ provisionedKeysAppearAfter: { listings: 1 } });
    server.fail({ method: 'POST', path: KEYS_PATH, process: true, reset: true });

    await expect(call(server, 'POST', KEYS_PATH, ADMIN_KEY, { org_id: ORG })).rejects.toThrow();

    const [lost] = server.provisionedKeys();
    expect(lost?.org_id).toBe(ORG);
    expect((await listing(server)).items).toEqual([]);
    expect((await listing(server)).items.map((item) => item.api_key_value)).toEqual([
      lost?.api_key,
    ]);
  });

  test('a seed can appear late too', async () => {
    const server = await start({
      enterpriseKeys: [
        { id: 'apk-late', org_id: ORG, appearsAfter: { listings: 1 } },
        ...serviceKeySeeds(1),
      ],
    });

    expect(listedIds(await listing(server))).toEqual(['apk-seed-0']);
    expect(listedIds(await listing(server))).toEqual(['apk-seed-0', 'apk-late']);
  });
});

describe('tokens minted by create and rotate authenticate as their service user on v3', () => {
  const keysPath = (serviceUserId: string) =>
    `/v3beta1/enterprise/service-users/${serviceUserId}/api-keys`;

  async function create(server: FakeDevinApi, body: Record<string, unknown> = {}) {
    const reply = await call(server, 'POST', keysPath(OTHER_SERVICE_USER), CREDENTIAL, {
      name: 'deploy',
      ...body,
    });
    expect(reply.status).toBe(200);
    return reply.body as { api_key_id: string; token: string };
  }

  const selfOf = (server: FakeDevinApi, token: string) => call(server, 'GET', '/v3/self', token);

  test('a created key: /v3/self names its service user while it is active, 401 once revoked', async () => {
    const server = await start();
    const created = await create(server);

    expect(await selfOf(server, created.token)).toEqual({
      status: 200,
      body: {
        principal_type: 'service_user',
        service_user_id: OTHER_SERVICE_USER,
        service_user_name: 'Deploy bot',
        org_id: null,
      },
    });
    // It acts as its service user elsewhere too.
    expect((await call(server, 'GET', keysPath(SERVICE_USER), created.token)).status).toBe(200);

    const revoked = await call(
      server,
      'DELETE',
      `${keysPath(OTHER_SERVICE_USER)}/${created.api_key_id}`,
      CREDENTIAL,
    );
    expect(revoked.status).toBe(200);

    expect(await selfOf(server, created.token)).toMatchObject({
      status: 401,
      body: { title: 'Unauthorized', status: 401, detail: 'API key revoked' },
    });
  });

  test('a rotated key: the new token works, the token of the key rotated away answers 401', async () => {
    const server = await start();
    const created = await create(server);

    const reply = await call(
      server,
      'POST',
      `${keysPath(OTHER_SERVICE_USER)}/${created.api_key_id}/rotate`,
      created.token,
      {},
    );
    expect(reply.status).toBe(200);
    const rotated = reply.body as { token: string };

    expect(await selfOf(server, rotated.token)).toMatchObject({
      status: 200,
      body: { service_user_id: OTHER_SERVICE_USER },
    });
    expect((await selfOf(server, created.token)).status).toBe(401);
  });

  test('a key rotated with revoke_current=false keeps both tokens working', async () => {
    const server = await start();
    const created = await create(server);

    const reply = await call(
      server,
      'POST',
      `${keysPath(OTHER_SERVICE_USER)}/${created.api_key_id}/rotate`,
      CREDENTIAL,
      { revoke_current: false },
    );
    const rotated = reply.body as { token: string };

    expect((await selfOf(server, created.token)).status).toBe(200);
    expect((await selfOf(server, rotated.token)).status).toBe(200);
  });

  test('an expiring key: 200 until expires_at, 401 from then on', async () => {
    const server = await start();
    const created = await create(server, { expires_at: NOW + 600 });

    clock = NOW + 599;
    expect((await selfOf(server, created.token)).status).toBe(200);
    clock = NOW + 600;
    expect(await selfOf(server, created.token)).toMatchObject({
      status: 401,
      body: { detail: 'API key expired' },
    });
  });

  test('a key of a service user that has expired answers 401', async () => {
    const server = await start({
      serviceUsers: [
        { id: SERVICE_USER, credential: CREDENTIAL },
        { id: OTHER_SERVICE_USER, credential: 'cog_CANARYdeploy7a0b1c2d', expiresAt: NOW + 100 },
      ],
    });
    const created = await create(server);
    expect((await selfOf(server, created.token)).status).toBe(200);

    clock = NOW + 100;

    expect(await selfOf(server, created.token)).toMatchObject({
      status: 401,
      body: { detail: 'Service user inactive' },
    });
  });

  test('a seeded key with a token authenticates like a minted one', async () => {
    const seededToken = 'cog_CANARYseeded4e5f6a7b';
    const server = await start({
      serviceUsers: [
        {
          id: SERVICE_USER,
          credential: CREDENTIAL,
          keys: [{ api_key_name: 'old', token: seededToken, expires_at: NOW + 60 }],
        },
      ],
    });

    expect(await selfOf(server, seededToken)).toMatchObject({
      status: 200,
      body: { service_user_id: SERVICE_USER },
    });
  });

  test('a minted v3 token is no v2 key: v2 answers 403', async () => {
    const server = await start();
    const created = await create(server);

    expect(await call(server, 'GET', KEYS_PATH, created.token)).toEqual({
      status: 403,
      body: { detail: 'This API version requires an Enterprise admin personal API key' },
    });
  });

  test.each([
    ['provisioned by v2', async (server: FakeDevinApi) => provision(server)],
    ['given as a service key', () => Promise.resolve(SERVICE_KEY)],
  ])('an apk_ service key %s is a service key: v2 and v3 answer 403', async (_, keyOf) => {
    const server = await start();
    const key = await keyOf(server);

    expect((await selfOf(server, key)).status).toBe(403);
    expect((await call(server, 'GET', keysPath(SERVICE_USER), key)).status).toBe(403);
    expect((await call(server, 'GET', KEYS_PATH, key)).status).toBe(403);
    expect((await call(server, 'POST', KEYS_PATH, key, { org_id: ORG })).status).toBe(403);
  });
});
