/**
 * The post step trusts no state that is not its own. An earlier step of the job can write
 * STATE_<name> to $GITHUB_ENV, and the runner hands it to this action's steps unless the main
 * step saved a value of its own: dist/ run as the runner runs it, with such planted state.
 */
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { expectNoLeak, expectNoStackTrace } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const CREDENTIAL = 'cog_CANARYpoststate2b6d8f1a';
const SERVICE_USER = 'service-user-ci';
const OTHER_USER = 'service-user-other';
/** A key of another service user, made by someone else: nothing of this job may revoke it. */
const OTHERS_KEY = { api_key_id: 'key-others', api_key_name: 'acme/other run 77.1 build 0badc0de' };

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startFakeDevinApi({
    serviceUsers: [
      { id: SERVICE_USER, credential: CREDENTIAL, keys: [] },
      {
        id: OTHER_USER,
        credential: 'cog_other_unused',
        keys: [{ ...OTHERS_KEY, expires_at: null }],
      },
    ],
  });
});

afterEach(async () => {
  await api.close();
});

const createInputs = (extra: Record<string, string> = {}) => ({
  operation: 'create',
  token: CREDENTIAL,
  service_user_id: SERVICE_USER,
  base_url: api.url,
  ...extra,
});

/** What an earlier step writes to $GITHUB_ENV: a created key (another's) and the post flag. */
const PLANTED = {
  isPost: 'true',
  created_key: JSON.stringify({
    serviceUserId: OTHER_USER,
    apiKeyId: OTHERS_KEY.api_key_id,
    apiKeyName: OTHERS_KEY.api_key_name,
    expiresAt: null,
  }),
};

/** A pending create of a name another job used: its keys would be found by that name. */
const PLANTED_PENDING = {
  created_key: JSON.stringify({
    serviceUserId: OTHER_USER,
    apiKeyName: OTHERS_KEY.api_key_name,
    nameIsUnique: true,
    sentAt: 0,
    expiresAt: null,
  }),
};

/** The main step, handed the planted state as the runner hands it (STATE_* in its environment). */
function mainStep(
  planted: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({ inputs: createInputs(extra), state: planted, post: false });
}

/** The post step: the main step's own state wins over what was planted, as on the runner. */
function postStep(
  planted: Record<string, string>,
  main: ActionRun | undefined,
  extra: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({
    inputs: createInputs(extra),
    state: { ...planted, ...main?.state },
    post: true,
  });
}

const othersKey = () =>
  api.keysOf(OTHER_USER).find((key) => key.api_key_id === OTHERS_KEY.api_key_id);
const deletes = () => api.requests.filter((request) => request.method === 'DELETE');

function expectCleanRun(result: ActionRun): void {
  expectNoStackTrace(result);
  expect(result.stdout).not.toContain('This is a bug');
  expectNoLeak(result, [CREDENTIAL, ...api.mintedTokens()], ['api_key']);
}

describe('planted state', () => {
  test('STATE_isPost=true does not make the main step the post step: it creates its key', async () => {
    const main = await mainStep(PLANTED);
    expectCleanRun(main);
    expect(main.exitCode).toBe(0);
    expect(main.outputs.api_key_id).toBeDefined();
    expect(api.keysOf(SERVICE_USER)).toHaveLength(1);
    expect(deletes()).toEqual([]);
    expect(othersKey()?.status).toBe('active');
  });

  test.each([
    ['a create that failed early', { expires_at: 'soon' }],
    ['a dry run', { dry_run: 'true' }],
    ['a create without revoke_on_exit', { revoke_on_exit: 'false' }],
  ])(
    '%s overwrites a planted created key, and the post step revokes nothing of another',
    async (_, extra) => {
      const main = await mainStep(PLANTED, extra);
      expectCleanRun(main);
      expect(main.state.created_key).toBe('');
      const post = await postStep(PLANTED, main, extra);
      expectCleanRun(post);
      expect(post.exitCode).toBe(0);
      expect(deletes()).toEqual([]);
      expect(othersKey()?.status).toBe('active');
    },
  );

  test('a planted pending create is overwritten too: no key with its name is revoked', async () => {
    const main = await mainStep(PLANTED_PENDING, { dry_run: 'true' });
    expect(main.state.created_key).toBe('');
    const post = await postStep(PLANTED_PENDING, main, { dry_run: 'true' });
    expectCleanRun(post);
    expect(deletes()).toEqual([]);
    expect(othersKey()?.status).toBe('active');
  });

  test('a saved key not named for this run is a warning, never revoked, even when it reaches the post step', async () => {
    for (const planted of [PLANTED, PLANTED_PENDING]) {
      const post = await postStep(planted, undefined);
      expectCleanRun(post);
      expect(post.exitCode).toBe(0);
      expect(post.stdout).toContain('whose name is not one this run gives');
      expect(post.stdout).toMatch(/^::warning title=Devin API key not revoked::/m);
    }
    expect(deletes()).toEqual([]);
    expect(othersKey()?.status).toBe('active');
  });

  test("this run's own key is still revoked by the post step", async () => {
    const main = await mainStep(PLANTED);
    const post = await postStep(PLANTED, main);
    expectCleanRun(post);
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['revoked']);
    expect(othersKey()?.status).toBe('active');
  });
});

describe('a create that was in flight when the main step ended', () => {
  test('a key the API lists only after the first look is found again and revoked', async () => {
    const name = 'acme/widgets run 4242.1 deploy 5eed1e55';
    await api.close();
    api = await startFakeDevinApi({
      serviceUsers: [
        {
          id: SERVICE_USER,
          credential: CREDENTIAL,
          keys: [
            {
              api_key_id: 'key-late',
              api_key_name: name,
              created_at: Math.floor(Date.now() / 1000),
              expires_at: null,
            },
          ],
        },
      ],
    });
    // The first listing is answered before the key is made: it shows none.
    api.fail({
      method: 'GET',
      path: /\/api-keys$/,
      status: 200,
      body: { items: [], has_next_page: false },
    });
    const pending = {
      created_key: JSON.stringify({
        serviceUserId: SERVICE_USER,
        apiKeyName: name,
        nameIsUnique: true,
        sentAt: Math.floor(Date.now() / 1000) - 5,
        expiresAt: null,
      }),
    };

    const post = await postStep(pending, undefined);

    expectCleanRun(post);
    expect(post.exitCode).toBe(0);
    expect(api.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['revoked']);
    expect(post.stdout).toContain('Revoked key "key-late"');
  });
});
