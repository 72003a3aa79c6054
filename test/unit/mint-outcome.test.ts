/**
 * Whether a failed call may have made a key, and the error that says so: worked out in one
 * place for the three ways a call fails (an HTTP failure, no answer, an unreadable success).
 * Pure: the failures are built here, no request is sent.
 */
import {
  DevinApiError,
  MintAnswerUnreadableError,
  MintOutcomeUnknownError,
  httpFailure,
  malformedBodyFailure,
  networkFailure,
  type CallContext,
} from '../../src/devin/errors.ts';
import type { NetworkFailureReason } from '../../src/base/network-failure.ts';
import { NetworkError, type ApiResponse } from '../../src/devin/transport.ts';

const ORIGIN = 'https://api.devin.ai';
const READ: CallContext = {
  purpose: 'list the API keys of service user "su-1"',
  credential: 'service-user-credential',
  apiVersion: 'v3',
  notFound: 'service user "su-1" does not exist in your enterprise',
};
const HOW_TO_CHECK = 'To check: list the keys of service user "su-1".';
const MINT: CallContext = {
  ...READ,
  purpose: 'create an API key named "ci" for service user "su-1"',
  mint: { howToCheck: HOW_TO_CHECK },
};

function answer(status: number, json?: unknown): ApiResponse {
  return {
    status,
    contentType: 'application/json',
    json,
    malformed: false,
    location: undefined,
    attempts: 1,
  };
}

function noAnswer(reason: NetworkFailureReason, sent: boolean): NetworkError {
  return new NetworkError({ reason, sent, message: `${reason} happened` }, 1);
}

const KEY_MAY_EXIST = 'A key may have been created';

describe('a call that mints', () => {
  test('a server failure after the request was sent may have made a key', () => {
    const error = httpFailure(answer(503, { detail: 'busy' }), MINT, ORIGIN);

    expect(error).toBeInstanceOf(MintOutcomeUnknownError);
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      'Could not create an API key named "ci" for service user "su-1": the API failed with HTTP ' +
        '503, after the request was sent. A key may have been created even though the action did ' +
        `not receive it; it was not retried, so that no second key is made.\n${HOW_TO_CHECK}`,
    );
  });

  test.each([302, 400, 401, 403, 404, 409, 422, 429])(
    'HTTP %i: the request was not carried out, so no key can exist',
    (status) => {
      const error = httpFailure(answer(status), MINT, ORIGIN);

      expect(error).toBeInstanceOf(DevinApiError);
      expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
      expect(error).not.toBeInstanceOf(MintAnswerUnreadableError);
      expect(error.status).toBe(status);
      expect(error.message).not.toContain(KEY_MAY_EXIST);
    },
  );

  test.each<NetworkFailureReason>(['timeout', 'connection'])(
    'no answer (%s) to a request that was sent may have made a key; there is no status',
    (reason) => {
      const error = networkFailure(noAnswer(reason, true), MINT, ORIGIN, 30);

      expect(error).toBeInstanceOf(MintOutcomeUnknownError);
      expect(error.status).toBeUndefined();
      expect(error.message).toContain(`${KEY_MAY_EXIST} even though the action did not receive it`);
      expect(error.message.endsWith(`\n${HOW_TO_CHECK}`)).toBe(true);
    },
  );

  test.each<NetworkFailureReason>(['timeout', 'connection', 'proxy', 'refused'])(
    'no answer (%s) to a request that never left made no key',
    (reason) => {
      const error = networkFailure(noAnswer(reason, false), MINT, ORIGIN, 30);

      expect(error).toBeInstanceOf(DevinApiError);
      expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
      expect(error.message).not.toContain(KEY_MAY_EXIST);
      expect(error.message).toContain('\nFix: ');
    },
  );

  test('a success with an unreadable answer most likely made a key, which is not made again', () => {
    const error = malformedBodyFailure(answer(201), MINT, undefined);

    expect(error).toBeInstanceOf(MintAnswerUnreadableError);
    expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
    expect(error.status).toBe(201);
    expect(error.message).toBe(
      'Could not create an API key named "ci" for service user "su-1": the API answered HTTP 201 ' +
        'with a body that is not JSON. A key may have been created (most likely it was), but its ' +
        `token cannot be read; the request was not repeated, so that no second key is made.\n${HOW_TO_CHECK}`,
    );
  });
});

describe('a call that does not mint', () => {
  test("a server failure is the API's fault, with how often it was tried", () => {
    const error = httpFailure({ ...answer(503), attempts: 3 }, READ, ORIGIN);

    expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      'Could not list the API keys of service user "su-1": the Devin API failed (HTTP 503) after ' +
        "3 attempts.\nFix: the fault is on the API's side; run the job again later.",
    );
  });

  test('no answer to a request that was sent names the origin and the time it waited', () => {
    const error = networkFailure(noAnswer('timeout', true), READ, ORIGIN, 30);

    expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
    expect(error.message).toBe(
      'Could not list the API keys of service user "su-1": no answer from https://api.devin.ai ' +
        'within 30 s.\nFix: check that base_url is reachable from the runner, or raise ' +
        'timeout_seconds.',
    );
  });

  test('an unreadable success points at base_url, not at a key', () => {
    const error = malformedBodyFailure(answer(200), READ, undefined);

    expect(error).not.toBeInstanceOf(MintAnswerUnreadableError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('with a body that is not JSON.\nFix: check that base_url');
  });
});
