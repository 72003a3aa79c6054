/**
 * Both stand-ins of the fleet benchmarks in a process of their own, so that serving does not
 * share an event loop with the code being measured. Prints one JSON line `{devin, github}` with
 * their URLs; on each line `report` on stdin prints one JSON line of what they saw; serves until
 * stdin closes.
 * Usage: node bench/fleet-stand-ins.ts SCENARIO REPOSITORIES SECOND_MS
 *   create: REPOSITORIES repositories of acme, a service user with no key, GitHub's limits;
 *   sync:   the same repositories, each secret holding a live key of its own, nothing due,
 *           every GitHub answer LATENCY_MS late.
 */
import { createInterface } from 'node:readline';
import { startFakeDevinApi, type FakeKeySeed } from '../test/fake-api/server.ts';
import { leastTimeAllowedMs } from '../test/fake-github/politeness.ts';
import type { RateLimitOptions } from '../test/fake-github/rate-limits.ts';
import { startFakeGitHub } from '../test/fake-github/server.ts';
import {
  FLEET_CREDENTIAL,
  FLEET_GITHUB_TOKEN,
  FLEET_SECRET,
  FLEET_SERVICE_USER,
  fleetRepositories,
  SYNC_LATENCY_MS,
} from './fleet.ts';

const [scenario = 'create', count = '1000', second = '10'] = process.argv.slice(2);
const secondMs = Number(second);
const repositories = fleetRepositories(Number(count));
const nowSeconds = Math.floor(Date.now() / 1000);

/** GitHub's documented limits, in GitHub's seconds as this stand-in keeps them. */
const limits: RateLimitOptions = {
  secondMs,
  primary: { limit: 5_000, windowMs: 3_600 * secondMs },
  secondary: { concurrent: 100, points: 900, windowMs: 60 * secondMs },
};

/** The key each target holds in the sync scenario: made a day ago, due in 80 days. */
function heldKey(repository: string): FakeKeySeed & { token: string } {
  return {
    api_key_name: `${repository} secret ${FLEET_SECRET}`,
    created_at: nowSeconds - 86_400,
    expires_at: nowSeconds + 80 * 86_400,
    token: `cog_held_${repository.replace('/', '_')}`,
  };
}

const held = scenario === 'sync' ? repositories.map(heldKey) : [];
const devin = await startFakeDevinApi({
  serviceUsers: [{ id: FLEET_SERVICE_USER, credential: FLEET_CREDENTIAL, keys: held }],
});
const github = await startFakeGitHub({
  repository: 'acme/widgets',
  token: FLEET_GITHUB_TOKEN,
  repositories: repositories.map((repository) => ({ repository })),
  ...(scenario === 'create' ? { rateLimits: limits } : {}),
});
for (const key of held) {
  github.writeSecretAsSomeoneElse({
    repository: key.api_key_name.split(' ')[0] ?? '',
    name: FLEET_SECRET,
    value: key.token,
    atMs: ((key.created_at ?? nowSeconds) + 60) * 1000,
  });
}
if (scenario === 'sync') {
  github.fail({
    method: 'GET',
    path: /^\/(repos|orgs|users)\//,
    delayMs: SYNC_LATENCY_MS,
    times: Infinity,
  });
}

/** What the stand-ins saw: every secret's value against the live keys, and GitHub's politeness. */
function report() {
  const politeness = github.politeness();
  const tokens = devin.mintedTokens();
  const live = new Set(
    devin
      .keysOf(FLEET_SERVICE_USER)
      .flatMap((key, index) => (key.status === 'active' ? [tokens[index] ?? key.api_key_id] : [])),
  );
  const secrets = github.secrets();
  const held = new Set(secrets.map((secret) => secret.value));
  return {
    secrets: secrets.length,
    distinct: held.size,
    liveKeys: live.size,
    unheld: [...live].filter((token) => !held.has(token)).length,
    dead: secrets.filter((secret) => !live.has(secret.value)).length,
    violations: politeness.violations.length,
    mutating: politeness.mutating,
    minted: tokens.length,
    leastMs: leastTimeAllowedMs(
      limits,
      {
        tokens: politeness.tokens,
        endpoints: politeness.endpoints,
        mutating: politeness.mutating.count,
      },
      secondMs,
    ),
    spanMs:
      politeness.firstArrivalAtMs === null || politeness.lastArrivalAtMs === null
        ? 0
        : politeness.lastArrivalAtMs - politeness.firstArrivalAtMs,
  };
}

process.stdout.write(`${JSON.stringify({ devin: devin.url, github: github.url })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'report') process.stdout.write(`${JSON.stringify(report())}\n`);
});
lines.on('close', () => {
  void devin.close();
  void github.close();
});
