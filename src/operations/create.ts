import { randomBytes } from 'node:crypto';
import type { DevinClient } from '../devin/client.ts';
import { MintOutcomeUnknownError } from '../devin/errors.ts';
import type { ApiKeyWithTokenResponse } from '../devin/schemas.ts';
import { ActionError, messageOf } from '../base/errors.ts';
import { MAX_KEY_NAME_LENGTH, type CreateInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { Runtime } from '../base/runtime.ts';
import { CREATED_KEY_STATE, type CreatedKeyState } from './created-key-state.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { isoTime } from '../base/time.ts';
import { expiresAtSeconds, outputMintedKey } from './minted-key.ts';
import { listKeys, ownServiceUserId } from './service-user.ts';

/** Creating is tried this often when its answer is lost; each loss is cleaned up first. */
const MAX_CREATE_ATTEMPTS = 2;
/** Clocks of the runner and the API may differ by this much when matching a lost key. */
const CLOCK_SKEW_SECONDS = 300;

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

/**
 * Revokes keys that a lost create may have made: this name, made since the request left.
 * Their tokens are gone for good, so nobody can use them.
 */
async function revokeLostKeys(
  client: DevinClient,
  runtime: Runtime,
  serviceUserId: string,
  name: string,
  sentAtSeconds: number,
): Promise<number> {
  const lost = (await listKeys(client, serviceUserId, 'active')).filter(
    (key) => key.api_key_name === name && key.created_at >= sentAtSeconds - CLOCK_SKEW_SECONDS,
  );
  for (const key of lost) {
    await client.revokeServiceUserKey(serviceUserId, key.api_key_id);
    runtime.warning(
      `Revoked key ${quoteUntrusted(key.api_key_id)} named ${quoteUntrusted(name)}: it was created, but the answer that carried its token was lost.`,
    );
  }
  return lost.length;
}

/**
 * Creates the key so that none is left behind: when the answer to the create is lost after the
 * request was sent, the key may exist with nobody holding its token. It is found by its name,
 * revoked, and the create is tried once more.
 */
async function createWithoutOrphans(
  client: DevinClient,
  runtime: Runtime,
  serviceUserId: string,
  key: { name: string; expiresAt: number },
  nowSeconds: () => number,
): Promise<ApiKeyWithTokenResponse> {
  for (let attempt = 1; ; attempt++) {
    const sentAt = nowSeconds();
    try {
      return await client.createServiceUserKey(serviceUserId, key);
    } catch (error) {
      if (!(error instanceof MintOutcomeUnknownError)) throw error;
      runtime.warning(
        `The answer to creating key ${quoteUntrusted(key.name)} was lost; a key may exist that nobody holds. Looking for it by name to revoke it.\n${error.message}`,
      );
      let revoked: number;
      try {
        revoked = await revokeLostKeys(client, runtime, serviceUserId, key.name, sentAt);
      } catch (cleanupError) {
        throw new ActionError(
          `Could not create a key: the answer to the create was lost, and looking for the key it may have made failed too: ${messageOf(cleanupError)}\nA key named ${quoteUntrusted(key.name)} may exist that nobody holds. Revoke it with operation revoke and key_name, or in Enterprise Settings > Service Users.`,
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
        { name, expiresAt },
        nowSeconds,
      );
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
