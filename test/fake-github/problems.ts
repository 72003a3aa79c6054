/**
 * GitHub's answers and its refusals, word for word where the documentation or a recorded answer
 * gives the words: every error carries `message`, `documentation_url` and the status as a string.
 */
import type { TokenKind } from './tokens.ts';

export const DOCS = 'https://docs.github.com/rest';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class HttpProblem extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

/** GitHub's error body; a problem that names its own documentation_url keeps it. */
export function problemAnswer(problem: HttpProblem, documentationUrl: string): Answer {
  return {
    status: problem.status,
    body: {
      message: problem.message,
      documentation_url: documentationUrl,
      status: String(problem.status),
      ...problem.extra,
    },
  };
}

export const notFound = (): HttpProblem => new HttpProblem(404, 'Not Found');

export const badCredentials = (): HttpProblem => new HttpProblem(401, 'Bad credentials');

export const unparsableJson = (): HttpProblem => new HttpProblem(400, 'Problems parsing JSON');

/** A fine-grained token or an installation lacking a permission on a repository it can see. */
export function notAccessible(kind: TokenKind): HttpProblem {
  const by = kind === 'installation' ? 'integration' : 'personal access token';
  return new HttpProblem(403, `Resource not accessible by ${by}`);
}

/** Any write to an archived repository. */
export const archivedRefusal = (): HttpProblem =>
  new HttpProblem(403, 'Repository was archived so is read-only.');

/**
 * A repository GitHub disabled (terms of service, billing): every call on it is refused, as
 * GitHub answers a blocked repository, while listings still show it with `disabled: true`.
 */
export function blockedRefusal(htmlUrl: string, blockedAt: string): HttpProblem {
  return new HttpProblem(403, 'Repository access blocked', {
    block: { reason: 'tos', created_at: blockedAt, html_url: htmlUrl },
  });
}

/** `/installation/repositories` asked with anything but an installation's token. */
export const notAnInstallation = (): HttpProblem =>
  new HttpProblem(
    403,
    'You must authenticate with an installation access token in order to list repositories for an installation.',
  );

export const PRIMARY_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
export const SECONDARY_LIMIT_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/** "2025-07-18 11:22:54 UTC", as GitHub stamps a primary-limit refusal. */
function supportTimestamp(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The message of a used-up primary budget, naming whose budget it is. */
export function primaryLimitMessage(
  kind: TokenKind,
  id: number,
  requestId: string,
  atMs: number,
): string {
  const whose = kind === 'installation' ? 'installation' : 'user';
  return (
    `API rate limit exceeded for ${whose} ID ${id}. If you reach out to GitHub Support for help, ` +
    `please include the request ID ${requestId} and timestamp ${supportTimestamp(atMs)}.`
  );
}

export function secondaryLimitMessage(requestId: string): string {
  return (
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
    `If you reach out to GitHub Support for help, please include the request ID ${requestId}.`
  );
}

const REDIRECT_MESSAGES: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

/** GitHub's body of a redirect (a renamed or moved repository): the message and where to go. */
export function redirectBody(status: number, location: string | undefined): unknown {
  return {
    message: REDIRECT_MESSAGES[status] ?? 'Redirect',
    url: location,
    documentation_url:
      'https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects',
  };
}
