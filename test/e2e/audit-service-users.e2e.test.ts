/**
 * The audit of service users themselves: `service_user_id: all` lists every service user of the
 * enterprise (paged, inactive ones included, v3 then v3beta1), named service users are read for
 * their own expiry, and an expired service user fails the job.
 */
import { startFakeDevinApi, type FakeDevinApi, type FakeServiceUser } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import {
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import {
  GITHUB_TOKEN,
  REPOSITORY,
  SERVICE_USER,
  SERVICE_USER_CREDENTIAL,
  auditWithTrackingIssue,
  daysFromNow,
  expiredKey,
  healthyKey,
  healthyKeys,
  reportOf,
  serviceUserRows,
  summaryKeyOrder,
  warnings,
} from './audit-support.ts';
import { runAction, type ActionRun } from './run-action.ts';

const MEMBERS_V3 = '/v3/enterprise/members/service-users';
const MEMBERS_V3BETA1 = '/v3beta1/enterprise/members/service-users';
const KEYS_PATH = /^\/v3beta1\/enterprise\/service-users\/([^/]+)\/api-keys$/;
const ALL_MARKER = '<!-- devin-keys-action:audit all -->';

const servers: { close(): Promise<void> }[] = [];
const apis: FakeDevinApi[] = [];

afterEach(async () => {
  // An audit only reads, whatever a test did.
  for (const api of apis) {
    expect(api.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
  apis.splice(0);
});

/** The auditing service user, and others of the enterprise: each with a canary credential. */
function member(id: string, overrides: Partial<FakeServiceUser> = {}): FakeServiceUser {
  return {
    id,
    name: `${id} (name)`,
    credential: `cog_CANARY${id.replace(/[^a-z0-9]/gi, '')}7f3e`,
    keys: [healthyKey(`${id}-key`)],
    ...overrides,
  };
}

function auditor(overrides: Partial<FakeServiceUser> = {}): FakeServiceUser {
  return member(SERVICE_USER, { credential: SERVICE_USER_CREDENTIAL, ...overrides });
}

let users: FakeServiceUser[] = [];

async function startApi(
  serviceUsers: FakeServiceUser[],
  options: Omit<Parameters<typeof startFakeDevinApi>[0] & object, 'serviceUsers'> = {},
): Promise<FakeDevinApi> {
  users = serviceUsers;
  const api = await startFakeDevinApi({ serviceUsers, ...options });
  servers.push(api);
  apis.push(api);
  return api;
}

function audit(api: FakeDevinApi, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      operation: 'audit',
      token: SERVICE_USER_CREDENTIAL,
      service_user_id: 'all',
      base_url: api.url,
      ...inputs,
    },
  });
}

function canaries(): string[] {
  return [
    SERVICE_USER_CREDENTIAL,
    GITHUB_TOKEN,
    ...users.map((user) => user.credential),
    ...apis.flatMap((api) => api.mintedTokens()),
  ];
}

function expectClean(run: ActionRun): void {
  expectNoStackTrace(run);
  expectNoLeak(run, canaries());
}

function memberRequests(api: FakeDevinApi) {
  return api.requests.filter((request) => request.path.includes('/enterprise/members/'));
}

/** The service users whose keys were listed, each once, in no particular order. */
function keysListedFor(api: FakeDevinApi): string[] {
  const ids = api.requests
    .map((request) => KEYS_PATH.exec(request.path)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(decodeURIComponent);
  return [...new Set(ids)].sort();
}

/** An enterprise of six: one expired, one removed, one expiring soon, three healthy. */
function enterprise(): FakeServiceUser[] {
  return [
    auditor(),
    member('service-user-deploy', { expiresAt: daysFromNow(200) }),
    member('service-user-old-bot', {
      name: 'Old bot',
      expiresAt: daysFromNow(-4),
      keys: [healthyKey('old-bot-key', { expires_at: daysFromNow(30) })],
    }),
    member('service-user-removed', { removed: true }),
    member('service-user-soon', { name: 'Soon gone', expiresAt: daysFromNow(5) }),
    member('service-user-nightly'),
  ];
}

describe('service_user_id: all', () => {
  test('lists every service user through several pages, inactive ones too, and audits each', async () => {
    const api = await startApi(enterprise(), { maxPageSize: 2 });
    const run = await audit(api, { fail_on: 'expired,revoked' });

    expect(run.exitCode).toBe(0);
    expectClean(run);
    const listing = memberRequests(api);
    expect(listing.map((request) => request.path)).toEqual([MEMBERS_V3, MEMBERS_V3, MEMBERS_V3]);
    for (const request of listing) {
      expect(request.query).toMatchObject({ include_inactive: 'true', first: '200' });
    }
    expect(listing[0]?.query.after).toBeUndefined();
    expect(listing[1]?.query.after).toEqual(expect.any(String));
    expect(listing[2]?.query.after).not.toBe(listing[1]?.query.after);
    expect(keysListedFor(api)).toEqual(
      enterprise()
        .map((user) => user.id)
        .sort(),
    );
    expect(
      reportOf(run)
        .service_users.map((user) => user.service_user_id)
        .sort(),
    ).toEqual(
      enterprise()
        .map((user) => user.id)
        .sort(),
    );
    expect(run.stdout).toContain('The enterprise lists 6 service users');
    // The removed service user is listed, but its keys are gone with it: a warning, not a failure.
    expect(run.outputs.key_count).toBe('5');
    const removed = warnings(run).filter((line) =>
      line.startsWith('::warning title=Service user keys not found::'),
    );
    expect(removed).toHaveLength(1);
    expect(removed[0]).toContain('"service-user-removed (name)" ("service-user-removed")');
    expect(removed[0]).toContain('HTTP 404');
    expect(serviceUserRows(run.summary).find((row) => row[1] === 'service-user-removed')?.[7]).toBe(
      '⚠️ keys not found (HTTP 404): removed?',
    );
  });

  test('an expired service user fails the job by default and is named in the failure, the summary, the report and an annotation', async () => {
    const api = await startApi(enterprise(), { maxPageSize: 2 });
    const run = await audit(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const message = failureMessage(run);
    expect(message).toMatch(/^The audit failed: 1 service user falls in a fail_on class/);
    expect(message).toContain('service_user_expired');
    expect(message).toContain('service user "Old bot" ("service-user-old-bot")');
    expect(message).toContain('every key of it is dead');
    expect(message).not.toContain('Soon gone');
    expect(message).toContain('Fix: renew or replace these service users');

    // The table of service users comes first, worst first; then the per-user tables.
    const summary = run.summary;
    expect(summary).toMatch(
      /^### ❌ Devin API key audit failed: 1 service user in a fail_on class/,
    );
    expect(summary.indexOf('| Service user | Id | Expires |')).toBeLessThan(
      summary.indexOf('| Key |'),
    );
    const rows = serviceUserRows(summary);
    expect(rows).toHaveLength(6);
    expect(rows[0]?.slice(0, 2)).toEqual(['Old bot', 'service-user-old-bot']);
    expect(rows[0]?.[7]).toMatch(/^❌ the service user expired \d{4}-\d{2}-\d{2} \(4 days ago\)/);
    expect(rows[1]?.slice(0, 2)).toEqual(['Soon gone', 'service-user-soon']);
    expect(rows[1]?.[7]).toMatch(/^⚠️ the service user expires .*\(in 5 days\)/);
    // name, id, expires, keys, active, expired, revoked
    expect(rows.find((row) => row[1] === 'service-user-nightly')?.slice(2, 7)).toEqual([
      'never',
      '1',
      '1',
      '0',
      '0',
    ]);
    expect(summaryKeyOrder(summary)).toHaveLength(5);

    const report = reportOf(run);
    const oldBot = report.service_users.find((u) => u.service_user_id === 'service-user-old-bot');
    expect(oldBot?.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(oldBot).toMatchObject({
      name: 'Old bot',
      failing: true,
      findings: [{ class: 'service_user_expired', failing: true }],
    });
    const soon = report.service_users.find((u) => u.service_user_id === 'service-user-soon');
    expect(soon).toMatchObject({
      failing: false,
      findings: [{ class: 'service_user_expiring', failing: false }],
    });
    const nightly = report.service_users.find((u) => u.service_user_id === 'service-user-nightly');
    expect(nightly).toMatchObject({ expires_at: null, failing: false, findings: [] });

    const annotations = warnings(run);
    expect(annotations[0]).toMatch(/^::warning title=Devin service user expired::/);
    expect(annotations[0]).toContain('"Old bot" ("service-user-old-bot")');
    expect(
      annotations.some((line) => line.startsWith('::warning title=Devin service user expiring::')),
    ).toBe(true);
  });

  test('with service_user_expiring in fail_on, a service user that expires soon fails the job too', async () => {
    const api = await startApi([
      auditor(),
      member('service-user-soon', { expiresAt: daysFromNow(3) }),
    ]);
    const run = await audit(api, { fail_on: 'service_user_expiring', expiry_warning_days: '7' });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(failureMessage(run)).toContain('"service-user-soon (name)" ("service-user-soon")');
  });

  test('a 404 on the v3 path tries /v3beta1/ once, and pages on there', async () => {
    const api = await startApi(enterprise(), { maxPageSize: 4, membersApiVersions: ['v3beta1'] });
    const run = await audit(api, { fail_on: 'expired,revoked' });

    expect(run.exitCode).toBe(0);
    expectClean(run);
    expect(memberRequests(api).map((request) => request.path)).toEqual([
      MEMBERS_V3,
      MEMBERS_V3BETA1,
      MEMBERS_V3BETA1,
    ]);
    expect(keysListedFor(api)).toHaveLength(6);
  });

  test('a 404 on both paths ends in a clear error naming both and ViewAccountMembership, and lists no keys', async () => {
    const api = await startApi(enterprise(), { membersApiVersions: [] });
    const run = await audit(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const message = failureMessage(run);
    expect(message).toContain('Could not list the service users of the enterprise');
    expect(message).toContain(
      `HTTP 404 on GET ${MEMBERS_V3} and on the older GET ${MEMBERS_V3BETA1}`,
    );
    expect(message).toContain('ViewAccountMembership');
    expect(message).toContain('Fix: set base_url');
    expect(memberRequests(api)).toHaveLength(2);
    expect(keysListedFor(api)).toEqual([]);
    expect(run.outputs.report).toBeUndefined();
  });

  test('a credential without ViewAccountMembership ends in a clear error naming it (HTTP 403)', async () => {
    const api = await startApi([auditor({ canViewMembership: false }), member('service-user-x')]);
    const run = await audit(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const message = failureMessage(run);
    expect(message).toMatch(
      /^Could not list the service users of the enterprise \(GET \/v3\/enterprise\/members\/service-users\): The credential is valid but not allowed to do this \(HTTP 403\)/,
    );
    expect(message).toContain('the service user lacks the ViewAccountMembership permission');
    expect(message).toContain('service_user_id: all lists the service users of the enterprise');
    expect(memberRequests(api).map((request) => request.path)).toEqual([MEMBERS_V3]);
    expect(keysListedFor(api)).toEqual([]);
  });

  test('a credential Devin does not accept ends in a clear error that names ViewAccountMembership too (HTTP 401)', async () => {
    const api = await startApi(enterprise());
    const run = await audit(api, { token: 'cog_CANARYunknown0c4d2e' });

    expect(run.exitCode).toBe(1);
    expectNoStackTrace(run);
    expectNoLeak(run, [...canaries(), 'cog_CANARYunknown0c4d2e']);
    const message = failureMessage(run);
    expect(message).toContain('HTTP 401');
    expect(message).toContain('ViewAccountMembership');
    expect(keysListedFor(api)).toEqual([]);
  });

  test('a listed id the action cannot use ends in a clear error, and no URL is built from it', async () => {
    const api = await startApi([auditor(), member('service-user-ok'), member('..')]);
    const run = await audit(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const message = failureMessage(run);
    expect(message).toMatch(/^The API named a service user the action cannot use: /);
    expect(message).toContain('".."');
    expect(message).toContain('Fix: name the service users to audit in service_user_id');
    expect(keysListedFor(api)).toEqual([]);
  });

  test('names from the API are inert in the log, the summary and the report', async () => {
    const hostile = 'x\n::error::forged @everyone **bold** <img src=x> | cell';
    const api = await startApi([
      auditor(),
      member('service-user-hostile', { name: hostile, expiresAt: daysFromNow(-1) }),
    ]);
    const run = await audit(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(run.stdout.split('\n').some((line) => line.startsWith('::error::forged'))).toBe(false);
    expect(run.stdout).toContain(JSON.stringify(hostile));
    const row = serviceUserRows(run.summary).find((cells) => cells[1] === 'service-user-hostile');
    expect(row?.[0]).toBe(
      'x ::error::forged @\u200beveryone \\*\\*bold\\*\\* &lt;img src=x&gt; \\| cell',
    );
    expect(run.summary).not.toContain('<img');
    const reported = reportOf(run).service_users.find(
      (user) => user.service_user_id === 'service-user-hostile',
    );
    expect(reported?.name).toBe(hostile);
  });

  test('a failing audit of all keeps one tracking issue under the marker all, found again as service users come and go', async () => {
    const github: FakeGitHub = await startFakeGitHub({
      repository: REPOSITORY,
      token: GITHUB_TOKEN,
    });
    servers.push(github);
    const first = await startApi(enterprise());
    const run = await auditWithTrackingIssue(first, github, { service_user_id: 'all' });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expectNoLeakToGitHub(github, canaries());
    expect(github.issues).toHaveLength(1);
    const body = github.issues[0]?.body ?? '';
    expect(body.startsWith(`${ALL_MARKER}\n`)).toBe(true);
    expect(body).toContain(
      '| Service user | Id | Expires | Keys | Active | Expired | Revoked | Worst finding |',
    );
    expect(body).toContain('| Old bot | service-user-old-bot |');
    expect(body).toContain('the service user expired');

    // A week later: one more service user, and a key of another expired.
    const next = await startApi([
      ...enterprise(),
      member('service-user-new', { keys: [expiredKey('new-dead-key')] }),
    ]);
    const again = await auditWithTrackingIssue(next, github, { service_user_id: 'all' });

    expect(again.exitCode).toBe(1);
    expectClean(again);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.body).toContain('new-dead-key');
    expect(again.stdout).toContain(`Updated tracking issue #${github.issues[0]?.number ?? ''}`);

    // Once the expired service user is gone and every key is fine, the issue is closed.
    const healthy = await startApi([auditor(), member('service-user-deploy')]);
    const passed = await auditWithTrackingIssue(healthy, github, { service_user_id: 'all' });
    expect(passed.exitCode).toBe(0);
    expect(github.issues[0]?.state).toBe('closed');
  });
});

describe('named service users', () => {
  test('each is read for its own expiry: an expired one fails the job and is named', async () => {
    const api = await startApi([
      auditor(),
      member('service-user-old-bot', { name: 'Old bot', expiresAt: daysFromNow(-10) }),
    ]);
    const run = await audit(api, { service_user_id: `${SERVICE_USER}, service-user-old-bot` });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(failureMessage(run)).toContain('service user "Old bot" ("service-user-old-bot")');
    expect(
      memberRequests(api)
        .map((request) => request.path)
        .sort(),
    ).toEqual([`${MEMBERS_V3}/${SERVICE_USER}`, `${MEMBERS_V3}/service-user-old-bot`]);
    expect(serviceUserRows(run.summary)[0]?.slice(0, 3)).toEqual([
      'Old bot',
      'service-user-old-bot',
      expect.stringMatching(/\(10 days ago\)$/),
    ]);
  });

  test('where the credential may not read them (403), one notice says so and the keys are audited anyway', async () => {
    const api = await startApi([
      auditor({ canViewMembership: false, keys: healthyKeys(2) }),
      member('service-user-deploy', { expiresAt: daysFromNow(-10), keys: [expiredKey('dead')] }),
    ]);
    const run = await audit(api, { service_user_id: `${SERVICE_USER}\nservice-user-deploy` });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('::notice'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^::notice title=Service user expiry not audited::/);
    expect(notices[0]).toContain('"service-user-ci" (HTTP 403)');
    expect(notices[0]).toContain('"service-user-deploy" (HTTP 403)');
    expect(notices[0]).toContain('ViewAccountMembership');
    expect(keysListedFor(api)).toEqual([SERVICE_USER, 'service-user-deploy']);
    expect(run.outputs.key_count).toBe('3');
    // The failure is the dead key; the service user's expiry could not be seen.
    const message = failureMessage(run);
    expect(message).toMatch(/^The audit failed: 1 key falls in a fail_on class/);
    expect(message).not.toContain('service user falls');
    const rows = serviceUserRows(run.summary);
    expect(rows.map((row) => row[2])).toEqual(['unknown', 'unknown']);
    const report = reportOf(run).service_users;
    expect(report.every((user) => !('expires_at' in user))).toBe(true);
  });
});
