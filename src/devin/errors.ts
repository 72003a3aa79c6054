import type { z } from 'zod';
import {
  CREDENTIAL_KINDS,
  describeCredentialKind,
  type CredentialKind,
} from '../base/credentials.ts';
import { ApiError } from '../base/errors.ts';
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
  statusHints?: Partial<Record<number, { problem: string; fix: string }>>;
  /** Set on calls that mint a key: how to find out whether a key was made after all. */
  mint?: { howToCheck: string };
}

/** The API refused, failed or answered something unreadable; the message says what to do. */
export class DevinApiError extends ApiError {
  override readonly name: string = 'DevinApiError';
}

/**
 * A minting request was sent but its answer was lost, failed or unreadable: a key may exist
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

function explainUnauthorized(ctx: CallContext, body: ErrorBody): string {
  const needed = CREDENTIAL_KINDS[ctx.credential];
  return [
    `Devin did not accept the credential in \`token\` (HTTP 401).${devinSaid(body)}`,
    'Likely causes: the key is invalid, expired or revoked; or the secret passed as `token` is empty, truncated or holds extra text, so the Authorization header is missing or malformed.',
    `Fix: check that the secret holds ${describeCredentialKind(ctx.credential)} exactly as it was shown, or make a new one in ${needed.madeIn} and update the secret.`,
  ].join('\n');
}

function explainForbidden(ctx: CallContext, body: ErrorBody): string {
  const needed = ctx.permission ?? 'ManageAccountServiceUsers';
  const permission =
    ctx.apiVersion === 'v2'
      ? "the key's user does not have the Enterprise admin role"
      : `the service user lacks the ${needed} permission at enterprise level`;
  const fix =
    ctx.apiVersion === 'v2'
      ? `use the personal API key (${CREDENTIAL_KINDS['personal-key'].prefix}…) of a user with the Enterprise admin role.`
      : `give the service user a role that holds ${needed} at enterprise level (Enterprise Settings > Service Users), or use the credential of one that has it.`;
  return [
    `The credential is valid but not allowed to do this (HTTP 403).${devinSaid(body)}`,
    `Likely causes: ${permission}; the key is the wrong kind for the ${ctx.apiVersion} API, which needs ${describeCredentialKind(ctx.credential)}; or the resource is outside the key's reach.`,
    `Fix: ${fix}`,
  ].join('\n');
}

function explainNotFound(ctx: CallContext, body: ErrorBody, origin: string): string {
  return [
    `Not found (HTTP 404).${devinSaid(body)}`,
    `Likely causes: base_url (${origin}) is not the Devin API of your deployment; or ${ctx.notFound}.`,
    'Fix: set base_url to https://api.devin.ai or to your dedicated Enterprise API domain, and check the ids given to the action.',
  ].join('\n');
}

/** The error for an HTTP answer that is not a success. */
export function httpFailure(
  response: ApiResponse,
  ctx: CallContext,
  origin: string,
): DevinApiError {
  const message = explainHttpFailure(response, ctx, origin);
  const mayHaveMinted = ctx.mint !== undefined && response.status >= 500;
  return mayHaveMinted
    ? new MintOutcomeUnknownError(message, response.status)
    : new DevinApiError(message, response.status);
}

function explainHttpFailure(response: ApiResponse, ctx: CallContext, origin: string): string {
  const { status, attempts } = response;
  const body = readErrorBody(response.json);
  const head = `Could not ${ctx.purpose}: `;
  if (status >= 300 && status < 400) {
    const target =
      response.location === undefined ? 'another address' : quoteUntrusted(response.location);
    return `${head}the API answered with a redirect (HTTP ${status}) to ${target}. The action never follows redirects, so the credential is never sent anywhere but base_url.\nFix: if that address is your Devin API, set base_url to its origin.`;
  }
  if (ctx.mint !== undefined && status >= 500) {
    return mintUnknownMessage(ctx, `the API failed with HTTP ${status}`);
  }
  const hint = ctx.statusHints?.[status];
  if (hint !== undefined) {
    return `${head}${hint.problem} (HTTP ${status}).${devinSaid(body)}\nFix: ${hint.fix}`;
  }
  switch (status) {
    case 401:
      return head + explainUnauthorized(ctx, body);
    case 403:
      return head + explainForbidden(ctx, body);
    case 404:
      return head + explainNotFound(ctx, body, origin);
    case 422: {
      const lines = validationLines(body);
      if (lines !== '') {
        return `${head}Devin rejected the request as invalid (HTTP 422):${lines}\nFix: correct the inputs named above.`;
      }
      return `${head}Devin rejected the request as invalid (HTTP 422) without naming what is wrong.${devinSaid(body)}\nFix: check the inputs of this operation against the README; if they look right, report this to Devin support.`;
    }
    case 429:
      if (response.retryNotBefore !== undefined) {
        return `${head}Devin is limiting the rate of requests (HTTP 429) and asks to wait until ${isoTime(response.retryNotBefore)}, longer than the action waits (${MAX_RETRY_AFTER_MS / 1000} s), so it stopped at once.${devinSaid(body)}\nFix: run the job again after ${isoTime(response.retryNotBefore)}, or spread out jobs that call the API.`;
      }
      return `${head}Devin is limiting the rate of requests (HTTP 429) and still was${attemptsNote(attempts)}.${devinSaid(body)}\nFix: run the job again later, spread out jobs that call the API, or raise max_retries.`;
  }
  if (status >= 500) {
    return `${head}the Devin API failed (HTTP ${status})${attemptsNote(attempts)}.${devinSaid(body)}\nFix: the fault is on the API's side; run the job again later.`;
  }
  return `${head}Devin answered HTTP ${status}.${devinSaid(body)}${validationLines(body)}`;
}

/** The error for a request that got no HTTP answer. */
export function networkFailure(
  failure: NetworkError,
  ctx: CallContext,
  origin: string,
  timeoutSeconds: number,
): DevinApiError {
  const attempts = attemptsNote(failure.attempts);
  if (!failure.sent && failure.reason !== 'connection') {
    // Never reached the API: nothing was made, whatever the call was for.
    const fix =
      failure.reason === 'refused'
        ? 'Fix: check the token and base_url inputs (a secret pasted with a stray character is the usual cause).'
        : 'Fix: check the proxy settings of the runner (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and that the proxy lets the runner reach the Devin API.';
    return new DevinApiError(`Could not ${ctx.purpose}: ${failure.message}${attempts}.\n${fix}`);
  }
  const what =
    failure.reason === 'timeout'
      ? `no answer from ${origin} within ${timeoutSeconds} s${attempts}`
      : `the connection to ${origin} failed (${failure.message})${attempts}`;
  if (ctx.mint !== undefined && failure.sent) {
    return new MintOutcomeUnknownError(mintUnknownMessage(ctx, what));
  }
  const fix =
    failure.reason === 'timeout'
      ? 'Fix: check that base_url is reachable from the runner, or raise timeout_seconds.'
      : 'Fix: check base_url and that the runner can reach it (proxy settings, firewall, DNS).';
  return new DevinApiError(`Could not ${ctx.purpose}: ${what}.\n${fix}`);
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
  const what =
    issues === undefined
      ? `the API answered HTTP ${response.status} with a body that is not JSON`
      : `the API answered HTTP ${response.status} with a body that does not match the API contract (${describeIssues(issues)})`;
  // A minting call that succeeded made a key, even if its token cannot be read.
  if (ctx.mint !== undefined) {
    return new MintAnswerUnreadableError(
      `Could not ${ctx.purpose}: ${what}. A key may have been created (most likely it was), but its token cannot be read; the request was not repeated, so that no second key is made.\n${ctx.mint.howToCheck}`,
      response.status,
    );
  }
  return new DevinApiError(
    `Could not ${ctx.purpose}: ${what}.\nFix: check that base_url points at the Devin API and not at a proxy or web page; if it does, report this to Devin support.`,
    response.status,
  );
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

function mintUnknownMessage(ctx: CallContext, what: string): string {
  return `Could not ${ctx.purpose}: ${what}, after the request was sent. A key may have been created even though the action did not receive it; it was not retried, so that no second key is made.\n${ctx.mint?.howToCheck ?? ''}`;
}
