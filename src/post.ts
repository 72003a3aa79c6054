import { messageOf } from './base/errors.ts';
import { maskSecret, type Dependencies, type Runtime } from './base/runtime.ts';
import { isoTime } from './base/time.ts';
import { quoteUntrusted } from './base/untrusted.ts';
import { parseCommonInputs, SECRET_INPUTS } from './inputs/parsers.ts';
import {
  CREATED_KEY_STATE,
  parseCreatedKeyState,
  type CreatedKeyState,
} from './operations/created-key-state.ts';

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
  let key: CreatedKeyState | undefined;
  try {
    key = parseCreatedKeyState(saved);
    const nowSeconds = Math.floor((dependencies.now ?? Date.now)() / 1000);
    const what = `key ${quoteUntrusted(key.apiKeyId)} (${quoteUntrusted(key.apiKeyName)}) of service user ${quoteUntrusted(key.serviceUserId)}`;
    if (key.expiresAt !== null && key.expiresAt <= nowSeconds) {
      runtime.info(`The ${what} has already expired; nothing to revoke.`);
      return;
    }
    const inputs = parseCommonInputs((name) => runtime.getInput(name));
    const { openDevinClient } = await import('./operations/context.ts');
    const client = openDevinClient(inputs, { runtime, dependencies });
    try {
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
        : `key ${quoteUntrusted(key.apiKeyId)} of service user ${quoteUntrusted(key.serviceUserId)}`;
    runtime.warning(
      `Could not revoke ${which} when the job ended: ${messageOf(error)}\nRevoke it by hand (operation revoke, or Enterprise Settings > Service Users); it expires on its own${key?.expiresAt ? ` at ${isoTime(key.expiresAt)}` : ''}.`,
      { title: 'Devin API key not revoked' },
    );
  }
}
