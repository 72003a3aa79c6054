/**
 * `npm run bench -- wire`, or on its own: `node bench/wire-vs-octokit.ts [SECOND_MS]`.
 * The same fleet workload (test/support/wire-workload.ts: a listing, then a public-key read and
 * a secret write into each of 200 repositories, 8 at a time) against the GitHub stand-in with
 * GitHub's documented limits, scaled in time (a GitHub second is SECOND_MS, default 10 ms), once
 * through our wire and once through @actions/github's getOctokit as it comes. Prints one JSON
 * line per scenario and client. @octokit/plugin-throttling and @octokit/plugin-retry are measured
 * only where both are installed (they are not dependencies of the action): see
 * docs-wire-vs-plugins.md for why, and for what that side would need.
 */
import type { RateLimitOptions } from '../test/fake-github/server.ts';
import { runWorkload, type WorkloadClient } from '../test/support/wire-workload.ts';
import { fleetRepositories, WIRE_TARGETS } from './fleet.ts';

const secondMs = Number(process.argv[2] ?? 10);
const repositories = fleetRepositories(WIRE_TARGETS);
/** GitHub's documented limits ("Rate limits for the REST API"), in GitHub's seconds. */
const limits: RateLimitOptions = {
  secondMs,
  primary: { limit: 5_000, windowMs: 3_600 * secondMs },
  secondary: { concurrent: 100, points: 900, windowMs: 60 * secondMs },
};

const SCENARIOS = [
  { scenario: "GitHub's limits", tokenBudget: undefined },
  { scenario: 'a token with 300 requests left in its hour', tokenBudget: 300 },
] as const;

for (const { scenario, tokenBudget } of SCENARIOS) {
  for (const client of ['wire', 'octokit'] as WorkloadClient[]) {
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
