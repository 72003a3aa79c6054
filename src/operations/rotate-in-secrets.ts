import { ActionError, explain } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { counted } from '../base/words.ts';
import type { ApiKeyResponse } from '../devin/schemas.ts';
import type { RotateInSecretsInputs } from '../inputs/parsers.ts';
import type { SecretTarget } from '../inputs/secret-targets.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { expiresAtSeconds } from './minted-key.ts';
import { storeInSecrets } from './secrets/engine.ts';
import { SYNC_HEALS } from './secrets/messages.ts';
import type { TargetPlan } from './secrets/plan.ts';
import {
  serviceUserKeys,
  serviceUserMinter,
  type ServiceUserKeys,
} from './secrets/service-user-minter.ts';
import { targetKeyName } from './secrets/targets.ts';
import { resolveKey } from './service-user.ts';

const ONLY_ACTIVE_ROTATES = explain({
  problem:
    'every key named by api_key_id or key_name is revoked or expired, and only an active key ' +
    'can be rotated.',
  fix: 'run operation sync with the same secret_name, repositories and environment: it stores a new key.',
});

function noKeyNamed(keys: ServiceUserKeys, target: SecretTarget): string {
  return explain({
    problem:
      `service user ${quoteUntrusted(keys.serviceUserId)} has no active key named ` +
      `${quoteUntrusted(targetKeyName(target))}.`,
    fix:
      'run operation sync (it makes what is missing), or create, with the same secret_name, ' +
      'repositories and environment.',
  });
}

/** The target's current key: the one named by the inputs, or those named after the target. */
async function decideRotation(
  keys: ServiceUserKeys,
  inputs: RotateInSecretsInputs,
  target: SecretTarget,
  named: ApiKeyResponse[],
): Promise<TargetPlan> {
  if (inputs.key !== undefined) {
    const resolved = await resolveKey(keys.client, keys.serviceUserId, inputs.key);
    const current = keys.active.find((key) => key.api_key_id === resolved.id);
    if (!resolved.active || current === undefined) throw new ActionError(ONLY_ACTIVE_ROTATES);
    return { action: 'rotated', why: 'rotate was asked', current };
  }
  const [only] = named;
  if (only === undefined) throw new ActionError(noKeyNamed(keys, target));
  if (named.length === 1) return { action: 'rotated', why: 'rotate was asked', current: only };
  // A rollover (revoke_current: false), or a write whose outcome was not known, left several:
  // which one the secret holds nobody can tell, so a fresh key takes the place of them all.
  return {
    action: 'replaced',
    why: `it has ${counted(named.length, 'active key')}`,
    others: named,
  };
}

/**
 * `rotate` with secret_name: each target's key, found by the target's name, is rotated keeping
 * the current key active; the new key is tried, stored, and only then is the old key revoked
 * (with revoke_current). A new key that cannot be stored is revoked, and the old one kept.
 */
export async function rotateInSecrets(
  inputs: RotateInSecretsInputs,
  context: OperationContext,
): Promise<void> {
  await withDevinClient(inputs, context, async (client) => {
    const keys = await serviceUserKeys(client, inputs.serviceUserId, context);
    const minter = serviceUserMinter(keys, {
      heading: 'Devin API keys rotated in secrets',
      decide: (target, named) => decideRotation(keys, inputs, target, named),
      newKeyExpiresAt: expiresAtSeconds(inputs.expiry, nowSeconds(context.dependencies)),
      revokeReplaced: inputs.revokeCurrent,
      rerun: SYNC_HEALS,
    });
    await storeInSecrets(inputs.secrets, inputs, minter, context);
  });
}
