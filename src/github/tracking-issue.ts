import { explain } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { GitHubApiError, answeredStatus, gitHubSaid } from './errors.ts';
import { NoAnswerError, wireErrorOf } from './wire.ts';

/**
 * One tracking issue per audit: a failing audit opens it or updates the open one, a passing
 * audit closes it. The issue is found by a marker in its body, never by its title, which
 * people edit; and only in an issue whose author may hold the marker.
 */
export interface IssueApi {
  /**
   * The number of the open issue whose body holds `marker`, if any, among those whose author
   * `mayHoldMarker`.
   */
  findOpenIssue(marker: string): Promise<number | undefined>;
  createIssue(title: string, body: string): Promise<number>;
  updateIssue(issueNumber: number, title: string, body: string): Promise<void>;
  addComment(issueNumber: number, body: string): Promise<void>;
  closeIssue(issueNumber: number): Promise<void>;
}

/** The marker of the audit of these service users (ids are validated: no "-->" inside). */
export function trackingMarker(serviceUserIds: readonly string[]): string {
  return `<!-- devin-keys-action:audit ${[...serviceUserIds].sort().join(',')} -->`;
}

/**
 * GitHub refuses a longer issue body (HTTP 422). It counts characters; JS string length counts
 * UTF-16 units, never fewer, so a body that fits here fits there.
 */
export const MAX_ISSUE_BODY_LENGTH = 65_536;

/**
 * The issue body: the marker, then the summary. When the whole is too long for GitHub, the
 * summary is cut at a line boundary, so no table row is split, and a note says where the whole
 * is. Only a marker too long by itself (hundreds of long service user ids) is still refused.
 */
export function trackingIssueBody(
  marker: string,
  summary: string,
  runUrl: string | undefined,
): string {
  const whole = `${marker}\n${summary}`;
  if (whole.length <= MAX_ISSUE_BODY_LENGTH) return whole;
  // A blank line first ends the table, or the note would render as one more row.
  const limit = MAX_ISSUE_BODY_LENGTH.toLocaleString('en-US');
  const note =
    `\n\nThe table was cut here to fit GitHub's limit on issue bodies (${limit} characters); ` +
    `the run's job summary has it whole${runUrl === undefined ? '.' : `: ${runUrl}`}`;
  const lastBreak = whole.lastIndexOf('\n', MAX_ISSUE_BODY_LENGTH - note.length);
  return `${whole.slice(0, Math.max(lastBreak, marker.length))}${note}`;
}

/** Who opened an issue, as GitHub lists it. */
export interface IssueAuthor {
  /** `user.type`: 'Bot' for GitHub Apps, github-actions[bot] (GITHUB_TOKEN) among them. */
  userType: string | undefined;
  /** `author_association`: how the author stands to the repository. */
  authorAssociation: string | undefined;
}

/** The repository's owner, members of the organization that owns it, and collaborators. */
const TRUSTED_ASSOCIATIONS: ReadonlySet<string> = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

/**
 * Whether an issue by this author may be the tracking issue. The marker is predictable, so
 * anyone who may open an issue could plant it; the action would then rewrite or close their
 * issue. Only bots, which an administrator installs, and people the repository trusts count.
 */
export function mayHoldMarker(author: IssueAuthor): boolean {
  return (
    author.userType === 'Bot' ||
    (author.authorAssociation !== undefined && TRUSTED_ASSOCIATIONS.has(author.authorAssociation))
  );
}

interface AuditOutcome {
  failed: boolean;
  marker: string;
  title: string;
  /** The issue body (the summary table), without the marker. */
  body: string;
  /** Where the run can be seen, for comments. */
  runUrl: string | undefined;
}

/** Brings the tracking issue in line with the audit; says what it did. */
export async function syncTrackingIssue(api: IssueApi, outcome: AuditOutcome): Promise<string> {
  const existing = await api.findOpenIssue(outcome.marker);
  const body = trackingIssueBody(outcome.marker, outcome.body, outcome.runUrl);
  const seeRun = outcome.runUrl === undefined ? '' : ` See ${outcome.runUrl}.`;
  if (outcome.failed) {
    if (existing === undefined) {
      return `Opened tracking issue #${await api.createIssue(outcome.title, body)}.`;
    }
    await api.updateIssue(existing, outcome.title, body);
    await api.addComment(
      existing,
      `The audit failed again; the table above is up to date.${seeRun}`,
    );
    return `Updated tracking issue #${existing}.`;
  }
  if (existing === undefined) return 'No tracking issue is open; nothing to close.';
  await api.addComment(existing, `The audit passed: no key needs attention any more.${seeRun}`);
  await api.closeIssue(existing);
  return `Closed tracking issue #${existing}.`;
}

/**
 * Closes the issue that said the audit could not run, now that it did (its own verdict is in its
 * own issue); says what it did, or nothing when no such issue is open.
 */
export async function closeNotRunIssue(
  api: IssueApi,
  marker: string,
  runUrl: string | undefined,
): Promise<string> {
  const existing = await api.findOpenIssue(marker);
  if (existing === undefined) return '';
  const seeRun = runUrl === undefined ? '' : ` See ${runUrl}.`;
  await api.addComment(
    existing,
    `The audit runs again; its verdict is tracked on its own.${seeRun}`,
  );
  await api.closeIssue(existing);
  return `Closed tracking issue #${existing}, which said the audit could not run.`;
}

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

const RUN_AGAIN = 'run the job again; the audit above stands either way.';

/**
 * The warning when the tracking issue could not be kept (the audit's verdict stands): only a
 * refusal is blamed on the token's permissions. The action's own messages (an answer of the
 * wrong shape, a redirect refused, a limit, no answer) are said whole, with their own fix: they
 * quote what GitHub sent already.
 */
export function trackingIssueNotUpdated(repository: string, error: unknown): string {
  if (error instanceof GitHubApiError) return error.message;
  const wire = wireErrorOf(error);
  const problem = `Could not update the tracking issue in ${repository}`;
  if (wire instanceof NoAnswerError) {
    return explain({ problem: `${problem}: ${wire.message}.`, fix: RUN_AGAIN });
  }
  if (wire !== undefined) return `${problem}: ${wire.message}`;
  const status = answeredStatus(error);
  const refused = status === 401 || status === 403 || status === 404;
  return explain({
    problem:
      `${problem}${status === undefined ? '' : ` (HTTP ${status})`}: ` +
      `${quoteUntrusted(gitHubSaid(error))}.`,
    fix: refused
      ? 'give the job `permissions: { issues: write }` and pass github_token: ${{ github.token }}.'
      : RUN_AGAIN,
  });
}

/** What a dry run says of the tracking issue, which it leaves alone. */
export function trackingIssueDryRun(marker: string, failed: boolean): string {
  return (
    `Dry run: the tracking issue (marker ${marker}) would be ` +
    `${failed ? 'opened or updated' : 'closed if open'}; nothing was sent to GitHub.`
  );
}
