/**
 * Inputs and runner variables at their edges, run as the runner runs dist/: each is refused
 * before any call, or made to work, and nothing reaches either API that should not.
 */
import { startFakeDevinApi, type FakeDevinApi, type Fault } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYedgesadmin5b9e1';
const CREDENTIAL = 'cog_CANARYedges4a7c2e9b';
const ORG = 'org-abc123';
/** A key the service user already has, for rotate. */
const CURRENT_KEY = 'key-current';
const GITHUB_TOKEN = 'ghs_CANARYedgesgithub8d1f3';
const SERVICE_USER = 'service-user-ci';
const SECRET = 'DEVIN_API_KEY';
const WORKFLOW_REPOSITORY = 'acme/widgets';

let api: FakeDevinApi;
let github: FakeGitHub;

beforeEach(async () => {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: [ORG],
    serviceUsers: [
      {
        id: SERVICE_USER,
        credential: CREDENTIAL,
        keys: [{ api_key_id: CURRENT_KEY, api_key_name: 'current', expires_at: null }],
      },
    ],
  });
  github = await startFakeGitHub({
    repository: WORKFLOW_REPOSITORY,
    token: GITHUB_TOKEN,
    repositories: [
      { repository: 'acme/web', environments: ['production'] },
      { repository: WORKFLOW_REPOSITORY },
    ],
  });
});

afterEach(async () => {
  await Promise.all([api.close(), github.close()]);
});

function createInSecret(extra: Record<string, string> = {}): Record<string, string> {
  return {
    operation: 'create',
    token: CREDENTIAL,
    service_user_id: SERVICE_USER,
    base_url: api.url,
    secret_name: SECRET,
    repositories: 'acme/web',
    github_token: GITHUB_TOKEN,
    timeout_seconds: '2',
    max_retries: '0',
    ...extra,
  };
}

function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs,
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: WORKFLOW_REPOSITORY, ...env },
  });
}

/** Failed on its inputs: one message, nothing sent to either API, nothing leaked. */
function expectRefusedBeforeAnyCall(result: ActionRun): void {
  expect(result.exitCode).toBe(1);
  expectNoStackTrace(result);
  expect(result.stdout).not.toContain('This is a bug');
  expect(api.requests).toEqual([]);
  expect(github.requests).toEqual([]);
  expectNoLeak(result, [CREDENTIAL, GITHUB_TOKEN]);
}

describe('GITHUB_API_URL', () => {
  test('plain http to a host that is not this machine is refused before any call', async () => {
    const result = await run(createInSecret(), {
      GITHUB_API_URL: 'http://github.example.com/api/v3',
    });
    expectRefusedBeforeAnyCall(result);
    expect(failureMessage(result)).toContain(
      'GITHUB_API_URL "http://github.example.com/api/v3" uses http:// to a host that is not this ' +
        'machine, which would send github_token unencrypted, so no call was made. Fix: use https://',
    );
  });

  test('trailing slashes are dropped: the calls go to /repos/…, never //repos/…', async () => {
    const result = await run(createInSecret(), { GITHUB_API_URL: `${github.url}//` });
    expect(failureMessage(result)).toBe('');
    expect(result.exitCode).toBe(0);
    expect(github.requests.length).toBeGreaterThan(0);
    expect(github.requests.filter((request) => request.path.startsWith('//'))).toEqual([]);
    expect(github.secrets().map((secret) => [secret.repository, secret.name])).toEqual([
      ['acme/web', SECRET],
    ]);
  });
});

describe('environment', () => {
  test.each(['.', '..'])('an environment named %s is refused before any call', async (name) => {
    const result = await run(createInSecret({ environment: name }));
    expectRefusedBeforeAnyCall(result);
    expect(failureMessage(result)).toContain(`environment: "${name}" is not an environment name`);
  });
});

describe('service_user_id: all', () => {
  test.each(['create', 'rotate', 'revoke'])(
    'operation %s refuses it as an input before any call',
    async (operation) => {
      const result = await run({
        operation,
        token: CREDENTIAL,
        service_user_id: 'all',
        base_url: api.url,
        ...(operation === 'create' ? {} : { api_key_id: 'key-1' }),
      });
      expectRefusedBeforeAnyCall(result);
      expect(failureMessage(result)).toContain(
        `service_user_id: all stands for every service user, which only operation audit takes; ` +
          `operation ${operation} acts on one`,
      );
    },
  );
});

// ---- 15. Odd answers ---------------------------------------------------------------------

describe('a public key libsodium cannot seal for', () => {
  test('is named, with its key_id and what to do, and nothing is written', async () => {
    github.fail({
      method: 'GET',
      path: /\/actions\/secrets\/public-key$/,
      status: 200,
      body: { key_id: 'kid-weak', key: Buffer.alloc(32).toString('base64') },
      times: Infinity,
    });
    const result = await run(createInSecret());
    expect(result.exitCode).toBe(1);
    expectNoStackTrace(result);
    const message = failureMessage(result);
    expect(message).toContain(
      'Could not seal the key for repository "acme/web": the public key GitHub gave for it ' +
        '(key_id "kid-weak") cannot be used: libsodium refused it as a key to seal for',
    );
    expect(message).toContain("Fix: check that GITHUB_API_URL is GitHub's REST API");
    expect(github.secrets()).toEqual([]);
    // The key minted for the secret was not left behind.
    expect(api.keysOf(SERVICE_USER).filter((key) => key.status === 'active')).toHaveLength(1);
    expectNoLeak(result, [CREDENTIAL, GITHUB_TOKEN, ...api.mintedTokens()]);
  });
});

/** A token the stand-in's minting answer carries in every string field. */
const ECHOED_TOKEN = 'cog_CANARYechoedtoken7f3a9c1e';

function echoingAnswer(path: RegExp, body: Record<string, string>): Fault {
  // Processed for real (a key is made), then answered with the echo: the key most likely exists.
  return { method: 'POST', path, process: true, status: 200, body, times: Infinity };
}

const CREATE_PATH = /\/service-users\/[^/]+\/api-keys$/;
const ROTATE_PATH = /\/api-keys\/[^/]+\/rotate$/;
const echoedKey = { api_key_id: ECHOED_TOKEN, api_key_name: ECHOED_TOKEN, token: ECHOED_TOKEN };

describe('a minting answer that holds its token in another field', () => {
  test.each<[string, Fault, () => Record<string, string>, string]>([
    [
      'create',
      echoingAnswer(CREATE_PATH, echoedKey),
      () => ({ operation: 'create', token: CREDENTIAL, service_user_id: SERVICE_USER }),
      'field "api_key_id": holds the token',
    ],
    [
      'create with revoke_on_exit',
      echoingAnswer(CREATE_PATH, { ...echoedKey, api_key_id: 'key-echo' }),
      () => ({
        operation: 'create',
        token: CREDENTIAL,
        service_user_id: SERVICE_USER,
        revoke_on_exit: 'true',
      }),
      'field "api_key_name": holds the token',
    ],
    [
      'create into a secret',
      echoingAnswer(CREATE_PATH, { ...echoedKey, api_key_id: 'key-echo' }),
      () => createInSecret(),
      'field "api_key_name": holds the token',
    ],
    [
      'rotate',
      echoingAnswer(ROTATE_PATH, { ...echoedKey, api_key_id: 'key-echo' }),
      () => ({
        operation: 'rotate',
        token: CREDENTIAL,
        service_user_id: SERVICE_USER,
        api_key_id: CURRENT_KEY,
      }),
      'field "api_key_name": holds the token',
    ],
    [
      'provision',
      echoingAnswer(/^\/v2\/enterprise\/api-keys$/, {
        api_key: ECHOED_TOKEN,
        org_id: ECHOED_TOKEN,
      }),
      () => ({ operation: 'provision', token: ADMIN_KEY, org_id: ORG }),
      'field "org_id": holds the api_key',
    ],
  ])(
    '%s: the answer is refused, and the token is in no output, state or log line',
    async (_, fault, inputs, said) => {
      api.fail(fault);
      const result = await run({
        base_url: api.url,
        timeout_seconds: '2',
        max_retries: '0',
        ...inputs(),
      });
      expect(result.exitCode).toBe(1);
      expectNoStackTrace(result);
      expect(result.stdout).not.toContain('This is a bug');
      expect(failureMessage(result)).toContain(said);
      expect(result.stdout.split('\n')).toContain(`::add-mask::${ECHOED_TOKEN}`);
      expectNoLeak(result, [ECHOED_TOKEN, CREDENTIAL, ADMIN_KEY, GITHUB_TOKEN]);
      expect(github.secrets()).toEqual([]);
    },
  );
});
