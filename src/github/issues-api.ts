import { getOctokit } from '@actions/github';
import { mayHoldMarker, type IssueApi } from './tracking-issue.ts';

/** Open issues searched for the marker; past this many, the action opens a new one. */
const MAX_ISSUE_PAGES = 10;

/** Where the job runs, as the runner's environment says. */
interface WorkflowRun {
  /** owner/repo */
  repository: string;
  /** The run's page, for comments; undefined when the environment does not say. */
  runUrl: string | undefined;
}

export function workflowRun(getEnv: (name: string) => string | undefined): WorkflowRun {
  const repository = getEnv('GITHUB_REPOSITORY') ?? '';
  const server = getEnv('GITHUB_SERVER_URL');
  const runId = getEnv('GITHUB_RUN_ID');
  const runUrl = server && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
  return { repository, runUrl };
}

/**
 * The tracking issue's calls on GitHub's REST API. @actions/github reads GITHUB_API_URL, so
 * GitHub Enterprise Server works as it is.
 */
export function githubIssueApi(githubToken: string, repository: string): IssueApi {
  const octokit = getOctokit(githubToken);
  const [owner = '', repo = ''] = repository.split('/');
  const issue = (issueNumber: number) => ({ owner, repo, issue_number: issueNumber });
  return {
    async findOpenIssue(marker) {
      let pages = 0;
      for await (const { data } of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
        owner,
        repo,
        state: 'open',
        per_page: 100,
      })) {
        const found = data.find(
          (candidate) =>
            candidate.pull_request === undefined &&
            candidate.body?.includes(marker) === true &&
            mayHoldMarker({
              userType: candidate.user?.type,
              authorAssociation: candidate.author_association,
            }),
        );
        if (found !== undefined) return found.number;
        if (++pages >= MAX_ISSUE_PAGES) return undefined;
      }
      return undefined;
    },
    async createIssue(title, body) {
      const { data } = await octokit.rest.issues.create({ owner, repo, title, body });
      return data.number;
    },
    async updateIssue(issueNumber, title, body) {
      await octokit.rest.issues.update({ ...issue(issueNumber), title, body });
    },
    async addComment(issueNumber, body) {
      await octokit.rest.issues.createComment({ ...issue(issueNumber), body });
    },
    async closeIssue(issueNumber) {
      await octokit.rest.issues.update({
        ...issue(issueNumber),
        state: 'closed',
        state_reason: 'completed',
      });
    },
  };
}
