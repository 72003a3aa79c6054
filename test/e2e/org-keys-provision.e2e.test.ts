/**
 * No v2 key left behind: `provision` (with and without secret_name), dist/ run as the runner
 * runs it against the Devin and GitHub stand-ins. The stand-in's listing shows every key's
 * value (`api_key_value`, whole unless a test says otherwise): a canary checked on every path.
 */
import { startFakeDevinApi, type ApiKeyValueMode, type FakeDevinApi } from '../fake-api/server.ts';
import {
  startFakeGitHub,
  type FakeGitHub,
  type SecretRepositorySeed,
} from '../fake-github/server.ts';
import {
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYorgkeysadmin5a6b7c8d';
const GITHUB_TOKEN = 'ghs_CANARYorgkeysgithub1e2f3a4b';
// A key of the organization made earlier, by someone else: never touched, never printed.
const EXISTING_VALUE = 'apk_CANARYexistingOrgKey0f1e2d3c4b5a';
const ORG = 'org-keys1';
const SECRET = 'DEVIN_API_KEY';

let api: FakeDevinApi;
let github: FakeGitHub | undefined;

async function startStandIns(
  options: { apiKeyValue?: ApiKeyValueMode; concurrentProvisions?: boolean } = {},
  repositories?: SecretRepositorySeed[],
): Promise<void> {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: [ORG],
    enterpriseKeys: [
      { id: 'apk-existing', org_id: ORG, api_key: EXISTING_VALUE, created_at: 1_700_000_000 },
    ],
    ...options,
  });
  github =
    repositories === undefined
      ? undefined
      : await startFakeGitHub({
          repository: 'acme/widgets',
          token: GITHUB_TOKEN,
          secretRepositories: repositories,
        });
}

afterEach(async () => {
  // Whatever happened, the call that revokes every key of the enterprise was never formed.
  expect(api.revokedEverything()).toBe(false);
  expect(
    api.requests.filter(
      (request) =>
        request.method === 'DELETE' &&
        !/^\/v2\/enterprise\/api-keys\/apk-[^/]+$/.test(request.path),
    ),
  ).toEqual([]);
  expect(api.enterpriseKeys().find((key) => key.id === 'apk-existing')?.revoked).toBe(false);
  await api.close();
  await github?.close();
});

function provision(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const secrets: Record<string, string> =
    github === undefined
      ? {}
      : { secret_name: SECRET, github_token: GITHUB_TOKEN, repositories: 'acme/web' };
  return runAction({
    inputs: {
      operation: 'provision',
      token: ADMIN_KEY,
      org_id: ORG,
      base_url: api.url,
      ...secrets,
      ...inputs,
    },
    ...(github === undefined ? {} : { env: { GITHUB_API_URL: github.url } }),
    killAfterMs: 60_000,
  });
}

/** Every value the listing could show, and the credentials: none printed, anywhere. */
function expectNoValueLeak(run: ActionRun, secretOutputs: string[] = []): void {
  const values = api.enterpriseKeys().map((key) => key.api_key);
  expect(values).toContain(EXISTING_VALUE);
  expectNoLeak(run, [ADMIN_KEY, GITHUB_TOKEN, ...values], secretOutputs);
  if (github !== undefined) expectNoLeakToGitHub(github, [ADMIN_KEY, ...values]);
  expectNoStackTrace(run);
}

const madeByRun = () => api.enterpriseKeys().filter((key) => key.madeBy !== 'seed');
const secretValue = (repository: string) =>
  github?.secrets().find((secret) => secret.repository === repository)?.value;

test('plain provision lists the organization first, then mints; the value is never printed', async () => {
  await startStandIns();
  const run = await provision();

  expect(run.exitCode).toBe(0);
  expectNoValueLeak(run, ['api_key']);
  expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    'GET /v2/enterprise/api-keys',
    'POST /v2/enterprise/api-keys',
  ]);
  expect(api.requests[0]?.query).toEqual({ page: '1', per_page: '100', org_id: ORG });
});

test('a lost answer after minting: the key is found in the listing and revoked', async () => {
  await startStandIns();
  api.fail({ method: 'POST', path: '/v2/enterprise/api-keys', process: true, reset: true });
  const run = await provision({ max_retries: '0' });

  expect(run.exitCode).toBe(1);
  expectNoValueLeak(run);
  const [made] = madeByRun();
  expect(madeByRun()).toHaveLength(1);
  expect(made?.revoked).toBe(true);
  expect(
    api.requests.filter((request) => request.method === 'DELETE').map((request) => request.path),
  ).toEqual([`/v2/enterprise/api-keys/${made?.id}`]);
  const message = failureMessage(run);
  expect(message).toContain(`was found in the organization's listing as "${made?.id}"`);
  expect(message).toContain('and revoked, so none is left behind');
});

test('a lost answer while someone else made a key at the same moment: none revoked, both named', async () => {
  await startStandIns({ concurrentProvisions: true });
  api.fail({ method: 'POST', path: '/v2/enterprise/api-keys', process: true, reset: true });
  const run = await provision({ max_retries: '0' });

  expect(run.exitCode).toBe(1);
  expectNoValueLeak(run);
  expect(madeByRun()).toHaveLength(2);
  expect(madeByRun().filter((key) => key.revoked)).toEqual([]);
  const message = failureMessage(run);
  expect(message).toContain('cannot be told apart');
  for (const key of madeByRun()) expect(message).toContain(`"${key.id}" (created `);
});

describe('with secret_name', () => {
  test('a refused write: the key made for it is found by its value and revoked', async () => {
    await startStandIns({}, [{ repository: 'acme/locked', access: 'read' }]);
    const run = await provision({ repositories: 'acme/locked' });

    expect(run.exitCode).toBe(1);
    expectNoValueLeak(run);
    const [made] = madeByRun();
    expect(made?.revoked).toBe(true);
    const message = failureMessage(run);
    expect(message).toContain('HTTP 403');
    expect(message).toContain(`was found in the organization's listing as "${made?.id}"`);
    expect(run.stdout).not.toContain('Orphaned Devin service key');
  });

  test.each<ApiKeyValueMode>(['masked', null])(
    'a refused write with values %s: the one new key is revoked all the same',
    async (apiKeyValue) => {
      await startStandIns({ apiKeyValue }, [{ repository: 'acme/locked', access: 'read' }]);
      const run = await provision({ repositories: 'acme/locked' });

      expect(run.exitCode).toBe(1);
      expectNoValueLeak(run);
      expect(madeByRun().map((key) => key.revoked)).toEqual([true]);
    },
  );

  test('a refused write while someone else made a key at the same moment: none revoked, both named', async () => {
    await startStandIns({ concurrentProvisions: true, apiKeyValue: null }, [
      { repository: 'acme/locked', access: 'read' },
    ]);
    const run = await provision({ repositories: 'acme/locked' });

    expect(run.exitCode).toBe(1);
    expectNoValueLeak(run);
    expect(madeByRun()).toHaveLength(2);
    expect(madeByRun().filter((key) => key.revoked)).toEqual([]);
    const message = failureMessage(run);
    expect(message).toContain('cannot be told apart');
    for (const key of madeByRun()) expect(message).toContain(`"${key.id}" (created `);
    expect(run.stdout).toMatch(/^::warning title=Orphaned Devin service key::/m);
  });

  test('with the whole value listed, a twin made at the same moment is told apart: only ours revoked', async () => {
    await startStandIns({ concurrentProvisions: true }, [
      { repository: 'acme/locked', access: 'read' },
    ]);
    const run = await provision({ repositories: 'acme/locked' });

    expect(run.exitCode).toBe(1);
    expectNoValueLeak(run);
    const revoked = madeByRun().filter((key) => key.revoked);
    expect(revoked.map((key) => key.madeBy)).toEqual(['provision']);
  });

  test('a lost answer: the key is found and revoked, no secret written', async () => {
    await startStandIns({}, [{ repository: 'acme/web' }]);
    api.fail({ method: 'POST', path: '/v2/enterprise/api-keys', process: true, reset: true });
    const run = await provision({ max_retries: '0' });

    expect(run.exitCode).toBe(1);
    expectNoValueLeak(run);
    expect(madeByRun().map((key) => key.revoked)).toEqual([true]);
    expect(secretValue('acme/web')).toBeUndefined();
    expect(failureMessage(run)).toContain('and revoked, so none is left behind');
  });

  test('a re-run revokes the key it replaced, and keeps the new one', async () => {
    await startStandIns({}, [{ repository: 'acme/web' }]);
    const first = await provision();
    expect(first.exitCode).toBe(0);
    const firstKey = madeByRun()[0];
    expect(secretValue('acme/web')).toBe(firstKey?.api_key);

    const second = await provision();

    expect(failureMessage(second)).toBe('');
    expect(second.exitCode).toBe(0);
    expectNoValueLeak(second);
    const [old, fresh] = madeByRun();
    expect(old?.revoked).toBe(true);
    expect(fresh?.revoked).toBe(false);
    expect(secretValue('acme/web')).toBe(fresh?.api_key);
    expect(second.stdout).toContain(`The key it replaced, "${old?.id}" (created `);
    expect(JSON.parse(second.outputs.secrets ?? '[]')).toEqual([
      expect.objectContaining({ repository: 'acme/web', action: 'replaced' }),
    ]);
  });

  test('a re-run whose listing fails after the write warns how to find the replaced key, never "run again"', async () => {
    await startStandIns({}, [{ repository: 'acme/web' }]);
    expect((await provision()).exitCode).toBe(0);
    const [old] = madeByRun();
    // The listing before minting answers; the one that looks for the replaced key fails.
    api.fail(
      { method: 'GET', path: '/v2/enterprise/api-keys', delayMs: 1 },
      { method: 'GET', path: '/v2/enterprise/api-keys', status: 503, times: 10 },
    );

    const second = await provision({ max_retries: '0' });

    expect(second.exitCode).toBe(0);
    expectNoValueLeak(second);
    expect(api.enterpriseKeys().find((key) => key.id === old?.id)?.revoked).toBe(false);
    const warning = second.stdout
      .split('\n')
      .find((line) => line.startsWith('::warning title=Replaced Devin service key still active::'));
    expect(warning).toContain('was not revoked');
    expect(warning).toContain(`organization "${ORG}" with operation audit`);
    expect(warning).not.toMatch(/run the job again/i);
  });

  test('a re-run that cannot tell the replaced key apart warns, naming the organization and how to find it', async () => {
    await startStandIns({}, [{ repository: 'acme/web' }, { repository: 'acme/api' }]);
    expect((await provision({ repositories: 'acme/web\nacme/api' })).exitCode).toBe(0);
    const firstKeys = madeByRun();
    expect(firstKeys).toHaveLength(2);

    const second = await provision({ repositories: 'acme/web' });

    expect(second.exitCode).toBe(0);
    expectNoValueLeak(second);
    expect(
      firstKeys.map((key) => api.enterpriseKeys().find((now) => now.id === key.id)?.revoked),
    ).toEqual([false, false]);
    const warning = second.stdout
      .split('\n')
      .find((line) => line.startsWith('::warning title=Replaced Devin service key still active::'));
    expect(warning).toContain(`could not be identified in organization "${ORG}"`);
    expect(warning).toContain('operation audit');
    for (const key of firstKeys) expect(warning).toContain(`"${key.id}" (created `);
  });
});
