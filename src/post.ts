import { messageOf } from './base/errors.ts';
import { maskSecret, type Dependencies, type Runtime } from './base/runtime.ts';
import { isoTime } from './base/time.ts';
import { quoteUntrusted } from './base/untrusted.ts';
import type { DevinClient } from './devin/client.ts';
import { parseCommonInputs, SECRET_INPUTS } from './inputs/parsers.ts';
import {
  CREATED_KEY_STATE,
  isPending,
  parseCreatedKeyState,
  type CreatedKeyState,
  type PendingKeyState,
} from './operations/created-key-state.ts';

/**
 * Whether this step's own `create` ran with revoke_on_exit: the inputs are the main step's, so
 * state that some other operation (or a revoke_on_exit: false) left is never acted on.
 */
function isCreateWithRevokeOnExit(runtime: Runtime): boolean {
  const revokeOnExit = runtime.getInput('revoke_on_exit').trim().toLowerCase();
  return (
    runtime.getInput('operation').trim() === 'create' &&
    (revokeOnExit === '' || revokeOnExit === 'true')
  );
}

/** The key a create made before the job was cancelled under it, found by its unique name. */
async function revokePendingKey(
  runtime: Runtime,
  client: DevinClient,
  key: PendingKeyState,
): Promise<void> {
  const { findLostKeys, describeLostKeys } = await import('./operations/service-user.ts');
  const name = quoteUntrusted(key.apiKeyName);
  const user = quoteUntrusted(key.serviceUserId);
  const found = await findLostKeys(client, key.serviceUserId, key.apiKeyName, key.sentAt);
  if (found.length === 0) {
    runtime.info(`No active key named ${name} of service user ${user}: nothing to revoke.`);
    return;
  }
  if (!key.nameIsUnique) {
    runtime.warning(
      `The main step ended before the answer to creating key ${name} came back, and service user ${user} has ${found.length} active key${found.length === 1 ? '' : 's'} with that name made since: ${describeLostKeys(found)}. The name cannot tell this job's key from another's, so none was revoked.\nRevoke the one nobody holds by its api_key_id (operation revoke), or in Enterprise Settings > Service Users.`,
      { title: 'Devin API key not revoked' },
    );
    return;
  }
  for (const lost of found) {
    await client.revokeServiceUserKey(key.serviceUserId, lost.api_key_id);
    runtime.info(
      `Revoked key ${quoteUntrusted(lost.api_key_id)} (${name}) of service user ${user}: it was created for this job, whose main step ended before the answer came back.`,
    );
  }
}

/**
 * The post step: when the job ends, also after a failure, revokes the key that `create` made
 * with revoke_on_exit. Cleaning up never fails the job; a failure to revoke is a warning that
 * says how to finish by hand.
 */
export async function post(runtime: Runtime, dependencies: Dependencies = {}): Promise<void> {
  for (const name of SECRET_INPUTS) maskSecret(runtime, runtime.getInput(name));
  const saved = runtime.getState(CREATED_KEY_STATE);
  if (saved === '') {
    runtime.debug('No key to revoke: none was created with revoke_on_exit in this job.');
    return;
  }
  if (!isCreateWithRevokeOnExit(runtime)) {
    runtime.debug(
      'No key to revoke: this step did not run create with revoke_on_exit, so the saved state is ignored.',
    );
    return;
  }
  let key: CreatedKeyState | PendingKeyState | undefined;
  try {
    key = parseCreatedKeyState(saved);
    const nowSeconds = Math.floor((dependencies.now ?? Date.now)() / 1000);
    const what = isPending(key)
      ? `key named ${quoteUntrusted(key.apiKeyName)} of service user ${quoteUntrusted(key.serviceUserId)}`
      : `key ${quoteUntrusted(key.apiKeyId)} (${quoteUntrusted(key.apiKeyName)}) of service user ${quoteUntrusted(key.serviceUserId)}`;
    if (key.expiresAt !== null && key.expiresAt <= nowSeconds) {
      runtime.info(`The ${what} has already expired; nothing to revoke.`);
      return;
    }
    const inputs = parseCommonInputs((name) => runtime.getInput(name));
    const { openDevinClient } = await import('./operations/context.ts');
    const client = openDevinClient(inputs, { runtime, dependencies });
    try {
      if (isPending(key)) {
        await revokePendingKey(runtime, client, key);
        return;
      }
      const outcome = await client.revokeServiceUserKey(key.serviceUserId, key.apiKeyId);
      runtime.info(
        outcome === 'revoked'
          ? `Revoked the ${what}, created for this job.`
          : `The ${what} was already revoked; nothing to do.`,
      );
    } finally {
      await client.close();
    }
  } catch (error) {
    const which =
      key === undefined
        ? 'the key this job created'
        : isPending(key)
          ? `the key named ${quoteUntrusted(key.apiKeyName)} of service user ${quoteUntrusted(key.serviceUserId)}`
          : `key ${quoteUntrusted(key.apiKeyId)} of service user ${quoteUntrusted(key.serviceUserId)}`;
    runtime.warning(
      `Could not revoke ${which} when the job ended: ${messageOf(error)}\nRevoke it by hand (operation revoke, or Enterprise Settings > Service Users); it expires on its own${key?.expiresAt ? ` at ${isoTime(key.expiresAt)}` : ''}.`,
      { title: 'Devin API key not revoked' },
    );
  }
}
