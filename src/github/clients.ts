import type { ProxyEnvironment } from '../base/network-failure.ts';
import type { RepositoryApi } from './repositories-api.ts';
import type { SecretsApi } from './secrets.ts';
import type { IssueApi } from './tracking-issue.ts';

/** How patient to be with GitHub, and the clock and chance that patience runs on. */
export interface GitHubPatience {
  /** Every attempt ends within this, as the Devin calls do. */
  timeoutMs: number;
  /** Retries of an attempt that failed (5xx, a lost connection). */
  maxRetries: number;
  /** The longest GitHub may make the run wait (a limit's reset); longer ends the run's calls. */
  maxWaitMs: number;
  /** How long GitHub's second lasts: 1,000 ms; less only against a loopback stand-in. */
  secondMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** The proxy variables of the runner's environment. */
  env: ProxyEnvironment;
}

/** How to reach GitHub's REST API, and how patient to be with it. */
export interface GitHubConnection extends GitHubPatience {
  token: string;
  /** GITHUB_API_URL, validated: https (or loopback http), no trailing slash. */
  baseUrl: URL;
  /** The client's diagnostics (debug log) and its waits for GitHub's limits (the log). */
  debug: (message: string) => void;
  info: (message: string) => void;
}

/** The GitHub calls the operations make, one client per concern, on one token. */
export interface GitHubClients {
  secrets: SecretsApi;
  repositories: RepositoryApi;
  /** The tracking issue's calls in one repository (owner/repo). */
  issues(repository: string): IssueApi;
  /** Lets go of the connections; the clients are not used after. */
  close(): Promise<void>;
}

/** Opens GitHub's REST API: injected, so that a test can hand in clients of its own. */
export type ConnectGitHub = (connection: GitHubConnection) => Promise<GitHubClients>;
