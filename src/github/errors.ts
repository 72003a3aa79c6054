import type { z } from 'zod';
import { ApiError, messageOf } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import {
  LimitBeyondWaitError,
  NoAnswerError,
  RedirectRefusedError,
  WireError,
  wireErrorOf,
} from './wire.ts';

/** What a failed call tells beyond its message. */
interface FailureScope {
  /**
   * The cause holds for every repository the run would touch (the token is rejected or lacks a
   * permission, GitHub said to wait longer than the run waits, GITHUB_API_URL leads elsewhere),
   * so nothing more is tried.
   */
  everyTarget: boolean;
  /** The call may have been carried out all the same (a 5xx, an answer lost after sending). */
  mayHaveTakenEffect: boolean;
}

/** A GitHub call failed; the message says what to do. */
export class GitHubApiError extends ApiError {
  override readonly name = 'GitHubApiError';
  readonly everyTarget: boolean;
  readonly mayHaveTakenEffect: boolean;

  constructor(message: string, status: number | undefined, scope: FailureScope) {
    super(message, status);
    this.everyTarget = scope.everyTarget;
    this.mayHaveTakenEffect = scope.mayHaveTakenEffect;
  }
}

/** What a refusal of one call means, by status, for the message: the cause and the fix. */
export interface RefusalHints {
  /** 404: what, besides a wrong GITHUB_API_URL, was not found or not visible. */
  notFound: string;
  /** 403 that is no rate limit: the permission the token lacks, and how to grant it. */
  forbidden: string;
}

const NOT_GITHUB_FIX =
  "Fix: check that GITHUB_API_URL is GitHub's REST API (for GitHub Enterprise Server, " +
  'https://<host>/api/v3).';

/**
 * An answer to a GET whose body GitHub never sends (see `unreadableBody`): refused before
 * Octokit reads it, as the wire refuses what it cannot use.
 */
export class UnreadableAnswerError extends WireError {
  override readonly name = 'UnreadableAnswerError';

  constructor(problem: string) {
    super(`GitHub's answer ${problem}. ${NOT_GITHUB_FIX}`);
  }
}

/** What to do when GitHub gave no answer: the wire tried as often as max_retries allows. */
const NO_ANSWER_FIX =
  "Fix: run the job again; if it keeps failing, check GitHub's status, GITHUB_API_URL and any " +
  'proxy (HTTPS_PROXY, NO_PROXY).';

const TOKEN_REJECTED =
  'GitHub does not accept github_token (expired or revoked). Fix: pass a valid token.';

/**
 * The HTTP status of GitHub's answer to a failed call, when GitHub answered at all. Octokit
 * gives a call whose fetch threw status 500 and no response: that status was never sent.
 */
export function answeredStatus(error: unknown): number | undefined {
  if (wireErrorOf(error) !== undefined) return undefined;
  const { status, response } = (error ?? {}) as { status?: unknown; response?: unknown };
  return typeof status === 'number' && response !== undefined ? status : undefined;
}

/**
 * What went wrong, in a phrase: that no answer came (and why), or GitHub's own message of an
 * error answer without Octokit's " - documentation_url" tail.
 */
export function gitHubSaid(error: unknown): string {
  const wire = wireErrorOf(error);
  if (wire !== undefined) return wire.message;
  const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
  const message = (data as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : messageOf(error);
}

/**
 * The error of a failed call (one already told is passed on as it is): `doing` is a phrase
 * after "Could not" ('write secret "K" of repository "acme/web"'). No answer, a refused
 * redirect and a wait too long are said as what they are, never as an HTTP status GitHub did
 * not send.
 */
export function gitHubFailure(doing: string, error: unknown, hints: RefusalHints): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const wire = wireErrorOf(error);
  if (wire !== undefined) {
    const everyTarget =
      wire instanceof LimitBeyondWaitError ||
      wire instanceof UnreadableAnswerError ||
      (wire instanceof RedirectRefusedError && !wire.sameOrigin);
    const noAnswer = wire instanceof NoAnswerError;
    const mayHaveTakenEffect = noAnswer && wire.failure.sent;
    const message = `Could not ${doing}: ${wire.message}${noAnswer ? `. ${NO_ANSWER_FIX}` : ''}`;
    return new GitHubApiError(message, undefined, { everyTarget, mayHaveTakenEffect });
  }
  const status = answeredStatus(error);
  const head = `Could not ${doing}${status === undefined ? '' : ` (HTTP ${status})`}`;
  const refused = { everyTarget: false, mayHaveTakenEffect: false };
  switch (status) {
    case 401:
      return new GitHubApiError(`${head}: ${TOKEN_REJECTED}`, status, {
        ...refused,
        everyTarget: true,
      });
    case 403:
      return new GitHubApiError(`${head}: ${hints.forbidden}`, status, {
        ...refused,
        everyTarget: true,
      });
    case 404:
      return new GitHubApiError(`${head}: ${hints.notFound}`, status, refused);
    default:
      return new GitHubApiError(
        `${head}: ${quoteUntrusted(gitHubSaid(error))}. Fix: run the job again; if it keeps ` +
          "failing, check GitHub's status and GITHUB_API_URL.",
        status,
        { everyTarget: false, mayHaveTakenEffect: status === undefined || status >= 500 },
      );
  }
}

/**
 * A success GitHub does not document for the call, as a proxy or a portal in its place would
 * answer: whether the call was carried out is not known.
 */
export function undocumentedSuccess(
  doing: string,
  status: number,
  documented: string,
): GitHubApiError {
  return new GitHubApiError(
    `Could not ${doing}: the answer was HTTP ${status}, where GitHub answers ${documented}, so ` +
      `whether it was done is not known. ${NOT_GITHUB_FIX}`,
    status,
    { everyTarget: true, mayHaveTakenEffect: true },
  );
}

/** 'field "items.0.number": Invalid input: expected number, received string' */
function describeIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  return issues
    .slice(0, max)
    .map(
      (issue) =>
        `field ${quoteUntrusted(issue.path.map(String).join('.') || '(the body)')}: ${issue.message}`,
    )
    .join('; ');
}

/** A success answer that does not have the shape GitHub documents. */
export function unexpectedAnswer(
  doing: string,
  issues: readonly z.core.$ZodIssue[],
): GitHubApiError {
  return new GitHubApiError(
    `Could not ${doing}: GitHub's answer does not have the documented shape ` +
      `(${describeIssues(issues)}). ${NOT_GITHUB_FIX}`,
    undefined,
    { everyTarget: true, mayHaveTakenEffect: false },
  );
}
