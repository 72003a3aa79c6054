/**
 * The API client against the real stand-in on 127.0.0.1, with sleep, clock and randomness
 * injected: retries are counted and their delays read, but nothing really waits.
 */
import { DevinClient } from '../../src/devin/client.ts';
import { DevinApiError, MintOutcomeUnknownError } from '../../src/devin/errors.ts';
import { Transport } from '../../src/devin/transport.ts';
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { ORG, SERVICE_USER, startStandIn } from '../support/stand-in-fixture.ts';

const ADMIN_KEY = 'apk_user_CANARYadmin11aa22bb';
const CREDENTIAL = 'cog_CANARYclient33cc44dd';
const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);

let api: FakeDevinApi;
let sleeps: number[];
let masked: string[];

beforeEach(async () => {
  api = await startStandIn({ adminKey: ADMIN_KEY, serviceUserCredential: CREDENTIAL }, [
    { api_key_id: 'key-1', api_key_name: 'ci', created_at: NOW_MS / 1000 - 60 },
  ]);
  sleeps = [];
  masked = [];
});

afterEach(async () => {
  await api.close();
});

function client(
  options: { token?: string; maxRetries?: number; timeoutMs?: number; random?: () => number } = {},
): DevinClient {
  return new DevinClient({
    baseUrl: new URL(api.url),
    token: options.token ?? CREDENTIAL,
    timeoutMs: options.timeoutMs ?? 5_000,
    maxRetries: options.maxRetries ?? 3,
    maskSecret: (secret) => masked.push(secret),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    now: () => NOW_MS,
    random: options.random ?? (() => 0.5),
  });
}

const listPage = (devin: DevinClient) =>
  devin.listServiceUserKeysPage(SERVICE_USER, { status: 'all', first: 200 });

async function failureOf(call: Promise<unknown>): Promise<DevinApiError> {
  const error: unknown = await call.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DevinApiError);
  return error as DevinApiError;
}

describe('retries', () => {
  test('a 429 with Retry-After in seconds is waited out exactly, then the POST goes again', async () => {
    api.fail({ method: 'POST', status: 429, headers: { 'retry-after': '7' } });
    const devin = client({ token: ADMIN_KEY });

    const minted = await devin.provisionServiceKey(ORG);

    expect(sleeps).toEqual([7_000]);
    expect(api.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
    expect(api.provisionedKeys()).toEqual([minted]);
    expect(masked).toEqual([minted.api_key]);
    await devin.close();
  });

  test('a Retry-After date is read against the injected clock; one past 60 s ends at once', async () => {
    const inTwelveSeconds = new Date(NOW_MS + 12_000).toUTCString();
    const inAnHour = new Date(NOW_MS + 3_600_000).toUTCString();
    api.fail(
      { method: 'GET', status: 429, headers: { 'retry-after': inTwelveSeconds } },
      { method: 'GET', status: 429, headers: { 'retry-after': inAnHour } },
    );
    const devin = client();

    const error = await failureOf(listPage(devin));

    expect(sleeps).toEqual([12_000]);
    expect(error.message).toContain(
      `asks to wait until ${new Date(NOW_MS + 3_600_000).toISOString()}, longer than the action waits (60 s)`,
    );
    await devin.close();
  });

  test('without Retry-After, the delays are full-jitter exponential backoff', async () => {
    api.fail({ method: 'GET', status: 503, times: 3 });
    const devin = client({ random: () => 0.75 });

    const page = await listPage(devin);

    // A uniform draw (0.75 here) up to 1 s, 2 s, 4 s.
    expect(sleeps).toEqual([750, 1_500, 3_000]);
    expect(page.items.map((key) => key.api_key_id)).toEqual(['key-1']);
    await devin.close();
  });

  test('a read gives up after max_retries and says how often it tried', async () => {
    api.fail({ method: 'GET', status: 502, times: 10 });
    const devin = client({ maxRetries: 2 });

    const error = await failureOf(listPage(devin));

    expect(api.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(error.message).toContain('the Devin API failed (HTTP 502) after 3 attempts');
    await devin.close();
  });

  test('a connection reset on a read is retried', async () => {
    api.fail({ method: 'GET', reset: true });
    const devin = client();

    await listPage(devin);

    expect(api.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    await devin.close();
  });

  test('a 503 on the minting POST is not retried: a key may exist, and the error says so', async () => {
    api.fail({ method: 'POST', status: 503, process: true });
    const devin = client({ token: ADMIN_KEY });

    const error = await failureOf(devin.provisionServiceKey(ORG));

    expect(error).toBeInstanceOf(MintOutcomeUnknownError);
    expect(api.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.message).toContain('A key may have been created');
    expect(error.message).toContain(`GET /v2/enterprise/api-keys?org_id=${ORG}`);
    await devin.close();
  });

  test('a reset after the minting POST was sent is not retried either', async () => {
    api.fail({ method: 'POST', reset: true });
    const devin = client({ token: ADMIN_KEY });

    const error = await failureOf(devin.provisionServiceKey(ORG));

    expect(error).toBeInstanceOf(MintOutcomeUnknownError);
    expect(api.requests).toHaveLength(1);
    await devin.close();
  });

  test('a POST whose connection was refused never left, so it is retried', async () => {
    const closed = await startFakeDevinApi();
    const unreachable = new URL(closed.url);
    await closed.close();
    const devin = new DevinClient({
      baseUrl: unreachable,
      token: ADMIN_KEY,
      timeoutMs: 5_000,
      maxRetries: 2,
      maskSecret: () => undefined,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0,
    });

    const error = await failureOf(devin.provisionServiceKey(ORG));

    expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
    expect(sleeps).toEqual([0, 0]);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 3 attempts');
    await devin.close();
  });

  test('a server that never answers ends in a timeout error', async () => {
    api.fail({ method: 'GET', hang: true, times: 10 });
    const devin = client({ timeoutMs: 200, maxRetries: 1 });

    const error = await failureOf(listPage(devin));

    expect(error.message).toContain(`no answer from ${api.url} within 0.2 s after 2 attempts`);
    expect(error.message).toContain('raise timeout_seconds');
    await devin.close();
  });

  test('a request on a client already closed fails at once, without retries', async () => {
    const devin = client();
    await listPage(devin);
    await devin.close();

    const error: unknown = await listPage(devin).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DevinApiError);
    expect(sleeps).toEqual([]);
    expect(api.requests).toHaveLength(1);
  });
});

describe('answers', () => {
  test('a secret field is masked (to be masked) before the answer is returned', async () => {
    const devin = client({ token: ADMIN_KEY });
    const minted = await devin.provisionServiceKey(ORG);

    expect(masked).toEqual([minted.api_key]);
    expect(minted.org_id).toBe(ORG);
    const [request] = api.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${ADMIN_KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ org_id: ORG });
    await devin.close();
  });

  test('a page missing a required field is an error that names the field', async () => {
    api.fail({
      method: 'GET',
      status: 200,
      body: { items: [{ api_key_id: 'key-1', api_key_name: 'ci', is_active: true }] },
    });
    const devin = client();

    const error = await failureOf(listPage(devin));

    expect(error.message).toContain('does not match the API contract');
    expect(error.message).toContain('field "items.0.created_at"');
    expect(error.message).toContain('field "items.0.expires_at"');
    await devin.close();
  });

  test('extra fields are fine', async () => {
    const devin = client();
    api.fail({
      method: 'GET',
      status: 200,
      body: {
        items: [
          {
            api_key_id: 'key-1',
            api_key_name: 'ci',
            created_at: 1,
            expires_at: null,
            is_active: true,
            last_used_at: null,
            revoked_at: null,
            scopes: ['all'],
          },
        ],
        end_cursor: null,
        has_next_page: false,
        total: 1,
        next_gen_field: true,
      },
    });

    const page = await listPage(devin);

    expect(page.items[0]?.api_key_id).toBe('key-1');
    await devin.close();
  });

  test('a body that is not JSON is reported as such', async () => {
    api.fail({ method: 'GET', status: 200, rawBody: '<html>portal</html>' });
    const devin = client();

    const error = await failureOf(listPage(devin));

    expect(error.message).toContain('with a body that is not JSON');
    expect(error.message).toContain('not at a proxy or web page');
    await devin.close();
  });

  test('a redirect is not followed, so the credential is sent nowhere else', async () => {
    api.fail({ method: 'GET', status: 302, headers: { location: 'https://evil.example/steal' } });
    const devin = client();

    const error = await failureOf(listPage(devin));

    expect(api.requests).toHaveLength(1);
    expect(error.message).toContain('redirect (HTTP 302) to "https://evil.example/steal"');
    await devin.close();
  });

  test('the query carries status, first and after, and ids are escaped in the path', async () => {
    const devin = client();
    await devin
      .listServiceUserKeysPage('a/../b', { status: 'expired', first: 50, after: 'c?d&e' })
      .catch(() => undefined);

    const [request] = api.requests;
    expect(request?.path).toBe('/v3beta1/enterprise/service-users/a%2F..%2Fb/api-keys');
    expect(request?.query).toEqual({ status: 'expired', first: '50', after: 'c?d&e' });
    await devin.close();
  });
});

describe('the request that revokes every key', () => {
  test('the transport refuses to send it, with or without a trailing slash', async () => {
    const transport = new Transport({
      baseUrl: new URL(api.url),
      token: ADMIN_KEY,
      timeoutMs: 1_000,
      maxRetries: 0,
      maskSecret: () => undefined,
    });

    for (const path of ['/v2/enterprise/api-keys', '/v2/enterprise/api-keys/']) {
      await expect(transport.send({ method: 'DELETE', path })).rejects.toThrow(
        'refusing DELETE /v2/enterprise/api-keys without a key id',
      );
    }
    expect(api.requests).toEqual([]);
    await transport.close();
  });
});
