import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { plural } from '../base/words.ts';
import type { DevinClient } from '../devin/client.ts';
import type { ApiKeyResponse } from '../devin/schemas.ts';
import type { CreateInputs } from '../inputs/parsers.ts';
import type { SecretStore, SecretTarget } from '../inputs/secret-targets.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { expiresAtSeconds } from './minted-key.ts';
import { storeInSecrets, type MintedKey, type TargetMinter } from './secrets/engine.ts';
import { afterLostAnswer, findLostKeysOf } from './secrets/lost-keys.ts';
import { targetKeyName } from './secrets/targets.ts';
import { listKeys, ownServiceUserId } from './service-user.ts';

const OUTLIVES_THE_JOB =
  'Keys stored in secrets outlive the job: the post step does not revoke them (revoke_on_exit ' +
  'does not apply); rotate them with operation rotate and the same secret_name.';

function replacedLine(replaced: readonly ApiKeyResponse[]): string {
  if (replaced.length === 0) return '';
  const ids = replaced.map((old) => quoteUntrusted(old.api_key_id)).join(', ');
  return `Revoked the ${plural(replaced.length, 'key')} it replaced: ${ids}.`;
}

/**
 * One key per target, named after it, minted with the target's name. The keys an earlier run
 * stored are replaced and revoked once the new key is stored, so a re-run leaves one per target.
 */
function createMinter(
  client: DevinClient,
  serviceUserId: string,
  earlier: readonly ApiKeyResponse[],
  expiresAt: number,
  context: OperationContext,
): TargetMinter<string> {
  const user = quoteUntrusted(serviceUserId);
  const known = new Set(earlier.map((key) => key.api_key_id));
  return {
    heading: 'Devin API keys created and stored in secrets',
    prepare: async (target: SecretTarget) => Promise.resolve(targetKeyName(target)),
    plan: (_target, name) =>
      `create key ${quoteUntrusted(name)} for service user ${user}, expiring ${isoTime(expiresAt)},`,
    mint: async (_target, name): Promise<MintedKey> => {
      const sentAt = nowSeconds(context.dependencies);
      try {
        const minted = await client.createServiceUserKey(serviceUserId, { name, expiresAt });
        const { token, api_key_id: apiKeyId, api_key_name: apiKeyName } = minted;
        return { token, apiKeyId, apiKeyName, expiresAt };
      } catch (error) {
        const findLost = () => findLostKeysOf(client, serviceUserId, { name, sentAt, known });
        return afterLostAnswer(error, findLost, name);
      }
    },
    discard: async (_target, key) => {
      await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
      return `(${quoteUntrusted(key.apiKeyId ?? '')}) was revoked at once, so none is left behind`;
    },
    afterStored: async (_target, key, name) => {
      const replaced = earlier.filter(
        (old) => old.api_key_name === name && old.api_key_id !== key.apiKeyId,
      );
      for (const old of replaced) await client.revokeServiceUserKey(serviceUserId, old.api_key_id);
      return replacedLine(replaced);
    },
  };
}

/** `create` with secret_name: one key per target, named after it, stored in its secret. */
export async function createInSecrets(
  inputs: CreateInputs & { secrets: SecretStore },
  context: OperationContext,
): Promise<void> {
  await withDevinClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    context.runtime.info(OUTLIVES_THE_JOB);
    const earlier = await listKeys(client, serviceUserId, 'active');
    const expiresAt = expiresAtSeconds(inputs.expiry, nowSeconds(context.dependencies));
    const minter = createMinter(client, serviceUserId, earlier, expiresAt, context);
    await storeInSecrets(inputs.secrets, inputs, minter, context);
  });
}
