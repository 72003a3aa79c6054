import type { CreateInputs } from '../inputs/parsers.ts';
import type { SecretStore } from '../inputs/secret-targets.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { expiresAtSeconds } from './minted-key.ts';
import { storeInSecrets } from './secrets/engine.ts';
import { SYNC_HEALS } from './secrets/messages.ts';
import { serviceUserKeys, serviceUserMinter } from './secrets/service-user-minter.ts';

const OUTLIVES_THE_JOB =
  'Keys stored in secrets outlive the job: the post step does not revoke them (revoke_on_exit ' +
  'does not apply); keep them fresh with operation sync and the same secret_name.';

/**
 * `create` with secret_name: one key per target, named after it, stored in its secret. Keys an
 * earlier run stored are replaced and revoked once the new key is stored, so a re-run leaves
 * one per target.
 */
export async function createInSecrets(
  inputs: CreateInputs & { secrets: SecretStore },
  context: OperationContext,
): Promise<void> {
  await withDevinClient(inputs, context, async (client) => {
    const keys = await serviceUserKeys(client, inputs.serviceUserId, context);
    context.runtime.info(OUTLIVES_THE_JOB);
    const minter = serviceUserMinter(keys, {
      heading: 'Devin API keys created and stored in secrets',
      decide: (_target, named) =>
        Promise.resolve(
          named.length === 0
            ? { action: 'created', why: 'it has no key' }
            : { action: 'replaced', why: 'create stores a new key', others: named },
        ),
      newKeyExpiresAt: expiresAtSeconds(inputs.expiry, nowSeconds(context.dependencies)),
      revokeReplaced: true,
      rerun: SYNC_HEALS,
    });
    await storeInSecrets(inputs.secrets, inputs, minter, context);
  });
}
