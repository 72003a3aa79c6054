/**
 * Audits that meet a partial failure report what they saw: a service user whose keys cannot be
 * read is a finding of its own, keys a listing repeats count once, an audit that cannot run at
 * all says so in the tracking issue, and the report file holds few files open and leaves no
 * part behind.
 */
import { join } from 'node:path';
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
  expiredKey,
  healthyKey,
  healthyKeys,
  reportOf,
  serviceUserRows,
  warnings,
} from './audit-support.ts';
import { REPO_ROOT, runAction, type ActionRun } from './run-action.ts';

const KEYS_OF = (id: string) => `/v3beta1/enterprise/service-users/${id}/api-keys`;
const ALL_MARKER = '<!-- devin-keys-action:audit all -->';

const servers: { close(): Promise<void> }[] = [];
let users: FakeServiceUser[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function member(id: string, keys = [healthyKey(`${id}-key`)]): FakeServiceUser {
  return { id, credential: `cog_CANARY${id.replace(/[^a-z0-9]/gi, '')}5e1a`, keys };
}

async function startApi(
  serviceUsers: FakeServiceUser[],
  options: { maxPageSize?: number } = {},
): Promise<FakeDevinApi> {
  users = serviceUsers;
  const api = await startFakeDevinApi({ serviceUsers, ...options });
  servers.push(api);
  return api;
}

async function startGitHub(): Promise<FakeGitHub> {
  const github = await startFakeGitHub({ repository: REPOSITORY, token: GITHUB_TOKEN });
  servers.push(github);
  return github;
}

/** The auditor and three others, each with one healthy key. */
function enterprise(): FakeServiceUser[] {
  return [
    { ...member(SERVICE_USER), credential: SERVICE_USER_CREDENTIAL },
    member('service-user-a'),
    member('service-user-b'),
    member('service-user-c'),
  ];
}

function auditAll(api: FakeDevinApi, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      operation: 'audit',
      token: SERVICE_USER_CREDENTIAL,
      service_user_id: 'all',
      base_url: api.url,
      max_retries: '0',
      ...inputs,
    },
  });
}

function expectClean(run: ActionRun): void {
  expectNoStackTrace(run);
  expect(run.stdout + run.stderr).not.toContain('This is a bug');
  expectNoLeak(run, [SERVICE_USER_CREDENTIAL, GITHUB_TOKEN, ...users.map((u) => u.credential)]);
}

describe('a service user whose keys cannot be read', () => {
  test('403 on one service user: every other is audited; it is a failing finding, named with its cause', async () => {
    const api = await startApi(enterprise());
    api.fail({
      path: KEYS_OF('service-user-b'),
      times: Infinity,
      status: 403,
      body: { detail: 'Forbidden for service-user-b' },
    });
    const run = await auditAll(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const message = failureMessage(run);
    expect(message).toMatch(/^The audit failed: 1 service user falls in a fail_on class/);
    expect(message).toContain('service_user_unreadable');
    expect(message).toContain('service user "service-user-b"');
    expect(message).toContain('HTTP 403');
    // The rest stands: counts, report, summary.
    expect(run.outputs.key_count).toBe('3');
    expect(run.outputs.unreadable_service_user_count).toBe('1');
    const report = reportOf(run);
    expect(report.counts.unreadable_service_user_count).toBe(1);
    const b = report.service_users.find((user) => user.service_user_id === 'service-user-b');
    expect(b).toMatchObject({
      failing: true,
      findings: [{ class: 'service_user_unreadable', failing: true }],
    });
    expect(b?.findings?.[0]?.reason).toContain('HTTP 403');
    expect(report.service_users).toHaveLength(4);
    expect(run.summary).toMatch(/^### ❌ Devin API key audit failed: 1 service user in a fail_on/);
    const row = serviceUserRows(run.summary).find((cells) => cells[1] === 'service-user-b');
    expect(row?.[7]).toMatch(/^❌ its keys could not be listed/);
    const section = run.summary.slice(run.summary.indexOf('#### Service user service-user-b'));
    expect(section).toMatch(
      /^#### Service user service-user-b: 0 keys\n\nIts keys could not all be listed/,
    );
    expect(section.split('####')[1]).not.toContain('No keys.');
    expect(
      warnings(run).some((line) =>
        line.startsWith('::warning title=Devin service user unreadable::'),
      ),
    ).toBe(true);
  });

  test('a service user removed between pages of its keys (404 on page 2) is a finding, not a base_url error', async () => {
    const api = await startApi(
      [
        { ...member(SERVICE_USER), credential: SERVICE_USER_CREDENTIAL },
        member('service-user-a', healthyKeys(3, 'a-key')),
        member('service-user-b'),
      ],
      { maxPageSize: 2 },
    );
    // The first page is answered as it is; the second, as for a service user now gone.
    api.fail(
      { path: KEYS_OF('service-user-a'), delayMs: 1 },
      { path: KEYS_OF('service-user-a'), status: 404, body: { detail: 'Not Found' } },
    );
    const run = await auditAll(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    const message = failureMessage(run);
    expect(message).not.toContain('base_url');
    expect(message).toContain('service_user_unreadable');
    expect(message).toContain('"service-user-a"');
    expect(message).toContain('HTTP 404');
    expect(reportOf(run).service_users).toHaveLength(3);
    expect(run.outputs.unreadable_service_user_count).toBe('1');
  });

  test('fail_on without service_user_unreadable: reported, and the job passes', async () => {
    const api = await startApi(enterprise());
    api.fail({ path: KEYS_OF('service-user-c'), times: Infinity, status: 403, body: {} });
    const run = await auditAll(api, { fail_on: 'expired' });

    expect(run.exitCode).toBe(0);
    expectClean(run);
    expect(run.outputs.unreadable_service_user_count).toBe('1');
    expect(run.outputs.key_count).toBe('3');
  });

  test('a 401 on one service user still stops the audit: it holds for every service user', async () => {
    const api = await startApi(enterprise());
    api.fail({ path: KEYS_OF('service-user-a'), times: Infinity, status: 401, body: {} });
    const run = await auditAll(api);

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(failureMessage(run)).toContain('HTTP 401');
    expect(run.outputs.key_count).toBeUndefined();
  });
});

test('keys a listing repeats across pages are counted once', async () => {
  const api = await startApi(
    [
      {
        ...member(SERVICE_USER, [healthyKey('first'), expiredKey('second')]),
        credential: SERVICE_USER_CREDENTIAL,
      },
    ],
    { maxPageSize: 1 },
  );
  const [first, second] = api.keysOf(SERVICE_USER);
  api.fail(
    {
      path: KEYS_OF(SERVICE_USER),
      status: 200,
      body: { items: [first, second], has_next_page: true, end_cursor: 'page-2' },
    },
    {
      path: KEYS_OF(SERVICE_USER),
      status: 200,
      body: { items: [second, first], has_next_page: false },
    },
  );
  const run = await runAction({
    inputs: {
      operation: 'audit',
      token: SERVICE_USER_CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      report_file: 'true',
    },
  });

  expect(run.exitCode).toBe(1);
  expectClean(run);
  expect(run.outputs.key_count).toBe('2');
  expect(run.outputs.expired_count).toBe('1');
  expect(reportOf(run).service_users[0]?.keys).toHaveLength(2);
  const file = run.tempFiles[run.outputs.report_path ?? ''];
  expect(
    (JSON.parse(file ?? '') as { service_users: { keys: unknown[] }[] }).service_users[0]?.keys,
  ).toHaveLength(2);
  expect(failureMessage(run)).toMatch(/1 key falls in a fail_on class/);
});

describe('an audit that cannot run at all, with issue_on_failure', () => {
  test('a rejected credential opens the tracking issue saying what failed and the fix, then fails as before', async () => {
    const api = await startApi(enterprise());
    const github = await startGitHub();
    const run = await auditWithTrackingIssue(api, github, { token: 'cog_CANARYrejected0c4f' });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expectNoLeakToGitHub(github, [SERVICE_USER_CREDENTIAL, 'cog_CANARYrejected0c4f']);
    const message = failureMessage(run);
    expect(message).toContain('HTTP 401');
    expect(github.issues).toHaveLength(1);
    const [issue] = github.issues;
    expect(issue?.state).toBe('open');
    expect(issue?.body).toContain(`<!-- devin-keys-action:audit ${SERVICE_USER} -->`);
    expect(issue?.body).toContain('could not run');
    expect(issue?.body).toContain('HTTP 401');
    expect(issue?.body).toContain('Fix:');
    expect(run.stdout).toContain(`Opened tracking issue #${issue?.number ?? ''}`);
  });

  test("the credential's own service user, not learnt: an issue of its own, closed once the audit runs again", async () => {
    const api = await startApi(enterprise());
    const github = await startGitHub();
    const own = { service_user_id: '' };
    const failed = await auditWithTrackingIssue(api, github, {
      ...own,
      token: 'cog_CANARYrejected0c4f',
    });

    expect(failed.exitCode).toBe(1);
    expectClean(failed);
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.body?.startsWith('<!-- devin-keys-action:audit (own) -->\n')).toBe(
      true,
    );

    const passed = await auditWithTrackingIssue(api, github, own);
    expect(passed.exitCode).toBe(0);
    expectClean(passed);
    expect(github.issues[0]?.state).toBe('closed');
    expect(github.issues[0]?.comments.at(-1)).toContain('The audit runs again');
    expect(passed.stdout).toContain('which said the audit could not run');
  });

  test('a listing of service users that fails (all) updates the issue of all', async () => {
    const api = await startApi(enterprise());
    const github = await startGitHub();
    api.fail({
      path: '/v3/enterprise/members/service-users',
      times: Infinity,
      status: 403,
      body: {},
    });
    const run = await auditWithTrackingIssue(api, github, { service_user_id: 'all' });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(failureMessage(run)).toMatch(/^Could not list the service users of the enterprise/);
    expect(github.issues[0]?.body?.startsWith(`${ALL_MARKER}\n`)).toBe(true);
    expect(github.issues[0]?.body).toContain('Could not list the service users');
  });

  test('an unreachable API is told in the issue; when GitHub fails too, a warning, and the failure stands', async () => {
    const api = await startApi(enterprise());
    const github = await startGitHub();
    github.fail({ times: Infinity, status: 500, body: { message: 'GitHub is down' } });
    api.fail({ times: Infinity, reset: true });
    const run = await auditWithTrackingIssue(api, github, { max_retries: '0' });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(failureMessage(run)).toMatch(
      /^Could not list the API keys .*: the connection .* failed/,
    );
    expect(
      warnings(run).some((line) => line.startsWith('::warning title=Tracking issue not updated::')),
    ).toBe(true);
    expect(github.issues).toHaveLength(0);
  });
});

describe('report_file', () => {
  const OPEN_FILE_LIMIT = '16';
  const probe = join(REPO_ROOT, 'test/support/open-file-limit.mjs');

  test('many service users: few report files open at once, one report, no part left', async () => {
    const many = Array.from({ length: 60 }, (_, index) =>
      member(`service-user-${String(index).padStart(3, '0')}`),
    );
    const api = await startApi([
      { ...member(SERVICE_USER), credential: SERVICE_USER_CREDENTIAL },
      ...many,
    ]);
    const run = await runAction({
      inputs: {
        operation: 'audit',
        token: SERVICE_USER_CREDENTIAL,
        service_user_id: 'all',
        base_url: api.url,
        report_file: 'true',
      },
      env: { OPEN_FILE_LIMIT },
      nodeOptions: ['--import', probe],
    });

    expect(run.exitCode).toBe(0);
    expectClean(run);
    const paths = Object.keys(run.tempFiles);
    expect(paths.filter((path) => path.endsWith('.part'))).toEqual([]);
    const file = run.tempFiles[run.outputs.report_path ?? ''] ?? '';
    expect((JSON.parse(file) as { service_users: unknown[] }).service_users).toHaveLength(61);
  });

  test('an audit that fails midway leaves no part file behind', async () => {
    const api = await startApi([
      ...enterprise(),
      ...Array.from({ length: 20 }, (_, index) => member(`service-user-x${index}`)),
    ]);
    api.fail({ path: KEYS_OF('service-user-x12'), times: Infinity, status: 401, body: {} });
    const run = await auditAll(api, { report_file: 'true' });

    expect(run.exitCode).toBe(1);
    expectClean(run);
    expect(Object.keys(run.tempFiles).filter((path) => path.includes('devin-keys-audit'))).toEqual(
      [],
    );
  });
});
