import { randomBytes } from 'node:crypto';
import { ActionError, explain, messageOf } from '../base/errors.ts';
import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { counted } from '../base/words.ts';
import type { DevinClient } from '../devin/client.ts';
import { MintAnswerUnreadableError, MintOutcomeUnknownError } from '../devin/errors.ts';
import type { ApiKeyResponse, ApiKeyWithTokenResponse } from '../devin/schemas.ts';
import type { CreateInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import {
  CREATED_KEY_STATE,
  type CreatedKeyState,
  type PendingKeyState,
} from './created-key-state.ts';
import { nowSeconds } from './dependencies.ts';
import { runKeyName } from './run-key-name.ts';
import { expiresAtSeconds, outputMintedKey } from './minted-key.ts';
import { describeLostKeys, findLostKeys, ownServiceUserId } from './service-user.ts';

/** Creating is tried this often when its answer is lost; each loss is cleaned up first. */
const MAX_CREATE_ATTEMPTS = 2;

/** The key a create makes: its name, whether that name is this run's alone, and its expiry. */
interface KeyToCreate {
  name: string;
  nameIsUnique: boolean;
  expiresAt: number;
}

/** One create: the client, the service user, the key, and what the operation was handed. */
interface CreateRun {
  client: DevinClient;
  serviceUserId: string;
  key: KeyToCreate;
  context: OperationContext;
}

// The messages of a create, beside the flow that raises them.

const LOST = 'Could not create a key: the answer to the create was lost';

function ambiguousLostKeys(run: CreateRun, lost: readonly ApiKeyResponse[]): string {
  return explain({
    problem:
      `${LOST}, and service user ${quoteUntrusted(run.serviceUserId)} has ` +
      `${counted(lost.length, 'active key')} named ${quoteUntrusted(run.key.name)} made since: ` +
      `${describeLostKeys(lost)}. The name cannot tell the key this run made from another job's, ` +
      'so none was revoked.',
    fix:
      'revoke the key nobody holds by its api_key_id (operation revoke), or leave key_name empty ' +
      'so that each run names its key uniquely.',
  });
}

function lostKeyRevoked(lost: ApiKeyResponse, name: string): string {
  return (
    `Revoked key ${quoteUntrusted(lost.api_key_id)} named ${quoteUntrusted(name)}: it was ` +
    'created, but the answer that carried its token was lost.'
  );
}

function lookupFailed(name: string, error: unknown): string {
  return (
    `${LOST}, and looking for the key it may have made failed too: ${messageOf(error)}\n` +
    `A key named ${quoteUntrusted(name)} may exist that nobody holds. Revoke it with operation ` +
    'revoke and key_name, or in Enterprise Settings > Service Users.'
  );
}

function unreadableCleanedUp(error: Error, revoked: number): string {
  const left =
    revoked === 0
      ? 'No key with its name was found active.'
      : `The key it made was revoked (${revoked}), so none is left behind.`;
  return `${error.message}\n${left}`;
}

function answerLostWarning(name: string, error: Error): string {
  return (
    `The answer to creating key ${quoteUntrusted(name)} was lost; a key may exist that nobody ` +
    `holds. Looking for it by name to revoke it.\n${error.message}`
  );
}

function notSentAgain(run: CreateRun): string {
  const name = quoteUntrusted(run.key.name);
  return explain({
    problem:
      `${LOST}, and no active key named ${name} was found yet. The API may still make it, so ` +
      'the create was not sent again: a second key would be made.',
    fix:
      `list the keys of service user ${quoteUntrusted(run.serviceUserId)} (operation audit, or ` +
      `Enterprise Settings > Service Users), revoke any named ${name} that nobody holds, and ` +
      'run the job again; or leave key_name empty so that each run names its key uniquely.',
  });
}

function lostTooOften(attempts: number, revoked: number, origin: string): string {
  const left =
    revoked === 0
      ? 'No key was left behind'
      : `The key it made was revoked (${revoked}), so none is left behind`;
  return explain({
    problem: `Could not create a key: the answer to the create was lost ${attempts} times. ${left}.`,
    fix: `run the job again later; if it keeps happening, check the network between the runner and ${origin}.`,
  });
}

function retryLine(revoked: number): string {
  return revoked === 0
    ? 'No key had been made; creating it once more.'
    : `Revoked ${counted(revoked, 'lost key')}; creating the key once more.`;
}

function describeKeyToCreate(run: CreateRun): string {
  return (
    `key ${quoteUntrusted(run.key.name)} for service user ${quoteUntrusted(run.serviceUserId)}, ` +
    `expiring ${isoTime(run.key.expiresAt)}`
  );
}

function createdLine(
  minted: ApiKeyWithTokenResponse,
  expiresAt: number,
  revokeOnExit: boolean,
): string {
  return (
    `Created key ${quoteUntrusted(minted.api_key_id)} (${quoteUntrusted(minted.api_key_name)}), ` +
    `expiring ${isoTime(expiresAt)}. It is masked in the log; later steps read it from the ` +
    `api_key output.${revokeOnExit ? ' It will be revoked when the job ends.' : ''}`
  );
}

/** A lost key cannot be told apart from another job's: it is left alone, and the run fails. */
class AmbiguousLostKeyError extends ActionError {}

/**
 * Revokes keys that a lost create may have made. Their tokens are gone for good, so nobody can
 * use them. Only a name unique to this run tells its key apart: with a name the user chose,
 * a match may be a sibling job's key, so none is revoked and the run fails, naming them.
 */
async function revokeLostKeys(run: CreateRun, sentAtSeconds: number): Promise<number> {
  const { client, serviceUserId, key } = run;
  const lost = await findLostKeys(client, serviceUserId, key.name, sentAtSeconds);
  if (lost.length > 0 && !key.nameIsUnique) {
    throw new AmbiguousLostKeyError(ambiguousLostKeys(run, lost));
  }
  for (const found of lost) {
    await client.revokeServiceUserKey(serviceUserId, found.api_key_id);
    run.context.runtime.warning(lostKeyRevoked(found, key.name));
  }
  return lost.length;
}

/** Cleans up after a create whose answer was lost or unreadable; the error says how it ended. */
async function cleanUpAfter(run: CreateRun, sentAtSeconds: number): Promise<number> {
  try {
    return await revokeLostKeys(run, sentAtSeconds);
  } catch (cleanupError) {
    if (cleanupError instanceof AmbiguousLostKeyError) throw cleanupError;
    throw new ActionError(lookupFailed(run.key.name, cleanupError));
  }
}

/**
 * Creates the key so that none is left behind: when the answer to the create is lost after the
 * request was sent, the key may exist with nobody holding its token. It is found by its name,
 * revoked, and the create is tried once more. A success answer that cannot be right (no token)
 * is cleaned up the same way, but not tried again: it would only happen again.
 */
async function createWithoutOrphans(
  run: CreateRun,
  beforeSending: (sentAtSeconds: number) => void,
): Promise<ApiKeyWithTokenResponse> {
  const { client } = run;
  const { runtime } = run.context;
  for (let attempt = 1; ; attempt++) {
    const sentAt = nowSeconds(run.context.dependencies);
    if (attempt === 1) beforeSending(sentAt);
    try {
      return await client.createServiceUserKey(run.serviceUserId, run.key);
    } catch (error) {
      if (error instanceof MintAnswerUnreadableError) {
        throw new ActionError(unreadableCleanedUp(error, await cleanUpAfter(run, sentAt)));
      }
      if (!(error instanceof MintOutcomeUnknownError)) throw error;
      runtime.warning(answerLostWarning(run.key.name, error));
      const revoked = await cleanUpAfter(run, sentAt);
      // The API may still be making the first key: only a name unique to this run lets a key
      // that shows up later be told apart, so with a name of the user's the create is not sent
      // again.
      if (!run.key.nameIsUnique) throw new ActionError(notSentAgain(run));
      if (attempt >= MAX_CREATE_ATTEMPTS) {
        throw new ActionError(lostTooOften(attempt, revoked, client.origin));
      }
      runtime.info(retryLine(revoked));
    }
  }
}

/** Creates a short-lived key for a service user, revoked by the post step when the job ends. */
export async function create(inputs: CreateInputs, context: OperationContext): Promise<void> {
  const { runtime } = context;
  const name =
    inputs.keyName ??
    runKeyName((variable) => runtime.getEnv(variable), randomBytes(4).toString('hex'));
  await withDevinClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const expiresAt = expiresAtSeconds(inputs.expiry, nowSeconds(context.dependencies));
    const key = { name, nameIsUnique: inputs.keyName === undefined, expiresAt };
    const run: CreateRun = { client, serviceUserId, key, context };
    if (inputs.dryRun) {
      runtime.info(
        'Dry run: the inputs and the credential kind are valid. A real run would create ' +
          `${describeKeyToCreate(run)}${inputs.revokeOnExit ? ', and revoke it when the job ends' : ''}` +
          '; nothing was created.',
      );
      return;
    }
    runtime.startGroup(`Creating ${describeKeyToCreate(run)}`);
    let minted: ApiKeyWithTokenResponse;
    try {
      minted = await createWithoutOrphans(run, (sentAt) => {
        // Should the job be cancelled while the create is in flight, the post step can still
        // find the key by its name and revoke it. Never a token: state is not masked.
        if (!inputs.revokeOnExit) return;
        const pending: PendingKeyState = {
          serviceUserId,
          apiKeyName: name,
          nameIsUnique: key.nameIsUnique,
          sentAt,
          expiresAt,
        };
        runtime.saveState(CREATED_KEY_STATE, JSON.stringify(pending));
      });
    } catch (error) {
      // The run accounted for every key it may have made (revoked, or named in the error): the
      // pending state is withdrawn, so the post step does not look again.
      if (inputs.revokeOnExit) runtime.saveState(CREATED_KEY_STATE, '');
      throw error;
    } finally {
      runtime.endGroup();
    }
    // Saved before the key is handed out, so the post step revokes it whatever happens next.
    if (inputs.revokeOnExit) {
      const state: CreatedKeyState = {
        serviceUserId,
        apiKeyId: minted.api_key_id,
        // The name this run gave it, which the post step checks before it revokes anything.
        apiKeyName: name,
        expiresAt,
      };
      runtime.saveState(CREATED_KEY_STATE, JSON.stringify(state));
    }
    outputMintedKey(runtime, minted, expiresAt);
    runtime.info(createdLine(minted, expiresAt, inputs.revokeOnExit));
    await runtime.appendSummary(
      keySummary({
        heading: 'Devin API key created',
        serviceUserId,
        apiKeyId: minted.api_key_id,
        apiKeyName: minted.api_key_name,
        expiresAt,
        notes: [
          inputs.revokeOnExit
            ? 'Revoked when the job ends (revoke_on_exit).'
            : 'Kept after the job (revoke_on_exit: false).',
        ],
      }),
    );
  });
}
