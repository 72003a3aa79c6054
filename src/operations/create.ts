import { randomBytes } from 'node:crypto';
import type { DevinClient } from '../devin/client.ts';
import { MintAnswerUnreadableError, MintOutcomeUnknownError } from '../devin/errors.ts';
import type { ApiKeyWithTokenResponse } from '../devin/schemas.ts';
import { ActionError, messageOf } from '../base/errors.ts';
import { MAX_KEY_NAME_LENGTH, type CreateInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { Runtime } from '../base/runtime.ts';
import {
  CREATED_KEY_STATE,
  type CreatedKeyState,
  type PendingKeyState,
} from './created-key-state.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { isoTime } from '../base/time.ts';
import { expiresAtSeconds, outputMintedKey } from './minted-key.ts';
import { describeLostKeys, findLostKeys, ownServiceUserId } from './service-user.ts';

/** Creating is tried this often when its answer is lost; each loss is cleaned up first. */
const MAX_CREATE_ATTEMPTS = 2;

/**
 * A name unique to this run, so that a key whose answer was lost can be found again:
 * repository, run id and attempt, job, and a random tag (matrix jobs share a job id).
 */
function runKeyName(getEnv: Runtime['getEnv'], tag: string): string {
  const parts = [
    getEnv('GITHUB_REPOSITORY') ?? 'local',
    `run ${getEnv('GITHUB_RUN_ID') ?? '0'}.${getEnv('GITHUB_RUN_ATTEMPT') ?? '1'}`,
    getEnv('GITHUB_JOB') ?? 'job',
    tag,
  ];
  const name = parts.join(' ');
  // Keep the tag, which makes it unique, when a long repository name must be cut.
  return name.length <= MAX_KEY_NAME_LENGTH
    ? name
    : `${name.slice(0, MAX_KEY_NAME_LENGTH - tag.length - 2)}… ${tag}`;
}

/** A lost key cannot be told apart from another job's: it is left alone, and the run fails. */
class AmbiguousLostKeyError extends ActionError {}

/**
 * Revokes keys that a lost create may have made. Their tokens are gone for good, so nobody can
 * use them. Only a name unique to this run tells its key apart: with a name the user chose,
 * a match may be a sibling job's key, so none is revoked and the run fails, naming them.
 */
async function revokeLostKeys(
  client: DevinClient,
  runtime: Runtime,
  serviceUserId: string,
  key: { name: string; nameIsUnique: boolean },
  sentAtSeconds: number,
): Promise<number> {
  const lost = await findLostKeys(client, serviceUserId, key.name, sentAtSeconds);
  if (lost.length > 0 && !key.nameIsUnique) {
    throw new AmbiguousLostKeyError(
      `Could not create a key: the answer to the create was lost, and service user ${quoteUntrusted(serviceUserId)} has ${lost.length} active key${lost.length === 1 ? '' : 's'} named ${quoteUntrusted(key.name)} made since: ${describeLostKeys(lost)}. The name cannot tell the key this run made from another job's, so none was revoked.\nFix: revoke the key nobody holds by its api_key_id (operation revoke), or leave key_name empty so that each run names its key uniquely.`,
    );
  }
  for (const found of lost) {
    await client.revokeServiceUserKey(serviceUserId, found.api_key_id);
    runtime.warning(
      `Revoked key ${quoteUntrusted(found.api_key_id)} named ${quoteUntrusted(key.name)}: it was created, but the answer that carried its token was lost.`,
    );
  }
  return lost.length;
}

/** Cleans up after a create whose answer was lost or unreadable; the error says how it ended. */
async function cleanUpAfter(
  client: DevinClient,
  runtime: Runtime,
  serviceUserId: string,
  key: { name: string; nameIsUnique: boolean },
  sentAtSeconds: number,
): Promise<number> {
  try {
    return await revokeLostKeys(client, runtime, serviceUserId, key, sentAtSeconds);
  } catch (cleanupError) {
    if (cleanupError instanceof AmbiguousLostKeyError) throw cleanupError;
    throw new ActionError(
      `Could not create a key: the answer to the create was lost, and looking for the key it may have made failed too: ${messageOf(cleanupError)}\nA key named ${quoteUntrusted(key.name)} may exist that nobody holds. Revoke it with operation revoke and key_name, or in Enterprise Settings > Service Users.`,
    );
  }
}

/**
 * Creates the key so that none is left behind: when the answer to the create is lost after the
 * request was sent, the key may exist with nobody holding its token. It is found by its name,
 * revoked, and the create is tried once more. A success answer that cannot be right (no token)
 * is cleaned up the same way, but not tried again: it would only happen again.
 */
async function createWithoutOrphans(
  client: DevinClient,
  runtime: Runtime,
  serviceUserId: string,
  key: { name: string; nameIsUnique: boolean; expiresAt: number },
  nowSeconds: () => number,
  beforeSending: (sentAtSeconds: number) => void,
): Promise<ApiKeyWithTokenResponse> {
  for (let attempt = 1; ; attempt++) {
    const sentAt = nowSeconds();
    if (attempt === 1) beforeSending(sentAt);
    try {
      return await client.createServiceUserKey(serviceUserId, key);
    } catch (error) {
      if (error instanceof MintAnswerUnreadableError) {
        const revoked = await cleanUpAfter(client, runtime, serviceUserId, key, sentAt);
        throw new ActionError(
          `${error.message}\n${revoked === 0 ? 'No key with its name was found active.' : `The key it made was revoked (${revoked}), so none is left behind.`}`,
        );
      }
      if (!(error instanceof MintOutcomeUnknownError)) throw error;
      runtime.warning(
        `The answer to creating key ${quoteUntrusted(key.name)} was lost; a key may exist that nobody holds. Looking for it by name to revoke it.\n${error.message}`,
      );
      const revoked = await cleanUpAfter(client, runtime, serviceUserId, key, sentAt);
      // The API may still be making the first key: only a name unique to this run lets a key
      // that shows up later be told apart, so with a name of the user's the create is not sent
      // again.
      if (!key.nameIsUnique) {
        throw new ActionError(
          `Could not create a key: the answer to the create was lost, and no active key named ${quoteUntrusted(key.name)} was found yet. The API may still make it, so the create was not sent again: a second key would be made.\nFix: list the keys of service user ${quoteUntrusted(serviceUserId)} (operation audit, or Enterprise Settings > Service Users), revoke any named ${quoteUntrusted(key.name)} that nobody holds, and run the job again; or leave key_name empty so that each run names its key uniquely.`,
        );
      }
      if (attempt >= MAX_CREATE_ATTEMPTS) {
        throw new ActionError(
          `Could not create a key: the answer to the create was lost ${attempt} times. ${revoked === 0 ? 'No key was left behind' : `The key it made was revoked (${revoked}), so none is left behind`}.\nFix: run the job again later; if it keeps happening, check the network between the runner and ${client.origin}.`,
        );
      }
      runtime.info(
        revoked === 0
          ? 'No key had been made; creating it once more.'
          : `Revoked ${revoked} lost key${revoked === 1 ? '' : 's'}; creating the key once more.`,
      );
    }
  }
}

/** Creates a short-lived key for a service user, revoked by the post step when the job ends. */
export async function create(inputs: CreateInputs, context: OperationContext): Promise<void> {
  const { runtime, dependencies } = context;
  const nowSeconds = (): number => Math.floor((dependencies.now ?? Date.now)() / 1000);
  const name =
    inputs.keyName ??
    runKeyName((variable) => runtime.getEnv(variable), randomBytes(4).toString('hex'));
  const client = openDevinClient(inputs, context);
  try {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const expiresAt = expiresAtSeconds(inputs.expiry, nowSeconds());
    const what = `key ${quoteUntrusted(name)} for service user ${quoteUntrusted(serviceUserId)}, expiring ${isoTime(expiresAt)}`;
    if (inputs.dryRun) {
      runtime.info(
        `Dry run: the inputs and the credential kind are valid. A real run would create ${what}${inputs.revokeOnExit ? ', and revoke it when the job ends' : ''}; nothing was created.`,
      );
      return;
    }
    runtime.startGroup(`Creating ${what}`);
    let minted: ApiKeyWithTokenResponse;
    try {
      minted = await createWithoutOrphans(
        client,
        runtime,
        serviceUserId,
        { name, nameIsUnique: inputs.keyName === undefined, expiresAt },
        nowSeconds,
        (sentAt) => {
          // Should the job be cancelled while the create is in flight, the post step can still
          // find the key by its name and revoke it. Never a token: state is not masked.
          if (!inputs.revokeOnExit) return;
          const pending: PendingKeyState = {
            serviceUserId,
            apiKeyName: name,
            nameIsUnique: inputs.keyName === undefined,
            sentAt,
            expiresAt,
          };
          runtime.saveState(CREATED_KEY_STATE, JSON.stringify(pending));
        },
      );
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
        apiKeyName: minted.api_key_name,
        expiresAt,
      };
      runtime.saveState(CREATED_KEY_STATE, JSON.stringify(state));
    }
    outputMintedKey(runtime, minted, expiresAt);
    runtime.info(
      `Created key ${quoteUntrusted(minted.api_key_id)} (${quoteUntrusted(minted.api_key_name)}), expiring ${isoTime(expiresAt)}. It is masked in the log; later steps read it from the api_key output.${inputs.revokeOnExit ? ' It will be revoked when the job ends.' : ''}`,
    );
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
  } finally {
    await client.close();
  }
}
