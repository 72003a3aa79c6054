/**
 * One fleet workload, run by three GitHub clients against the GitHub stand-in: our wire
 * (src/github/wire.ts under @actions/github's Octokit, as src/github/octokit.ts builds it),
 * @actions/github's getOctokit as it comes (its own fetch, no throttling, no retry), and
 * getOctokit with @octokit/plugin-throttling and @octokit/plugin-retry, configured as their
 * READMEs show (`plugins`; devDependencies only, never part of the action). The
 * workload: the owner's repository listing, then for each repository its public key read and
 * its secret written, `concurrency` repositories at a time. What each client achieved is read
 * from the stand-in (secrets stored, requests sent while told to wait), not from the client.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Agent } from 'undici';
import { sealSecret } from '../../src/github/seal.ts';
import { gitHubFetch } from '../../src/github/wire.ts';
import {
  leastTimeAllowedMs,
  startFakeGitHub,
  type Fault,
  type RateLimitOptions,
} from '../fake-github/server.ts';

export type WorkloadClient = 'wire' | 'octokit' | 'plugins';

export interface WorkloadOptions {
  client: WorkloadClient;
  /** owner/name of each target; all of one owner, `acme`. */
  repositories: readonly string[];
  rateLimits?: RateLimitOptions;
  /** The token's own primary budget, when it is not the limits' (a token partly used up). */
  tokenBudget?: number;
  /** Scripted faults of the stand-in (a redirect, say). */
  faults?: readonly Fault[];
  /** Targets in flight at once (the action's own fleet concurrency is 8). */
  concurrency: number;
  /**
   * GitHub's second as the stand-in and the wire keep it; the plugins take it as their
   * `retryAfterBaseValue`, which scales only their waits for `retry-after` and their own retry
   * delays: their write pacing (a second) and their wait for `x-ratelimit-reset` (an epoch time)
   * are real seconds, so only 1,000 makes every limit the same workload for them.
   */
  secondMs: number;
}

export interface WorkloadResult {
  client: WorkloadClient;
  /** Secrets the stand-in holds at the end. */
  stored: number;
  /** Targets whose write the client reported as failed. */
  failed: number;
  /** Requests that reached the stand-in; the workload itself needs `needed`. */
  requests: number;
  needed: number;
  /** Requests sent while the stand-in had told the token to wait. */
  sentWhileToldToWait: number;
  /** Requests beyond what the workload needs: the client's own retries (0 when none). */
  retries: number;
  wallMs: number;
  /** The least time the limits and GitHub's write pacing allow for what reached the stand-in. */
  leastMs: number;
  /** The lines the wire logged for its waits; the plugins' calls of their limit handlers. */
  waitLines: string[];
}

export const WORKLOAD_TOKEN = 'ghs_workload_installation_token';
const SECRET = 'DEVIN_API_KEY';

type Octokit = ReturnType<typeof getOctokit>;

/** How often the plugins' side retries a request refused by the primary limit. */
export const PLUGIN_RATE_LIMIT_RETRIES = 3;

/**
 * getOctokit with both plugins as their READMEs show them: retry after a primary refusal (a few
 * times, as plugin-retry's own default of 3) and after every secondary one; retry's defaults.
 */
function withPlugins(origin: string, secondMs: number, waitLines: string[]): Octokit {
  return getOctokit(
    WORKLOAD_TOKEN,
    {
      baseUrl: origin,
      throttle: {
        retryAfterBaseValue: secondMs,
        onRateLimit: (retryAfter, options, _octokit, retryCount) => {
          waitLines.push(`primary limit: ${options.method} ${options.url}, ${retryAfter} s`);
          return retryCount < PLUGIN_RATE_LIMIT_RETRIES;
        },
        onSecondaryRateLimit: (retryAfter, options) => {
          waitLines.push(`secondary limit: ${options.method} ${options.url}, ${retryAfter} s`);
          return true;
        },
      },
      retry: { retryAfterBaseValue: secondMs },
    },
    throttling,
    retry,
  );
}

function clientFor(options: WorkloadOptions, origin: string, waitLines: string[]) {
  const dispatcher = new Agent();
  if (options.client === 'octokit') {
    return { octokit: getOctokit(WORKLOAD_TOKEN, { baseUrl: origin }), dispatcher };
  }
  if (options.client === 'plugins') {
    return { octokit: withPlugins(origin, options.secondMs, waitLines), dispatcher };
  }
  const fetch = gitHubFetch({
    origin,
    timeoutMs: 30_000,
    maxRetries: 3,
    maxWaitMs: 15 * 60_000,
    secondMs: options.secondMs,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    dispatcher,
    env: {},
    onWait: (line) => waitLines.push(line),
  });
  return {
    octokit: getOctokit(WORKLOAD_TOKEN, { baseUrl: origin, request: { fetch } }),
    dispatcher,
  };
}

/** Reads the target's public key and writes its secret; whether the write was answered 2xx. */
async function writeSecret(octokit: Octokit, repository: string): Promise<boolean> {
  const [owner = '', repo = ''] = repository.split('/');
  try {
    const { data: key } = await octokit.rest.actions.getRepoPublicKey({ owner, repo });
    const value = `workload value for ${repository}`;
    await octokit.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: SECRET,
      key_id: key.key_id,
      encrypted_value: await sealSecret(value, key.key),
    });
    return true;
  } catch {
    return false;
  }
}

async function inPool<Item>(
  items: readonly Item[],
  concurrency: number,
  work: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as Item);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Runs the workload once, against a stand-in of its own; see the top of this file. */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const github = await startFakeGitHub({
    repository: options.repositories[0] ?? 'acme/repo-0000',
    tokens: [
      {
        token: WORKLOAD_TOKEN,
        ...(options.tokenBudget === undefined ? {} : { rateLimit: options.tokenBudget }),
      },
    ],
    repositories: options.repositories.map((repository) => ({ repository })),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
  });
  if (options.faults !== undefined) github.fail(...options.faults);
  const waitLines: string[] = [];
  const { octokit, dispatcher } = clientFor(options, github.url, waitLines);
  const started = performance.now();
  let failed = 0;
  try {
    try {
      await octokit.paginate(octokit.rest.repos.listForOrg, { org: 'acme', per_page: 100 });
    } catch {
      // A listing refused is counted in what reached the stand-in; the writes go on.
    }
    await inPool(options.repositories, options.concurrency, async (repository) => {
      if (!(await writeSecret(octokit, repository))) failed++;
    });
    const wallMs = performance.now() - started;
    const politeness = github.politeness();
    const pages = Math.max(1, Math.ceil(options.repositories.length / 100));
    const needed = pages + 2 * options.repositories.length;
    return {
      client: options.client,
      stored: github.secrets().length,
      failed,
      requests: politeness.requests,
      needed,
      sentWhileToldToWait: politeness.violations.length,
      retries: Math.max(0, politeness.requests - needed),
      wallMs,
      leastMs: leastTimeAllowedMs(
        options.rateLimits ?? {},
        {
          tokens: politeness.tokens.map(({ requests }) => ({
            requests,
            ...(options.tokenBudget === undefined ? {} : { rateLimit: options.tokenBudget }),
          })),
          endpoints: politeness.endpoints,
          mutating: politeness.mutating.count,
        },
        options.secondMs,
      ),
      waitLines,
    };
  } finally {
    await dispatcher.close();
    await github.close();
  }
}
