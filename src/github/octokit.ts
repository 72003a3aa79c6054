import { getOctokit } from '@actions/github';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { ConnectGitHub, GitHubConnection } from './clients.ts';
import { octokitIssueApi } from './issues-api.ts';
import { octokitSecretsApi } from './secrets-api.ts';

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

/** One Octokit for the connection's token, and the clients the operations use on it. */
export const connectOctokit: ConnectGitHub = (connection) => {
  const octokit = getOctokit(connection.token, {
    baseUrl: connection.baseUrl,
    log: inertLogger(connection.debug),
  });
  return Promise.resolve({
    secrets: octokitSecretsApi(octokit, connection.timeoutMs),
    issues: (repository) => octokitIssueApi(octokit, repository),
  });
};
