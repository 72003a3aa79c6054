import type { Runtime } from '../base/runtime.ts';
import { maskSecret } from '../base/runtime.ts';
import { isLoopback } from '../base/urls.ts';
import { DevinClient } from '../devin/client.ts';
import { gitHubApiUrl } from '../github/api-url.ts';
import type { GitHubClients } from '../github/clients.ts';
import type { CommonInputs } from '../inputs/parsers.ts';
import type { Dependencies } from './dependencies.ts';

/** What every operation is handed by `main`. */
export interface OperationContext {
  runtime: Runtime;
  dependencies: Dependencies;
}

/** A client for the inputs' API, which masks every secret it parses. */
function openDevinClient(inputs: CommonInputs, context: OperationContext): DevinClient {
  const { runtime, dependencies } = context;
  return new DevinClient({
    baseUrl: inputs.baseUrl,
    token: inputs.token,
    timeoutMs: inputs.timeoutSeconds * 1000,
    maxRetries: inputs.maxRetries,
    maskSecret: (secret) => maskSecret(runtime, secret),
    debug: (message) => runtime.debug(message),
    now: dependencies.now,
    sleep: dependencies.sleep,
    random: dependencies.random,
    dispatcher: dependencies.devinDispatcher,
  });
}

/** Runs `work` with a Devin client for the inputs, closed whatever happens. */
export async function withDevinClient<Result>(
  inputs: CommonInputs,
  context: OperationContext,
  work: (client: DevinClient) => Promise<Result>,
): Promise<Result> {
  const client = openDevinClient(inputs, context);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** The longest GitHub may make a run wait for a limit; a reset further away ends its calls. */
const GITHUB_MAX_WAIT_MS = 15 * 60_000;
/**
 * Shortens GitHub's second, for a loopback stand-in only (the tests and the benchmark run GitHub's
 * limits scaled down in time): against any other host it is ignored.
 */
const GITHUB_SECOND_MS_VARIABLE = 'DEVIN_KEYS_ACTION_GITHUB_SECOND_MS';
const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

function gitHubSecondMs(baseUrl: URL, runtime: Runtime): number {
  const scaled = Number(runtime.getEnv(GITHUB_SECOND_MS_VARIABLE));
  return isLoopback(baseUrl.hostname) && scaled > 0 && scaled < 1_000 ? scaled : 1_000;
}

/**
 * Runs `work` with GitHub's clients for a token, reaching GITHUB_API_URL, each attempt bounded
 * by timeout_seconds; the connections are let go whatever happens.
 */
export async function withGitHub<Result>(
  githubToken: string,
  inputs: Pick<CommonInputs, 'timeoutSeconds' | 'maxRetries'>,
  context: OperationContext,
  work: (github: GitHubClients) => Promise<Result>,
): Promise<Result> {
  const { runtime, dependencies } = context;
  const baseUrl = gitHubApiUrl(runtime.getEnv('GITHUB_API_URL'));
  const github = await dependencies.connectGitHub({
    token: githubToken,
    baseUrl,
    timeoutMs: inputs.timeoutSeconds * 1000,
    maxRetries: inputs.maxRetries,
    maxWaitMs: GITHUB_MAX_WAIT_MS,
    secondMs: gitHubSecondMs(baseUrl, runtime),
    now: dependencies.now,
    sleep: dependencies.sleep,
    random: dependencies.random,
    env: Object.fromEntries(PROXY_VARIABLES.map((name) => [name, runtime.getEnv(name)])),
    debug: (message) => runtime.debug(message),
    info: (message) => runtime.info(message),
  });
  try {
    return await work(github);
  } finally {
    await github.close();
  }
}
