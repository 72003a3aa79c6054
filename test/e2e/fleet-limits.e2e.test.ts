/**
 * GitHub's limits, end to end: dist/ creating keys for a fleet against a GitHub stand-in that
 * enforces GitHub's secondary and primary limits (scaled down in time: GitHub's second is
 * GITHUB_SECOND_MS here and in the action), and records every request sent while GitHub had said
 * to wait. Every key is stored or revoked, every refusal is said as a rate limit, a wait longer
 * than the run's ends it with what was done, and a refusal that holds for every target stops the
 * minting.
 */
import type { RateLimitOptions } from '../fake-github/server.ts';
import {
  GITHUB_TOKEN,
  activeKeys,
  devinCalls,
  expectFailed,
  expectSucceeded,
  gitHubCalls,
  keyHeldIn,
  linesStarting,
  runFleet,
  secretIn,
  startFleet,
  stopFleets,
  type Fleet,
} from './fleet-support.ts';
import { GITHUB_SECOND_MS, type ActionRun } from './run-action.ts';

afterEach(stopFleets);

const SECOND_MS = Number(GITHUB_SECOND_MS);
const repositoriesOf = (count: number) =>
  Array.from({ length: count }, (_, index) => `acme/repo-${String(index).padStart(3, '0')}`);

async function startLimited(count: number, rateLimits: RateLimitOptions): Promise<Fleet> {
  return startFleet({
    repositories: repositoriesOf(count).map((repository) => ({ repository })),
    rateLimits: { secondMs: SECOND_MS, ...rateLimits },
  });
}

/** Every target's secret holds a live key of its own, and no key is live that no secret holds. */
function expectEveryKeyHeld(fleet: Fleet, repositories: readonly string[]): void {
  const held = repositories.map((repository) => keyHeldIn(fleet, repository));
  expect(held.filter((key) => key?.status !== 'active')).toEqual([]);
  expect(new Set(held.map((key) => key?.api_key_id)).size).toBe(repositories.length);
  expect(activeKeys(fleet.api)).toHaveLength(repositories.length);
}

/** Only the keys some secret holds are live: whatever was minted and not stored is revoked. */
function expectNoKeyUnheld(fleet: Fleet): void {
  const heldIds = new Set(
    fleet.github.secrets().map((secret) => keyHeldIn(fleet, secret.repository)?.api_key_id),
  );
  expect(activeKeys(fleet.api).filter((key) => !heldIds.has(key.api_key_id))).toEqual([]);
}

/**
 * A run that stopped early names every target it did not attempt, in the job summary and in its
 * failure (the last lines of the log), and says that `sync` heals them.
 */
function expectNotAttemptedListed(run: ActionRun, message: string): void {
  const skipped = linesStarting(run, '– repository').map(
    (line) => /^– repository "([^"]+)": not attempted/.exec(line)?.[1],
  );
  expect(skipped.length).toBeGreaterThan(0);
  expect(message).toContain(`; ${skipped.length} not attempted.`);
  expect(run.summary).toContain(`**Not attempted (${skipped.length})**`);
  const summaryLines = run.summary.split('\n');
  const messageLines = message.split('\n');
  for (const repository of skipped) {
    expect(summaryLines).toContain(`- ${repository}`);
    expect(messageLines).toContain(`  - repository "${repository}"`);
  }
  expect(message).toContain('\nNot attempted:\n');
  for (const text of [message, run.summary.replace(/\\/g, '')]) {
    expect(text).toContain(
      'run operation sync with the same secret_name, repositories and environment',
    );
  }
}

/** Refusals said as what they are: waits for a limit, never a permission the token lacks. */
function expectRefusalsSaidAsLimits(run: ActionRun, kind: 'secondary' | 'primary'): void {
  const line =
    kind === 'secondary'
      ? /^GitHub's secondary rate limit: waiting \d+ s, as GitHub asks, before anything more is sent\.$/
      : /^The primary rate limit of the GitHub token is used up until \d\d:\d\d UTC on \d{4}-\d\d-\d\d: waiting \d+ s\.$/;
  expect(run.stdout.split('\n').some((entry) => line.test(entry))).toBe(true);
  expect(run.stdout).not.toContain('lacks the permission');
  expect(run.stdout).not.toContain('(HTTP 403)');
  expect(run.stdout).not.toContain('(HTTP 429)');
}

/** What GitHub refused, beyond the requests the run needs: each target's two reads and a write. */
function refusedCount(fleet: Fleet, count: number): number {
  const listing = gitHubCalls(fleet, 'GET', /^\/installation\/repositories$/).length;
  return fleet.github.requests.length - count * 3 - listing;
}

/** Every target keyed once, no key unheld, refusals said as limits. */
function expectFleetStored(fleet: Fleet, result: ActionRun, count: number): void {
  expectSucceeded(fleet, result);
  expectEveryKeyHeld(fleet, repositoriesOf(count));
  expect(fleet.api.mintedTokens()).toHaveLength(count);
  // GitHub did refuse, and each refusal was waited out and said as the limit it was.
  expect(refusedCount(fleet, count)).toBeGreaterThan(0);
  expectRefusalsSaidAsLimits(result, 'secondary');
  expect(result.stdout).toContain(`Stored a key in ${count} of ${count} secrets`);
}

const createAll = (fleet: Fleet) =>
  runFleet(fleet, { operation: 'create', repositories: 'acme/repo-*' }, { killAfterMs: 110_000 });

describe('create into a fleet under the limits, waiting as GitHub asks', () => {
  test.each<[string, number, RateLimitOptions]>([
    [
      'secondary 403 with retry-after (points per window), and a primary budget',
      120,
      {
        secondary: { points: 150, status: 403, retryAfter: 'present' },
        primary: { limit: 250, windowMs: 1_500 },
      },
    ],
    [
      'secondary 429 with retry-after (points per window)',
      110,
      { secondary: { points: 150, status: 429, retryAfter: 'present' } },
    ],
    [
      'secondary 403 without retry-after (points per window)',
      110,
      { secondary: { points: 150, status: 403, retryAfter: 'absent' } },
    ],
    [
      'secondary 429 without retry-after (points per window)',
      110,
      { secondary: { points: 150, status: 429, retryAfter: 'absent' } },
    ],
  ])(
    '%s: %i targets, every key stored, none unheld, nothing sent while told to wait',
    async (_name, count, limits) => {
      const fleet = await startLimited(count, limits);
      const result = await createAll(fleet);

      expectFleetStored(fleet, result, count);
      expect(fleet.github.politeness().violations).toEqual([]);
      // The primary budget was spent more than once over, and never overdrawn.
      if (limits.primary !== undefined) {
        expect(fleet.github.requests.length).toBeGreaterThan(limits.primary.limit);
      }
    },
    120_000,
  );

  test.each<[string, 403 | 429]>([
    ['403', 403],
    ['429', 429],
  ])(
    'secondary %s for concurrency (3 at once, retry-after): 110 targets, every key stored, none unheld',
    async (_name, status) => {
      const count = 110;
      const fleet = await startLimited(count, {
        secondary: { concurrent: 3, status, retryAfter: 'present' },
      });
      // Answers slow enough that the run's reads (8 at once) overlap, and GitHub refuses some.
      fleet.github.fail({ method: 'GET', path: /\/public-key$/, delayMs: 20, times: Infinity });
      const result = await createAll(fleet);

      expectFleetStored(fleet, result, count);
      // Not asserted here: politeness().violations. The stand-in judges a request by when it
      // arrives, and cannot tell the reads already on their way when a refusal left (up to
      // seven) from a read sent after the client was told to wait.
    },
    120_000,
  );
});

describe('a wait longer than the run waits', () => {
  test('a primary reset an hour away: the run ends with what was done, what not, and when to run again; no key unheld', async () => {
    const count = 100;
    // Reads of every target (two each) fit; the budget runs out half-way through the writes.
    const fleet = await startLimited(count, { primary: { limit: 250, windowMs: 3_600_000 } });
    const result = await runFleet(fleet, {
      operation: 'create',
      repositories: repositoriesOf(count).join('\n'),
    });

    const message = expectFailed(fleet, result);
    const stored = fleet.github.secrets().length;
    expect(stored).toBe(50);
    expectNoKeyUnheld(fleet);
    for (const secret of fleet.github.secrets()) {
      expect(keyHeldIn(fleet, secret.repository)?.status).toBe('active');
    }
    // No more keys were minted once the wait was known: at most those already on their way.
    expect(fleet.api.mintedTokens().length).toBeLessThanOrEqual(stored + 4);
    expect(fleet.github.politeness().violations).toEqual([]);
    // What was done and what not...
    expect(message).toMatch(
      /^Stored a key in 50 of 100 secrets named "DEVIN_API_KEY"; \d+ failed; \d+ not attempted\./,
    );
    expect(message).toContain('were not attempted and no key was made for them');
    // ...and when to run again, said as the limit it is.
    expect(message).toMatch(
      /the primary rate limit of the GitHub token is used up until \d\d:\d\d UTC on \d{4}-\d\d-\d\d, longer than the action waits \(15 min\), so nothing more was sent\. Fix: run the job again after \d\d:\d\d UTC/,
    );
    expect(message).not.toContain('lacks the permission');
    expectNotAttemptedListed(result, message);
  }, 60_000);
});

describe('a refusal that holds for every target stops the minting', () => {
  const count = 30;
  const repositories = repositoriesOf(count).join('\n');

  function expectStopped(fleet: Fleet, run: ActionRun): string {
    const message = expectFailed(fleet, run);
    // Only the keys already on their way when the refusal came (mints go four at a time).
    expect(fleet.api.mintedTokens().length).toBeLessThanOrEqual(4);
    expect(activeKeys(fleet.api)).toEqual([]);
    expect(fleet.github.secrets()).toEqual([]);
    expect(message).toMatch(/; \d+ not attempted\./);
    return message;
  }

  test('the GitHub token rejected (401) on the first write', async () => {
    const fleet = await startLimited(count, {});
    fleet.github.fail({
      method: 'PUT',
      status: 401,
      body: { message: 'Bad credentials' },
      times: Infinity,
    });
    const result = await runFleet(fleet, { operation: 'create', repositories });

    const message = expectStopped(fleet, result);
    expect(message).toContain('GitHub does not accept github_token (expired or revoked)');
    expect(gitHubCalls(fleet, 'PUT').length).toBeLessThanOrEqual(4);
  });

  test('the GitHub token lacks the permission to write secrets (403)', async () => {
    const fleet = await startFleet({
      tokens: [{ token: GITHUB_TOKEN, secrets: 'read' }],
      repositories: repositoriesOf(count).map((repository) => ({ repository })),
    });
    const result = await runFleet(fleet, { operation: 'create', repositories });

    const message = expectStopped(fleet, result);
    expect(message).toContain('(HTTP 403): the token lacks the permission to write secrets');
    expectNotAttemptedListed(result, message);
  });

  test('the Devin credential refused (403) on the first mint', async () => {
    const fleet = await startLimited(count, {});
    fleet.api.fail({
      method: 'POST',
      path: /\/api-keys$/,
      status: 403,
      body: { detail: 'Missing permission ManageAccountServiceUsers' },
      times: Infinity,
    });
    const result = await runFleet(fleet, { operation: 'create', repositories });

    expectStopped(fleet, result);
    expect(devinCalls(fleet, 'POST').length).toBeLessThanOrEqual(4);
    expect(gitHubCalls(fleet, 'PUT')).toEqual([]);
  });
});

describe('progress of a long run', () => {
  test("a run GitHub's primary limit holds up past 30 s says how far it is, and how long is left", async () => {
    const count = 5;
    // 12 requests per 32 s: the reads and two writes, then a wait for the reset.
    const fleet = await startLimited(count, { primary: { limit: 12, windowMs: 32_000 } });
    const result = await runFleet(
      fleet,
      { operation: 'create', repositories: repositoriesOf(count).join(', ') },
      { killAfterMs: 80_000 },
    );

    expectSucceeded(fleet, result);
    expectEveryKeyHeld(fleet, repositoriesOf(count));
    expect(fleet.github.politeness().violations).toEqual([]);
    expect(result.elapsedMs).toBeGreaterThan(30_000);
    const progress = result.stdout
      .split('\n')
      .filter((line) => /^\d+ of 5 targets done/.test(line));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatch(/^[1-4] of 5 targets done, about \d+ (s|min) left$/);
    expect(secretIn(fleet, 'acme/repo-004')).toBeDefined();
  }, 90_000);
});
