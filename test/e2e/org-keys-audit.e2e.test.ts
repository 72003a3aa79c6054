/**
 * `audit` with an Enterprise admin's personal key: the organization keys of the enterprise
 * (v2), dist/ run as the runner runs it against the Devin (and GitHub) stand-ins. Every key's
 * value is listed whole by the stand-in: a canary that must appear nowhere.
 */
import {
  startFakeDevinApi,
  type FakeDevinApi,
  type FakeEnterpriseKeySeed,
} from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import {
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYauditV2admin3c4d5e6f';
const GITHUB_TOKEN = 'ghs_CANARYauditV2github7a8b9c0d';
const DAY = 86_400;
const NOW = Math.floor(Date.now() / 1000);

/** Two organizations over several pages (100 a page): old and new keys, service and personal. */
function seeds(): FakeEnterpriseKeySeed[] {
  const keys: FakeEnterpriseKeySeed[] = [];
  for (let i = 0; i < 130; i++) {
    keys.push({ id: `apk-a${i}`, org_id: 'org-a', created_at: NOW - (i < 3 ? 200 : 10) * DAY - i });
  }
  for (let i = 0; i < 95; i++) {
    const personal = i % 5 === 0;
    keys.push({
      id: `apk-b${i}`,
      org_id: 'org-b',
      created_at: NOW - (i === 7 ? 120 : 5) * DAY - i,
      ...(personal ? { user: { id: `user-${i}`, email: `user${i}@example.com` } } : {}),
    });
  }
  return keys;
}

let api: FakeDevinApi;
let github: FakeGitHub | undefined;

beforeEach(async () => {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: ['org-a', 'org-b'],
    orgNames: { 'org-a': 'Alpha', 'org-b': 'Beta' },
    enterpriseKeys: seeds(),
  });
  github = undefined;
});

afterEach(async () => {
  expect(api.revokedEverything()).toBe(false);
  expect(api.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  await api.close();
  await github?.close();
});

function audit(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: { operation: 'audit', token: ADMIN_KEY, base_url: api.url, ...inputs },
    ...(github === undefined ? {} : { env: { GITHUB_API_URL: github.url } }),
    killAfterMs: 60_000,
  });
}

function expectNoValueLeak(run: ActionRun): void {
  const values = api.enterpriseKeys().map((key) => key.api_key);
  expect(values.length).toBeGreaterThan(200);
  expectNoLeak(run, [ADMIN_KEY, GITHUB_TOKEN, ...values]);
  if (github !== undefined) expectNoLeakToGitHub(github, [ADMIN_KEY, ...values]);
  expectNoStackTrace(run);
  // The values are never even registered for masking: the audit does not keep them.
  for (const value of values) expect(run.stdout).not.toContain(value);
}

test('two organizations over several pages: counts, aged keys, personal keys apart; aged does not fail by default', async () => {
  const run = await audit();

  expect(failureMessage(run)).toBe('');
  expect(run.exitCode).toBe(0);
  expectNoValueLeak(run);
  expect(api.requests.map((request) => request.query)).toEqual([
    { page: '1', per_page: '100' },
    { page: '2', per_page: '100' },
    { page: '3', per_page: '100' },
  ]);
  expect(run.outputs).toMatchObject({
    key_count: '225',
    active_count: '225',
    expired_count: '0',
    revoked_count: '0',
    aged_count: '4',
    service_key_count: '206',
    personal_key_count: '19',
  });
  const report = JSON.parse(run.outputs.report ?? '{}') as {
    organizations: {
      org_id: string;
      key_count: number;
      aged_count: number;
      personal_key_count: number;
    }[];
    aged: { id: string; age_days: number }[];
  };
  expect(report.organizations).toEqual([
    expect.objectContaining({
      org_id: 'org-a',
      key_count: 130,
      aged_count: 3,
      personal_key_count: 0,
    }),
    expect.objectContaining({
      org_id: 'org-b',
      key_count: 95,
      aged_count: 1,
      personal_key_count: 19,
    }),
  ]);
  expect(report.aged.map((key) => key.id)).toEqual(['apk-a2', 'apk-a1', 'apk-a0', 'apk-b7']);
  expect(run.summary).toContain('| org-a | Alpha | 130 | 130 | 0 | 3 |');
  expect(run.summary).toContain('| org-b | Beta | 95 | 76 | 19 | 1 |');
  expect(run.summary).toContain('audit passed');
  const warnings = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning title=Devin API key aged::'));
  expect(warnings).toHaveLength(4);
  expect(run.stdout).not.toContain('user0@example.com');
});

test('org_id audits one organization; max_key_age_days moves the line; fail_on: aged fails', async () => {
  const run = await audit({ org_id: 'org-b', max_key_age_days: '3', fail_on: 'aged' });

  expect(run.exitCode).toBe(1);
  expectNoValueLeak(run);
  expect(api.requests.map((request) => request.query)).toEqual([
    { page: '1', per_page: '100', org_id: 'org-b' },
  ]);
  expect(run.outputs.aged_count).toBe('95');
  const message = failureMessage(run);
  expect(message).toContain('95 keys are older than max_key_age_days (3)');
  expect(message).toContain('Fix: rotate them');
});

test('fail_on: personal_key fails on personal keys', async () => {
  const run = await audit({ fail_on: 'personal_key' });

  expect(run.exitCode).toBe(1);
  expectNoValueLeak(run);
  expect(failureMessage(run)).toContain('19 personal keys are listed');
});

test('the report file holds every key, without any value', async () => {
  const run = await audit({ report_file: 'true' });

  expect(run.exitCode).toBe(0);
  expectNoValueLeak(run);
  const path = run.outputs.report_path ?? '';
  const file = JSON.parse(run.tempFiles[path] ?? '{}') as {
    keys: unknown[];
    counts: { key_count: number };
  };
  expect(file.keys).toHaveLength(225);
  expect(file.counts.key_count).toBe(225);
});

test('a failing audit opens a tracking issue that names no value', async () => {
  github = await startFakeGitHub({ repository: 'acme/widgets', token: GITHUB_TOKEN });
  const run = await audit({
    fail_on: 'aged',
    issue_on_failure: 'true',
    github_token: GITHUB_TOKEN,
  });

  expect(run.exitCode).toBe(1);
  expectNoValueLeak(run);
  const open = github.issues.filter((issue) => issue.state === 'open');
  expect(open).toHaveLength(1);
  expect(open[0]?.title).toBe('Devin organization key audit failed');
  expect(open[0]?.body).toContain('| org-a | Alpha | 130 | 130 | 0 | 3 |');
});

test.each([
  [{ max_key_age_days: '0' }, 'max_key_age_days: "0" is not a whole number from 1 to 3650'],
  [{ fail_on: 'expired' }, 'not known for organization keys'],
  [{ service_user_id: 'service-user-1' }, 'service_user_id: is not taken with a personal API key'],
])('with apk_user_, %j is refused before any call', async (inputs, problem) => {
  const run = await audit(inputs);

  expect(run.exitCode).toBe(1);
  expect(failureMessage(run)).toContain(problem);
  expect(api.requests).toEqual([]);
});

test('a listing page that fails (after retries) fails the audit cleanly, naming no value', async () => {
  api.fail({ method: 'GET', path: '/v2/enterprise/api-keys', status: 503, times: 10 });
  const run = await audit({ max_retries: '1' });

  expect(run.exitCode).toBe(1);
  expectNoValueLeak(run);
  expect(failureMessage(run)).toContain('HTTP 503');
});
