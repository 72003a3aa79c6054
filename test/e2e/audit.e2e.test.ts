import { startFakeDevinApi, type FakeDevinApi, type Fault } from '../fake-api/server.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import {
  OTHER_SERVICE_USER_CREDENTIAL,
  SERVICE_USER,
  SERVICE_USER_CREDENTIAL,
  countOutputs,
  expiredKey,
  expiringKey,
  healthyKey,
  healthyKeys,
  neverExpiringKey,
  reportOf,
  reportedKey,
  revokedKey,
  staleKey,
  summaryKeyOrder,
  warnings,
  warningsFor,
  type AuditReport,
  type KeySeed,
} from './audit-support.ts';
import { runAction, type ActionRun } from './run-action.ts';

const LIST_PATH = `/v3beta1/enterprise/service-users/${SERVICE_USER}/api-keys`;
const LIST_PATH_PATTERN = /^\/v3beta1\/enterprise\/service-users\/[^/]+\/api-keys$/;

let api: FakeDevinApi | undefined;

afterEach(async () => {
  if (api === undefined) return;
  // An audit only reads: whatever a test did, nothing was created, rotated or revoked.
  expect(api.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  await api.close();
  api = undefined;
});

interface ServerOptions {
  keys?: KeySeed[];
  maxPageSize?: number;
  canManageServiceUsers?: boolean;
}

async function startApi(options: ServerOptions = {}): Promise<FakeDevinApi> {
  api = await startFakeDevinApi({
    serviceUsers: [
      {
        id: SERVICE_USER,
        credential: SERVICE_USER_CREDENTIAL,
        keys: options.keys ?? [],
        ...(options.canManageServiceUsers === undefined
          ? {}
          : { canManageServiceUsers: options.canManageServiceUsers }),
      },
    ],
    ...(options.maxPageSize === undefined ? {} : { maxPageSize: options.maxPageSize }),
  });
  return api;
}

function audit(server: FakeDevinApi, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      operation: 'audit',
      token: SERVICE_USER_CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: server.url,
      ...inputs,
    },
  });
}

/** Every secret this suite knows: the credentials it passed and every token the API minted. */
function canaries(): string[] {
  return [SERVICE_USER_CREDENTIAL, OTHER_SERVICE_USER_CREDENTIAL, ...(api?.mintedTokens() ?? [])];
}

function expectPassedCleanly(run: ActionRun): void {
  expect(run.exitCode).toBe(0);
  expect(failureMessage(run)).toBe('');
  expectNoStackTrace(run);
  expectNoLeak(run, canaries());
}

function expectFailedCleanly(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expectNoStackTrace(run);
  expectNoLeak(run, canaries());
  return failureMessage(run);
}

function listRequests(server: FakeDevinApi) {
  return server.requests.filter((request) => LIST_PATH_PATTERN.test(request.path));
}

describe('a healthy service user', () => {
  test('passes, counts every key as active and says so in the summary', async () => {
    const server = await startApi({ keys: healthyKeys(3) });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run)).toEqual({
      key_count: 3,
      active_count: 3,
      expired_count: 0,
      revoked_count: 0,
      expiring_count: 0,
      stale_count: 0,
    });
    expect(warnings(run)).toEqual([]);
    expect(run.summary).toContain('Devin API key audit passed');
    expect(run.summary).toContain(`Service user ${SERVICE_USER}: 3 keys`);
    expect(run.stdout).toContain('The audit passed: 3 keys');
    const report = reportOf(run);
    expect(report.counts.key_count).toBe(3);
    expect(report.service_users.map((user) => user.service_user_id)).toEqual([SERVICE_USER]);
    expect(report.service_users[0]?.keys.every((key) => key.findings.length === 0)).toBe(true);
    // The report output holds every key, so no file is written unless asked for.
    expect(run.outputs.report_path).toBeUndefined();

    const [request] = listRequests(server);
    expect(listRequests(server)).toHaveLength(1);
    expect(request?.path).toBe(LIST_PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${SERVICE_USER_CREDENTIAL}`);
    expect(request?.query.status).toBe('all');
    expect(request?.query.after).toBeUndefined();
  });

  test('a service user without keys passes with zero counts', async () => {
    const server = await startApi({ keys: [] });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run).key_count).toBe(0);
    expect(run.summary).toContain('No keys.');
  });
});

describe('a service user with keys in every state', () => {
  const mixedKeys = [
    healthyKey('fine-key'),
    expiredKey('expired-key'),
    revokedKey('revoked-key'),
    expiringKey('expiring-key'),
    staleKey('stale-key'),
    neverExpiringKey('forever-key'),
  ];

  test('fails, naming the expired and revoked keys by name and id, and counts each state', async () => {
    const server = await startApi({ keys: mixedKeys });
    const run = await audit(server);

    const message = expectFailedCleanly(run);
    const expired = reportedKey(run, 'expired-key');
    const revoked = reportedKey(run, 'revoked-key');
    expect(message).toContain('The audit failed: 2 keys');
    expect(message).toContain(`key "expired-key" (${JSON.stringify(expired.id)})`);
    expect(message).toContain(`key "revoked-key" (${JSON.stringify(revoked.id)})`);
    expect(message).toMatch(/"expired-key".*: expired \d{4}-\d\d-\d\d \(3 days ago\)/);
    expect(message).toMatch(/"revoked-key".*: revoked \d{4}-\d\d-\d\d \(5 days ago\)/);
    // Keys that only warn are not in the failure message.
    for (const name of ['expiring-key', 'stale-key', 'forever-key', 'fine-key']) {
      expect(message).not.toContain(`"${name}"`);
    }
    expect(countOutputs(run)).toEqual({
      key_count: 6,
      active_count: 4,
      expired_count: 1,
      revoked_count: 1,
      expiring_count: 1,
      stale_count: 1,
    });
    expect(expired.status).toBe('expired');
    expect(revoked.status).toBe('revoked');
  });

  test('the summary table shows the worst keys first', async () => {
    const server = await startApi({ keys: mixedKeys });
    const run = await audit(server);

    expectFailedCleanly(run);
    expect(run.summary).toContain('Devin API key audit failed: 2 keys need attention');
    expect(run.summary).toContain(
      '| Key | Id | Status | Created | Expires | Last used | Findings |',
    );
    expect(summaryKeyOrder(run.summary)).toEqual([
      'revoked-key',
      'expired-key',
      'expiring-key',
      'stale-key',
      'forever-key',
      'fine-key',
    ]);
    expect(run.summary).toContain('⛔ expired');
    expect(run.summary).toContain('⛔ revoked');
  });

  test('each finding is a warning annotation naming the key, its id and why', async () => {
    const server = await startApi({ keys: mixedKeys });
    const run = await audit(server);

    expectFailedCleanly(run);
    const expected: [string, RegExp][] = [
      ['expiring-key', /expires \d{4}-\d\d-\d\d \(in 5 days\)/],
      ['stale-key', /last used \d{4}-\d\d-\d\d \(120 days ago\)/],
      ['forever-key', /never expires/],
      ['expired-key', /expired \d{4}-\d\d-\d\d/],
      ['revoked-key', /revoked \d{4}-\d\d-\d\d/],
    ];
    for (const [name, why] of expected) {
      const lines = warningsFor(run, name);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`(${JSON.stringify(reportedKey(run, name).id)})`);
      expect(lines[0]).toMatch(why);
    }
    expect(warningsFor(run, 'fine-key')).toEqual([]);
    expect(warnings(run)).toHaveLength(5);
  });
});

describe('an audit too large for the report output', () => {
  // 1,500 keys: more than the 1,000 worst the action keeps, so the output must be cut.
  const manyKeys = (): KeySeed[] => [
    ...healthyKeys(1_400),
    ...Array.from({ length: 60 }, (_, index) => expiredKey(`expired-${index}`)),
    ...Array.from({ length: 40 }, (_, index) => revokedKey(`revoked-${index}`)),
  ];

  test('the report output keeps only the failing keys, marked as cut', async () => {
    const server = await startApi({ keys: manyKeys() });
    const run = await audit(server);

    expect(expectFailedCleanly(run)).toContain('100 keys fall in a fail_on class');
    const report = JSON.parse(run.outputs.report ?? '') as AuditReport & { cut?: boolean };
    expect(report.cut).toBe(true);
    expect(report.counts.key_count).toBe(1_500);
    const keys = report.service_users[0]?.keys ?? [];
    expect(keys).toHaveLength(100);
    expect(keys.every((key) => key.failing)).toBe(true);
    expect(run.outputs.report_path).toBeUndefined();
    expect(run.summary).toContain('report_file: true');
  });

  test('report_file: true writes every key to the file at report_path', async () => {
    const server = await startApi({ keys: manyKeys() });
    const run = await audit(server, { report_file: 'true' });

    expectFailedCleanly(run);
    expect(run.outputs.report_path).toMatch(/devin-keys-audit-\d+\.json$/);
    const file = JSON.parse(run.tempFiles[run.outputs.report_path ?? ''] ?? '') as AuditReport;
    expect(file.counts).toEqual(reportOf(run).counts);
    const keys = file.service_users[0]?.keys ?? [];
    expect(keys).toHaveLength(1_500);
    expect(new Set(keys.map((key) => key.name)).size).toBe(1_500);
    expect(keys.filter((key) => key.status === 'expired')).toHaveLength(60);
    expect(keys.filter((key) => key.status === 'revoked')).toHaveLength(40);
  });
});

describe('fail_on', () => {
  test('keys that only expire soon warn, and the audit passes', async () => {
    const server = await startApi({ keys: [healthyKey('fine-key'), expiringKey('soon-key')] });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run).expiring_count).toBe(1);
    const [line] = warningsFor(run, 'soon-key');
    expect(line).toMatch(/^::warning title=Devin API key expiring::/);
    expect(line).toContain('in 5 days');
    expect(run.summary).toContain('Devin API key audit passed');
    expect(run.summary).toContain('⚠️ expires');
  });

  test('none reports every finding but passes', async () => {
    const server = await startApi({
      keys: [expiredKey('expired-key'), revokedKey('revoked-key'), expiringKey('soon-key')],
    });
    const run = await audit(server, { fail_on: 'none' });

    expectPassedCleanly(run);
    expect(countOutputs(run)).toMatchObject({ expired_count: 1, revoked_count: 1 });
    expect(warnings(run)).toHaveLength(3);
    expect(run.summary).toContain('Devin API key audit passed');
    expect(reportedKey(run, 'expired-key').failing).toBe(false);
  });

  test('expiring fails the job on a key that expires soon', async () => {
    const server = await startApi({ keys: [healthyKey('fine-key'), expiringKey('soon-key')] });
    const run = await audit(server, { fail_on: 'expiring' });

    const message = expectFailedCleanly(run);
    expect(message).toContain('The audit failed: 1 key');
    expect(message).toContain(
      `key "soon-key" (${JSON.stringify(reportedKey(run, 'soon-key').id)})`,
    );
    expect(message).toContain('(expiring)');
    expect(message).not.toContain('"fine-key"');
  });

  test('a shorter expiry_warning_days no longer counts a key expiring in 5 days', async () => {
    const server = await startApi({ keys: [expiringKey('soon-key')] });
    const run = await audit(server, { fail_on: 'expiring', expiry_warning_days: '3' });

    expectPassedCleanly(run);
    expect(countOutputs(run).expiring_count).toBe(0);
  });
});

describe('paging', () => {
  test('reads every page, sending first and then the previous end_cursor as after', async () => {
    const server = await startApi({ keys: healthyKeys(450), maxPageSize: 200 });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run).key_count).toBe(450);
    const pages = listRequests(server);
    expect(pages).toHaveLength(3);
    expect(pages.map((request) => request.query.first)).toEqual(['200', '200', '200']);
    expect(pages[0]?.query.after).toBeUndefined();
    expectCursorsChained(server, run);
    expect(run.stdout).toContain(`"${SERVICE_USER}": 450 keys in 3 pages`);
  });

  test('a 503 in the middle of the listing is retried and no key is lost or counted twice', async () => {
    const server = await startApi({ keys: healthyKeys(450), maxPageSize: 200 });
    await failSecondPage(server, { status: 503, body: { detail: 'Service Unavailable' } });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run).key_count).toBe(450);
    expect(listRequests(server)).toHaveLength(4);
    expectEveryKeyOnce(server, run);
    expect(run.stdout).toMatch(/-> HTTP 503 \(\d+ ms, attempt 1\)/);
    expect(run.stdout).toMatch(/-> HTTP 200 \(\d+ ms, attempt 2\)/);
  });

  test('a 429 in the middle of the listing waits as Retry-After asks, then goes on', async () => {
    const server = await startApi({ keys: healthyKeys(450), maxPageSize: 200 });
    await failSecondPage(server, {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { detail: 'Too Many Requests' },
    });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run).key_count).toBe(450);
    expect(listRequests(server)).toHaveLength(4);
    expectEveryKeyOnce(server, run);
    expect(run.stdout).toMatch(/-> HTTP 429 \(\d+ ms, attempt 1\)/);
    expect(run.stdout).toContain('retrying in 1000 ms');
  });

  test('a connection reset in the middle of the listing is retried', async () => {
    const server = await startApi({ keys: healthyKeys(450), maxPageSize: 200 });
    await failSecondPage(server, { reset: true });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(countOutputs(run).key_count).toBe(450);
    expect(listRequests(server)).toHaveLength(4);
    expectEveryKeyOnce(server, run);
    const [, second, retried] = listRequests(server);
    expect(retried?.query.after).toBe(second?.query.after);
  });

  test('a cursor given twice ends in a clear error after few requests, not an endless loop', async () => {
    const server = await startApi({ keys: healthyKeys(3) });
    server.fail({
      method: 'GET',
      path: LIST_PATH,
      times: 100,
      status: 200,
      body: { items: [], end_cursor: 'cursor-again', has_next_page: true, total: null },
    });
    const run = await audit(server);

    const message = expectFailedCleanly(run);
    expect(listRequests(server).length).toBeLessThan(5);
    expect(message).toContain(`the API keys of service user "${SERVICE_USER}"`);
    expect(message).toContain('the cursor "cursor-again" a second time');
    expect(message).toContain('would never end');
  });
});

describe('answers that break the contract', () => {
  test('a page that is not JSON is a clear error', async () => {
    const server = await startApi({ keys: healthyKeys(3) });
    server.fail({
      method: 'GET',
      path: LIST_PATH,
      status: 200,
      headers: { 'content-type': 'application/json' },
      rawBody: '{"items": [{"api_key_id": "k1", ',
    });
    const run = await audit(server);

    const message = expectFailedCleanly(run);
    expect(message).toContain(`Could not list the API keys of service user "${SERVICE_USER}"`);
    expect(message).toContain('HTTP 200 with a body that is not JSON');
    expect(message).not.toContain('Unexpected error');
    expect(run.outputs.report).toBeUndefined();
  });

  test('a key without created_at is an error naming the field', async () => {
    const server = await startApi({ keys: healthyKeys(3) });
    const keyWithoutCreatedAt = {
      api_key_id: 'key-no-created-at',
      api_key_name: 'odd-key',
      expires_at: null,
      is_active: true,
      last_used_at: null,
      revoked_at: null,
    };
    server.fail({
      method: 'GET',
      path: LIST_PATH,
      status: 200,
      body: { items: [keyWithoutCreatedAt], end_cursor: null, has_next_page: false, total: 1 },
    });
    const run = await audit(server);

    const message = expectFailedCleanly(run);
    expect(message).toContain('does not match the API contract');
    expect(message).toContain('field "items.0.created_at"');
    expect(message).not.toContain('Unexpected error');
  });
});

test('without service_user_id, audits the credential’s own service user found by /v3/self', async () => {
  const server = await startApi({ keys: [healthyKey('own-key'), expiringKey('own-soon-key')] });
  const run = await audit(server, { service_user_id: '' });

  expectPassedCleanly(run);
  expect(server.requests.map((request) => request.path)).toEqual(['/v3/self', LIST_PATH]);
  expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${SERVICE_USER_CREDENTIAL}`);
  expect(countOutputs(run)).toMatchObject({ key_count: 2, expiring_count: 1 });
  expect(reportOf(run).service_users.map((user) => user.service_user_id)).toEqual([SERVICE_USER]);
});

describe('an own service user the action cannot use', () => {
  test.each([
    ['a parent path step', '..'],
    ['the end of an HTML comment', 'service-user-ci --> <!-- x'],
  ])(
    'when /v3/self names %s, the audit ends in a clear error and lists nothing',
    async (_what, unusableId) => {
      api = await startFakeDevinApi({
        serviceUsers: [
          { id: unusableId, credential: SERVICE_USER_CREDENTIAL, keys: healthyKeys(1) },
        ],
      });
      const run = await audit(api, { service_user_id: '' });

      const message = expectFailedCleanly(run);
      expect(message).toMatch(/^The API named a service user the action cannot use: /);
      expect(message).toContain(JSON.stringify(unusableId));
      expect(message).toContain('Fix: pass the service user');
      expect(message).toContain('service_user_id');
      expect(message).not.toContain('Unexpected error');
      expect(api.requests.map((request) => request.path)).toEqual(['/v3/self']);
      expect(run.outputs.report).toBeUndefined();
    },
  );
});

describe('several service users in one run', () => {
  const users = ['service-user-alpha', 'service-user-beta', 'service-user-gamma'];

  async function startThreeUsers(): Promise<FakeDevinApi> {
    api = await startFakeDevinApi({
      serviceUsers: [
        {
          id: 'service-user-alpha',
          credential: SERVICE_USER_CREDENTIAL,
          keys: [healthyKey('alpha-1'), healthyKey('alpha-2')],
        },
        { id: 'service-user-beta', credential: 'cog_CANARYbeta0000', keys: healthyKeys(3, 'beta') },
        {
          id: 'service-user-gamma',
          credential: 'cog_CANARYgamma0000',
          keys: [healthyKey('gamma-1'), revokedKey('gamma-revoked')],
        },
      ],
    });
    return api;
  }

  test.each([
    ['one per line', users.join('\n')],
    ['separated by commas', ` ${users[0] ?? ''},${users[1] ?? ''} , ${users[2] ?? ''} `],
  ])('%s: each is listed once and has its own table', async (_form, serviceUserIds) => {
    const server = await startThreeUsers();
    const run = await audit(server, { service_user_id: serviceUserIds });

    const message = expectFailedCleanly(run);
    expectNoLeak(run, ['cog_CANARYbeta0000', 'cog_CANARYgamma0000']);
    expect(message).toContain('key "gamma-revoked"');
    expect(message).toContain('of "service-user-gamma"');
    expect(countOutputs(run)).toMatchObject({ key_count: 7, revoked_count: 1, active_count: 6 });
    const listed = listRequests(server).map((request) => request.path.split('/')[4]);
    expect([...listed].sort()).toEqual(users);
    expect(reportOf(run).service_users.map((user) => user.service_user_id)).toEqual(users);
    for (const user of users) expect(run.summary).toContain(`#### Service user ${user}:`);
    expect(run.summary).toContain('service-user-beta: 3 keys');
  });
});

describe('several service users, where one has many findings', () => {
  test('annotations go to the worst keys of the whole audit, not to the first service user', async () => {
    api = await startFakeDevinApi({
      serviceUsers: [
        {
          id: 'service-user-noisy',
          credential: SERVICE_USER_CREDENTIAL,
          keys: Array.from({ length: 60 }, (_, index) => staleKey(`noisy-stale-${index}`)),
        },
        {
          id: 'service-user-quiet',
          credential: 'cog_CANARYquiet0000',
          keys: [healthyKey('quiet-1'), revokedKey('quiet-revoked')],
        },
      ],
    });
    const run = await audit(api, { service_user_id: 'service-user-noisy\nservice-user-quiet' });

    expect(expectFailedCleanly(run)).toContain('key "quiet-revoked"');
    expectNoLeak(run, ['cog_CANARYquiet0000']);
    const [first] = warnings(run);
    expect(first).toContain('"quiet-revoked"');
    expect(warningsFor(run, 'quiet-revoked')).toHaveLength(1);
    expect(warnings(run).at(-1)).toContain('11 more findings are not annotated');
  });

  test('an unknown service user ends the audit: the others stop at their next page', async () => {
    api = await startFakeDevinApi({
      serviceUsers: [
        { id: SERVICE_USER, credential: SERVICE_USER_CREDENTIAL, keys: healthyKeys(40) },
      ],
      maxPageSize: 2,
    });
    const run = await audit(api, { service_user_id: `${SERVICE_USER}\nservice-user-missing` });

    const message = expectFailedCleanly(run);
    expect(message).toContain('"service-user-missing"');
    expect(message).toContain('does not exist');
    // 20 pages if the listing had gone on; it stops within a page or two of the failure.
    expect(listRequests(api).filter((request) => request.path === LIST_PATH).length).toBeLessThan(
      6,
    );
    expect(run.stdout).not.toMatch(/UND_ERR|retrying/);
  });
});

describe('input errors are caught before any request', () => {
  test.each([
    ['alone', '..', '".."'],
    ['among others, one per line', `${SERVICE_USER}\n.`, '"."'],
    ['among others, separated by commas', `${SERVICE_USER}, ..`, '".."'],
  ])(
    'a service_user_id of . or .. (%s) is refused like any malformed id',
    async (_form, serviceUserIds, quoted) => {
      const server = await startApi({ keys: healthyKeys(1) });
      const run = await audit(server, { service_user_id: serviceUserIds });

      const message = expectFailedCleanly(run);
      expect(message).toBe(
        `Invalid inputs:\n  - service_user_id: ${quoted} is not a service user id (like service-user-abc123)`,
      );
      expect(server.requests).toEqual([]);
    },
  );
});

describe('the credential', () => {
  // A personal API key (apk_user_…) audits organization keys (v2): org-keys-audit.e2e.test.ts.
  test.each([
    [
      'an organization service key',
      'apk_CANARYorgservice5d2b',
      'an organization service API key (apk_…)',
    ],
  ])('%s is refused before any request', async (_kind, token, described) => {
    const server = await startApi({ keys: healthyKeys(1) });
    const run = await audit(server, { token });

    const message = expectFailedCleanly(run);
    expectNoLeak(run, [token]);
    expect(message).toContain('Invalid inputs');
    expect(message).toContain(
      'operation audit needs a service user credential (cog_…) or a personal API key (apk_user_…)',
    );
    expect(message).toContain(described);
    expect(message).toContain('Enterprise Settings > Service Users');
    expect(server.requests).toEqual([]);
  });

  test('a service user without ManageAccountServiceUsers (403) is told which permission it lacks', async () => {
    api = await startFakeDevinApi({
      serviceUsers: [
        { id: SERVICE_USER, credential: SERVICE_USER_CREDENTIAL, keys: healthyKeys(2) },
        {
          id: 'service-user-readonly',
          credential: OTHER_SERVICE_USER_CREDENTIAL,
          canManageServiceUsers: false,
          keys: [],
        },
      ],
    });
    const run = await audit(api, { token: OTHER_SERVICE_USER_CREDENTIAL });

    const message = expectFailedCleanly(run);
    expect(message).toContain('HTTP 403');
    expect(message).toContain('ManageAccountServiceUsers');
    expect(message).toContain('Enterprise Settings > Service Users');
    expect(listRequests(api)).toHaveLength(1);
  });
});

/**
 * Each page after the first asked for the end_cursor the page before it gave. The stand-in
 * answers 422 to a cursor it never gave, and a stale or repeated cursor would repeat or skip
 * keys; so: `after` only after the first page, each one different, and every key exactly once.
 */
function expectCursorsChained(server: FakeDevinApi, run: ActionRun): void {
  const cursors = listRequests(server).map((request) => request.query.after);
  expect(cursors[0]).toBeUndefined();
  for (const cursor of cursors.slice(1)) expect(cursor).toEqual(expect.any(String));
  expect(new Set(cursors).size).toBe(cursors.length);
  expectEveryKeyOnce(server, run);
}

/** The report holds each of the stand-in's keys exactly once. */
function expectEveryKeyOnce(server: FakeDevinApi, run: ActionRun): void {
  const reportedIds = reportOf(run).service_users.flatMap((user) => user.keys.map((key) => key.id));
  const storedIds = server.keysOf(SERVICE_USER).map((key) => key.api_key_id);
  expect([...reportedIds].sort()).toEqual([...storedIds].sort());
}

/**
 * Injects `fault` into the listing's second page. The stand-in's faults replace whole answers,
 * so the first page is fetched here beforehand (which registers its cursor with the stand-in)
 * and served again through a fault; the request list is then cleared of that fetch.
 */
async function failSecondPage(server: FakeDevinApi, fault: Fault): Promise<void> {
  const url = new URL(LIST_PATH, server.url);
  url.search = new URLSearchParams({ status: 'all', first: '200' }).toString();
  const answer = await fetch(url, {
    headers: { authorization: `Bearer ${SERVICE_USER_CREDENTIAL}` },
  });
  const firstPage = (await answer.json()) as { has_next_page: boolean };
  expect(firstPage.has_next_page).toBe(true);
  server.requests.length = 0;
  server.fail(
    { method: 'GET', path: LIST_PATH, status: 200, body: firstPage },
    { method: 'GET', path: LIST_PATH, ...fault },
  );
}

describe('answers that cannot be right', () => {
  test('a key expiring past what a date can hold is shown as such, and the audit completes', async () => {
    const server = await startApi({
      keys: [healthyKey('far-future', { expires_at: 9e12 }), healthyKey('ordinary')],
    });
    const run = await audit(server);

    expectPassedCleanly(run);
    expect(run.stdout).not.toContain('This is a bug');
    expect(countOutputs(run).key_count).toBe(2);
    expect(run.summary).toContain('Devin API key audit passed');
    expect(JSON.stringify(reportOf(run))).toContain('out of range (9000000000000 s from 1970)');
  });

  test('a page that says more follow but gives no cursor is an error, not a short count', async () => {
    const server = await startApi({ keys: healthyKeys(3) });
    server.fail({
      method: 'GET',
      path: LIST_PATH,
      status: 200,
      body: { items: [], has_next_page: true, end_cursor: null },
    });
    const run = await audit(server);

    const message = expectFailedCleanly(run);
    expect(message).toContain('has_next_page');
    expect(message).toContain('no cursor');
    expect(run.outputs.key_count).toBeUndefined();
  });
});
