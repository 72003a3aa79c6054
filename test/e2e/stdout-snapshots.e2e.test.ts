/**
 * One snapshot of the whole output of each operation's happy path: dist/ run as the runner runs
 * it against the stand-ins, its stdout (with stderr after it, when there is any), job summary,
 * outputs and state each compared with a stored snapshot. So the order of `::add-mask::`,
 * groups, debug, warning and log lines is pinned whole, and a change meant to change nothing
 * shows everything it does change.
 *
 * What differs from run to run is replaced where it stands by a placeholder: the stand-ins'
 * ports, every token and key id the Devin stand-in mints and the random tag of a run key's name
 * (each numbered in order of first appearance, so `<token-1>` first shows up on its own
 * `::add-mask::` line), times (as offsets from the stand-in's now, fixed for each test) and
 * elapsed milliseconds. Where the action sends two requests at once, the stand-in answers one
 * of them late, so the log's order is the same on every run and on every machine.
 */
import { startFakeDevinApi, type FakeDevinApi, type FakeKeySeed } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { expectNoLeak, expectNoLeakToGitHub } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

// Canary credentials: fixed, so they stand in the snapshots as they are.
const ADMIN_KEY = 'apk_user_CANARYsnapadmin3e8b1d7c05';
const CREDENTIAL = 'cog_CANARYsnapsvc9a4f2e61b07d';
const GITHUB_TOKEN = 'ghs_CANARYsnapgithub71c3e9a5d2';
const ORG = 'org-abc123';
const SERVICE_USER = 'service-user-ci';
const SECRET = 'DEVIN_API_KEY';
const KEYS_PATH = `/v3beta1/enterprise/service-users/${SERVICE_USER}/api-keys`;
const DAY = 86_400;
const MINUTE = 60;
/** How late the stand-in answers the second of two requests sent at once. */
const STAGGER_MS = 1_500;
/** A test starts at least this long before a UTC midnight, or waits until it has passed. */
const MIDNIGHT_MARGIN_SECONDS = 30;

// Room for the wait past midnight on top of a test's own runs.
jest.setTimeout(90_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The stand-in's now for one test: the real time (the bundle reads the real clock), taken clear
 * of a UTC midnight, so a date the action takes from its own clock a moment later is the same
 * day as the stand-in's.
 */
async function standInNow(): Promise<number> {
  const untilMidnight = DAY - ((Date.now() / 1000) % DAY);
  if (untilMidnight < MIDNIGHT_MARGIN_SECONDS) await sleep((untilMidnight + 1) * 1000);
  return Math.floor(Date.now() / 1000);
}

/** `now`, `now+90d`, `now-30d`, `now+1h30m`: to the minute, as the action's clock runs late. */
function offsetFrom(nowSeconds: number, unixSeconds: number): string {
  const minutes = Math.round((unixSeconds - nowSeconds) / MINUTE);
  if (minutes === 0) return 'now';
  const left = Math.abs(minutes);
  const parts = [
    [Math.floor(left / 1440), 'd'],
    [Math.floor((left % 1440) / 60), 'h'],
    [left % 60, 'm'],
  ] as const;
  const amount = parts.map(([count, unit]) => (count === 0 ? '' : `${count}${unit}`)).join('');
  return `now${minutes < 0 ? '-' : '+'}${amount}`;
}

/** `today`, `today+90d`, `today-30d`: a calendar day against the stand-in's. */
function dayOffsetFrom(nowSeconds: number, isoDay: string): string {
  const today = Date.parse(new Date(nowSeconds * 1000).toISOString().slice(0, 10));
  const days = Math.round((Date.parse(isoDay) - today) / (DAY * 1000));
  if (days === 0) return 'today';
  return `today${days < 0 ? '-' : '+'}${Math.abs(days)}d`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What varies between runs in one test, each value given one placeholder for the whole test. */
class Placeholders {
  private readonly given = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  private readonly nowSeconds: number;
  /** The stand-ins' names by their ports. */
  private readonly ports: Record<string, string>;
  private readonly mintedTokens: () => string[];

  constructor(nowSeconds: number, ports: Record<string, string>, mintedTokens: () => string[]) {
    this.nowSeconds = nowSeconds;
    this.ports = ports;
    this.mintedTokens = mintedTokens;
  }

  /** `<kind-1>`, `<kind-2>`… in order of first appearance. */
  private numbered(kind: string, value: string): string {
    const known = this.given.get(`${kind}\u0000${value}`);
    if (known !== undefined) return known;
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    const placeholder = `<${kind}-${count}>`;
    this.given.set(`${kind}\u0000${value}`, placeholder);
    return placeholder;
  }

  apply(text: string): string {
    const tokens = this.mintedTokens();
    let result = text;
    if (tokens.length > 0) {
      const anyToken = new RegExp(tokens.map(escapeRegExp).join('|'), 'g');
      result = result.replace(anyToken, (token) => this.numbered('token', token));
    }
    result = result
      .replace(/\bkey-[0-9a-f]{16}\b/g, (id) => this.numbered('key-id', id))
      .replace(/( run 4242\.1 deploy )([0-9a-f]{8})\b/g, (_, before: string, tag: string) => {
        return `${before}${this.numbered('tag', tag)}`;
      })
      .replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => {
        const name = this.ports[port];
        if (name === undefined) throw new Error(`port ${port} is neither stand-in's`);
        return `127.0.0.1:<${name}-port>`;
      })
      .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z/g, (iso) => {
        return `<${offsetFrom(this.nowSeconds, Date.parse(iso) / 1000)}>`;
      })
      .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => `<${dayOffsetFrom(this.nowSeconds, day)}>`)
      .replace(/\b\d{10}\b/g, (digits) => {
        const seconds = Number(digits);
        const nearNow = Math.abs(seconds - this.nowSeconds) < 20 * 365 * DAY;
        return nearNow ? `<unix ${offsetFrom(this.nowSeconds, seconds)}>` : digits;
      })
      .replace(/\(\d+ ms, attempt /g, '(<elapsed> ms, attempt ');
    // A minted token left as it was would be printed whole in the snapshot.
    expect(result).not.toMatch(/(?:apk|cog)_canary[0-9a-f]/);
    return result;
  }
}

let api: FakeDevinApi;
let github: FakeGitHub | undefined;
let placeholders: Placeholders;
let nowSeconds: number;

afterEach(async () => {
  await api.close();
  await github?.close();
  github = undefined;
});

/** Starts the Devin stand-in at a fixed now, with the keys `keysAt(now)` gives. */
async function startDevin(keysAt: (now: number) => FakeKeySeed[] = () => []): Promise<void> {
  nowSeconds = await standInNow();
  const now = nowSeconds;
  api = await startFakeDevinApi({
    now: () => now,
    adminKeys: [ADMIN_KEY],
    orgIds: [ORG],
    serviceUsers: [
      { id: SERVICE_USER, name: 'CI deploys', credential: CREDENTIAL, keys: keysAt(now) },
    ],
  });
  resetPlaceholders();
}

async function startGitHub(secretRepositories: string[] = []): Promise<FakeGitHub> {
  github = await startFakeGitHub({
    repository: 'acme/widgets',
    token: GITHUB_TOKEN,
    secretRepositories: secretRepositories.map((repository) => ({ repository })),
  });
  resetPlaceholders();
  return github;
}

function resetPlaceholders(): void {
  const ports: Record<string, string> = { [new URL(api.url).port]: 'devin' };
  if (github !== undefined) ports[new URL(github.url).port] = 'github';
  placeholders = new Placeholders(nowSeconds, ports, () => api.mintedTokens());
}

function run(inputs: Record<string, string>, state?: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: { base_url: api.url, ...inputs },
    ...(state === undefined ? {} : { state }),
    env:
      github === undefined
        ? {}
        : { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com' },
    killAfterMs: 60_000,
  });
}

const serviceUserRun = (
  operation: string,
  inputs: Record<string, string> = {},
  state?: Record<string, string>,
) => run({ operation, token: CREDENTIAL, service_user_id: SERVICE_USER, ...inputs }, state);

/**
 * The run's stdout (stderr after it, when there is any), job summary, outputs and state, each a
 * snapshot; outputs and state as [name, value] in the order they were written. `step` names
 * the run when a test has more than one.
 */
function expectRunToMatchSnapshots(result: ActionRun, step = ''): void {
  const stdout = placeholders.apply(result.stdout);
  const stderr = placeholders.apply(result.stderr);
  const entries = (values: Record<string, string>) =>
    Object.entries(values).map(([name, value]) => [name, placeholders.apply(value)]);
  expect(stderr === '' ? stdout : `${stdout}\n--- stderr ---\n${stderr}`).toMatchSnapshot(
    `${step}stdout`,
  );
  expect(placeholders.apply(result.summary)).toMatchSnapshot(`${step}job summary`);
  expect(entries(result.outputs)).toMatchSnapshot(`${step}outputs`);
  expect(entries(result.state)).toMatchSnapshot(`${step}state`);
}

const canaries = (): string[] => [ADMIN_KEY, CREDENTIAL, GITHUB_TOKEN, ...api.mintedTokens()];

/** The keys an audit meets, by finding: none, expiring, stale, no expiry. */
function passingKeys(now: number): FakeKeySeed[] {
  return [
    {
      api_key_id: 'key-healthy',
      api_key_name: 'ci-build',
      created_at: now - 30 * DAY,
      expires_at: now + 180 * DAY,
      last_used_at: now - DAY,
    },
    {
      api_key_id: 'key-expiring',
      api_key_name: 'staging-bot',
      created_at: now - 80 * DAY,
      expires_at: now + 5 * DAY,
      last_used_at: now - 2 * DAY,
    },
    {
      api_key_id: 'key-stale',
      api_key_name: 'forgotten-script',
      created_at: now - 400 * DAY,
      expires_at: now + 100 * DAY,
      last_used_at: now - 120 * DAY,
    },
    {
      api_key_id: 'key-forever',
      api_key_name: 'nightly-report',
      created_at: now - 60 * DAY,
      expires_at: null,
      last_used_at: now - 3 * DAY,
    },
  ];
}

/** The passing keys and two that fail with the default fail_on: expired and revoked. */
function failingKeys(now: number): FakeKeySeed[] {
  return [
    ...passingKeys(now),
    {
      api_key_id: 'key-expired',
      api_key_name: 'old-deploy',
      created_at: now - 200 * DAY,
      expires_at: now - 5 * DAY,
      last_used_at: now - 6 * DAY,
    },
    {
      api_key_id: 'key-revoked',
      api_key_name: 'leaked-token',
      created_at: now - 60 * DAY,
      expires_at: now + 30 * DAY,
      last_used_at: now - 40 * DAY,
      revoked_at: now - 35 * DAY,
    },
  ];
}

/** Keys for rotate and revoke to act on. */
function deployKeys(now: number): FakeKeySeed[] {
  return [
    { api_key_id: 'key-deploy', api_key_name: 'deploy-bot', created_at: now - 80 * DAY },
    { api_key_id: 'key-report', api_key_name: 'report-bot', created_at: now - 20 * DAY },
  ];
}

/**
 * An audit reads the service user and lists its keys at once; the listing is answered late, so
 * the service user's debug line always comes first.
 */
function answerKeyListingLate(): void {
  api.fail({ method: 'GET', path: KEYS_PATH, delayMs: STAGGER_MS });
}

test('provision', async () => {
  await startDevin();
  const result = await run({ operation: 'provision', token: ADMIN_KEY, org_id: ORG });

  expect(result.exitCode).toBe(0);
  expectNoLeak(result, canaries(), ['api_key']);
  expectRunToMatchSnapshots(result);
});

test('provision with dry_run', async () => {
  await startDevin();
  const result = await run({
    operation: 'provision',
    token: ADMIN_KEY,
    org_id: ORG,
    dry_run: 'true',
  });

  expect(result.exitCode).toBe(0);
  expect(api.requests).toEqual([]);
  expectRunToMatchSnapshots(result);
});

test('audit: a service user whose keys pass, with warnings', async () => {
  await startDevin(passingKeys);
  answerKeyListingLate();
  const result = await serviceUserRun('audit');

  expect(result.exitCode).toBe(0);
  expectNoLeak(result, canaries());
  expectRunToMatchSnapshots(result);
});

test('audit: an expired and a revoked key fail it (fail_on defaults)', async () => {
  await startDevin(failingKeys);
  answerKeyListingLate();
  const result = await serviceUserRun('audit');

  expect(result.exitCode).toBe(1);
  expectNoLeak(result, canaries());
  expectRunToMatchSnapshots(result);
});

test('create, then its post step revokes the key', async () => {
  await startDevin();
  const created = await serviceUserRun('create');
  expect(created.exitCode).toBe(0);
  expectNoLeak(created, canaries(), ['api_key']);
  expectRunToMatchSnapshots(created, 'main step: ');

  const post = await serviceUserRun('create', {}, created.state);
  expect(post.exitCode).toBe(0);
  expectNoLeak(post, canaries());
  expectRunToMatchSnapshots(post, 'post step: ');
});

test('rotate', async () => {
  await startDevin(deployKeys);
  const result = await serviceUserRun('rotate', { api_key_id: 'key-deploy', expires_in: '90d' });

  expect(result.exitCode).toBe(0);
  expectNoLeak(result, canaries(), ['api_key']);
  expectRunToMatchSnapshots(result);
});

test('revoke', async () => {
  await startDevin(deployKeys);
  const result = await serviceUserRun('revoke', { api_key_id: 'key-report' });

  expect(result.exitCode).toBe(0);
  expectNoLeak(result, canaries());
  expectRunToMatchSnapshots(result);
});

test('create with secret_name into two repositories', async () => {
  await startDevin();
  const gitHub = await startGitHub(['acme/web', 'acme/api']);
  // Both targets mint at once: the first mint to arrive is answered at once, the second late.
  api.fail(
    { method: 'POST', path: KEYS_PATH },
    { method: 'POST', path: KEYS_PATH, delayMs: STAGGER_MS },
  );
  const result = await serviceUserRun('create', {
    github_token: GITHUB_TOKEN,
    secret_name: SECRET,
    repositories: 'acme/web\nacme/api',
  });

  expect(result.exitCode).toBe(0);
  // The order the snapshot pins: acme/web's mint reached the stand-in first.
  const mints = api.requests.filter((request) => request.method === 'POST');
  expect(mints.map((request) => (request.body as { name: string }).name)).toEqual([
    'acme/web secret DEVIN_API_KEY',
    'acme/api secret DEVIN_API_KEY',
  ]);
  expect(gitHub.secrets().map((secret) => secret.repository)).toEqual(['acme/web', 'acme/api']);
  expectNoLeak(result, canaries());
  expectNoLeakToGitHub(gitHub, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()]);
  expectRunToMatchSnapshots(result);
});

test('rotate with secret_name', async () => {
  await startDevin();
  const gitHub = await startGitHub(['acme/web']);
  const inputs = { github_token: GITHUB_TOKEN, secret_name: SECRET, repositories: 'acme/web' };
  const stored = await serviceUserRun('create', inputs);
  expect(stored.exitCode).toBe(0);
  // Only the rotation is snapshotted, with placeholders numbered from its own output.
  resetPlaceholders();

  const result = await serviceUserRun('rotate', inputs);

  expect(result.exitCode).toBe(0);
  expect(gitHub.secrets()).toMatchObject([{ repository: 'acme/web', writes: 2 }]);
  expectNoLeak(result, canaries());
  expectNoLeakToGitHub(gitHub, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()]);
  expectRunToMatchSnapshots(result);
});

test('audit with issue_on_failure opens a tracking issue', async () => {
  await startDevin(failingKeys);
  const gitHub = await startGitHub();
  answerKeyListingLate();
  const result = await serviceUserRun('audit', {
    issue_on_failure: 'true',
    github_token: GITHUB_TOKEN,
  });

  expect(result.exitCode).toBe(1);
  expectNoLeak(result, canaries());
  expectNoLeakToGitHub(gitHub, [ADMIN_KEY, CREDENTIAL]);
  expectRunToMatchSnapshots(result);
  expect(
    gitHub.issues.map((issue) => ({
      number: issue.number,
      state: issue.state,
      title: placeholders.apply(issue.title),
      body: placeholders.apply(issue.body ?? ''),
      comments: issue.comments.map((comment) => placeholders.apply(comment)),
    })),
  ).toMatchSnapshot('tracking issue');
});

test('sync: one repository unchanged, one created', async () => {
  await startDevin();
  const gitHub = await startGitHub(['acme/web', 'acme/api']);
  const stored = await serviceUserRun('create', {
    github_token: GITHUB_TOKEN,
    secret_name: SECRET,
    repositories: 'acme/web',
  });
  expect(stored.exitCode).toBe(0);
  // Only the sync is snapshotted, with placeholders numbered from its own output.
  resetPlaceholders();

  const result = await serviceUserRun('sync', {
    github_token: GITHUB_TOKEN,
    secret_name: SECRET,
    repositories: 'acme/web\nacme/api',
  });

  expect(result.exitCode).toBe(0);
  expect(gitHub.secrets()).toMatchObject([
    { repository: 'acme/web', writes: 1 },
    { repository: 'acme/api', writes: 1 },
  ]);
  expectNoLeak(result, canaries());
  expectNoLeakToGitHub(gitHub, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()]);
  expectRunToMatchSnapshots(result);
});

test('revoke of an organization key with a personal API key (v2)', async () => {
  await startDevin();
  api.addEnterpriseKey({ id: 'apk-snap-old', org_id: ORG, created_at: nowSeconds - 120 * DAY });

  const result = await run({ operation: 'revoke', token: ADMIN_KEY, api_key_id: 'apk-snap-old' });

  expect(result.exitCode).toBe(0);
  expect(api.enterpriseKeys().find((key) => key.id === 'apk-snap-old')?.revoked).toBe(true);
  expectNoLeak(result, canaries());
  expectRunToMatchSnapshots(result);
});

test('audit of organization keys with a personal API key (v2)', async () => {
  await startDevin();
  api.addEnterpriseKey({ id: 'apk-snap-fresh', org_id: ORG, created_at: nowSeconds - 10 * DAY });
  api.addEnterpriseKey({ id: 'apk-snap-aged', org_id: ORG, created_at: nowSeconds - 200 * DAY });
  const canaryValues = api.enterpriseKeys().map((key) => key.api_key);

  const result = await run({ operation: 'audit', token: ADMIN_KEY });

  expect(result.exitCode).toBe(0);
  expectNoLeak(result, [...canaries(), ...canaryValues]);
  expectRunToMatchSnapshots(result);
});
