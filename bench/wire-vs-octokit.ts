/**
 * `npm run bench -- wire`, or on its own: `node bench/wire-vs-octokit.ts [SECOND_MS]`.
 * The same fleet workload (test/support/wire-workload.ts: a listing, then a public-key read and
 * a secret write into each of 60 repositories, 8 at a time) against the GitHub stand-in with
 * GitHub's documented limits, through three clients: our wire, @actions/github's getOctokit as
 * it comes, and getOctokit with @octokit/plugin-throttling and @octokit/plugin-retry. GitHub's
 * second is SECOND_MS (default 1,000 ms: the plugins pace writes and wait for
 * `x-ratelimit-reset` in real seconds, so a scaled second would not be the same workload for
 * them). Prints one JSON line per scenario and client; the whole takes about five minutes.
 */
import type { RateLimitOptions } from '../test/fake-github/server.ts';
import { runWorkload, type WorkloadClient } from '../test/support/wire-workload.ts';
import { fleetRepositories, WIRE_SECOND_MS, WIRE_TARGETS } from './fleet.ts';

const secondMs = Number(process.argv[2] ?? WIRE_SECOND_MS);
const repositories = fleetRepositories(WIRE_TARGETS);
/** GitHub's documented limits ("Rate limits for the REST API"), in GitHub's seconds. */
const secondary = { concurrent: 100, points: 900, windowMs: 60 * secondMs };

const SCENARIOS: { scenario: string; limits: RateLimitOptions; tokenBudget?: number }[] = [
  {
    scenario: "GitHub's limits",
    limits: { secondMs, primary: { limit: 5_000, windowMs: 3_600 * secondMs }, secondary },
  },
  {
    // A budget that binds within minutes: an hour's window would take an hour to show.
    scenario: 'a token with 30 requests a window of 20 s',
    limits: { secondMs, primary: { limit: 5_000, windowMs: 20 * secondMs }, secondary },
    tokenBudget: 30,
  },
];

for (const { scenario, limits, tokenBudget } of SCENARIOS) {
  for (const client of ['wire', 'octokit', 'plugins'] as WorkloadClient[]) {
    const result = await runWorkload({
      client,
      repositories,
      rateLimits: limits,
      ...(tokenBudget === undefined ? {} : { tokenBudget }),
      concurrency: 8,
      secondMs,
    });
    const { waitLines, ...figures } = result;
    process.stdout.write(
      `${JSON.stringify({ scenario, ...figures, wallMs: Math.round(figures.wallMs), waits: waitLines.length })}\n`,
    );
  }
}
