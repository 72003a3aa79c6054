/**
 * Inputs and runner variables at their edges, run as the runner runs dist/: each is refused
 * before any call, or made to work, and nothing reaches either API that should not.
 */
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const CREDENTIAL = 'cog_CANARYedges4a7c2e9b';
const GITHUB_TOKEN = 'ghs_CANARYedgesgithub8d1f3';
const SERVICE_USER = 'service-user-ci';
const SECRET = 'DEVIN_API_KEY';
const WORKFLOW_REPOSITORY = 'acme/widgets';

let api: FakeDevinApi;
let github: FakeGitHub;

beforeEach(async () => {
  api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: [] }],
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
