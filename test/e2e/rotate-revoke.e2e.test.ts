/** `rotate` and `revoke`, run as the runner runs them, against service user keys on the stand-in. */
import { startFakeDevinApi, type FakeDevinApi, type FakeKeySeed } from '../fake-api/server.ts';
import {
  expectMaskedFirst,
  expectNoLeak,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const CREDENTIAL = 'cog_CANARYrotate5e2b8c0f19a7';
const SERVICE_USER = 'service-user-deploy';
const KEYS_PATH = `/v3beta1/enterprise/service-users/${SERVICE_USER}/api-keys`;
const DAY = 86_400;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Keys the service user already has: one of each kind a rotation or revocation meets. */
function existingKeys(): FakeKeySeed[] {
  const now = nowSeconds();
  return [
    { api_key_id: 'key-deploy', api_key_name: 'deploy-bot', created_at: now - 80 * DAY },
    { api_key_id: 'key-report', api_key_name: 'report-bot', created_at: now - 20 * DAY },
    // Two active keys share a name: a name alone cannot say which.
    { api_key_id: 'key-twin-a', api_key_name: 'twin', created_at: now - 10 * DAY },
    { api_key_id: 'key-twin-b', api_key_name: 'twin', created_at: now - 5 * DAY },
    {
      api_key_id: 'key-retired',
      api_key_name: 'retired-bot',
      created_at: now - 200 * DAY,
      revoked_at: now - 100 * DAY,
    },
    {
      api_key_id: 'key-lapsed',
      api_key_name: 'lapsed-bot',
      created_at: now - 60 * DAY,
      expires_at: now - DAY,
    },
  ];
}

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: existingKeys() }],
  });
});

afterEach(async () => {
  await api.close();
});

function run(operation: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: {
      operation,
      token: CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      ...inputs,
    },
  });
}

const rotate = (inputs: Record<string, string>) => run('rotate', inputs);
const revoke = (inputs: Record<string, string>) => run('revoke', inputs);

function expectSucceeded(result: ActionRun): void {
  expect(failureMessage(result)).toBe('');
  expect(result.exitCode).toBe(0);
  expectNoStackTrace(result);
  expectNoLeak(result, [CREDENTIAL, ...api.mintedTokens()], ['api_key']);
}

function expectFailed(result: ActionRun): string {
  expect(result.exitCode).toBe(1);
  expectNoStackTrace(result);
  expectNoLeak(result, [CREDENTIAL, ...api.mintedTokens()]);
  return failureMessage(result);
}

const statusOf = (apiKeyId: string) =>
  api.keysOf(SERVICE_USER).find((key) => key.api_key_id === apiKeyId)?.status;
const mutations = () => api.requests.filter((request) => request.method !== 'GET');

describe('rotate', () => {
  test('by id: a new key, masked, and the current one revoked', async () => {
    const result = await rotate({ api_key_id: 'key-deploy', expires_in: '90d' });

    expectSucceeded(result);
    const [token] = api.mintedTokens();
    expect(result.outputs.api_key).toBe(token);
    expectMaskedFirst(result, token ?? '');
    expect(result.outputs.previous_api_key_id).toBe('key-deploy');
    const fresh = api
      .keysOf(SERVICE_USER)
      .find((key) => key.api_key_id === result.outputs.api_key_id);
    expect(fresh?.status).toBe('active');
    expect(fresh?.api_key_name).toBe('deploy-bot');
    expect(result.outputs.api_key_name).toBe('deploy-bot');
    expect(fresh?.expires_at).toBeGreaterThanOrEqual(nowSeconds() - 5 + 90 * DAY);
    expect(result.outputs.expires_at).toBe(new Date((fresh?.expires_at ?? 0) * 1000).toISOString());
    expect(statusOf('key-deploy')).toBe('revoked');

    const [call] = mutations();
    expect(mutations()).toHaveLength(1);
    expect(call?.path).toBe(`${KEYS_PATH}/key-deploy/rotate`);
    expect(call?.body).toEqual({ new_key_expires_at: fresh?.expires_at, revoke_current: true });
    expect(result.summary).toContain('Devin API key rotated');
    expect(result.summary).toContain('key-deploy: revoked');
  });

  test('with revoke_current: false both keys stay active, and no expiry means never', async () => {
    const result = await rotate({ api_key_id: 'key-deploy', revoke_current: 'false' });

    expectSucceeded(result);
    expect(statusOf('key-deploy')).toBe('active');
    expect(statusOf(result.outputs.api_key_id ?? '')).toBe('active');
    expect(mutations()[0]?.body).toEqual({ new_key_expires_at: null, revoke_current: false });
    expect(result.outputs.expires_at).toBe('');
    expect(result.stdout).toContain('kept active; revoke it once every consumer uses the new one');
  });

  test('by name: the one active key with it is found through the list', async () => {
    const result = await rotate({ key_name: 'report-bot' });

    expectSucceeded(result);
    expect(result.outputs.previous_api_key_id).toBe('key-report');
    expect(statusOf('key-report')).toBe('revoked');
    expect(mutations().map((request) => request.path)).toEqual([`${KEYS_PATH}/key-report/rotate`]);
  });

  test('an unknown name is an error that lists the active keys, and changes nothing', async () => {
    const message = expectFailed(await rotate({ key_name: 'deploy-boot' }));

    expect(message).toContain('has no key named "deploy-boot"');
    for (const id of ['key-deploy', 'key-report', 'key-twin-a', 'key-twin-b']) {
      expect(message).toContain(`"${id}"`);
    }
    expect(message).not.toContain('key-retired');
    expect(mutations()).toEqual([]);
  });

  test('an ambiguous name is an error that lists both keys, and changes nothing', async () => {
    const message = expectFailed(await rotate({ key_name: 'twin' }));

    expect(message).toContain('The name "twin" is ambiguous');
    expect(message).toContain('"key-twin-a"');
    expect(message).toContain('"key-twin-b"');
    expect(message).toContain("pass the key's api_key_id");
    expect(mutations()).toEqual([]);
  });

  test.each([
    ['revoked', 'key-retired'],
    ['expired', 'key-lapsed'],
  ])('the %s key cannot be rotated: the API says 400, the error says why', async (_, id) => {
    const message = expectFailed(await rotate({ api_key_id: id }));

    expect(message).toContain('HTTP 400');
    expect(message).toContain(`key "${id}" is not active`);
    expect(message).toContain('make a new one with operation create');
    expect(api.mintedTokens()).toEqual([]);
  });

  test('a name that only a revoked key has is refused before the rotate request', async () => {
    const message = expectFailed(await rotate({ key_name: 'retired-bot' }));

    expect(message).toContain('is revoked or expired, and only an active key can be rotated');
    expect(mutations()).toEqual([]);
  });

  test('a lost answer to the rotate is not retried, and says a key may have been made', async () => {
    api.fail({
      method: 'POST',
      path: `${KEYS_PATH}/key-deploy/rotate`,
      process: true,
      status: 503,
    });
    const message = expectFailed(await rotate({ api_key_id: 'key-deploy' }));

    expect(mutations()).toHaveLength(1);
    expect(message).toContain('HTTP 503');
    expect(message).toContain('A key may have been created');
    expect(message).toContain('list the keys of service user');
  });

  test('an unknown id is a clear 404', async () => {
    const message = expectFailed(await rotate({ api_key_id: 'key-nope' }));

    expect(message).toContain('HTTP 404');
    expect(message).toContain(`key "key-nope" does not exist for service user "${SERVICE_USER}"`);
    expect(api.mintedTokens()).toEqual([]);
  });

  test('a dry run names the key it would rotate and changes nothing', async () => {
    const result = await rotate({ key_name: 'deploy-bot', dry_run: 'true' });

    expectSucceeded(result);
    expect(result.stdout).toContain('Dry run');
    expect(result.stdout).toContain('"key-deploy"');
    expect(mutations()).toEqual([]);
    expect(result.outputs.api_key).toBeUndefined();
  });

  test.each([
    ['neither api_key_id nor key_name', {}, 'api_key_id: is required (or key_name): which key?'],
    [
      'both api_key_id and key_name',
      { api_key_id: 'key-deploy', key_name: 'deploy-bot' },
      'give api_key_id or key_name, not both',
    ],
    ['a bad duration', { api_key_id: 'key-deploy', expires_in: '90 days' }, 'expires_in'],
  ])('%s is refused before any request', async (_, inputs: Record<string, string>, problem) => {
    const message = expectFailed(await rotate(inputs));

    expect(message).toContain('Invalid inputs');
    expect(message).toContain(problem);
    expect(api.requests).toEqual([]);
  });
});

describe('revoke', () => {
  test('by id', async () => {
    const result = await revoke({ api_key_id: 'key-report' });

    expectSucceeded(result);
    expect(statusOf('key-report')).toBe('revoked');
    expect(mutations().map((request) => `${request.method} ${request.path}`)).toEqual([
      `DELETE ${KEYS_PATH}/key-report`,
    ]);
    expect(result.outputs.api_key_id).toBe('key-report');
    expect(result.summary).toContain('Devin API key revoked');
  });

  test('by name', async () => {
    const result = await revoke({ key_name: 'deploy-bot' });

    expectSucceeded(result);
    expect(statusOf('key-deploy')).toBe('revoked');
    expect(statusOf('key-report')).toBe('active');
  });

  test('twice: the second time the API says 409, which is success with a notice', async () => {
    expectSucceeded(await revoke({ api_key_id: 'key-report' }));
    const second = await revoke({ api_key_id: 'key-report' });

    expectSucceeded(second);
    expect(mutations()).toHaveLength(2);
    const notice = second.stdout.split('\n').find((line) => line.startsWith('::notice'));
    expect(notice).toContain('title=Key already revoked');
    expect(notice).toContain('was already revoked');
    expect(second.summary).toContain('Devin API key was already revoked');
  });

  test('by the name of a key that is revoked already: a notice, and no request to revoke', async () => {
    const result = await revoke({ key_name: 'retired-bot' });

    expectSucceeded(result);
    expect(result.stdout).toMatch(/^::notice .*already revoked/m);
    expect(mutations()).toEqual([]);
  });

  test('an unknown id is an error (404)', async () => {
    const message = expectFailed(await revoke({ api_key_id: 'key-nope' }));

    expect(message).toContain('HTTP 404');
    expect(message).toContain('key "key-nope" does not exist');
  });

  test('a dry run revokes nothing', async () => {
    const result = await revoke({ api_key_id: 'key-report', dry_run: 'true' });

    expectSucceeded(result);
    expect(result.stdout).toContain('Dry run: a real run would revoke key "key-report"');
    expect(statusOf('key-report')).toBe('active');
    expect(mutations()).toEqual([]);
  });

  // A personal key revokes organization keys (v2) by id only: a service user's key by name is
  // not one it can reach (org-keys-revoke.e2e.test.ts covers its own revoke).
  test('a personal key with a key name: refused before any request', async () => {
    const personal = 'apk_user_CANARYrevoker4c5d6e';
    const result = await runAction({
      inputs: { operation: 'revoke', token: personal, key_name: 'report-bot', base_url: api.url },
    });

    const message = expectFailed(result);
    expect(message).toContain('key_name: is not taken with a personal API key (apk_user_…)');
    expectNoLeak(result, [personal]);
    expect(api.requests).toEqual([]);
  });
});

describe('an id from the API that cannot name a key', () => {
  function listingWithKeyId(id: string) {
    const now = nowSeconds();
    return {
      method: 'GET',
      path: KEYS_PATH,
      status: 200,
      body: {
        items: [
          {
            api_key_id: id,
            api_key_name: 'dotted',
            created_at: now - DAY,
            expires_at: null,
            is_active: true,
            last_used_at: null,
            revoked_at: null,
          },
        ],
        has_next_page: false,
      },
    };
  }

  test.each([
    ['revoke', ''],
    ['revoke', '.'],
    ['revoke', '..'],
    ['rotate', '..'],
  ])(
    '%s by name, the API naming id %j: a clear error, and nothing sent for it',
    async (operation, id) => {
      api.fail(listingWithKeyId(id));
      const result = await run(operation, { key_name: 'dotted' });

      const message = expectFailed(result);
      expect(message).toContain(`The API named an id the action cannot use: "${id}"`);
      expect(message).not.toContain('This is a bug');
      expect(api.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    },
  );
});
