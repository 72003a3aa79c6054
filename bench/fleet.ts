/** What the fleet benchmarks and their stand-ins share. */
export const FLEET_CREDENTIAL = 'cog_bench_fleet_credential';
export const FLEET_GITHUB_TOKEN = 'ghp_bench_fleet_token';
export const FLEET_SERVICE_USER = 'service-user-fleet';
export const FLEET_SECRET = 'DEVIN_API_KEY';
/** How late every GitHub answer of the sync benchmark is, as over a real network. */
export const SYNC_LATENCY_MS = 20;

/** acme/repo-0000, acme/repo-0001, … */
export function fleetRepositories(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `acme/repo-${String(index).padStart(4, '0')}`);
}

/**
 * Repositories of the wire comparison (bench/wire-vs-octokit.ts): few enough that the plugins'
 * side, which waits in real seconds, ends in a minute or two a scenario.
 */
export const WIRE_TARGETS = 60;
/** GitHub's second in the wire comparison: a real one, as the plugins count it. */
export const WIRE_SECOND_MS = 1_000;
