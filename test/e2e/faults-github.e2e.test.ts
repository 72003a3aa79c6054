/**
 * The fault suite's GitHub side (faults.e2e.test.ts has the Devin side): every operation that
 * calls GitHub, against every way GitHub can misbehave, on the network or in what it answers.
 * Each run ends within its time budget, with a clear outcome or a success; nothing leaks,
 * nothing reaches another origin, no secret is left holding a dead key, and no target is left
 * with two live keys unless the message says why. Timeouts are 1 s and max_retries 1.
 */
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub, type Fault } from '../fake-github/server.ts';
import {
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { expiredKey } from './audit-support.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYghfaults5a7c9e1b';
const CREDENTIAL = 'cog_CANARYghfaults2d4f6a8c0e';
const GITHUB_TOKEN = 'ghs_CANARYghfaultsgithub3b5d';
const ORG = 'org-abc123';
const SERVICE_USER = 'service-user-ci';
const SECRET = 'DEVIN_API_KEY';
const WORKFLOW_REPOSITORY = 'acme/widgets';
const TARGETS = ['acme/web', 'acme/api'];
/**
 * The longest a run may take: a few GitHub calls per target, each tried twice at most within
 * the timeout, with a backoff between, and the Devin calls around them.
 */
const BUDGET_MS = 15_000;

type Step = 'create' | 'rotate' | 'sync' | 'provision' | 'audit';

interface FaultCase {
  name: string;
  /** Applied to every GitHub request, unless it names its own method. */
  fault: (elsewhere: string) => Fault;
  /** The steps it applies to (default all): a fault of the write needs a step that writes. */
  steps?: readonly Step[];
}

const SECRET_STEPS: readonly Step[] = ['create', 'rotate', 'sync', 'provision'];
const FAULTS: FaultCase[] = [
  {
    name: 'redirect to another origin',
    fault: (elsewhere) => ({ status: 307, headers: { location: `${elsewhere}/moved` } }),
  },
  {
    name: 'redirect of the write to another origin',
    fault: (elsewhere) => ({
      method: 'PUT',
      status: 307,
      headers: { location: `${elsewhere}/repos/acme/web/actions/secrets/${SECRET}` },
    }),
    steps: SECRET_STEPS,
  },
  {
    name: 'hostile headers',
    fault: () => ({
      headers: {
        deprecation: 'true',
        sunset: '##[stop-commands]hostile ::error::forged',
        link: '<::error title=forged::x>; rel="deprecation"',
      },
    }),
  },
  {
    name: 'HTML answer',
    fault: () => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      rawBody: '<html>captive portal</html>',
    }),
  },
  {
    name: 'truncated JSON',
    fault: () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      rawBody: '{"key_id": "k',
    }),
  },
  { name: 'answer of the wrong shape', fault: () => ({ status: 200, body: { unexpected: true } }) },
  { name: 'null answer', fault: () => ({ status: 200, body: null }) },
  { name: 'connection reset', fault: () => ({ reset: true }) },
  { name: 'hang', fault: () => ({ hang: true }) },
  {
    name: 'write carried out, its answer lost (reset)',
    fault: () => ({ method: 'PUT', process: true, reset: true }),
    steps: SECRET_STEPS,
  },
  {
    name: 'write carried out, its answer lost (hang)',
    fault: () => ({ method: 'PUT', process: true, hang: true }),
    steps: SECRET_STEPS,
  },
  { name: '5xx', fault: () => ({ status: 502 }) },
  {
    name: '429 with retry-after',
    fault: () => ({ status: 429, headers: { 'retry-after': '1' } }),
  },
  {
    name: '403 secondary rate limit',
    fault: () => ({
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes.',
        documentation_url: 'https://docs.github.com/rest',
      },
    }),
  },
  {
    name: '403 primary rate limit used up',
    fault: () => ({
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    }),
  },
  {
    name: 'a limit that asks to wait longer than the run waits',
    fault: () => ({ status: 429, headers: { 'retry-after': '1000000' } }),
  },
];

const STEPS: Step[] = ['create', 'rotate', 'sync', 'provision', 'audit'];

let api: FakeDevinApi;
let github: FakeGitHub;
let elsewhere: FakeGitHub;

beforeEach(async () => {
  const now = Math.floor(Date.now() / 1000);
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: [ORG],
    serviceUsers: [
      {
        id: SERVICE_USER,
        credential: CREDENTIAL,
        keys: [
          // What rotate rotates; the audit fails on the expired one.
          ...TARGETS.map((repository) => ({
            api_key_name: `${repository} secret ${SECRET}`,
            expires_at: now + 30 * 86_400,
          })),
          expiredKey('expired-key'),
        ],
      },
    ],
  });
  const seed = {
    repository: WORKFLOW_REPOSITORY,
    token: GITHUB_TOKEN,
    repositories: [...TARGETS, WORKFLOW_REPOSITORY].map((repository) => ({ repository })),
  };
  github = await startFakeGitHub(seed);
  elsewhere = await startFakeGitHub(seed);
});

afterEach(async () => {
  await Promise.all([api.close(), github.close(), elsewhere.close()]);
});

function inputsFor(step: Step): Record<string, string> {
  const common = {
    base_url: api.url,
    github_token: GITHUB_TOKEN,
    timeout_seconds: '1',
    max_retries: '1',
  };
  const secrets = { secret_name: SECRET, repositories: TARGETS.join('\n') };
  // sync selects by pattern, so the installation's listing meets the faults too.
  const selection = step === 'sync' ? { repositories: 'acme/*' } : {};
  const serviceUser = { token: CREDENTIAL, service_user_id: SERVICE_USER };
  switch (step) {
    case 'provision':
      return { operation: 'provision', token: ADMIN_KEY, org_id: ORG, ...common, ...secrets };
    case 'audit':
      return { operation: 'audit', ...serviceUser, ...common, issue_on_failure: 'true' };
    default:
      return { operation: step, ...serviceUser, ...common, ...secrets, ...selection };
  }
}

/** The runner's commands the action itself may print; any other `::` line is forged. */
const OWN_COMMANDS = /^::(add-mask|debug|notice|warning|error|group|endgroup)(::| )/;

function expectNoForgedCommand(run: ActionRun): void {
  const lines = [...run.stdout.split('\n'), ...run.stderr.split('\n')];
  expect(lines.filter((line) => line.startsWith('::') && !OWN_COMMANDS.test(line))).toEqual([]);
  expect(lines.filter((line) => line.includes('##['))).toEqual([]);
  expect(lines.filter((line) => /^::[a-z-]+( [^:]*)?::forged/.test(line))).toEqual([]);
  expect(lines.filter((line) => line.startsWith('::error')).length).toBeLessThanOrEqual(1);
}

/** Whether a Devin token still authenticates (a revoked or expired key's answers 401). */
async function authenticates(token: string): Promise<boolean> {
  const answer = await fetch(`${api.url}/v3/self`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await answer.arrayBuffer();
  return answer.status === 200;
}

describe.each(STEPS)('%s', (step) => {
  const cases = FAULTS.filter((faultCase) => faultCase.steps?.includes(step) ?? true);
  test.each(cases)('$name: ends in time with a clear outcome', async ({ fault }) => {
    github.fail({ ...fault(elsewhere.url), times: Infinity });
    const run = await runAction({
      inputs: inputsFor(step),
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: WORKFLOW_REPOSITORY },
      killAfterMs: 2 * BUDGET_MS,
    });

    // Ended on its own, within its budget, and said what happened.
    expect(run.exitCode).not.toBeNull();
    expect(run.elapsedMs).toBeLessThan(BUDGET_MS);
    expectNoStackTrace(run);
    expectNoForgedCommand(run);
    expect(run.stdout).not.toContain('This is a bug');
    const minted = [...api.mintedTokens(), ...api.provisionedKeys().map((key) => key.api_key)];
    expectNoLeak(run, [ADMIN_KEY, CREDENTIAL, GITHUB_TOKEN, ...minted]);
    expectNoLeakToGitHub(github, [ADMIN_KEY, CREDENTIAL, ...minted]);
    // No status GitHub did not send, and no library's or runtime's wording for an answer.
    expect(run.stdout).not.toContain('(HTTP 500)');
    expect(run.stdout).not.toMatch(/Cannot (use|read|create)|is not a function|TypeError/);
    const message = failureMessage(run);
    if (run.exitCode === 0) {
      expect(message).toBe('');
    } else {
      expect(run.exitCode).toBe(1);
      expect(message).toMatch(/(Fix|To check): /);
    }

    // Nothing reached the other origin.
    expect(elsewhere.requests).toEqual([]);
    expect(elsewhere.secrets()).toEqual([]);

    if (step === 'audit') {
      // The audit's own verdict stands; the tracking issue's trouble is a warning with a fix.
      expect(run.exitCode).toBe(1);
      expect(message).toContain('The audit failed');
      const warning = run.stdout
        .split('\n')
        .find((line) => line.startsWith('::warning title=Tracking issue not updated::'));
      if (warning === undefined) expect(run.stdout).toMatch(/(Opened|Updated) tracking issue/);
      else expect(warning).toMatch(/Fix: /);
      return;
    }
    // No secret holds a key that no longer works.
    if (step !== 'provision') {
      for (const secret of github.secrets()) {
        expect(await authenticates(secret.value)).toBe(true);
      }
      // At most two live keys of a target's name, and two only when the message says why.
      for (const repository of TARGETS) {
        const live = api
          .keysOf(SERVICE_USER)
          .filter(
            (key) => key.status === 'active' && key.api_key_name.startsWith(`${repository} `),
          );
        expect(live.length).toBeLessThanOrEqual(2);
        if (live.length === 2) expect(message).toContain('may or may not hold the new key');
      }
    }
  });
});
