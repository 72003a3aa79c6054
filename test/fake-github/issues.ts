/**
 * The issues of one repository (the tracking issue): list, open, read, edit and comment, with
 * GitHub's validation and its 65,536-character limit on bodies.
 */
import { pageOf } from './paging.ts';
import { DOCS, HttpProblem, notFound, unparsableJson, type Answer } from './problems.ts';

/** Who opened an issue, as GitHub's `user` field shows it. */
export interface IssueAuthor {
  login: string;
  type: 'User' | 'Bot' | 'Organization';
}

/** GitHub's `author_association`: how the author stands to the repository. */
export type AuthorAssociation =
  | 'OWNER'
  | 'MEMBER'
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'MANNEQUIN'
  | 'NONE';

/** The author of issues opened with a workflow's GITHUB_TOKEN. */
export const GITHUB_ACTIONS_BOT: IssueAuthor = { login: 'github-actions[bot]', type: 'Bot' };

/** The author of a seed that names none: someone with no write access to the repository. */
export const OUTSIDER: IssueAuthor = { login: 'octocat', type: 'User' };

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  author: IssueAuthor;
  authorAssociation: AuthorAssociation;
  state: 'open' | 'closed';
  stateReason: string | null;
  /** GitHub lists pull requests among issues, marked with a `pull_request` field. */
  isPullRequest: boolean;
  /** The bodies of the comments, oldest first. */
  comments: string[];
}

export interface SeedIssue {
  title: string;
  body?: string | null;
  /** Default OUTSIDER, with author_association NONE. */
  author?: IssueAuthor;
  authorAssociation?: AuthorAssociation;
  state?: 'open' | 'closed';
  isPullRequest?: boolean;
}

/** GitHub refuses an issue or comment body longer than this many characters. */
export const MAX_BODY_LENGTH = 65_536;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where GitHub's error answer points, by the call that sent the body. */
const BODY_DOCS = {
  create: `${DOCS}/issues/issues#create-an-issue`,
  update: `${DOCS}/issues/issues#update-an-issue`,
  comment: `${DOCS}/issues/comments#create-an-issue-comment`,
} as const;

/** GitHub's answer to a body past its limit, word for word. */
function refuseLongBody(text: string | undefined, call: keyof typeof BODY_DOCS): void {
  if (text === undefined || text.length <= MAX_BODY_LENGTH) return;
  throw new HttpProblem(422, 'Validation Failed', {
    errors: [
      {
        resource: call === 'comment' ? 'IssueComment' : 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
      },
    ],
    documentation_url: BODY_DOCS[call],
  });
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new HttpProblem(422, 'Validation Failed', {
      errors: [{ resource: 'Issue', code: 'invalid', field }],
    });
  }
  return value;
}

export class IssueTracker {
  private readonly tracked: FakeIssue[];
  private nextCommentId = 9_000_001;
  private readonly userIds = new Map<string, number>([[GITHUB_ACTIONS_BOT.login, 41898282]]);
  private readonly created = '2026-01-05T10:00:00Z';
  private readonly repoHtml: string;

  private readonly repository: string;
  private readonly apiOrigin: () => string;

  /** `apiOrigin` is read late: the server knows its port only once it listens. */
  constructor(repository: string, seeds: readonly SeedIssue[], apiOrigin: () => string) {
    this.repository = repository;
    this.apiOrigin = apiOrigin;
    this.tracked = seeds.map((seed, index) => ({
      number: index + 1,
      title: seed.title,
      body: seed.body ?? null,
      author: seed.author ?? OUTSIDER,
      authorAssociation: seed.authorAssociation ?? 'NONE',
      state: seed.state ?? 'open',
      stateReason: null,
      isPullRequest: seed.isPullRequest ?? false,
      comments: [],
    }));
    this.repoHtml = `https://github.com/${repository}`;
  }

  /** The issues as they are now, pull requests included, by number. */
  snapshot(): FakeIssue[] {
    return this.tracked.map((issue) => ({ ...issue, comments: [...issue.comments] }));
  }

  private get repoApi(): string {
    return `${this.apiOrigin()}/repos/${this.repository}`;
  }

  /** GitHub's simple user: the same login always has the same id. */
  private userJson(user: IssueAuthor): Record<string, unknown> {
    let id = this.userIds.get(user.login);
    if (id === undefined) {
      id = 1_000_000 + this.userIds.size;
      this.userIds.set(user.login, id);
    }
    return { login: user.login, id, type: user.type };
  }

  private issueJson(issue: FakeIssue): Record<string, unknown> {
    const kind = issue.isPullRequest ? 'pull' : 'issues';
    const { repoApi, repoHtml, created } = this;
    return {
      id: 5_000_000 + issue.number,
      node_id: `I_fake${issue.number}`,
      url: `${repoApi}/issues/${issue.number}`,
      repository_url: repoApi,
      comments_url: `${repoApi}/issues/${issue.number}/comments`,
      html_url: `${repoHtml}/${kind}/${issue.number}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      locked: false,
      user: this.userJson(issue.author),
      labels: [],
      assignees: [],
      comments: issue.comments.length,
      created_at: created,
      updated_at: created,
      closed_at: issue.state === 'closed' ? created : null,
      author_association: issue.authorAssociation,
      ...(issue.isPullRequest
        ? {
            pull_request: {
              url: `${repoApi}/pulls/${issue.number}`,
              html_url: `${repoHtml}/pull/${issue.number}`,
              diff_url: `${repoHtml}/pull/${issue.number}.diff`,
              patch_url: `${repoHtml}/pull/${issue.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
    };
  }

  private find(issueNumber: string): FakeIssue {
    const found = this.tracked.find((issue) => String(issue.number) === issueNumber);
    if (found === undefined) throw notFound();
    return found;
  }

  list(query: Record<string, string>): Answer {
    const state = query.state ?? 'open';
    const listed = this.tracked
      .filter((issue) => state === 'all' || issue.state === state)
      .sort((a, b) => b.number - a.number);
    const page = pageOf(listed, query, `${this.repoApi}/issues`);
    return {
      status: 200,
      body: page.items.map((issue) => this.issueJson(issue)),
      headers: page.link === undefined ? {} : { link: page.link },
    };
  }

  get(issueNumber: string): Answer {
    return { status: 200, body: this.issueJson(this.find(issueNumber)) };
  }

  create(body: unknown): Answer {
    if (!isRecord(body)) throw unparsableJson();
    const title = optionalString(body, 'title');
    if (title === undefined || title === '') {
      throw new HttpProblem(422, 'Validation Failed', {
        errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
      });
    }
    const text = optionalString(body, 'body');
    refuseLongBody(text, 'create');
    const issue: FakeIssue = {
      number: this.tracked.reduce((max, existing) => Math.max(max, existing.number), 0) + 1,
      title,
      body: text ?? null,
      // The action's GITHUB_TOKEN opens issues as the Actions bot, with no association.
      author: GITHUB_ACTIONS_BOT,
      authorAssociation: 'NONE',
      state: 'open',
      stateReason: null,
      isPullRequest: false,
      comments: [],
    };
    this.tracked.push(issue);
    return { status: 201, body: this.issueJson(issue) };
  }

  update(issueNumber: string, body: unknown): Answer {
    const issue = this.find(issueNumber);
    if (!isRecord(body)) throw unparsableJson();
    const title = optionalString(body, 'title');
    const text = optionalString(body, 'body');
    const state = optionalString(body, 'state');
    const stateReason = optionalString(body, 'state_reason');
    if (state !== undefined && state !== 'open' && state !== 'closed') {
      throw new HttpProblem(422, 'Validation Failed', {
        errors: [{ resource: 'Issue', code: 'invalid', field: 'state' }],
      });
    }
    refuseLongBody(text, 'update');
    if (title !== undefined) issue.title = title;
    if (text !== undefined) issue.body = text;
    if (state !== undefined) {
      issue.state = state;
      issue.stateReason = state === 'closed' ? (stateReason ?? 'completed') : 'reopened';
    }
    return { status: 200, body: this.issueJson(issue) };
  }

  comment(issueNumber: string, body: unknown): Answer {
    const issue = this.find(issueNumber);
    if (!isRecord(body)) throw unparsableJson();
    const text = optionalString(body, 'body');
    if (text === undefined || text === '') {
      throw new HttpProblem(422, 'Validation Failed', {
        errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
      });
    }
    refuseLongBody(text, 'comment');
    issue.comments.push(text);
    const id = this.nextCommentId++;
    return {
      status: 201,
      body: {
        id,
        node_id: `IC_fake${id}`,
        url: `${this.repoApi}/issues/comments/${id}`,
        html_url: `${this.repoHtml}/issues/${issue.number}#issuecomment-${id}`,
        issue_url: `${this.repoApi}/issues/${issue.number}`,
        body: text,
        user: this.userJson(GITHUB_ACTIONS_BOT),
        created_at: this.created,
        updated_at: this.created,
      },
    };
  }
}
