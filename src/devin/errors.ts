import type { z } from 'zod';
import {
  CREDENTIAL_KINDS,
  describeCredentialKind,
  type CredentialKind,
} from '../base/credentials.ts';
import { ApiError, explain, type Explanation } from '../base/errors.ts';
import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { MAX_RETRY_AFTER_MS } from './retry.ts';
import { LegacyErrorBody, ProblemDetailBody, ValidationErrorBody } from './schemas.ts';
import type { ApiResponse, NetworkError } from './transport.ts';

/** What a call was for, so that a failure can be explained in the user's terms. */
export interface CallContext {
  /** A phrase after "Could not": 'provision a service API key for organization "org-1"'. */
  purpose: string;
  /** The credential kind the endpoint needs. */
  credential: CredentialKind;
  apiVersion: 'v2' | 'v3';
  /** What, besides a wrong base_url, a 404 most likely means for this call. */
  notFound: string;
  /** The v3 permission the endpoint needs; ManageAccountServiceUsers when not given. */
  permission?: string;
  /** What a status particular to this endpoint means, and the fix (for example 400 on rotate). */
  statusHints?: Partial<Record<number, StatusHint>>;
  /** Set on calls that mint a key: how to find out whether a key was made after all. */
  mint?: { howToCheck: string };
}

/** What a status particular to one endpoint means: the problem, a phrase, and the fix. */
export interface StatusHint {
  problem: string;
  fix: string;
}

/** The API refused, failed or answered something unreadable; the message says what to do. */
export class DevinApiError extends ApiError {
  override readonly name: string = 'DevinApiError';
}

/**
 * A minting request was sent but its answer was lost or a server failure: a key may exist
 * that nobody received. Callers that can find it by name recover; others report the message.
 */
export class MintOutcomeUnknownError extends DevinApiError {
  override readonly name = 'MintOutcomeUnknownError';
}

/**
 * A minting request was answered with success, but the answer cannot be right (no token, not
 * JSON): a key was most likely made, and its token is unreadable. Not a lost answer: making the
 * key again would only make a second one.
 */
export class MintAnswerUnreadableError extends DevinApiError {
  override readonly name = 'MintAnswerUnreadableError';
}

type ErrorBody =
  | { kind: 'validation'; items: { loc: (string | number)[]; msg: string }[] }
  | { kind: 'message'; text: string }
  | { kind: 'none' };

/** Reads any of the three error body shapes; anything else counts as no body. */
export function readErrorBody(json: unknown): ErrorBody {
  const validation = ValidationErrorBody.safeParse(json);
  if (validation.success) return { kind: 'validation', items: validation.data.detail };
  const legacy = LegacyErrorBody.safeParse(json);
  if (legacy.success) return { kind: 'message', text: legacy.data.detail };
  const problem = ProblemDetailBody.safeParse(json);
  if (problem.success) {
    const { title, detail, errors } = problem.data;
    if (errors !== undefined && errors.length > 0) return { kind: 'validation', items: errors };
    return { kind: 'message', text: detail === undefined ? title : `${title}: ${detail}` };
  }
  return { kind: 'none' };
}

function devinSaid(body: ErrorBody): string {
  return body.kind === 'message' ? ` Devin said: ${quoteUntrusted(body.text)}.` : '';
}

function validationLines(body: ErrorBody): string {
  if (body.kind !== 'validation') return '';
  const lines = body.items.map(
    (item) => `  - ${quoteUntrusted(item.loc.join('.'))}: ${quoteUntrusted(item.msg)}`,
  );
  return `\n${lines.join('\n')}`;
}

function attemptsNote(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/** "Could not <purpose>: <problem>", then the likely causes and the fix. */
export function couldNot(purpose: string, { problem, causes, fix }: Explanation): string {
  return explain({ problem: `Could not ${purpose}: ${problem}`, causes, fix });
}

/**
 * How a call failed: an HTTP answer that is no success, no answer at all, or a success whose
 * body cannot be right (the terms that decide whether it may have made a key); told two ways.
 */
type Failure = (
  | { kind: 'http'; status: number }
  | { kind: 'network'; sent: boolean }
  | { kind: 'malformed'; status: number }
) & {
  /** The message when no key can exist. */
  explanation: Explanation;
  /** What happened, as a phrase the message about a key that may exist goes on from. */
  happened: string;
};

/** A key a failed call may have made, and how to find it. */
interface KeyLeft {
  made: 'maybe' | 'most likely';
  howToCheck: string;
}

/**
 * Whether a failed call may have made a key, worked out here only. Only a minting call can: it
 * may have when it was sent and got a server failure or no answer, and most likely did when it
 * succeeded with an answer that cannot be read. Undefined when no key can exist.
 */
function keyLeftBy(ctx: CallContext, failure: Failure): KeyLeft | undefined {
  if (ctx.mint === undefined) return undefined;
  const { howToCheck } = ctx.mint;
  switch (failure.kind) {
    case 'http':
      return failure.status >= 500 ? { made: 'maybe', howToCheck } : undefined;
    case 'network':
      return failure.sent ? { made: 'maybe', howToCheck } : undefined;
    case 'malformed':
      return { made: 'most likely', howToCheck };
  }
}

/** The error for a failed call: one that may have made a key says so, and how to check. */
function failureError(ctx: CallContext, failure: Failure): DevinApiError {
  const status = failure.kind === 'network' ? undefined : failure.status;
  const key = keyLeftBy(ctx, failure);
  if (key === undefined) {
    return new DevinApiError(couldNot(ctx.purpose, failure.explanation), status);
  }
  const message = keyMayExistMessage(ctx.purpose, failure.happened, key);
  return key.made === 'maybe'
    ? new MintOutcomeUnknownError(message, status)
    : new MintAnswerUnreadableError(message, status);
}

function keyMayExistMessage(purpose: string, happened: string, key: KeyLeft): string {
  const conclusion =
    key.made === 'maybe'
      ? ', after the request was sent. A key may have been created even though the action did not ' +
        'receive it; it was not retried, so that no second key is made.'
      : '. A key may have been created (most likely it was), but its token cannot be read; the ' +
        'request was not repeated, so that no second key is made.';
  return `Could not ${purpose}: ${happened}${conclusion}\n${key.howToCheck}`;
}

/** The error for an HTTP answer that is not a success. */
export function httpFailure(
  response: ApiResponse,
  ctx: CallContext,
  origin: string,
): DevinApiError {
  return failureError(ctx, {
    kind: 'http',
    status: response.status,
    explanation: explainHttpFailure(response, ctx, origin),
    happened: `the API failed with HTTP ${response.status}`,
  });
}

/** The error for a request that got no HTTP answer. */
export function networkFailure(
  failure: NetworkError,
  ctx: CallContext,
  origin: string,
  timeoutSeconds: number,
): DevinApiError {
  const happened = noAnswerPhrase(failure, origin, timeoutSeconds);
  return failureError(ctx, {
    kind: 'network',
    sent: failure.sent,
    explanation: explainNoAnswer(failure, happened),
    happened,
  });
}

/**
 * The error for a success answer whose body breaks the contract: `issues` from the schema, or
 * undefined when the body is not JSON at all.
 */
export function malformedBodyFailure(
  response: ApiResponse,
  ctx: CallContext,
  issues: readonly z.core.$ZodIssue[] | undefined,
): DevinApiError {
  const happened = malformedBodyPhrase(response.status, issues);
  return failureError(ctx, {
    kind: 'malformed',
    status: response.status,
    explanation: explainMalformedBody(happened),
    happened,
  });
}

function explainHttpFailure(response: ApiResponse, ctx: CallContext, origin: string): Explanation {
  const { status } = response;
  const body = readErrorBody(response.json);
  if (status >= 300 && status < 400) return explainRedirect(status, response.location);
  const hint = ctx.statusHints?.[status];
  if (hint !== undefined) return explainByHint(hint, status, body);
  switch (status) {
    case 401:
      return explainUnauthorized(ctx, body);
    case 403:
      return explainForbidden(ctx, body);
    case 404:
      return explainNotFound(ctx, body, origin);
    case 422:
      return explainInvalid(body);
    case 429:
      return explainRateLimited(response, body);
  }
  if (status >= 500) return explainServerFailure(response, body);
  return explainOtherStatus(status, body);
}

/** A status the action has no particular advice for: what Devin said, if anything. */
function explainOtherStatus(status: number, body: ErrorBody): Explanation {
  return { problem: `Devin answered HTTP ${status}.${devinSaid(body)}${validationLines(body)}` };
}

/** A status that means something particular for this endpoint (400 on rotate, say). */
function explainByHint(hint: StatusHint, status: number, body: ErrorBody): Explanation {
  return { problem: `${hint.problem} (HTTP ${status}).${devinSaid(body)}`, fix: hint.fix };
}

function explainRedirect(status: number, location: string | undefined): Explanation {
  const target = location === undefined ? 'another address' : quoteUntrusted(location);
  return {
    problem:
      `the API answered with a redirect (HTTP ${status}) to ${target}. The action never follows ` +
      'redirects, so the credential is never sent anywhere but base_url.',
    fix: 'if that address is your Devin API, set base_url to its origin.',
  };
}

function explainUnauthorized(ctx: CallContext, body: ErrorBody): Explanation {
  const needed = CREDENTIAL_KINDS[ctx.credential];
  return {
    problem: `Devin did not accept the credential in \`token\` (HTTP 401).${devinSaid(body)}`,
    causes:
      'the key is invalid, expired or revoked; or the secret passed as `token` is empty, ' +
      'truncated or holds extra text, so the Authorization header is missing or malformed.',
    fix:
      `check that the secret holds ${describeCredentialKind(ctx.credential)} exactly as it was ` +
      `shown, or make a new one in ${needed.madeIn} and update the secret.`,
  };
}

function explainForbidden(ctx: CallContext, body: ErrorBody): Explanation {
  const { cause, fix } = ctx.apiVersion === 'v2' ? forbiddenOnV2() : forbiddenOnV3(ctx);
  return {
    problem: `The credential is valid but not allowed to do this (HTTP 403).${devinSaid(body)}`,
    causes:
      `${cause}; the key is the wrong kind for the ${ctx.apiVersion} API, which needs ` +
      `${describeCredentialKind(ctx.credential)}; or the resource is outside the key's reach.`,
    fix,
  };
}

function forbiddenOnV2(): { cause: string; fix: string } {
  const adminKey = CREDENTIAL_KINDS['personal-key'].prefix;
  return {
    cause: "the key's user does not have the Enterprise admin role",
    fix: `use the personal API key (${adminKey}…) of a user with the Enterprise admin role.`,
  };
}

function forbiddenOnV3(ctx: CallContext): { cause: string; fix: string } {
  const needed = ctx.permission ?? 'ManageAccountServiceUsers';
  return {
    cause: `the service user lacks the ${needed} permission at enterprise level`,
    fix:
      `give the service user a role that holds ${needed} at enterprise level (Enterprise ` +
      'Settings > Service Users), or use the credential of one that has it.',
  };
}

function explainNotFound(ctx: CallContext, body: ErrorBody, origin: string): Explanation {
  return {
    problem: `Not found (HTTP 404).${devinSaid(body)}`,
    causes: `base_url (${origin}) is not the Devin API of your deployment; or ${ctx.notFound}.`,
    fix:
      'set base_url to https://api.devin.ai or to your dedicated Enterprise API domain, and ' +
      'check the ids given to the action.',
  };
}

function explainInvalid(body: ErrorBody): Explanation {
  const lines = validationLines(body);
  if (lines !== '') {
    return {
      problem: `Devin rejected the request as invalid (HTTP 422):${lines}`,
      fix: 'correct the inputs named above.',
    };
  }
  return {
    problem:
      'Devin rejected the request as invalid (HTTP 422) without naming what is wrong.' +
      devinSaid(body),
    fix:
      'check the inputs of this operation against the README; if they look right, report this ' +
      'to Devin support.',
  };
}

function explainRateLimited(response: ApiResponse, body: ErrorBody): Explanation {
  const limited = 'Devin is limiting the rate of requests (HTTP 429)';
  if (response.retryNotBefore === undefined) {
    return {
      problem: `${limited} and still was${attemptsNote(response.attempts)}.${devinSaid(body)}`,
      fix: 'run the job again later, spread out jobs that call the API, or raise max_retries.',
    };
  }
  const retryAt = isoTime(response.retryNotBefore);
  return {
    problem:
      `${limited} and asks to wait until ${retryAt}, longer than the action waits ` +
      `(${MAX_RETRY_AFTER_MS / 1000} s), so it stopped at once.${devinSaid(body)}`,
    fix: `run the job again after ${retryAt}, or spread out jobs that call the API.`,
  };
}

function explainServerFailure(response: ApiResponse, body: ErrorBody): Explanation {
  const { status, attempts } = response;
  return {
    problem: `the Devin API failed (HTTP ${status})${attemptsNote(attempts)}.${devinSaid(body)}`,
    fix: "the fault is on the API's side; run the job again later.",
  };
}

/** "no answer from https://api.devin.ai within 30 s after 3 attempts" */
function noAnswerPhrase(failure: NetworkError, origin: string, timeoutSeconds: number): string {
  const attempts = attemptsNote(failure.attempts);
  return failure.reason === 'timeout'
    ? `no answer from ${origin} within ${timeoutSeconds} s${attempts}`
    : `the connection to ${origin} failed (${failure.message})${attempts}`;
}

function explainNoAnswer(failure: NetworkError, happened: string): Explanation {
  if (!failure.sent && failure.reason !== 'connection') {
    // Never reached the API: nothing was made, whatever the call was for.
    return {
      problem: `${failure.message}${attemptsNote(failure.attempts)}.`,
      fix:
        failure.reason === 'refused'
          ? 'check the token and base_url inputs (a secret pasted with a stray character is the ' +
            'usual cause).'
          : 'check the proxy settings of the runner (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and that ' +
            'the proxy lets the runner reach the Devin API.',
    };
  }
  return {
    problem: `${happened}.`,
    fix:
      failure.reason === 'timeout'
        ? 'check that base_url is reachable from the runner, or raise timeout_seconds.'
        : 'check base_url and that the runner can reach it (proxy settings, firewall, DNS).',
  };
}

function malformedBodyPhrase(
  status: number,
  issues: readonly z.core.$ZodIssue[] | undefined,
): string {
  const answered = `the API answered HTTP ${status} with a body that`;
  return issues === undefined
    ? `${answered} is not JSON`
    : `${answered} does not match the API contract (${describeIssues(issues)})`;
}

function explainMalformedBody(happened: string): Explanation {
  return {
    problem: `${happened}.`,
    fix:
      'check that base_url points at the Devin API and not at a proxy or web page; if it does, ' +
      'report this to Devin support.',
  };
}

/** 'field "items.0.created_at": Invalid input: expected number, received undefined' */
function describeIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const described = issues.slice(0, max).map((issue) => {
    const path = issue.path.map(String).join('.') || '(the body)';
    return `field ${quoteUntrusted(path)}: ${issue.message}`;
  });
  if (issues.length > max) described.push(`and ${issues.length - max} more`);
  return described.join('; ');
}
