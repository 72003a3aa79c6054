import type { Octokit } from './octokit.ts';
import { mayHoldMarker, type IssueApi } from './tracking-issue.ts';

/** Open issues searched for the marker; past this many, the action opens a new one. */
const MAX_ISSUE_PAGES = 10;

/** The tracking issue's calls on GitHub's REST API, in one repository (owner/repo). */
export function octokitIssueApi(octokit: Octokit, repository: string): IssueApi {
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
