/**
 * What our wire does that @actions/github's getOctokit as it comes does not, on the same
 * workload against the GitHub stand-in (test/support/wire-workload.ts), judged by counts the
 * stand-in keeps, never by times. The figures with times are the bench's (`npm run bench --
 * wire`). @octokit/plugin-throttling and @octokit/plugin-retry are not installed, so they are not
 * a side here.
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
    expect(result.waitLines).toEqual([
      expect.stringMatching(/^GitHub's secondary rate limit: waiting \d+ s/),
    ]);
  });
});
