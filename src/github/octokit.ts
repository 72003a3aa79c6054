import { getOctokit } from '@actions/github';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { anyProxy } from '../base/network-failure.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { ConnectGitHub, GitHubConnection } from './clients.ts';
import { UnreadableAnswerError } from './errors.ts';
import { octokitIssueApi } from './issues-api.ts';
import { octokitRepositoryApi } from './repositories-api.ts';
import { unreadableBody } from './schemas.ts';
import { octokitSecretsApi } from './secrets-api.ts';
import { gitHubFetch } from './wire.ts';

/** The Octokit of @actions/github, with its REST methods and paging. */
export type Octokit = ReturnType<typeof getOctokit>;

/**
 * Octokit prints what it is told to log, GitHub's headers among it (a deprecation warning copies
 * `sunset` and `link`): everything goes to the debug log, quoted, so no header can become a
 * workflow command.
 */
function inertLogger(debug: GitHubConnection['debug']) {
  const log = (message: unknown): void =>
    debug(`GitHub client: ${quoteUntrusted(String(message))}`);
  return { debug: log, info: log, warn: log, error: log };
}

/**
 * One Octokit for the connection's token, every call going out through the wire (wire.ts), and
 * the clients the operations use on it.
 */
export const connectOctokit: ConnectGitHub = (connection) => {
  const dispatcher = anyProxy(connection.env) ? new EnvHttpProxyAgent() : new Agent();
  const fetch = gitHubFetch({
    origin: connection.baseUrl.origin,
    timeoutMs: connection.timeoutMs,
    maxRetries: connection.maxRetries,
    maxWaitMs: connection.maxWaitMs,
    secondMs: connection.secondMs,
    now: connection.now,
    sleep: connection.sleep,
    random: connection.random,
    dispatcher,
    env: connection.env,
    onWait: connection.info,
  });
  const log = inertLogger(connection.debug);
  const octokit = getOctokit(connection.token, {
    baseUrl: connection.baseUrl.href.replace(/\/+$/, ''),
    log,
    // Octokit logs a deprecation through the request's logger, not its own.
    request: { fetch, log },
  });
  // Before Octokit's paging reads a page: see unreadableBody.
  octokit.hook.after('request', (response, options) => {
    const problem = options.method === 'GET' ? unreadableBody(response.data) : undefined;
    if (problem !== undefined) throw new UnreadableAnswerError(problem);
  });
  return Promise.resolve({
    secrets: octokitSecretsApi(octokit),
    repositories: octokitRepositoryApi(octokit, connection.token),
    issues: (repository) => octokitIssueApi(octokit, repository),
    close: () => dispatcher.close(),
  });
};
