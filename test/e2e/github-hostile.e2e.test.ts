/**
 * GitHub's answers are as untrusted as Devin's: dist/ run as the runner runs it against the
 * GitHub stand-in scripted to redirect elsewhere, to send headers that hold workflow commands,
 * to answer in shapes GitHub does not document, and to fail on the network. A second stand-in,
 * at another origin and accepting the same token, serves its own public key: a run that
 * followed a redirect there would seal the key for it, and it would open the box.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startFakeDevinApi, type FakeDevinApi, type FakeKeySeed } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub, type Fault } from '../fake-github/server.ts';
import {
  expectMaskedFirst,
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { expiredKey } from './audit-support.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYhostile7c1e9a2b';
const CREDENTIAL = 'cog_CANARYhostile3d5f7a9b1c';
const GITHUB_TOKEN = 'ghs_CANARYhostilegithub6e2a';
/** A person's token: it lists an owner's repositories, where an installation's lists its own. */
const PERSONAL_TOKEN = 'ghp_CANARYhostilepersonal4b8d';
const ORG = 'org-abc123';
const SERVICE_USER = 'service-user-ci';
const SECRET = 'DEVIN_API_KEY';
const WORKFLOW_REPOSITORY = 'acme/widgets';
const MARKER = `<!-- devin-keys-action:audit ${SERVICE_USER} -->`;
const REPOSITORIES = ['acme/web', 'acme/api', WORKFLOW_REPOSITORY];
/** What a forged workflow command looks like in the faults below. */
const FORGED = 'forged';

let api: FakeDevinApi;
let github: FakeGitHub;
let elsewhere: FakeGitHub;
const closers: (() => Promise<void>)[] = [];

async function startStandIns(keys: FakeKeySeed[] = []): Promise<void> {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: [ORG],
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys }],
  });
  const seed = {
    repository: WORKFLOW_REPOSITORY,
    token: GITHUB_TOKEN,
    tokens: [{ token: PERSONAL_TOKEN }],
    repositories: REPOSITORIES.map((repository) => ({ repository })),
    owners: [{ login: 'acme', type: 'Organization' as const }],
  };
  github = await startFakeGitHub(seed);
  elsewhere = await startFakeGitHub(seed);
  closers.push(
    () => api.close(),
    () => github.close(),
    () => elsewhere.close(),
  );
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Step = 'create' | 'rotate' | 'sync' | 'provision';

function inputsFor(step: Step, extra: Record<string, string> = {}): Record<string, string> {
  const common = {
    base_url: api.url,
    github_token: GITHUB_TOKEN,
    secret_name: SECRET,
    repositories: 'acme/web',
    timeout_seconds: '1',
    max_retries: '1',
  };
  const serviceUser = { token: CREDENTIAL, service_user_id: SERVICE_USER };
  switch (step) {
    case 'provision':
      return { operation: 'provision', token: ADMIN_KEY, org_id: ORG, ...common, ...extra };
    default:
      return { operation: step, ...serviceUser, ...common, ...extra };
  }
}

function run(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs,
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: WORKFLOW_REPOSITORY, ...env },
    killAfterMs: 30_000,
  });
}

function auditWithIssue(env: Record<string, string> = {}): Promise<ActionRun> {
  return run(
    {
      operation: 'audit',
      token: CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      issue_on_failure: 'true',
      github_token: GITHUB_TOKEN,
      timeout_seconds: '1',
      max_retries: '1',
    },
    env,
  );
}

/** The runner's commands the action itself may print; any other `::` line is forged. */
const OWN_COMMANDS = /^::(add-mask|debug|notice|warning|error|group|endgroup)(::| )/;

/**
 * Nothing GitHub sent became a workflow command: no line outside the action's own commands,
 * no `##[` anywhere (the runner finds the legacy form anywhere in a line), no command naming
 * the forgery at the start of a line, at most the action's own one `::error::`.
 */
function expectNoForgedCommand(result: ActionRun): void {
  const lines = [...result.stdout.split('\n'), ...result.stderr.split('\n')];
  expect(lines.filter((line) => line.startsWith('::') && !OWN_COMMANDS.test(line))).toEqual([]);
  expect(lines.filter((line) => line.includes('##['))).toEqual([]);
  expect(lines.filter((line) => /^::[a-z-]+( [^:]*)?::forged/.test(line))).toEqual([]);
  expect(lines.filter((line) => line.startsWith('::error')).length).toBeLessThanOrEqual(1);
  expect(result.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
}

/** A run that ended as the action means it to, whatever GitHub did: nothing leaked or crashed. */
function expectCleanEnd(result: ActionRun): void {
  expect([0, 1]).toContain(result.exitCode);
  expectNoStackTrace(result);
  expectNoForgedCommand(result);
  expect(result.stdout).not.toContain('This is a bug');
  const canaries = [ADMIN_KEY, CREDENTIAL, GITHUB_TOKEN, ...api.mintedTokens()];
  expectNoLeak(result, canaries);
  expectNoLeakToGitHub(github, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()]);
}

/** The `::warning` about the tracking issue, unescaped as the runner shows it. */
function trackingIssueWarning(result: ActionRun): string {
  const line = result.stdout
    .split('\n')
    .find((entry) => entry.startsWith('::warning title=Tracking issue not updated::'));
  return (line ?? '')
    .replace(/^::warning title=Tracking issue not updated::/, '')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
}

const activeKeys = () => api.keysOf(SERVICE_USER).filter((key) => key.status === 'active');

/** A key of the name create and sync give acme/web's secret, as a seed. */
const STORED_KEY: FakeKeySeed = {
  api_key_id: 'key-stored',
  api_key_name: `acme/web secret ${SECRET}`,
  expires_at: Math.floor(Date.now() / 1000) + 30 * 86_400,
};

// ---- 1. A redirect to another origin is never followed ------------------------------------

/** Every request to GitHub redirected, with a 307, to the same path at the other origin. */
function redirectEverything(method?: string): Fault {
  return {
    ...(method === undefined ? {} : { method }),
    times: Infinity,
    status: 307,
    headers: { location: `${elsewhere.url}/repos/acme/web/actions/secrets/public-key` },
  };
}

function expectRedirectRefused(message: string): void {
  expect(message).toContain(`redirect (HTTP 307) to "${elsewhere.url}"`);
  expect(message).toContain('never follows a redirect to another origin');
  expect(message).toContain('Fix: check GITHUB_API_URL');
}

describe('a 307 from GITHUB_API_URL to another origin is never followed', () => {
  test.each<Step>(['create', 'provision', 'sync'])(
    '%s: refused at the first call; nothing reaches the other origin, no key is minted',
    async (step) => {
      await startStandIns();
      github.fail(redirectEverything());
      const result = await run(inputsFor(step));

      expectCleanEnd(result);
      expect(result.exitCode).toBe(1);
      expect(elsewhere.requests).toEqual([]);
      expect(elsewhere.secrets()).toEqual([]);
      expect(github.secrets()).toEqual([]);
      expectRedirectRefused(failureMessage(result));
      // Nothing is minted for a target whose secret could not be read.
      expect(api.mintedTokens()).toEqual([]);
      expect(api.provisionedKeys()).toEqual([]);
    },
  );

  test.each<Step>(['create', 'sync'])(
    '%s: the write redirected after the key was minted; the key goes nowhere and is revoked',
    async (step) => {
      await startStandIns();
      github.fail(redirectEverything('PUT'));
      const result = await run(inputsFor(step));

      expectCleanEnd(result);
      expect(result.exitCode).toBe(1);
      expect(elsewhere.requests).toEqual([]);
      expect(elsewhere.secrets()).toEqual([]);
      expect(github.secrets()).toEqual([]);
      const message = failureMessage(result);
      expectRedirectRefused(message);
      expect(api.mintedTokens()).toHaveLength(1);
      expect(activeKeys()).toEqual([]);
      expect(message).toContain('was revoked at once, so none is left behind');
    },
  );

  test('provision: the write redirected after the key was minted; the key goes nowhere and is found and revoked', async () => {
    await startStandIns();
    github.fail(redirectEverything('PUT'));
    const result = await run(inputsFor('provision'));

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    expect(elsewhere.requests).toEqual([]);
    expect(elsewhere.secrets()).toEqual([]);
    expect(api.provisionedKeys()).toHaveLength(1);
    const message = failureMessage(result);
    expectRedirectRefused(message);
    expect(api.enterpriseKeys().map((key) => key.revoked)).toEqual([true]);
    expect(message).toContain('and revoked, so none is left behind');
    expect(result.stdout).not.toMatch(/^::warning title=Orphaned Devin service key::/m);
  });

  test('the tracking issue: a warning that says what happened and that the fix is GITHUB_API_URL', async () => {
    await startStandIns([expiredKey('expired-key')]);
    github.fail({
      path: /^\/repos\/acme\/widgets\/issues/,
      times: Infinity,
      status: 307,
      headers: { location: `${elsewhere.url}/repos/acme/widgets/issues` },
    });
    const result = await auditWithIssue();

    expectCleanEnd(result);
    // The audit's own verdict stands.
    expect(result.exitCode).toBe(1);
    expect(failureMessage(result)).toContain('The audit failed');
    expect(elsewhere.requests).toEqual([]);
    expect(elsewhere.issues).toEqual([]);
    expect(github.issues).toEqual([]);
    const warning = trackingIssueWarning(result);
    expect(warning).toMatch(/^Could not update the tracking issue in acme\/widgets: /);
    expectRedirectRefused(warning);
    // Said whole, as the action wrote it: not quoted, cut or given a fix that cannot help.
    expect(warning).not.toContain('\\"');
    expect(warning).not.toContain('…');
    expect(warning).not.toContain('run the job again');
  });

  test('a redirect within GITHUB_API_URL (a renamed repository) is not followed either, and says so', async () => {
    await startStandIns();
    github.fail({
      method: 'GET',
      path: /public-key$/,
      times: Infinity,
      status: 301,
      headers: { location: `${github.url}/repos/acme/web-renamed/actions/secrets/public-key` },
    });
    const result = await run(inputsFor('create'));

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    const message = failureMessage(result);
    expect(message).toContain('the repository was most likely renamed or transferred');
    expect(message).toContain('Fix: use its current name in repositories.');
    expect(github.requests.some((request) => request.path.includes('web-renamed'))).toBe(false);
  });
});

// ---- 2. GitHub's headers are untrusted ----------------------------------------------------

/** A deprecation notice whose sunset and link hold workflow commands, on every answer. */
const HOSTILE_HEADERS: Fault = {
  times: Infinity,
  headers: {
    deprecation: 'true',
    sunset: `##[stop-commands]hostile ::error::${FORGED}`,
    link: `<::error title=${FORGED}::x ##[stop-commands]>; rel="deprecation"`,
  },
};

/** The debug lines Octokit's deprecation notices became. */
const deprecationLines = (result: ActionRun) =>
  result.stdout.split('\n').filter((line) => line.includes('is deprecated'));

describe("GitHub's headers never reach the log as workflow commands", () => {
  test.each<Step>(['create', 'provision', 'sync', 'rotate'])(
    '%s: every deprecation notice is a quoted debug line; every key masked before any GitHub call logs',
    async (step) => {
      await startStandIns(step === 'rotate' ? [STORED_KEY] : []);
      github.fail(HOSTILE_HEADERS);
      const result = await run(inputsFor(step, { repositories: 'acme/web\nacme/api' }));

      expectCleanEnd(result);
      if (step === 'rotate') {
        // acme/api has no key to rotate: the failure is about that, not about headers.
        expect(failureMessage(result)).toContain('has no active key named "acme/api secret');
      } else {
        expect(result.exitCode).toBe(0);
        expect(github.secrets()).toHaveLength(2);
      }
      // Octokit was told of the deprecation on every answer, and said so only to the debug log.
      const notices = deprecationLines(result);
      expect(notices.length).toBe(github.requests.length);
      for (const notice of notices) {
        expect(notice).toMatch(/^::debug::GitHub client: "/);
        expect(notice).toContain('#\\u0023[stop-commands]hostile');
      }
      expect(result.stderr).toBe('');
      // Every key is registered as a secret before any line names it, and before the call that
      // carries it to GitHub can log.
      const minted =
        step === 'provision' ? api.provisionedKeys().map((key) => key.api_key) : api.mintedTokens();
      expect(minted.length).toBeGreaterThan(0);
      const lines = result.stdout.split('\n');
      const lastWriteNotice = lines.findLastIndex(
        (line) => line.includes('is deprecated') && line.includes('PUT '),
      );
      for (const token of minted) {
        expectMaskedFirst(result, token);
        expect(lines.indexOf(`::add-mask::${token}`)).toBeLessThan(lastWriteNotice);
      }
    },
  );

  test('the tracking issue: opened, the deprecation notices quoted in the debug log only', async () => {
    await startStandIns([expiredKey('expired-key')]);
    github.fail(HOSTILE_HEADERS);
    const result = await auditWithIssue();

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Opened tracking issue #1.');
    expect(deprecationLines(result).length).toBe(github.requests.length);
    expect(result.stderr).toBe('');
  });
});

// ---- 3. GitHub's answers are parsed -------------------------------------------------------

/** Answers the matching request with a 200 of this body. */
function answer(method: string, path: RegExp, body: unknown, status = 200): Fault {
  return { method, path, status, body, times: Infinity };
}

/** As `answer`, but a body that is not JSON at all. */
function answerText(method: string, path: RegExp, rawBody: string): Fault {
  return {
    method,
    path,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    rawBody,
    times: Infinity,
  };
}

const ISSUES = /^\/repos\/acme\/widgets\/issues$/;
const FORGED_NUMBER = `1\n::error title=${FORGED}::x`;

describe("the tracking issue's answers are parsed", () => {
  test.each<[string, Fault, RegExp]>([
    [
      'an opened issue whose number holds a line break',
      answer('POST', ISSUES, { number: FORGED_NUMBER, title: 'x' }, 201),
      /field "number": .*expected number/,
    ],
    [
      'a listed issue whose number holds a line break',
      answer('GET', ISSUES, [
        { number: FORGED_NUMBER, body: MARKER, user: { type: 'Bot' }, author_association: 'NONE' },
      ]),
      /field "0\.number": .*expected number/,
    ],
    [
      'a listing that is an object',
      answer('GET', ISSUES, { items: [] }),
      /not a JSON list|expected array/,
    ],
    ['a listing that is null', answer('GET', ISSUES, null), /is not a JSON object or list/],
    ['a listing that is a number', answer('GET', ISSUES, 7), /is not a JSON object or list/],
    [
      'a listing that is not JSON',
      answerText('GET', ISSUES, '<html>hi</html>'),
      /not a JSON object or list/,
    ],
  ])('%s: a clear warning, never a command, never a bug', async (_name, fault, expected) => {
    await startStandIns([expiredKey('expired-key')]);
    github.fail(fault);
    const result = await auditWithIssue();

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    expect(failureMessage(result)).toContain('The audit failed');
    expect(result.stdout).not.toMatch(/(Opened|Updated|Closed) tracking issue/);
    const warning = trackingIssueWarning(result);
    expect(warning).toMatch(
      /^Could not (list the open issues of|open the tracking issue in|update the tracking issue in) acme\/widgets: /,
    );
    expect(warning).toContain("GitHub's answer");
    expect(warning).toMatch(expected);
    expect(warning).toContain("Fix: check that GITHUB_API_URL is GitHub's REST API");
    // An answer GitHub cannot have given is not taken for "no issue open": none is opened.
    if (fault.method === 'GET') {
      expect(github.requests.filter((request) => request.method === 'POST')).toEqual([]);
    }
  });
});

const PUBLIC_KEY = /\/actions\/secrets\/public-key$/;
const SECRET_METADATA = new RegExp(`/actions/secrets/${SECRET}$`);

describe("the secrets' answers are parsed", () => {
  test.each<[string, Fault, string]>([
    [
      'a public key of the wrong shape',
      answer('GET', PUBLIC_KEY, { key_id: 5, key: [] }),
      'Could not read the public key of repository "acme/web": GitHub\'s answer has no key_id, or no key that is 32 bytes in base64',
    ],
    [
      'a public key that is not JSON',
      answerText('GET', PUBLIC_KEY, '<html>hi</html>'),
      'Could not read the public key of repository "acme/web": GitHub\'s answer is not a JSON object or list',
    ],
    [
      'secret metadata of the wrong shape',
      answer('GET', SECRET_METADATA, { name: SECRET, created_at: 'soon', updated_at: 1 }),
      `Could not read secret "${SECRET}" of repository "acme/web": GitHub's answer does not have the documented shape (field "created_at": not a time; field "updated_at"`,
    ],
    [
      'secret metadata that is a list',
      answer('GET', SECRET_METADATA, []),
      `Could not read secret "${SECRET}" of repository "acme/web": GitHub's answer does not have the documented shape (field "(the body)": Invalid input: expected object, received array)`,
    ],
  ])('%s: a clear error before any key is made', async (_name, fault, expected) => {
    await startStandIns();
    github.fail(fault);
    const result = await run(inputsFor('create'));

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    const message = failureMessage(result);
    expect(message).toContain(expected);
    expect(message).toContain('Fix: check');
    expect(api.mintedTokens()).toEqual([]);
    expect(github.secrets()).toEqual([]);
  });
});

describe('a write answered with a success GitHub does not document (a portal, a proxy)', () => {
  test.each<Step>(['create', 'rotate', 'sync', 'provision'])(
    '%s: the secret is not taken for written, and no key it may hold is revoked',
    async (step) => {
      await startStandIns(step === 'rotate' ? [STORED_KEY] : []);
      github.fail(answerText('PUT', /./, '<html>Signed in</html>'));
      const result = await run(inputsFor(step));

      expectCleanEnd(result);
      expect(result.exitCode).toBe(1);
      expect(github.secrets()).toEqual([]);
      const message = failureMessage(result);
      expect(message).toContain(
        `Could not write secret "${SECRET}" of repository "acme/web": the answer was HTTP 200, ` +
          'where GitHub answers 201 (created) or 204 (updated)',
      );
      expect(message).toContain("Fix: check that GITHUB_API_URL is GitHub's REST API");
      expect(message).not.toContain('Stored a key in 1');
      if (step !== 'provision') {
        // The new key may be in the secret now, and the one it replaces too: both kept live.
        expect(message).toContain('may or may not hold the new key');
        expect(activeKeys().length).toBe(step === 'rotate' ? 2 : 1);
      }
    },
  );
});

describe('repository listings are parsed', () => {
  /** sync over every repository of acme, with an installation's token or a person's. */
  const syncAll = (token: string) =>
    run(inputsFor('sync', { repositories: 'acme/*', github_token: token }));

  test.each([
    ['an installation', GITHUB_TOKEN],
    ['a person', PERSONAL_TOKEN],
  ])("a pattern with %s's token: every repository listed gets its key", async (_who, token) => {
    await startStandIns();
    const result = await syncAll(token);

    expectCleanEnd(result);
    expect(failureMessage(result)).toBe('');
    expect(result.exitCode).toBe(0);
    expect(
      github
        .secrets()
        .map((secret) => secret.repository)
        .sort(),
    ).toEqual([...REPOSITORIES].sort());
  });

  const INSTALLATION = /^\/installation\/repositories$/;
  const ORGANIZATION = /^\/orgs\/acme\/repos$/;
  test.each<[string, string, Fault, RegExp]>([
    [
      "an installation's listing whose repositories are not a list",
      GITHUB_TOKEN,
      answer('GET', INSTALLATION, { total_count: 1, repositories: { a: 1 } }),
      /^Could not list the repositories of the token's installation: GitHub's answer/,
    ],
    [
      "an installation's listing that is text",
      GITHUB_TOKEN,
      answerText('GET', INSTALLATION, '<html>hi</html>'),
      /^Could not list the repositories of the token's installation: GitHub's answer is not a JSON object or list/,
    ],
    [
      "an organization's listing that is a number",
      PERSONAL_TOKEN,
      answer('GET', ORGANIZATION, 7),
      /^Could not list the repositories of "acme": GitHub's answer is not a JSON object or list/,
    ],
    [
      "an organization's listing that is an envelope around text",
      PERSONAL_TOKEN,
      answer('GET', ORGANIZATION, { total_count: 1, repositories: 'x' }),
      /^Could not list the repositories of "acme": GitHub's answer/,
    ],
    [
      "an organization's listing that is null",
      PERSONAL_TOKEN,
      answer('GET', ORGANIZATION, null),
      /^Could not list the repositories of "acme": GitHub's answer is not a JSON object or list/,
    ],
  ])('%s: a clear error, nothing minted', async (_name, token, fault, expected) => {
    await startStandIns();
    github.fail(fault);
    const result = await syncAll(token);

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    const message = failureMessage(result);
    expect(message).toMatch(expected);
    expect(message).toContain('Fix: check');
    expect(message).not.toMatch(/\(HTTP \d/);
    expect(api.mintedTokens()).toEqual([]);
  });
});

// ---- 4. Network failures say what happened ------------------------------------------------

/** A server at GITHUB_API_URL that does `onConnection` to every connection. */
async function startRawServer(onConnection: (socket: Socket) => void): Promise<string> {
  const server: Server = createServer(onConnection);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const NO_ANSWER =
  /no answer from GitHub \((UND_ERR_SOCKET|ECONNRESET|connection closed|no answer within 1 s)\)/;

describe('network failures on GitHub calls say there was no answer, never a status', () => {
  test.each<[string, Fault]>([
    ['a connection reset on every call', { reset: true, times: Infinity }],
    ['a hang past timeout_seconds on every call', { hang: true, times: Infinity }],
  ])('create, %s', async (name, fault) => {
    await startStandIns();
    github.fail(fault);
    const result = await run(inputsFor('create'));

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    const message = failureMessage(result);
    expect(message).toMatch(NO_ANSWER);
    if (name.startsWith('a hang')) expect(message).toContain('no answer within 1 s');
    expect(message).not.toMatch(/\(HTTP \d/);
    expect(message).toMatch(/Fix: /);
    // Read twice (max_retries 1), each within the timeout: nothing is minted.
    expect(api.mintedTokens()).toEqual([]);
    expect(result.elapsedMs).toBeLessThan(10_000);
  });

  test.each<[string, (socket: Socket) => void]>([
    ['closes every connection at once', (socket) => socket.destroy()],
    [
      'closes every connection after the first bytes of an answer',
      (socket) => {
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-le'));
      },
    ],
  ])('a server that %s', async (_name, onConnection) => {
    await startStandIns();
    const url = await startRawServer(onConnection);
    const result = await run(inputsFor('create'), { GITHUB_API_URL: url });

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    const message = failureMessage(result);
    expect(message).toMatch(NO_ANSWER);
    expect(message).not.toMatch(/\(HTTP \d/);
    expect(api.mintedTokens()).toEqual([]);
  });

  test('the tracking issue: a reset is a warning that says no answer came, and what to do', async () => {
    await startStandIns([expiredKey('expired-key')]);
    github.fail({ reset: true, times: Infinity });
    const result = await auditWithIssue();

    expectCleanEnd(result);
    expect(result.exitCode).toBe(1);
    const warning = trackingIssueWarning(result);
    expect(warning).toMatch(NO_ANSWER);
    // Said as the action wrote it, not quoted as if GitHub had said it.
    expect(warning).toMatch(
      /^Could not update the tracking issue in acme\/widgets: no answer from GitHub \(/,
    );
    expect(warning).not.toMatch(/\(HTTP \d/);
    expect(warning).toContain('Fix: run the job again');
  });

  test('a next page that is no URL: never a made-up HTTP status', async () => {
    await startStandIns([expiredKey('expired-key')]);
    github.fail({
      method: 'GET',
      path: ISSUES,
      headers: { link: `<::error title=${FORGED}::x>; rel="next"` },
    });
    const result = await auditWithIssue();

    expectCleanEnd(result);
    const warning = trackingIssueWarning(result);
    expect(warning).toMatch(/^Could not update the tracking issue in acme\/widgets: /);
    expect(warning).not.toContain('(HTTP 500)');
  });
});
