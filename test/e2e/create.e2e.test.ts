/**
 * `create` and its post step, run as the runner runs them: the main step with INPUT_*, then
 * dist/index.js again, with the same inputs and the state the main step saved (STATE_*).
 */
import { startFakeDevinApi, type FakeDevinApi, type Fault } from '../fake-api/server.ts';
import {
  expectMaskedFirst,
  expectNoLeak,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const CREDENTIAL = 'cog_CANARYcreate7f3a9d21c4e8';
const SERVICE_USER = 'service-user-ci';
const KEYS_PATH = `/v3beta1/enterprise/service-users/${SERVICE_USER}/api-keys`;
const HOUR = 3_600;

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: [] }],
  });
});

afterEach(async () => {
  await api.close();
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function inputsWith(inputs: Record<string, string>): Record<string, string> {
  return {
    operation: 'create',
    token: CREDENTIAL,
    service_user_id: SERVICE_USER,
    base_url: api.url,
    ...inputs,
  };
}

function create(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ inputs: inputsWith(inputs) });
}

/**
 * The post step as the runner starts it when the job ends: the same entry and inputs, and the
 * state the main step saved (which tells the entry it is the post step).
 */
function postStep(state: Record<string, string>, inputs: Record<string, string> = {}) {
  return runAction({ inputs: inputsWith(inputs), state });
}

/** No secret anywhere but in its own add-mask command and in the api_key output. */
function expectNoSecretLeak(run: ActionRun): void {
  expectNoLeak(run, [CREDENTIAL, ...api.mintedTokens()], ['api_key']);
}

function expectCreated(run: ActionRun): void {
  expect(failureMessage(run)).toBe('');
  expect(run.exitCode).toBe(0);
  expectNoStackTrace(run);
  expectNoSecretLeak(run);
}

function expectFailed(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expectNoStackTrace(run);
  expectNoSecretLeak(run);
  return failureMessage(run);
}

const requestsTo = (method: string) => api.requests.filter((request) => request.method === method);
const activeKeys = () => api.keysOf(SERVICE_USER).filter((key) => key.status === 'active');

function savedKey(run: ActionRun): { apiKeyId: string; expiresAt: number } {
  return JSON.parse(run.state.created_key ?? 'null') as { apiKeyId: string; expiresAt: number };
}

describe('create', () => {
  test('makes a key named after the run, masked before anything prints it, expiring in 1h', async () => {
    const before = nowSeconds();
    const run = await create();

    expectCreated(run);
    const [token] = api.mintedTokens();
    expect(api.mintedTokens()).toHaveLength(1);
    expect(run.outputs.api_key).toBe(token);
    expectMaskedFirst(run, token ?? '');

    const [key] = api.keysOf(SERVICE_USER);
    expect(api.keysOf(SERVICE_USER)).toHaveLength(1);
    expect(key?.status).toBe('active');
    expect(run.outputs.api_key_id).toBe(key?.api_key_id);
    expect(run.outputs.api_key_name).toBe(key?.api_key_name);
    // Repository, run id and attempt (from the runner's environment), job, and a random tag.
    expect(key?.api_key_name).toMatch(/^acme\/widgets run 4242\.1 deploy [0-9a-f]{8}$/);
    const expiresAt = key?.expires_at ?? 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + HOUR);
    expect(expiresAt).toBeLessThanOrEqual(nowSeconds() + HOUR);
    expect(run.outputs.expires_at).toBe(new Date(expiresAt * 1000).toISOString());

    const [post] = requestsTo('POST');
    expect(requestsTo('POST')).toHaveLength(1);
    expect(post?.path).toBe(KEYS_PATH);
    expect(post?.body).toEqual({ name: key?.api_key_name, expires_at: expiresAt });
    expect(post?.headers.authorization).toBe(`Bearer ${CREDENTIAL}`);

    // The post step gets the key's id and expiry; never its token.
    expect(savedKey(run)).toEqual({
      serviceUserId: SERVICE_USER,
      apiKeyId: key?.api_key_id,
      apiKeyName: key?.api_key_name,
      expiresAt,
    });
    expect(run.summary).toContain('Devin API key created');
    expect(run.summary).toContain(key?.api_key_id);
  });

  test.each([
    ['30m', 30 * 60],
    ['7d', 7 * 24 * HOUR],
    ['1h30m', 90 * 60],
  ])('expires_in %s sets the expiry that far ahead', async (expiresIn, seconds) => {
    const before = nowSeconds();
    const run = await create({ expires_in: expiresIn });

    expectCreated(run);
    const expiresAt = api.keysOf(SERVICE_USER)[0]?.expires_at ?? 0;
    expect(expiresAt).toBeGreaterThanOrEqual(before + seconds);
    expect(expiresAt).toBeLessThanOrEqual(nowSeconds() + seconds);
  });

  test('expires_at sets that very time, and key_name the name', async () => {
    const at = new Date((nowSeconds() + 5 * HOUR) * 1000).toISOString().replace('.000Z', 'Z');
    const run = await create({ expires_at: at, key_name: 'deploy bot (nightly)' });

    expectCreated(run);
    const [key] = api.keysOf(SERVICE_USER);
    expect(key?.expires_at).toBe(Date.parse(at) / 1000);
    expect(key?.api_key_name).toBe('deploy bot (nightly)');
    expect(run.outputs.expires_at).toBe(new Date(Date.parse(at)).toISOString());
  });

  test("without service_user_id, the key is made for the credential's own service user", async () => {
    const run = await create({ service_user_id: '' });

    expectCreated(run);
    expect(api.requests[0]?.path).toBe('/v3/self');
    expect(activeKeys()).toHaveLength(1);
  });

  test('a dry run says what it would make and sends nothing', async () => {
    const run = await create({ dry_run: 'true' });

    expectCreated(run);
    expect(api.requests).toEqual([]);
    expect(run.stdout).toContain('Dry run');
    expect(run.state).toEqual({ created_key: '' });
    expect(run.outputs.api_key).toBeUndefined();
  });

  test.each([
    ['a bad duration', { expires_in: '2x' }, 'expires_in: "2x" is not a duration such as 30m'],
    ['a zero duration', { expires_in: '0m' }, 'expires_in: "0m" is not between 1m and 366d'],
    ['too long a life', { expires_in: '400d' }, 'expires_in: "400d" is not between 1m and 366d'],
    [
      'a time in the past',
      { expires_at: '2020-01-01T00:00:00Z' },
      'expires_at: "2020-01-01T00:00:00Z" is not at least a minute in the future',
    ],
    [
      'a time that is not ISO 8601',
      { expires_at: 'tomorrow' },
      'expires_at: "tomorrow" is not an ISO 8601 time with a zone',
    ],
    [
      'both expires_in and expires_at',
      { expires_in: '2h', expires_at: '2099-01-01T00:00:00Z' },
      'expires_at: give expires_in or expires_at, not both',
    ],
    [
      'a name over 256 characters',
      { key_name: 'k'.repeat(257) },
      'key_name: is longer than 256 characters',
    ],
    [
      'a name with a line break',
      { key_name: 'ci\n::add-mask::x' },
      'key_name: holds a line break or another control character',
    ],
    [
      'a revoke_on_exit that is not a boolean',
      { revoke_on_exit: 'maybe' },
      'revoke_on_exit: "maybe" is not true or false',
    ],
    [
      'a personal key for a token',
      { token: 'apk_user_CANARYpersonal0a1b2c' },
      'personal API key (apk_user_…)',
    ],
    [
      'a service key for a token',
      { token: 'apk_CANARYservicekey9d8e7f' },
      'service API key (apk_…)',
    ],
  ])('%s is refused before any request', async (_, inputs: Record<string, string>, problem) => {
    const run = await create(inputs);

    const message = expectFailed(run);
    expect(message).toContain('Invalid inputs');
    expect(message).toContain(problem);
    expect(api.requests).toEqual([]);
    expectNoLeak(
      run,
      Object.values(inputs).filter((value) => value.startsWith('apk_')),
    );
  });
});

describe('the post step', () => {
  test('revokes the key when the job ends', async () => {
    const created = await create();
    expectCreated(created);
    const keyId = created.outputs.api_key_id ?? '';

    const post = await postStep(created.state);

    expectCreated(post);
    expect(requestsTo('DELETE').map((request) => request.path)).toEqual([`${KEYS_PATH}/${keyId}`]);
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['revoked']);
    expect(post.stdout).toContain(`Revoked the key "${keyId}"`);
  });

  test('with revoke_on_exit: false, nothing is saved and the key outlives the job', async () => {
    const created = await create({ revoke_on_exit: 'false' });
    expectCreated(created);
    expect(created.state).toEqual({ created_key: '' });
    expect(created.summary).toContain('revoke_on_exit: false');

    const post = await postStep(created.state, { revoke_on_exit: 'false' });

    expectCreated(post);
    expect(requestsTo('DELETE')).toEqual([]);
    expect(activeKeys()).toHaveLength(1);
  });

  test('skips a key that has already expired, without a request', async () => {
    const state = {
      isPost: 'true',
      created_key: JSON.stringify({
        serviceUserId: SERVICE_USER,
        apiKeyId: 'key-long-gone',
        apiKeyName: 'acme/widgets run 4242.1 deploy 0123abcd',
        expiresAt: nowSeconds() - 60,
      }),
    };
    const post = await postStep(state);

    expectCreated(post);
    expect(api.requests).toEqual([]);
    expect(post.stdout).toContain('has already expired; nothing to revoke');
  });

  test('counts a key that is already revoked (409) as done', async () => {
    const created = await create();
    await postStep(created.state);

    const second = await postStep(created.state);

    expectCreated(second);
    expect(requestsTo('DELETE')).toHaveLength(2);
    expect(second.stdout).toContain('was already revoked; nothing to do');
    expect(second.stdout).not.toContain('::warning');
  });

  test.each([
    ['a server error', { status: 500, times: 10 }],
    ['a rejected credential', { status: 401, body: { detail: 'Invalid token' } }],
  ])('only warns when revoking fails with %s', async (_, fault: Fault) => {
    const created = await create();
    api.fail({ method: 'DELETE', ...fault });

    const post = await postStep(created.state, { max_retries: '0' });

    expectCreated(post);
    const warning = post.stdout.split('\n').find((line) => line.startsWith('::warning'));
    expect(warning).toContain('title=Devin API key not revoked');
    expect(warning).toContain(`Could not revoke key "${created.outputs.api_key_id ?? ''}"`);
    expect(warning).toContain('Revoke it by hand');
    expect(activeKeys()).toHaveLength(1);
  });
});

describe('a lost answer to the create request leaves no key behind', () => {
  const createPost = { method: 'POST', path: KEYS_PATH };

  test.each([
    ['a 503 after the key was made', { status: 503 }],
    ['a connection reset after the key was made', { reset: true }],
  ])('%s: the orphan is revoked and the key made once more', async (_, fault: Fault) => {
    api.fail({ ...createPost, process: true, ...fault });
    const run = await create();

    expectCreated(run);
    const [orphan, kept] = api.keysOf(SERVICE_USER);
    expect(api.keysOf(SERVICE_USER)).toHaveLength(2);
    expect(orphan?.status).toBe('revoked');
    expect(kept?.status).toBe('active');
    expect(kept?.api_key_name).toBe(orphan?.api_key_name);
    expect(run.outputs.api_key_id).toBe(kept?.api_key_id);
    expect(run.outputs.api_key).toBe(api.mintedTokens()[1]);
    expect(savedKey(run).apiKeyId).toBe(kept?.api_key_id);
    expect(run.stdout).toContain(`Revoked key "${orphan?.api_key_id ?? ''}"`);
    expect(run.stdout).toContain('creating the key once more');
  });

  test('a request that timed out after the key was made: revoked, made once more', async () => {
    api.fail({ ...createPost, process: true, hang: true });
    const run = await create({ timeout_seconds: '2' });

    expectCreated(run);
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['revoked', 'active']);
    expect(run.outputs.api_key_id).toBe(activeKeys()[0]?.api_key_id);
  });

  test('a 503 before any key was made: nothing to revoke, made once more', async () => {
    api.fail({ ...createPost, status: 503 });
    const run = await create();

    expectCreated(run);
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['active']);
    expect(requestsTo('DELETE')).toEqual([]);
    expect(run.stdout).toContain('No key had been made; creating it once more.');
  });

  test('lost twice: the job fails, and both keys made were revoked', async () => {
    api.fail({ ...createPost, process: true, status: 503, times: 2 });
    const run = await create();

    const message = expectFailed(run);
    expect(message).toContain('the answer to the create was lost 2 times');
    expect(message).toContain('none is left behind');
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['revoked', 'revoked']);
    // The pending state saved before sending is withdrawn: the run accounted for its keys, and
    // the post step has nothing to do.
    expect(run.state.created_key).toBe('');
    expect(run.outputs.api_key).toBeUndefined();
    const requestsBefore = api.requests.length;
    const post = await postStep(run.state);
    expectCreated(post);
    expect(api.requests).toHaveLength(requestsBefore);
    expect(post.stdout).not.toContain('::warning');
  });

  test('a 429 on the create is waited out and retried: it made no key', async () => {
    api.fail({ ...createPost, status: 429, headers: { 'retry-after': '1' } });
    const run = await create();

    expectCreated(run);
    expect(requestsTo('POST')).toHaveLength(2);
    expect(activeKeys()).toHaveLength(1);
  });
});

describe('untrusted text in the log', () => {
  const HOSTILE_NAME = 'pr-##[set-output name=api_key_id;]x';

  /** No line of the log holds the runner's legacy command form, anywhere in it. */
  function expectNoLegacyCommand(run: ActionRun): void {
    const lines = run.stdout.split('\n').filter((line) => line.includes('##['));
    expect(lines).toEqual([]);
  }

  test('a key name holding "##[" makes no command, in create or in the post step', async () => {
    const created = await create({ key_name: HOSTILE_NAME });
    expectCreated(created);
    expect(created.stdout).toContain('set-output');
    expectNoLegacyCommand(created);

    const post = await postStep(created.state, { key_name: HOSTILE_NAME });
    expectCreated(post);
    expect(post.stdout).toContain('Revoked the key');
    expectNoLegacyCommand(post);
  });

  test('an id from the API holding "##[" makes no command, in create or in the post step', async () => {
    const token = 'cog_CANARYhostileid0a1b2c3d4e5f';
    api.fail({
      method: 'POST',
      path: KEYS_PATH,
      status: 201,
      body: { api_key_id: 'key-##[set-output name=api_key;]x', api_key_name: 'n', token },
    });
    const created = await create();
    expectCreated(created);
    expect(created.stdout).toContain('set-output name=api_key;]x');
    expectNoLegacyCommand(created);

    const post = await postStep(created.state, { max_retries: '0' });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain('set-output name=api_key;]x');
    expectNoLegacyCommand(post);
    expectNoLeak(post, [CREDENTIAL, token]);
  });

  test('an error echoing the token past the cut shows no part of it', async () => {
    api.fail({
      method: 'POST',
      path: KEYS_PATH,
      status: 400,
      body: { detail: `${'e'.repeat(270)} token was ${CREDENTIAL} (rejected)` },
    });
    const run = await create();

    const message = expectFailed(run);
    expect(message).toContain('Devin said');
    const log = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(log).toContain('eeee');
    expect(log).not.toContain(CREDENTIAL.slice(0, 10));
    expect(log).not.toContain(CREDENTIAL.slice(-10));
  });
});

describe('recovery never revokes a key another job made', () => {
  const createPost = { method: 'POST', path: KEYS_PATH };
  const SHARED_NAME = 'deploy-bot';

  test("with a chosen key_name, a sibling's key of that name is named, not revoked, and the run fails", async () => {
    const sibling = await create({ key_name: SHARED_NAME, revoke_on_exit: 'false' });
    expectCreated(sibling);
    const siblingKeyId = sibling.outputs.api_key_id ?? '';

    api.fail({ ...createPost, status: 503 });
    const run = await create({ key_name: SHARED_NAME });

    const message = expectFailed(run);
    expect(message).toContain('cannot tell the key this run made from another');
    expect(message).toContain(`"${siblingKeyId}"`);
    expect(message).toContain('none was revoked');
    expect(requestsTo('DELETE')).toEqual([]);
    expect(activeKeys().map((key) => key.api_key_id)).toEqual([siblingKeyId]);
  });

  test('with a chosen key_name and no key of it found, the create is not sent again: a key the API makes late could not be told apart', async () => {
    api.fail({ ...createPost, status: 503 });
    const run = await create({ key_name: SHARED_NAME });

    const message = expectFailed(run);
    expect(message).toContain('the create was not sent again');
    expect(message).toContain(`revoke any named "${SHARED_NAME}" that nobody holds`);
    expect(requestsTo('POST')).toHaveLength(1);
    expect(requestsTo('DELETE')).toEqual([]);
    expect(run.outputs.api_key).toBeUndefined();
  });
});

describe('a success answer that cannot be right is an error, not a lost answer', () => {
  test.each([
    ['an empty token', { body: { api_key_id: 'key-x', api_key_name: 'n', token: '' } }],
    ['truncated JSON', { rawBody: '{"api_key_id": "key-x", "tok' }],
  ])('%s: no second key is made, and the one made is revoked', async (_, answer) => {
    api.fail({ method: 'POST', path: KEYS_PATH, process: true, status: 200, ...answer });
    const run = await create();

    const message = expectFailed(run);
    expect(message).not.toContain('was lost');
    expect(message).toContain('no second key is made');
    expect(requestsTo('POST')).toHaveLength(1);
    expect(activeKeys()).toEqual([]);
  });
});

describe('a job cancelled while the create is in flight', () => {
  test('the post step finds the key by the name saved before sending, and revokes it', async () => {
    api.fail({ method: 'POST', path: KEYS_PATH, process: true, hang: true });
    // The runner kills the main step: no answer, no state but what was saved before sending.
    const killed = await runAction({ inputs: inputsWith({}), killAfterMs: 2_000 });
    expect(killed.exitCode).toBeNull();
    expect(activeKeys()).toHaveLength(1);
    expect(JSON.stringify(killed.state)).not.toContain('token');
    expectNoSecretLeak(killed);

    const post = await postStep(killed.state);

    expectCreated(post);
    expect(activeKeys()).toEqual([]);
    expect(post.stdout).toContain('whose main step ended before the answer came back');
  });
});

describe('the post step acts only on a key its own create saved with revoke_on_exit', () => {
  test.each([
    ['revoke', { operation: 'revoke' }],
    ['create with revoke_on_exit: false', { revoke_on_exit: 'false' }],
  ])('%s: the state is ignored and the key stays', async (_, inputs) => {
    const created = await create({ revoke_on_exit: 'false' });
    expectCreated(created);
    const state = {
      isPost: 'true',
      created_key: JSON.stringify({
        serviceUserId: SERVICE_USER,
        apiKeyId: created.outputs.api_key_id,
        apiKeyName: created.outputs.api_key_name,
        expiresAt: null,
      }),
    };

    const post = await postStep(state, inputs);

    expectCreated(post);
    expect(requestsTo('DELETE')).toEqual([]);
    expect(activeKeys()).toHaveLength(1);
  });
});

describe('a lost key the API names by an id that cannot name a key', () => {
  test('the post step warns with a clear message, not as a bug, and sends nothing for it', async () => {
    const name = 'acme/widgets run 4242.1 deploy 0badc0de';
    api.fail({
      method: 'GET',
      path: KEYS_PATH,
      status: 200,
      body: {
        items: [
          {
            api_key_id: '..',
            api_key_name: name,
            created_at: nowSeconds(),
            expires_at: null,
            is_active: true,
            last_used_at: null,
            revoked_at: null,
          },
        ],
        has_next_page: false,
      },
    });
    const pending = {
      serviceUserId: SERVICE_USER,
      apiKeyName: name,
      nameIsUnique: true,
      sentAt: nowSeconds() - 5,
      expiresAt: null,
    };

    const post = await postStep({ isPost: 'true', created_key: JSON.stringify(pending) });

    expectCreated(post);
    const warning = post.stdout.split('\n').find((line) => line.startsWith('::warning'));
    expect(warning).toContain('The API named an id the action cannot use: ".."');
    expect(post.stdout).not.toContain('This is a bug');
    expect(requestsTo('DELETE')).toEqual([]);
  });
});

describe('the job summary', () => {
  test('a key name holding addresses shows no live link', async () => {
    const run = await create({
      key_name: 'login at https://evil.example/login or www.evil.example',
    });

    expectCreated(run);
    expect(run.summary).toContain('evil.example');
    expect(run.summary).not.toContain('https://evil.example');
    expect(run.summary).not.toContain('www.evil.example');
  });
});

describe('a create that failed', () => {
  test('leaves the post step nothing to look for: no request, no warning', async () => {
    api.fail({ method: 'POST', path: KEYS_PATH, status: 401, body: { detail: 'Invalid token' } });
    const run = await create();
    expectFailed(run);
    expect(run.state.created_key ?? '').toBe('');

    const requestsBefore = api.requests.length;
    const post = await postStep(run.state);

    expectCreated(post);
    expect(api.requests).toHaveLength(requestsBefore);
    expect(post.stdout).not.toContain('::warning');
  });
});
