import type { Runtime } from '../base/runtime.ts';
import { maskSecret } from '../base/runtime.ts';
import { DevinClient } from '../devin/client.ts';
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

/** GitHub's clients for a token, reaching GITHUB_API_URL, each call bounded by timeout_seconds. */
export function connectGitHub(
  githubToken: string,
  inputs: Pick<CommonInputs, 'timeoutSeconds'>,
  context: OperationContext,
): Promise<GitHubClients> {
  const { runtime, dependencies } = context;
  return dependencies.connectGitHub({
    token: githubToken,
    baseUrl: runtime.getEnv('GITHUB_API_URL') || 'https://api.github.com',
    timeoutMs: inputs.timeoutSeconds * 1000,
    debug: (message) => runtime.debug(message),
  });
}
