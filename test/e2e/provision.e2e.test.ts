import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import {
  expectMaskedFirst,
  expectNoLeak,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

// Canary credentials: any appearance outside `::add-mask::` is a leak.
const ADMIN_KEY = 'apk_user_CANARYadmin7f3a9c2e41b8';
const NON_ADMIN_KEY = 'apk_user_CANARYmember52d17e9a0c';
const SERVICE_USER_CREDENTIAL = 'cog_CANARYsvc8e41c07d2f95';
const ORG = 'org-abc123';

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    personalKeys: [NON_ADMIN_KEY],
    orgIds: [ORG],
    serviceUsers: [{ id: 'service-user-ci', credential: SERVICE_USER_CREDENTIAL }],
  });
});

afterEach(async () => {
  // Whatever a test did, the call that revokes every key of the enterprise was never sent.
  expect(
    api.requests.filter(
      (request) =>
        request.method === 'DELETE' && /^\/v2\/enterprise\/api-keys\/?$/.test(request.path),
    ),
  ).toEqual([]);
  await api.close();
});

const posts = () => api.requests.filter((request) => request.method === 'POST');

function provision(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: { operation: 'provision', token: ADMIN_KEY, org_id: ORG, base_url: api.url, ...inputs },
  });
}

/** Every secret this test knows: the credentials it passed and every key the server minted. */
function canaries(): string[] {
  return [ADMIN_KEY, NON_ADMIN_KEY, SERVICE_USER_CREDENTIAL, ...api.mintedTokens()];
}

function expectFailedCleanly(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expectNoStackTrace(run);
  expectNoLeak(run, canaries());
  expect(run.outputs.api_key).toBeUndefined();
  return failureMessage(run);
}

test('provisions a key, masks it before anything else names it, and outputs it', async () => {
  const run = await provision();

  expect(run.exitCode).toBe(0);
  const [minted] = api.mintedTokens();
  expect(api.mintedTokens()).toHaveLength(1);
  expect(run.outputs).toEqual({ api_key: minted, org_id: ORG });
  expectMaskedFirst(run, minted as string);
  expectMaskedFirst(run, ADMIN_KEY);
  expectNoLeak(run, canaries(), ['api_key']);
  expect(run.summary).toContain('Devin service API key provisioned');
  expect(run.summary).toContain(ORG);

  // The organization's keys are listed just before minting, so that a lost answer's key is found.
  const [listing, request] = api.requests;
  expect(api.requests).toHaveLength(2);
  expect(listing?.method).toBe('GET');
  expect(listing?.query).toEqual({ page: '1', per_page: '100', org_id: ORG });
  expect(request?.method).toBe('POST');
  expect(request?.path).toBe('/v2/enterprise/api-keys');
  expect(request?.headers.authorization).toBe(`Bearer ${ADMIN_KEY}`);
  expect(request?.body).toEqual({ org_id: ORG });
});

test('a rejected credential (401) explains the likely causes and the fix', async () => {
  const run = await provision({ token: 'apk_user_CANARYunknownkey0000' });

  const message = expectFailedCleanly(run);
  expect(message).toContain('HTTP 401');
  expect(message).toContain('invalid, expired or revoked');
  expect(message).toContain('Settings > API Keys');
  expectNoLeak(run, ['apk_user_CANARYunknownkey0000']);
});

test('a personal key without the Enterprise admin role (403) says so', async () => {
  const run = await provision({ token: NON_ADMIN_KEY });

  const message = expectFailedCleanly(run);
  expect(message).toContain('HTTP 403');
  expect(message).toContain('Enterprise admin role');
});

test('an organization outside the enterprise (404) points at base_url and the id', async () => {
  const run = await provision({ org_id: 'org-elsewhere' });

  const message = expectFailedCleanly(run);
  expect(message).toContain('HTTP 404');
  expect(message).toContain('base_url');
  expect(message).toContain('"org-elsewhere"');
});

test('a validation error (422) shows every location and message', async () => {
  api.fail({
    method: 'POST',
    path: '/v2/enterprise/api-keys',
    status: 422,
    body: {
      detail: [
        { loc: ['body', 'org_id'], msg: 'String should match pattern', type: 'string_pattern' },
        { loc: ['body', 'extra'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
      ],
    },
  });
  const run = await provision();

  const message = expectFailedCleanly(run);
  expect(message).toContain('HTTP 422');
  expect(message).toContain('"body.org_id": "String should match pattern"');
  expect(message).toContain('"body.extra": "Extra inputs are not permitted"');
});

test('a 429 with Retry-After is waited out and exactly one key is minted', async () => {
  api.fail({
    method: 'POST',
    path: '/v2/enterprise/api-keys',
    status: 429,
    headers: { 'retry-after': '1' },
    body: { detail: 'Too many requests' },
  });
  const run = await provision();

  expect(run.exitCode).toBe(0);
  expect(posts()).toHaveLength(2);
  expect(api.mintedTokens()).toHaveLength(1);
  expect(run.outputs.api_key).toBe(api.mintedTokens()[0]);
  expect(run.elapsedMs).toBeGreaterThanOrEqual(1000);
  expectNoLeak(run, canaries(), ['api_key']);
});

test('a 503 on the minting POST is not retried; the key it made is found and revoked', async () => {
  api.fail({ method: 'POST', path: '/v2/enterprise/api-keys', status: 503, process: true });
  const run = await provision();

  const message = expectFailedCleanly(run);
  expect(posts()).toHaveLength(1);
  expect(message).toContain('HTTP 503');
  expect(message).toContain('A key may have been created');
  const [made] = api.enterpriseKeys().filter((key) => key.madeBy === 'provision');
  expect(made?.revoked).toBe(true);
  expect(message).toContain(`listing as "${made?.id}"`);
});

test('a connection reset after sending the minting POST is not retried; no key was made, and it says so', async () => {
  api.fail({ method: 'POST', path: '/v2/enterprise/api-keys', reset: true });
  const run = await provision();

  const message = expectFailedCleanly(run);
  expect(posts()).toHaveLength(1);
  expect(message).toContain('A key may have been created');
  expect(message).toContain("was not in the organization's listing yet (it may show later)");
  expect(message).toContain(`GET /v2/enterprise/api-keys?org_id=${ORG}`);
});

test('a 200 whose body breaks the contract still warns that a key was made', async () => {
  api.fail({
    method: 'POST',
    path: '/v2/enterprise/api-keys',
    status: 200,
    body: { api_key: 'apk_CANARYhalfanswer1234', org: ORG },
  });
  const run = await provision();

  const message = expectFailedCleanly(run);
  expect(message).toContain('"org_id"');
  expect(message).toContain('A key may have been created');
  // The key in the broken answer was masked the moment the body was parsed.
  expectMaskedFirst(run, 'apk_CANARYhalfanswer1234');
  expectNoLeak(run, ['apk_CANARYhalfanswer1234']);
});

test('a server that never answers ends in a timeout error, not a hang', async () => {
  api.fail({ method: 'POST', path: '/v2/enterprise/api-keys', hang: true });
  const run = await provision({ timeout_seconds: '2' });

  const message = expectFailedCleanly(run);
  expect(message).toContain('no answer from');
  expect(message).toContain('within 2 s');
  expect(run.elapsedMs).toBeLessThan(10_000);
});

test('a redirect is not followed, so the credential goes nowhere else', async () => {
  api.fail({
    method: 'POST',
    path: '/v2/enterprise/api-keys',
    status: 307,
    headers: { location: 'https://elsewhere.example/v2/enterprise/api-keys' },
  });
  const run = await provision();

  const message = expectFailedCleanly(run);
  expect(posts()).toHaveLength(1);
  expect(message).toContain('redirect (HTTP 307)');
});

test('an HTML error page from a proxy is reported by status alone', async () => {
  api.fail({
    method: 'POST',
    path: '/v2/enterprise/api-keys',
    status: 502,
    headers: { 'content-type': 'text/html' },
    rawBody: '<html><body><h1>502 Bad Gateway</h1><script>x()</script></body></html>',
  });
  const run = await provision();

  const message = expectFailedCleanly(run);
  expect(message).toContain('HTTP 502');
  expect(message).not.toContain('<html>');
});

describe('input errors are caught before any request', () => {
  test('http:// to a host other than loopback is refused', async () => {
    const run = await provision({ base_url: 'http://api.devin.example' });
    const message = expectFailedCleanly(run);
    expect(message).toContain('base_url');
    expect(message).toContain('https://');
    expect(api.requests).toEqual([]);
  });

  test('a base_url with a user name and password is refused without printing them', async () => {
    const password = 'CANARYurlpassword6b1d';
    const withCredentials = new URL(api.url);
    withCredentials.username = 'ci';
    withCredentials.password = password;
    const run = await provision({ base_url: withCredentials.href });

    const message = expectFailedCleanly(run);
    expect(message).toMatch(
      /^Invalid inputs:\n {2}- base_url: must not hold a user name or password/,
    );
    expect(message).toContain('credentials do not belong in base_url');
    expect(message).toContain('the token input carries the credential');
    expect(api.requests).toEqual([]);
    expectNoLeak(run, [password]);
    const everything = [run.stdout, run.stderr, JSON.stringify(run.outputs), run.summary];
    expect(everything.filter((text) => text.includes(password))).toEqual([]);
  });

  test('an unknown operation lists the valid ones', async () => {
    const run = await provision({ operation: 'mint' });
    const message = expectFailedCleanly(run);
    expect(message).toContain('"mint" is unknown');
    expect(message).toMatch(/valid operations: .*provision/);
    expect(api.requests).toEqual([]);
  });

  test('a missing org_id is named', async () => {
    const run = await provision({ org_id: '' });
    const message = expectFailedCleanly(run);
    expect(message).toContain('org_id: is required for operation provision');
    expect(api.requests).toEqual([]);
  });

  test('a service user credential is the wrong kind for provision', async () => {
    const run = await provision({ token: SERVICE_USER_CREDENTIAL });
    const message = expectFailedCleanly(run);
    expect(message).toContain('needs a personal API key (apk_user_…)');
    expect(message).toContain('a service user credential (cog_…)');
    expect(message).toContain('Settings > API Keys');
    expect(api.requests).toEqual([]);
  });

  test('an org service key is the wrong kind for provision', async () => {
    const run = await provision({ token: 'apk_CANARYorgservicekey99' });
    const message = expectFailedCleanly(run);
    expect(message).toContain('an organization service API key (apk_…)');
    expectNoLeak(run, ['apk_CANARYorgservicekey99']);
    expect(api.requests).toEqual([]);
  });
});

test('a dry run checks everything, says what would happen and sends nothing', async () => {
  const run = await provision({ dry_run: 'true' });

  expect(run.exitCode).toBe(0);
  expect(api.requests).toEqual([]);
  expect(run.outputs).toEqual({ org_id: ORG });
  expect(run.stdout).toContain('Dry run');
  expect(run.stdout).toContain('POST /v2/enterprise/api-keys');
  expect(run.summary).toContain('dry run');
  expectNoLeak(run, canaries());
});
