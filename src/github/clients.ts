import type { IssueApi } from './tracking-issue.ts';
import type { SecretsApi } from './secrets.ts';

/** How to reach GitHub's REST API: the token, where, and how long one call may take. */
export interface GitHubConnection {
  token: string;
  /** GITHUB_API_URL as the runner gives it (GitHub Enterprise Server has its own). */
  baseUrl: string;
  /** Every call ends within this, as the Devin calls do. */
  timeoutMs: number;
  /** Where the client's own diagnostics go (the step's debug log); never printed raw. */
  debug: (message: string) => void;
}

/** The GitHub calls the operations make, one client per concern. */
export interface GitHubClients {
  secrets: SecretsApi;
  /** The tracking issue's calls in one repository (owner/repo). */
  issues(repository: string): IssueApi;
}

/** Opens GitHub's REST API: injected, so that a test can hand in clients of its own. */
export type ConnectGitHub = (connection: GitHubConnection) => Promise<GitHubClients>;
