/**
 * What our wire does that @actions/github's getOctokit does not, as it comes and with
 * @octokit/plugin-throttling and @octokit/plugin-retry (`plugins`), on the same workload against
 * the GitHub stand-in (test/support/wire-workload.ts), judged by counts the stand-in keeps, never
 * by times. The figures with times are the bench's (`npm run bench -- wire`). The plugins pace
 * writes a real second apart, so their scenarios are short: a few writes, waits of 1 or 2 s.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fleetRepositories } from '../../bench/fleet.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import type { WorkloadClient, WorkloadOptions, WorkloadResult } from '../support/wire-workload.ts';

const SECOND_MS = 10;
const WORKLOAD = join(__dirname, '..', 'support', 'wire-workload-process.ts');

/** Runs the workload in a process of Node 24 (see wire-workload-process.ts). */
async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    WORKLOAD,
    JSON.stringify(options),
  ]);
  return JSON.parse(stdout) as WorkloadResult;
}

describe('a redirect of a public-key read to another origin', () => {
  let elsewhere: FakeGitHub;
  beforeAll(async () => {
    elsewhere = await startFakeGitHub({ repository: 'evil/keys', token: 'ghs_elsewhere_token' });
  });
  afterAll(() => elsewhere.close());

  const redirected = (client: WorkloadClient) =>
    runWorkload({
      client,
      repositories: ['acme/repo-0000'],
      faults: [
        {
          method: 'GET',
          path: '/repos/acme/repo-0000/actions/secrets/public-key',
          status: 307,
          headers: { location: `${elsewhere.url}/repos/evil/keys/actions/secrets/public-key` },
        },
      ],
      concurrency: 1,
      secondMs: SECOND_MS,
    });

  test('getOctokit as it comes follows it: a request reaches the other origin', async () => {
    const before = elsewhere.requests.length;
    await redirected('octokit');
    expect(elsewhere.requests.length - before).toBe(1);
  });

  test('getOctokit with the plugins follows it too: a request reaches the other origin', async () => {
    const before = elsewhere.requests.length;
    await redirected('plugins');
    expect(elsewhere.requests.length - before).toBe(1);
  });

  test('the wire sends nothing there, and stores nothing sealed for a key from there', async () => {
    const before = elsewhere.requests.length;
    const result = await redirected('wire');
    expect(elsewhere.requests.length - before).toBe(0);
    expect(result.stored).toBe(0);
    expect(result.failed).toBe(1);
  });
});

describe("writes refused by GitHub's secondary limit (points per endpoint)", () => {
  // Three writes fit the window (5 points each); the fourth is refused with a retry-after of
  // the window's rest, two seconds, long enough that what comes next comes inside it. One
  // target at a time, so nothing is in flight when the refusal is answered: any request that
  // arrives while told to wait was sent after the client was told.
  const limited = (client: WorkloadClient) =>
    runWorkload({
      client,
      repositories: fleetRepositories(6),
      rateLimits: { secondMs: SECOND_MS, secondary: { points: 15, windowMs: 2_000 } },
      concurrency: 1,
      secondMs: SECOND_MS,
    });

  test('getOctokit as it comes sends while told to wait, and stores fewer', async () => {
    const result = await limited('octokit');
    expect(result.sentWhileToldToWait).toBeGreaterThan(0);
    expect(result.stored).toBeLessThan(6);
    expect(result.retries).toBe(0);
  });

  test('the wire sends nothing while told to wait, sends the refused write again, stores all', async () => {
    const result = await limited('wire');
    expect(result.sentWhileToldToWait).toBe(0);
    expect(result.stored).toBe(6);
    expect(result.retries).toBeGreaterThan(0);
    // Each refusal is told as the limit it is. How many refusals come depends on how the
    // sliding window meets the writes (a slow start on a loaded machine adds one), not on the
    // wire: what it must never do is asserted above, sending while told to wait.
    expect(result.waitLines.length).toBeGreaterThan(0);
    for (const line of result.waitLines) {
      expect(line).toMatch(/^GitHub's secondary rate limit: waiting \d+ s/);
    }
  });
});

describe('a write refused by a secondary limit while others of the same token are queued', () => {
  // The first write is told to wait 2 s (20 seconds of 100 ms); the public keys are all read
  // before it is answered, so only the next writes can arrive inside the wait. A second of 100 ms
  // keeps the wire's next write well after that answer (the plugins pace a real second).
  const refusedOnce = (client: WorkloadClient) =>
    runWorkload({
      client,
      repositories: fleetRepositories(3),
      rateLimits: { secondMs: 100 },
      faults: [
        {
          method: 'PUT',
          path: '/repos/acme/repo-0000/actions/secrets/DEVIN_API_KEY',
          status: 403,
          headers: { 'retry-after': '20' },
          body: {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          },
        },
      ],
      concurrency: 3,
      secondMs: 100,
    });
  let results: Record<'plugins' | 'wire', WorkloadResult>;
  beforeAll(async () => {
    const [plugins, wire] = await Promise.all([refusedOnce('plugins'), refusedOnce('wire')]);
    results = { plugins, wire };
  }, 20_000);

  test('the plugins wait with the refused write only: the next write is sent inside the wait', () => {
    expect(results.plugins.sentWhileToldToWait).toBeGreaterThan(0);
    expect(results.plugins.stored).toBe(3);
    expect(results.plugins.retries).toBe(1);
  });

  test('the wire holds every request of the token until the wait has passed', () => {
    expect(results.wire.sentWhileToldToWait).toBe(0);
    expect(results.wire.stored).toBe(3);
    expect(results.wire.retries).toBe(1);
  });
});

describe('a primary budget used up on a success answer (x-ratelimit-remaining: 0, HTTP 200)', () => {
  // Three requests a window: the listing, the first public-key read and the first write use it
  // up, the write answered 201 with remaining 0. One target at a time, so nothing is in flight
  // when that answer leaves: whatever arrives before the reset was sent after the client was told. The plugins read x-ratelimit-reset as an epoch time in real
  // seconds, so here GitHub's second is a real one, and the window a second (to the next whole one).
  const usedUp = (client: WorkloadClient) =>
    runWorkload({
      client,
      repositories: fleetRepositories(2),
      rateLimits: { secondMs: 1_000, primary: { limit: 3, windowMs: 1_000 } },
      concurrency: 1,
      secondMs: 1_000,
    });
  let results: Record<'plugins' | 'wire', WorkloadResult>;
  beforeAll(async () => {
    const [plugins, wire] = await Promise.all([usedUp('plugins'), usedUp('wire')]);
    results = { plugins, wire };
  }, 20_000);

  test('the plugins send the next request anyway, are refused, and wait only then', () => {
    expect(results.plugins.sentWhileToldToWait).toBeGreaterThan(0);
    expect(results.plugins.retries).toBe(results.plugins.sentWhileToldToWait);
    expect(results.plugins.stored).toBe(2);
    expect(results.plugins.waitLines).toHaveLength(results.plugins.retries);
    expect(results.plugins.waitLines.filter((line) => !line.startsWith('primary limit: '))).toEqual(
      [],
    );
  });

  test('the wire sends nothing until the reset, then stores both', () => {
    expect(results.wire.sentWhileToldToWait).toBe(0);
    expect(results.wire.retries).toBe(0);
    expect(results.wire.stored).toBe(2);
  });
});
