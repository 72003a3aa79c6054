import { ActionError, messageOf } from '../base/errors.ts';
import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { DevinClient } from '../devin/client.ts';
import type { ApiKeyResponse } from '../devin/schemas.ts';
import type { RotateInSecretsInputs } from '../inputs/parsers.ts';
import type { SecretTarget } from '../inputs/secret-targets.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { expiresAtSeconds } from './minted-key.ts';
import { storeInSecrets, type MintedKey, type TargetMinter } from './secrets/engine.ts';
import { afterLostAnswer, findLostKeysOf } from './secrets/lost-keys.ts';
import { targetKeyName } from './secrets/targets.ts';
import { listKeys, ownServiceUserId, resolveKey } from './service-user.ts';

/** A target's current key: rotated, and revoked once the new one is stored. */
interface CurrentKey {
  id: string;
  name: string;
}

const ONLY_ACTIVE_ROTATES =
  'every key named by api_key_id or key_name is revoked or expired, and only an active key can ' +
  'be rotated. Fix: make a new key with operation create and the same secret_name.';

function severalKeysNamed(user: string, name: string, matches: readonly ApiKeyResponse[]): string {
  const ids = matches.map((key) => quoteUntrusted(key.api_key_id)).join(', ');
  return (
    `service user ${user} has ${matches.length} active keys named ${quoteUntrusted(name)} ` +
    `(${ids}). Fix: revoke all but the one in the secret with operation revoke, then rotate again.`
  );
}

function noKeyNamed(user: string, name: string): string {
  return (
    `service user ${user} has no active key named ${quoteUntrusted(name)}. Fix: make it with ` +
    'operation create and the same secret_name, repositories and environment.'
  );
}

function oldKeyNotRevoked(current: CurrentKey, error: unknown): string {
  return (
    `the old key ${quoteUntrusted(current.id)} could not be revoked: ${messageOf(error)}\n` +
    'Fix: revoke it with operation revoke and api_key_id.'
  );
}

/** What a rotation into secrets knows before it finds each target's key. */
interface Rotation {
  client: DevinClient;
  serviceUserId: string;
  /** The service user's active keys before this run. */
  active: readonly ApiKeyResponse[];
  newKeyExpiresAt: number;
}

/** The target's current key: the one named by the inputs, or the one named after the target. */
async function findCurrentKey(
  rotation: Rotation,
  inputs: RotateInSecretsInputs,
  target: SecretTarget,
): Promise<CurrentKey> {
  const { client, serviceUserId, active } = rotation;
  const user = quoteUntrusted(serviceUserId);
  if (inputs.key !== undefined) {
    const resolved = await resolveKey(client, serviceUserId, inputs.key);
    // The new key takes the rotated key's name: a lost answer is looked for by it.
    const current = active.find((key) => key.api_key_id === resolved.id);
    if (!resolved.active || current === undefined) throw new ActionError(ONLY_ACTIVE_ROTATES);
    return { id: current.api_key_id, name: current.api_key_name };
  }
  const name = targetKeyName(target);
  const matches = active.filter((key) => key.api_key_name === name);
  const [only] = matches;
  if (only !== undefined && matches.length === 1) return { id: only.api_key_id, name };
  if (matches.length > 1) throw new ActionError(severalKeysNamed(user, name, matches));
  throw new ActionError(noKeyNamed(user, name));
}

function rotateMinter(
  rotation: Rotation,
  inputs: RotateInSecretsInputs,
  context: OperationContext,
): TargetMinter<CurrentKey> {
  const { client, serviceUserId, newKeyExpiresAt } = rotation;
  const known = new Set(rotation.active.map((key) => key.api_key_id));
  const expiry = `expiring ${isoTime(newKeyExpiresAt)}`;
  const fate = inputs.revokeCurrent
    ? 'revoking the old key once the new one is stored'
    : 'keeping the old key';
  return {
    heading: 'Devin API keys rotated in secrets',
    prepare: (target) => findCurrentKey(rotation, inputs, target),
    plan: (_target, current) =>
      `rotate key ${quoteUntrusted(current.id)} (${quoteUntrusted(current.name)}) to a new key ` +
      `${expiry}, ${fate},`,
    mint: async (_target, current): Promise<MintedKey> => {
      const sentAt = nowSeconds(context.dependencies);
      try {
        const rotated = await client.rotateServiceUserKey(serviceUserId, current.id, {
          newKeyExpiresAt,
          revokeCurrent: false,
        });
        const { token, api_key_id: apiKeyId, api_key_name: apiKeyName } = rotated;
        return { token, apiKeyId, apiKeyName, expiresAt: newKeyExpiresAt };
      } catch (error) {
        // Never the key being rotated: it is still active, and still in the secret.
        const findLost = () =>
          findLostKeysOf(client, serviceUserId, {
            name: current.name,
            sentAt,
            known: new Set([...known, current.id]),
          });
        return afterLostAnswer(error, findLost, current.name);
      }
    },
    discard: async (_target, key, current) => {
      await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
      return (
        `(${quoteUntrusted(key.apiKeyId ?? '')}) was revoked; the old key ` +
        `${quoteUntrusted(current.id)} is kept, still active and still in the secret`
      );
    },
    afterStored: async (_target, _key, current) => {
      if (!inputs.revokeCurrent) {
        return `The old key ${quoteUntrusted(current.id)} is kept active (revoke_current: false).`;
      }
      try {
        await client.revokeServiceUserKey(serviceUserId, current.id);
      } catch (error) {
        throw new ActionError(oldKeyNotRevoked(current, error));
      }
      return `Revoked the old key ${quoteUntrusted(current.id)}.`;
    },
  };
}

/**
 * `rotate` with secret_name: each target's key, found by the target's name, is rotated keeping
 * the current key active; the new token is stored, and only then is the old key revoked (with
 * revoke_current). A new key that cannot be stored is revoked, and the old one kept.
 */
export async function rotateInSecrets(
  inputs: RotateInSecretsInputs,
  context: OperationContext,
): Promise<void> {
  await withDevinClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const active = await listKeys(client, serviceUserId, 'active');
    const newKeyExpiresAt = expiresAtSeconds(inputs.expiry, nowSeconds(context.dependencies));
    const rotation: Rotation = { client, serviceUserId, active, newKeyExpiresAt };
    await storeInSecrets(inputs.secrets, inputs, rotateMinter(rotation, inputs, context), context);
  });
}
