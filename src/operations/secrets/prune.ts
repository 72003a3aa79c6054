import { messageOf } from '../../base/errors.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import type { ApiKeyResponse } from '../../devin/schemas.ts';
import type { SecretsApi, SecretTarget, SecretTimes } from '../../github/secrets.ts';
import type { SecretStore } from '../../inputs/secret-targets.ts';
import { nowSeconds } from '../dependencies.ts';
import { describeTarget } from '../../github/secrets.ts';
import { failedTargetLine, plannedTargetLine } from './messages.ts';
import type { Outcome } from './outcomes.ts';
import { mayBeInFlight } from './plan.ts';
import type { ServiceUserKeys } from './service-user-minter.ts';
import { sameTarget, targetNamedBy } from './targets.ts';

/** The target a key was named for, when it is one of this store's but no longer selected. */
function unselectedTarget(
  key: ApiKeyResponse,
  store: SecretStore,
  selected: readonly SecretTarget[],
): SecretTarget | undefined {
  const named = targetNamedBy(key.api_key_name);
  if (named === undefined) return undefined;
  const sameSecret = named.secretName.toUpperCase() === store.secretName.toUpperCase();
  const sameEnvironment = named.environment?.toLowerCase() === store.environment?.toLowerCase();
  if (!sameSecret || !sameEnvironment) return undefined;
  if (selected.some((target) => sameTarget(target, named))) return undefined;
  return { ...named, secretName: store.secretName, environment: store.environment };
}

function prunedLine(
  target: SecretTarget,
  key: ApiKeyResponse,
  secret: 'deleted' | 'absent',
): string {
  const where = secret === 'deleted' ? 'its secret deleted' : 'it had no secret any more';
  return `− ${describeTarget(target)}: no longer selected; key ${quoteUntrusted(key.api_key_id)} revoked, ${where}.`;
}

function youngKeyKept(target: SecretTarget, key: ApiKeyResponse): string {
  return (
    `– ${describeTarget(target)}: no longer selected, but key ${quoteUntrusted(key.api_key_id)} ` +
    'was made moments ago and its secret was not written since: another run may be storing it ' +
    'right now, so it is kept; a later sync prunes it.'
  );
}

function secretUnread(error: unknown): string {
  return (
    `no longer selected, but its secret could not be read (${messageOf(error)}), so its key ` +
    'was kept: it was made moments ago, and the secret may be about to hold it. Run sync again.'
  );
}

function notPruned(error: unknown): string {
  return (
    `no longer selected, but its secret could not be deleted (${messageOf(error)}), so its key ` +
    'was kept: the secret may still hold it. Delete the secret, and run sync again.'
  );
}

/**
 * `prune: true`: every key named for this secret name and environment whose target is no longer
 * selected is revoked, once its secret is deleted (or is gone with its repository); a secret
 * that cannot be deleted keeps its key. A key of any other naming is never touched, nor one that
 * another run may be storing right now (made moments ago, its secret not written since), which
 * the log names.
 */
export async function pruneUnselected(
  keys: ServiceUserKeys,
  store: SecretStore,
  selected: readonly SecretTarget[],
  secrets: SecretsApi,
  dryRun: boolean,
): Promise<Outcome[]> {
  const { runtime } = keys.context;
  const now = nowSeconds(keys.context.dependencies);
  const outcomes: Outcome[] = [];
  for (const key of keys.active) {
    const target = unselectedTarget(key, store, selected);
    if (target === undefined) continue;
    // A key made moments ago may be on its way into its secret: its secret's times tell.
    if (mayBeInFlight(key, undefined, now)) {
      let secret: SecretTimes | undefined;
      try {
        secret = await secrets.secretTimes(target);
      } catch (error) {
        const message = secretUnread(error);
        runtime.info(failedTargetLine(target, message));
        outcomes.push({ kind: 'failed', target, message });
        continue;
      }
      if (mayBeInFlight(key, secret, now)) {
        runtime.info(youngKeyKept(target, key));
        continue;
      }
    }
    const facts = {
      apiKeyId: key.api_key_id,
      apiKeyName: key.api_key_name,
      expiresAt: key.expires_at,
    };
    if (dryRun) {
      const plan = `revoke key ${quoteUntrusted(key.api_key_id)} and delete its secret (no longer selected)`;
      runtime.info(plannedTargetLine(target, plan));
      outcomes.push({ kind: 'planned', target, action: 'pruned', plan });
      continue;
    }
    let secret: 'deleted' | 'absent';
    try {
      secret = await secrets.deleteSecret(target);
    } catch (error) {
      const message = notPruned(error);
      runtime.info(failedTargetLine(target, message));
      outcomes.push({ kind: 'failed', target, message });
      continue;
    }
    await keys.client.revokeServiceUserKey(keys.serviceUserId, key.api_key_id);
    runtime.info(prunedLine(target, key, secret));
    outcomes.push({
      kind: 'pruned',
      target,
      secret: secret === 'deleted' ? 'deleted' : null,
      key: facts,
    });
  }
  return outcomes;
}
