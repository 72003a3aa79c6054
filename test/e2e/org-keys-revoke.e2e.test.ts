/** `revoke` of an organization key (v2) with an Enterprise admin's personal key, run as the runner runs it. */
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYrevokeV2admin0a1b2c';
// What the listing's api_key_value would show: a whole key, recognisable wherever it is printed.
const ORG_KEY_VALUE = 'apk_CANARYorgKeyValue9f8e7d6c5b4a';

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: ['org-a'],
    enterpriseKeys: [
      { id: 'apk-keep', org_id: 'org-a' },
      { id: 'apk-gone', org_id: 'org-a', api_key: ORG_KEY_VALUE },
    ],
  });
});

afterEach(async () => {
  expect(api.revokedEverything()).toBe(false);
  expect(
    api.requests.filter(
      (request) =>
        request.method === 'DELETE' && !/^\/v2\/enterprise\/api-keys\/[^/]+$/.test(request.path),
    ),
  ).toEqual([]);
  await api.close();
});

function revoke(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: { operation: 'revoke', token: ADMIN_KEY, base_url: api.url, ...inputs },
  });
}

const revokedIds = () =>
  api
    .enterpriseKeys()
    .filter((key) => key.revoked)
    .map((key) => key.id);

test('with apk_user_ and api_key_id: that organization key is revoked through v2', async () => {
  const run = await revoke({ api_key_id: 'apk-gone' });

  expect(failureMessage(run)).toBe('');
  expect(run.exitCode).toBe(0);
  expectNoStackTrace(run);
  expectNoLeak(run, [ADMIN_KEY, ORG_KEY_VALUE]);
  expect(revokedIds()).toEqual(['apk-gone']);
  expect(api.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
    'DELETE /v2/enterprise/api-keys/apk-gone',
  ]);
  expect(run.outputs).toEqual({ api_key_id: 'apk-gone' });
  expect(run.summary).toContain('Devin API key revoked');
  expect(run.summary).toContain('apk-gone');
});

test('an unknown id fails with the cause, and nothing else is revoked', async () => {
  const run = await revoke({ api_key_id: 'apk-unknown' });

  expect(run.exitCode).toBe(1);
  expectNoStackTrace(run);
  expectNoLeak(run, [ADMIN_KEY, ORG_KEY_VALUE]);
  expect(failureMessage(run)).toContain('no active key of the enterprise has the id "apk-unknown"');
  expect(revokedIds()).toEqual([]);
});

test.each([
  [{}, 'api_key_id: is required'],
  [{ key_name: 'deploy' }, 'key_name: is not taken with a personal API key'],
  [{ api_key_id: 'apk-gone', service_user_id: 'service-user-1' }, 'service_user_id: is not taken'],
])('with apk_user_, %j is refused before any call', async (inputs, problem) => {
  const run = await revoke(inputs);

  expect(run.exitCode).toBe(1);
  expect(failureMessage(run)).toContain(problem);
  expect(api.requests).toEqual([]);
  expectNoLeak(run, [ADMIN_KEY]);
});

test('an organization service key (apk_) is still refused before any call', async () => {
  const run = await revoke({ token: 'apk_CANARYserviceKey11223344', api_key_id: 'apk-gone' });

  expect(run.exitCode).toBe(1);
  expect(failureMessage(run)).toContain(
    'needs a service user credential (cog_…) or a personal API key',
  );
  expect(api.requests).toEqual([]);
});
