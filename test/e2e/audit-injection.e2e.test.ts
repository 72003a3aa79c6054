import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
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
  expiringKey,
  healthyKey,
  reportOf,
  revokedKey,
  summaryRows,
  auditWithTrackingIssue,
  warnings,
} from './audit-support.ts';
import type { ActionRun } from './run-action.ts';

// Key names are chosen by whoever made the key: each of these tries to become a workflow
// command, or to break the summary's markdown, when the action prints it.
const SET_ENV = 'evil\n::set-env name=PATH::/tmp';
const ENCODED_MASK = 'x%0A::add-mask::y';
const FAKE_ERROR = '::error::fake';
const LEGACY_COMMAND = '##[set-output name=api_key;]stolen';
const MARKUP = '<script>alert(1)</script> | injected | cells |';
const MENTION = 'cc @acme/security-team';
const HOSTILE_NAMES = [SET_ENV, ENCODED_MASK, FAKE_ERROR, LEGACY_COMMAND, MARKUP, MENTION];

let api: FakeDevinApi;
let github: FakeGitHub;
let run: ActionRun;

beforeAll(async () => {
  api = await startFakeDevinApi({
    serviceUsers: [
      {
        id: SERVICE_USER,
        credential: SERVICE_USER_CREDENTIAL,
        keys: [
          // Revoked ones are named in the failure message; expiring ones only in warnings.
          revokedKey(SET_ENV),
          revokedKey(FAKE_ERROR),
          expiringKey(ENCODED_MASK),
          expiringKey(LEGACY_COMMAND),
          revokedKey(MARKUP),
          revokedKey(MENTION),
          healthyKey('plain-key'),
        ],
      },
    ],
  });
  github = await startFakeGitHub({ repository: REPOSITORY, token: GITHUB_TOKEN });
  run = await auditWithTrackingIssue(api, github);
});

afterAll(async () => {
  await Promise.all([api.close(), github.close()]);
});

test('the run fails on the revoked keys, cleanly and without leaking a secret', () => {
  const secrets = [SERVICE_USER_CREDENTIAL, GITHUB_TOKEN, ...api.mintedTokens()];
  expect(run.exitCode).toBe(1);
  expectNoStackTrace(run);
  expectNoLeak(run, secrets);
  expectNoLeakToGitHub(github, secrets);
  expect(failureMessage(run)).toContain('The audit failed: 4 keys');
});

test('no key name becomes a workflow command on stdout', () => {
  const lines = run.stdout.split('\n');
  for (const forbidden of ['::set-env', '::error::fake', '::add-mask::y', '##[']) {
    expect(lines.filter((line) => line.startsWith(forbidden))).toEqual([]);
  }
  // The only commands are the ones the action means to give.
  const commands = lines
    .filter((line) => line.startsWith('::'))
    .map((line) => /^::[a-z-]+/.exec(line)?.[0]);
  expect([...new Set(commands)].sort()).toEqual(
    expect.arrayContaining(['::add-mask', '::error', '::warning']),
  );
  for (const command of commands) {
    expect(['::add-mask', '::debug', '::error', '::group', '::endgroup', '::warning']).toContain(
      command,
    );
  }
  expect(lines.filter((line) => line.startsWith('::add-mask::'))).toEqual(
    expect.arrayContaining([
      `::add-mask::${SERVICE_USER_CREDENTIAL}`,
      `::add-mask::${GITHUB_TOKEN}`,
    ]),
  );
  expect(lines.filter((line) => line.startsWith('::add-mask::'))).toHaveLength(2);
});

test('each name appears quoted and escaped, on one line, in its warning annotation', () => {
  // JSON quoting turns the newline into \n; the runner's own escaping turns % into %25.
  const inert: [string, string][] = [
    [SET_ENV, String.raw`Devin key "evil\n::set-env name=PATH::/tmp"`],
    [ENCODED_MASK, 'Devin key "x%250A::add-mask::y"'],
    [FAKE_ERROR, 'Devin key "::error::fake"'],
    // The runner finds ##[ anywhere in a line: its second # is written as a JSON escape.
    [LEGACY_COMMAND, String.raw`Devin key "#\u0023[set-output name=api_key;]stolen"`],
    [MARKUP, `Devin key ${JSON.stringify(MARKUP)}`],
  ];
  const lines = warnings(run);
  for (const [name, quoted] of inert) {
    const matching = lines.filter((line) => line.includes(quoted));
    expect({ name, count: matching.length }).toEqual({ name, count: 1 });
  }
});

test('the failure message quotes the names it gives', () => {
  const errorLine = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
  expect(errorLine).toContain(String.raw`key "evil\n::set-env name=PATH::/tmp"`);
  expect(errorLine).toContain('key "::error::fake"');
  const message = failureMessage(run);
  for (const line of message.split('\n')) {
    expect(line).not.toMatch(/^(::|##\[)/);
  }
});

test('the summary holds no raw HTML and no cell boundary from a name', () => {
  expect(run.summary).not.toContain('<script>');
  expect(run.summary).toContain('&lt;script&gt;');
  expect(run.summary).not.toMatch(/^::/m);
  const rows = summaryRows(run.summary);
  expect(rows).toHaveLength(HOSTILE_NAMES.length + 1);
  for (const cells of rows) expect(cells).toHaveLength(7);
  // Each row is a single line: the newline in a name did not start a new one.
  expect(run.summary.split('\n').some((line) => line.startsWith('::set-env'))).toBe(false);
});

test('the tracking issue body is the same inert summary', () => {
  const [issue] = github.issues;
  expect(issue?.body).not.toContain('<script>');
  expect(issue?.body?.split('\n').some((line) => line.startsWith('::set-env'))).toBe(false);
});

test('a key name cannot @-mention a team in the tracking issue, which would notify it', () => {
  const [issue] = github.issues;
  expect(issue?.body).toContain('security-team');
  expect(issue?.body).not.toMatch(/(^|[\s|])@acme\/security-team/m);
});

test('the report output keeps every name exactly as the API gave it', () => {
  const names = reportOf(run).service_users.flatMap((user) => user.keys.map((key) => key.name));
  expect([...names].sort()).toEqual([...HOSTILE_NAMES, 'plain-key'].sort());
});
