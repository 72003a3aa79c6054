import { ActionError, explain } from '../base/errors.ts';
import type { SecretsApi, SecretTarget } from '../github/secrets.ts';
import type { SyncInputs } from '../inputs/parsers.ts';
import { selectsNothing } from '../inputs/repository-selection.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { expiresAtSeconds } from './minted-key.ts';
import { storeInSecrets } from './secrets/engine.ts';
import type { Outcome } from './secrets/outcomes.ts';
import { planSync } from './secrets/plan.ts';
import { pruneUnselected } from './secrets/prune.ts';
import { serviceUserKeys, serviceUserMinter } from './secrets/service-user-minter.ts';

const SYNC_AGAIN =
  'run this sync again: it stores a fresh key where one is not known to be held, and revokes the others.';

// Without repositories the selection is the repository the workflow runs in alone: every other
// repository's key would look no longer selected, and be revoked with its secret deleted.
const PRUNE_NEEDS_REPOSITORIES = explain({
  problem:
    'prune: needs repositories: without them sync keeps only the key of the repository this ' +
    'workflow runs in, and prune would revoke the key of every other repository named for this ' +
    'secret_name and delete its secret.',
  fix: 'list the repositories or patterns (owner/*) whose keys this sync keeps, or leave prune off.',
});

/**
 * `sync`: for each selected target, its secret comes to hold exactly one live key of its own,
 * doing only what is due (secrets/plan.ts): created, rotated, replaced or unchanged; with
 * prune, the keys of targets no longer selected are revoked and their secrets deleted.
 */
export async function sync(inputs: SyncInputs, context: OperationContext): Promise<void> {
  if (inputs.prune && selectsNothing(inputs.secrets.selection)) {
    throw new ActionError(PRUNE_NEEDS_REPOSITORIES);
  }
  await withDevinClient(inputs, context, async (client) => {
    const keys = await serviceUserKeys(client, inputs.serviceUserId, context);
    const now = nowSeconds(context.dependencies);
    const policy = { nowSeconds: now, rotateBeforeSeconds: inputs.rotateBeforeSeconds };
    const minter = serviceUserMinter(keys, {
      heading: 'Devin API keys kept in sync in secrets',
      decide: (_target, named, secret) => Promise.resolve(planSync(named, secret, policy)),
      newKeyExpiresAt: expiresAtSeconds(inputs.expiry, now),
      revokeReplaced: true,
      rerun: SYNC_AGAIN,
    });
    const prune = inputs.prune
      ? (targets: readonly SecretTarget[], secrets: SecretsApi, outcomes: readonly Outcome[]) =>
          pruneUnselected(keys, inputs.secrets, { targets, outcomes }, secrets, inputs.dryRun)
      : undefined;
    await storeInSecrets(inputs.secrets, inputs, minter, context, prune);
  });
}
