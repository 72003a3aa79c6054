/**
 * What each API failure says: the problem, its likely causes and the fix, for every status the
 * pages document and for each of the three error body shapes Devin uses.
 */
import type { DevinClient } from '../../src/devin/client.ts';
import { DevinApiError, readErrorBody } from '../../src/devin/errors.ts';
import { startFakeDevinApi, type FakeDevinApi, type Fault } from '../fake-api/server.ts';
import { ORG, SERVICE_USER, standInClient, startStandIn } from '../support/stand-in-fixture.ts';

const ADMIN_KEY = 'apk_user_CANARYerrors55ee66ff';
const CREDENTIAL = 'cog_CANARYerrors77aa88bb';

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startStandIn({ adminKey: ADMIN_KEY, serviceUserCredential: CREDENTIAL });
});

afterEach(async () => {
  await api.close();
});

function client(token: string): DevinClient {
  return standInClient(api, token, { sleep: () => Promise.resolve() });
}

/** The message of the error a call ends in, and the call's client closed. */
async function messageOf(token: string, call: (devin: DevinClient) => Promise<unknown>) {
  const devin = client(token);
  try {
    const error: unknown = await call(devin).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(DevinApiError);
    const { message } = error as DevinApiError;
    // Every message names what went wrong and what to do about it.
    expect(message).toMatch(/^Could not /);
    expect(message).toContain('Fix: ');
    return message;
  } finally {
    await devin.close();
  }
}

const provision = (devin: DevinClient) => devin.provisionServiceKey(ORG);
const list = (devin: DevinClient) =>
  devin.listServiceUserKeysPage(SERVICE_USER, { status: 'all', first: 200 });

describe('the stand-in answering as Devin does', () => {
  test('401: the credential was not accepted; causes and where to make a new one', async () => {
    const message = await messageOf('apk_user_CANARYunknown00', provision);

    expect(message).toContain(
      'Could not provision a service API key for organization "org-abc123"',
    );
    expect(message).toContain('did not accept the credential in `token` (HTTP 401)');
    expect(message).toContain('invalid, expired or revoked');
    expect(message).toContain('Authorization header is missing or malformed');
    expect(message).toContain('Settings > API Keys');
  });

  test('403 on v2 with a service user credential: wrong kind of key, and the admin role', async () => {
    const message = await messageOf(CREDENTIAL, provision);

    expect(message).toContain('not allowed to do this (HTTP 403)');
    expect(message).toContain('Enterprise admin role');
    expect(message).toContain('wrong kind for the v2 API');
    expect(message).toContain('apk_user_');
  });

  test('403 on v3 for a service user without ManageAccountServiceUsers', async () => {
    await api.close();
    api = await startFakeDevinApi({
      serviceUsers: [
        { id: SERVICE_USER, credential: CREDENTIAL, canManageServiceUsers: false, keys: [] },
      ],
    });

    const message = await messageOf(CREDENTIAL, list);

    expect(message).toContain('HTTP 403');
    expect(message).toContain('ManageAccountServiceUsers');
    expect(message).toContain('Devin said: "Missing permission ManageAccountServiceUsers"');
  });

  test('404: the base_url or an id is wrong', async () => {
    const message = await messageOf(ADMIN_KEY, (devin) => devin.provisionServiceKey('org-nope'));

    expect(message).toContain('Not found (HTTP 404)');
    expect(message).toContain(`base_url (${api.url}) is not the Devin API of your deployment`);
    expect(message).toContain('organization "org-nope" does not exist in your enterprise');
  });

  test('messages name the API by its origin, which never holds a user name or password', async () => {
    // The inputs refuse such a base_url; this pins that messages could not print one anyway.
    const withCredentials = new URL(api.url);
    withCredentials.username = 'ci';
    withCredentials.password = 'CANARYuserinfo9a8b';
    api.fail({ method: 'GET', hang: true });
    const devin = standInClient(api, ADMIN_KEY, { baseUrl: withCredentials, timeoutMs: 200 });
    try {
      const messages = await Promise.all(
        [devin.provisionServiceKey('org-nope'), devin.getSelf()].map((call) =>
          call.then(
            () => '',
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          ),
        ),
      );
      expect(messages[0]).toContain(`base_url (${api.url})`);
      expect(messages[1]).toContain(`no answer from ${api.url}`);
      expect(messages.join('\n')).not.toMatch(/CANARYuserinfo|ci:|ci@/);
      expect(devin.origin).toBe(api.url);
    } finally {
      await devin.close();
    }
  });

  test('422: every loc and msg Devin named', async () => {
    api.fail({
      method: 'POST',
      status: 422,
      body: {
        detail: [
          { loc: ['body', 'org_id'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'ttl', 0], msg: 'Input should be an integer', type: 'int_type' },
        ],
      },
    });

    const message = await messageOf(ADMIN_KEY, provision);

    expect(message).toContain('rejected the request as invalid (HTTP 422)');
    expect(message).toContain('  - "body.org_id": "Field required"');
    expect(message).toContain('  - "body.ttl.0": "Input should be an integer"');
  });
});

describe('error bodies', () => {
  test.each<[string, Fault, string]>([
    [
      'v3 problem details',
      {
        status: 401,
        headers: { 'content-type': 'application/problem+json' },
        body: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Token expired' },
      },
      'Devin said: "Token expired"',
    ],
    [
      'legacy {detail}',
      { status: 401, body: { detail: 'Invalid API key' } },
      'Devin said: "Invalid API key"',
    ],
  ])('%s: what Devin said is quoted', async (_, fault, said) => {
    api.fail({ method: 'GET', ...fault });
    expect(await messageOf(CREDENTIAL, list)).toContain(said);
  });

  test('a body of another kind is reported by status alone', async () => {
    api.fail({
      method: 'GET',
      status: 403,
      headers: { 'content-type': 'text/html' },
      rawBody: '<html><body>Access denied by proxy<script>x()</script></body></html>',
    });

    const message = await messageOf(CREDENTIAL, list);

    expect(message).toContain('HTTP 403');
    expect(message).not.toContain('Devin said');
    expect(message).not.toContain('<script>');
  });

  test('readErrorBody tells the shapes apart', () => {
    expect(readErrorBody({ detail: [{ loc: ['body', 'x'], msg: 'bad', type: 't' }] })).toEqual({
      kind: 'validation',
      items: [{ loc: ['body', 'x'], msg: 'bad' }],
    });
    expect(readErrorBody({ detail: 'Not Found' })).toEqual({ kind: 'message', text: 'Not Found' });
    expect(readErrorBody({ title: 'Conflict', status: 409, detail: 'already revoked' })).toEqual({
      kind: 'message',
      text: 'already revoked',
    });
    // Problem details without a detail: the title; with a list of errors: each of them.
    expect(readErrorBody({ type: 'about:blank', title: 'Conflict', status: 409 })).toEqual({
      kind: 'message',
      text: 'Conflict',
    });
    expect(
      readErrorBody({
        title: 'Unprocessable',
        status: 422,
        errors: [{ loc: ['body', 'name'], msg: 'too long' }],
      }),
    ).toEqual({ kind: 'validation', items: [{ loc: ['body', 'name'], msg: 'too long' }] });
    expect(readErrorBody('<html>')).toEqual({ kind: 'none' });
    expect(readErrorBody(undefined)).toEqual({ kind: 'none' });
  });

  test('what Devin said cannot become a workflow command', async () => {
    api.fail({ method: 'GET', status: 401, body: { detail: 'bad\n::set-output name=x::y' } });

    const message = await messageOf(CREDENTIAL, list);

    expect(message).toContain('Devin said: "bad\\n::set-output name=x::y"');
    expect(message.split('\n').some((line) => line.startsWith('::'))).toBe(false);
  });
});

describe('answers that cannot be right', () => {
  test('a 422 that names nothing says so, rather than pointing at inputs named above', async () => {
    api.fail({ method: 'POST', status: 422, body: {} });

    const message = await messageOf(ADMIN_KEY, provision);

    expect(message).toContain('rejected the request as invalid (HTTP 422) without naming what');
    expect(message).not.toContain('named above');
  });

  test('a Retry-After longer than the action waits ends at once, saying when to retry', async () => {
    api.fail({ method: 'GET', status: 429, headers: { 'retry-after': '3600' }, times: 5 });
    let slept = 0;
    const devin = standInClient(api, CREDENTIAL, {
      maxRetries: 3,
      sleep: () => {
        slept++;
        return Promise.resolve();
      },
    });
    const before = Date.now();
    try {
      const error = (await list(devin).catch((thrown: unknown) => thrown)) as Error;
      expect(error).toBeInstanceOf(DevinApiError);
      expect(error.message).toContain('HTTP 429');
      expect(error.message).toContain('longer than the action waits (60 s)');
      const [retryAt] = /run the job again after (\S+),/.exec(error.message)?.slice(1) ?? [];
      const retryAtMs = Date.parse(retryAt ?? '');
      expect(retryAtMs).toBeGreaterThanOrEqual(before + 3_599_000);
      expect(retryAtMs).toBeLessThanOrEqual(Date.now() + 3_601_000);
    } finally {
      await devin.close();
    }
    expect(slept).toBe(0);
    expect(api.requests).toHaveLength(1);
  });

  test('an empty token in a 200 answer to a create is an error, not a lost answer', async () => {
    api.fail({
      method: 'POST',
      status: 200,
      body: { api_key_id: 'key-1', api_key_name: 'n', token: '' },
    });
    const devin = client(CREDENTIAL);
    try {
      const error = (await devin
        .createServiceUserKey(SERVICE_USER, { name: 'n', expiresAt: null })
        .catch((thrown: unknown) => thrown)) as Error;
      expect(error).toBeInstanceOf(DevinApiError);
      expect(error.name).not.toBe('MintOutcomeUnknownError');
      expect(error.message).toContain('field "token"');
      expect(error.message).not.toContain('was lost');
    } finally {
      await devin.close();
    }
  });

  test.each(['', '.', '..'])(
    'an id %j from the API is refused with a clear message, never sent',
    async (id) => {
      const devin = client(CREDENTIAL);
      try {
        const error = (await devin
          .revokeServiceUserKey(SERVICE_USER, id)
          .catch((thrown: unknown) => thrown)) as Error;
        expect(error.name).toBe('ActionError');
        expect(error.message).toContain(`The API named an id the action cannot use: "${id}"`);
        expect(error.message).toContain('Fix: ');
      } finally {
        await devin.close();
      }
      expect(api.requests).toEqual([]);
    },
  );
});
