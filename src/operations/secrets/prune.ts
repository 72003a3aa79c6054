import { messageOf } from '../../base/errors.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import type { ApiKeyResponse } from '../../devin/schemas.ts';
import type {
  SecretDeletion,
  SecretsApi,
  SecretTarget,
  SecretTimes,
} from '../../github/secrets.ts';
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

/** What became of the secret of a key pruned, after "key … revoked". */
const SECRET_FATES: Record<SecretDeletion, (secretName: string) => string> = {
  deleted: () => ', its secret deleted.',
  absent: () => ', it had no secret any more.',
  archived: (secretName) =>
    `. Its secret ${secretName} was left: the repository is archived (read-only), so GitHub ` +
    'refuses to delete it; it holds only the revoked key, and no workflow runs in an archived ' +
    'repository. To delete it: unarchive the repository, delete the secret, archive it again.',
  disabled: (secretName) =>
    `. Its secret ${secretName} was left: GitHub has disabled the repository and refuses every ` +
    'call on it; it holds only the revoked key. Should GitHub enable the repository again, ' +
    'delete the secret there.',
  moved: (secretName) =>
    '. GitHub answered that the repository moved (renamed or transferred), and the action never ' +
    'follows a redirect, so no secret was deleted: under its new name, if it is selected, its ' +
    'secret now holds a key of its own (see its line); if it is not, delete the secret ' +
    `${secretName} there by hand.`,
};

function prunedLine(target: SecretTarget, key: ApiKeyResponse, secret: SecretDeletion): string {
  const fate = SECRET_FATES[secret](quoteUntrusted(target.secretName));
  return `− ${describeTarget(target)}: no longer selected; key ${quoteUntrusted(key.api_key_id)} revoked${fate}`;
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

function movedWhileUnfinished(): string {
  return (
    'no longer selected, but GitHub answered that the repository moved (renamed or ' +
    'transferred), and a target of this run failed: under its new name the secret may still ' +
    'hold this key, so it was kept. Fix what failed (see above), then run sync again: it stores ' +
    'a key of its own under the new name and prunes this one.'
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
  run: { targets: readonly SecretTarget[]; outcomes: readonly Outcome[] },
  secrets: SecretsApi,
  dryRun: boolean,
): Promise<Outcome[]> {
  const selected = run.targets;
  // A moved repository's secret is the one its new name holds: while a target of this run is
  // unfinished, that secret may still hold the key to prune, which must then stay live.
  const unfinished = run.outcomes.some((outcome) => outcome.kind === 'failed');
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
    let secret: SecretDeletion;
    try {
      secret = await secrets.deleteSecret(target);
    } catch (error) {
      const message = notPruned(error);
      runtime.info(failedTargetLine(target, message));
      outcomes.push({ kind: 'failed', target, message });
      continue;
    }
    if (secret === 'moved' && unfinished) {
      const message = movedWhileUnfinished();
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
