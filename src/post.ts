import { messageOf } from './base/errors.ts';
import { maskSecret, type Runtime } from './base/runtime.ts';
import { isoTime } from './base/time.ts';
import { quoteUntrusted } from './base/untrusted.ts';
import { counted } from './base/words.ts';
import type { DevinClient } from './devin/client.ts';
import { parseCommonInputs, ranCreateWithRevokeOnExit, SECRET_INPUTS } from './inputs/parsers.ts';
import {
  CREATED_KEY_STATE,
  isPending,
  parseCreatedKeyState,
  type CreatedKeyState,
  type PendingKeyState,
} from './operations/created-key-state.ts';
import { withDevinClient } from './operations/context.ts';
import { nowSeconds, withDefaults, type Dependencies } from './operations/dependencies.ts';
import { isNamedForThisRun } from './operations/run-key-name.ts';

type SavedKey = CreatedKeyState | PendingKeyState;

const NOT_REVOKED = { title: 'Devin API key not revoked' };

/** 'key "k-1" ("run key") of service user "su-1"', or by name alone while it was pending. */
function describeSavedKey(key: SavedKey): string {
  const user = `of service user ${quoteUntrusted(key.serviceUserId)}`;
  return isPending(key)
    ? `key named ${quoteUntrusted(key.apiKeyName)} ${user}`
    : `key ${quoteUntrusted(key.apiKeyId)} (${quoteUntrusted(key.apiKeyName)}) ${user}`;
}

function ambiguousPendingKeys(key: PendingKeyState, found: number, candidates: string): string {
  return (
    `The main step ended before the answer to creating key ${quoteUntrusted(key.apiKeyName)} ` +
    `came back, and service user ${quoteUntrusted(key.serviceUserId)} has ` +
    `${counted(found, 'active key')} with that name made since: ${candidates}. The name cannot ` +
    "tell this job's key from another's, so none was revoked.\nRevoke the one nobody holds by " +
    'its api_key_id (operation revoke), or in Enterprise Settings > Service Users.'
  );
}

function notRevoked(key: SavedKey | undefined, error: unknown): string {
  const which =
    key === undefined
      ? 'the key this job created'
      : isPending(key)
        ? `the ${describeSavedKey(key)}`
        : `key ${quoteUntrusted(key.apiKeyId)} of service user ${quoteUntrusted(key.serviceUserId)}`;
  // A pending key's expiry is not saved: say only what is known.
  const expiry =
    key === undefined || isPending(key)
      ? ''
      : key.expiresAt
        ? `; it expires on its own at ${isoTime(key.expiresAt)}`
        : '; it never expires, so until then it stays active';
  return (
    `Could not revoke ${which} when the job ended: ${messageOf(error)}\nRevoke it by hand ` +
    `(operation revoke, or Enterprise Settings > Service Users)${expiry}.`
  );
}

function notThisRunsKey(key: SavedKey): string {
  return (
    `The saved state names the ${describeSavedKey(key)}, whose name is not one this run gives ` +
    '(its repository, run and job, or the key_name input), so it was not revoked: the state is ' +
    "not this run's. An earlier step of the job may have written STATE_created_key to " +
    '$GITHUB_ENV; check the steps before this one.'
  );
}

function renamedKey(key: CreatedKeyState, actualName: string): string {
  return (
    `Key ${quoteUntrusted(key.apiKeyId)} of service user ${quoteUntrusted(key.serviceUserId)} is ` +
    `named ${quoteUntrusted(actualName)}, not ${quoteUntrusted(key.apiKeyName)} as the saved ` +
    "state says, so it was not revoked: it is not this run's key. An earlier step of the job may " +
    'have written STATE_created_key to $GITHUB_ENV; check the steps before this one.'
  );
}

/** The waits before each further look for a key whose create was in flight: 10 s in all. */
export const PENDING_LOOKS_AFTER_MS = [500, 1_500, 3_000, 5_000] as const;

function noPendingKey(key: PendingKeyState): string {
  const seconds = PENDING_LOOKS_AFTER_MS.reduce((total, ms) => total + ms, 0) / 1000;
  return (
    `No active key named ${quoteUntrusted(key.apiKeyName)} of service user ` +
    `${quoteUntrusted(key.serviceUserId)} (looked ${PENDING_LOOKS_AFTER_MS.length + 1} times ` +
    `over ${seconds} s): nothing to revoke.`
  );
}

/** The key a create made before the job was cancelled under it, found by its unique name. */
async function revokePendingKey(
  runtime: Runtime,
  client: DevinClient,
  key: PendingKeyState,
  sleep: Dependencies['sleep'],
): Promise<void> {
  const { findLostKeys, describeLostKeys } = await import('./operations/service-user.ts');
  const look = () => findLostKeys(client, key.serviceUserId, key.apiKeyName, key.sentAt);
  let found = await look();
  // The API may make the key a moment after a listing: a few more looks, 10 s in all.
  for (const waitMs of PENDING_LOOKS_AFTER_MS) {
    if (found.length > 0) break;
    await sleep(waitMs);
    found = await look();
  }
  if (found.length === 0) {
    runtime.info(noPendingKey(key));
    return;
  }
  if (!key.nameIsUnique) {
    runtime.warning(ambiguousPendingKeys(key, found.length, describeLostKeys(found)), NOT_REVOKED);
    return;
  }
  for (const lost of found) {
    await client.revokeServiceUserKey(key.serviceUserId, lost.api_key_id);
    runtime.info(
      `Revoked key ${quoteUntrusted(lost.api_key_id)} (${quoteUntrusted(key.apiKeyName)}) of ` +
        `service user ${quoteUntrusted(key.serviceUserId)}: it was created for this job, whose ` +
        'main step ended before the answer came back.',
    );
  }
}

/** Revokes the saved key, by id, or by its name while its create was still in flight. */
async function revokeSavedKey(
  runtime: Runtime,
  client: DevinClient,
  key: SavedKey,
  sleep: Dependencies['sleep'],
): Promise<void> {
  if (isPending(key)) {
    await revokePendingKey(runtime, client, key, sleep);
    return;
  }
  // The id alone proves nothing: the key it names must carry the name this run gave it.
  const { listKeys } = await import('./operations/service-user.ts');
  const listed = (await listKeys(client, key.serviceUserId, 'active')).find(
    (active) => active.api_key_id === key.apiKeyId,
  );
  if (listed !== undefined && listed.api_key_name !== key.apiKeyName) {
    runtime.warning(renamedKey(key, listed.api_key_name), NOT_REVOKED);
    return;
  }
  const outcome = await client.revokeServiceUserKey(key.serviceUserId, key.apiKeyId);
  runtime.info(
    outcome === 'revoked'
      ? `Revoked the ${describeSavedKey(key)}, created for this job.`
      : `The ${describeSavedKey(key)} was already revoked; nothing to do.`,
  );
}

/**
 * The post step: when the job ends, also after a failure, revokes the key that `create` made
 * with revoke_on_exit. Cleaning up never fails the job; a failure to revoke is a warning that
 * says how to finish by hand.
 */
export async function post(runtime: Runtime, overrides: Partial<Dependencies> = {}): Promise<void> {
  for (const name of SECRET_INPUTS) maskSecret(runtime, runtime.getInput(name));
  const saved = runtime.getState(CREATED_KEY_STATE);
  if (saved === '') {
    runtime.debug('No key to revoke: none was created with revoke_on_exit in this job.');
    return;
  }
  if (!ranCreateWithRevokeOnExit((name) => runtime.getInput(name))) {
    runtime.debug(
      'No key to revoke: this step did not run create with revoke_on_exit, so the saved state is ignored.',
    );
    return;
  }
  const dependencies = withDefaults(overrides);
  let key: SavedKey | undefined;
  try {
    key = parseCreatedKeyState(saved);
    const keyName = runtime.getInput('key_name').trim();
    if (!isNamedForThisRun(key.apiKeyName, (name) => runtime.getEnv(name), keyName)) {
      runtime.warning(notThisRunsKey(key), NOT_REVOKED);
      return;
    }
    if (key.expiresAt !== null && key.expiresAt <= nowSeconds(dependencies)) {
      runtime.info(`The ${describeSavedKey(key)} has already expired; nothing to revoke.`);
      return;
    }
    const savedKey = key;
    const inputs = parseCommonInputs((name) => runtime.getInput(name));
    await withDevinClient(inputs, { runtime, dependencies }, (client) =>
      revokeSavedKey(runtime, client, savedKey, dependencies.sleep),
    );
  } catch (error) {
    runtime.warning(notRevoked(key, error), NOT_REVOKED);
  }
}
