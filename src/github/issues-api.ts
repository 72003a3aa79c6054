import { unexpectedAnswer } from './errors.ts';
import type { Octokit } from './octokit.ts';
import { CreatedIssue, IssuePage } from './schemas.ts';
import { mayHoldMarker, type IssueApi } from './tracking-issue.ts';

/** Open issues searched for the marker; past this many pages, the action opens a new one. */
const MAX_ISSUE_PAGES = 10;

/** The tracking issue's calls on GitHub's REST API, in one repository (owner/repo). */
export function octokitIssueApi(octokit: Octokit, repository: string): IssueApi {
  const [owner = '', repo = ''] = repository.split('/');
  const { issues } = octokit.rest;
  const issue = (issueNumber: number) => ({ owner, repo, issue_number: issueNumber });
  return {
    async findOpenIssue(marker) {
      let pages = 0;
      const listing = { owner, repo, state: 'open', per_page: 100 } as const;
      for await (const { data } of octokit.paginate.iterator(issues.listForRepo, listing)) {
        const page = IssuePage.safeParse(data);
        if (!page.success) {
          throw unexpectedAnswer(`list the open issues of ${repository}`, page.error.issues);
        }
        const found = page.data.find(
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
      const created = CreatedIssue.safeParse(
        (await issues.create({ owner, repo, title, body })).data,
      );
      if (!created.success) {
        throw unexpectedAnswer(`open the tracking issue in ${repository}`, created.error.issues);
      }
      return created.data.number;
    },
    async updateIssue(issueNumber, title, body) {
      await issues.update({ ...issue(issueNumber), title, body });
    },
    async addComment(issueNumber, body) {
      await issues.createComment({ ...issue(issueNumber), body });
    },
    async closeIssue(issueNumber) {
      await issues.update({ ...issue(issueNumber), state: 'closed', state_reason: 'completed' });
    },
  };
}
