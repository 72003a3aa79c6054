import { ActionError, ApiError, explain, messageOf, problemOf } from '../../base/errors.ts';
import { isoTime } from '../../base/time.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import { plural } from '../../base/words.ts';
import type { DevinClient } from '../../devin/client.ts';
import type { ApiKeyResponse } from '../../devin/schemas.ts';
import type { SecretTarget, SecretTimes } from '../../github/secrets.ts';
import type { OperationContext } from '../context.ts';
import { nowSeconds } from '../dependencies.ts';
import { listKeys, ownServiceUserId } from '../service-user.ts';
import type { MintedKey, TargetMinter } from './engine.ts';
import { afterLostAnswer, findLostKeysOf } from './lost-keys.ts';
import { mayBeInFlight, type TargetPlan } from './plan.ts';
import { isNamedFor, targetKeyName } from './targets.ts';

/** What every v3 run into secrets shares: the client, the service user, its keys at the start. */
export interface ServiceUserKeys {
  client: DevinClient;
  serviceUserId: string;
  /** The service user's active keys when the run began. */
  active: readonly ApiKeyResponse[];
  context: OperationContext;
}

/** The one preamble of create, rotate and sync into secrets: whose keys, and which are active. */
export async function serviceUserKeys(
  client: DevinClient,
  serviceUserId: string | undefined,
  context: OperationContext,
): Promise<ServiceUserKeys> {
  const id = serviceUserId ?? (await ownServiceUserId(client));
  return { client, serviceUserId: id, active: await listKeys(client, id, 'active'), context };
}

/** The active keys named for a target, in any letter case an earlier version wrote. */
export function keysNamedFor(
  keys: readonly ApiKeyResponse[],
  target: SecretTarget,
): ApiKeyResponse[] {
  return keys.filter((key) => isNamedFor(key.api_key_name, target));
}

/** A target's plan, the name its new key takes, and its secret's times as read before. */
export type Decision = TargetPlan & {
  name: string;
  target: SecretTarget;
  secret: SecretTimes | undefined;
};

export interface ServiceUserMinterOptions {
  heading: string;
  /** What the target needs, from its keys and its secret's times (undefined: no secret). */
  decide(
    target: SecretTarget,
    keys: ApiKeyResponse[],
    secret: SecretTimes | undefined,
  ): Promise<TargetPlan>;
  newKeyExpiresAt: number;
  /** Whether the keys a new one replaces are revoked once it is stored (not: a rollover). */
  revokeReplaced: boolean;
  rerun: string;
}

/**
 * How long to wait before minting so that the new key is made in a later second than its
 * secret's last write: times are whole seconds, and a key made in the second its secret was
 * last written would look to another run as if the secret had been written after it (past its
 * write, safe to revoke) while this run may still be writing it. At most a second: a secret
 * written further ahead of this clock is a skew no wait mends.
 */
function waitPastLastWriteMs(secret: SecretTimes | undefined, nowMs: number): number {
  if (secret === undefined) return 0;
  const nextSecondMs = (Math.floor(secret.updatedAtMs / 1000) + 1) * 1000;
  return Math.min(Math.max(nextSecondMs - nowMs, 0), 1_000);
}

/** Tries of a new key before it is taken for one that does not work. */
const VERIFY_TRIES = 3;

function keyDoesNotWork(said: string): string {
  return explain({
    problem: `the new key did not work when tried once before storing it (GET /v3/self with it: ${said}).`,
    fix: 'run the job again; if it keeps happening, report it to Devin support.',
  });
}

function ids(keys: readonly ApiKeyResponse[]): string {
  return keys.map((key) => quoteUntrusted(key.api_key_id)).join(', ');
}

/** What became of the keys a new one replaced: revoked, or kept because they are too young. */
function replacedLine(revoked: readonly ApiKeyResponse[], kept: readonly ApiKeyResponse[]): string {
  const lines: string[] = [];
  if (revoked.length > 0)
    lines.push(`Revoked the ${plural(revoked.length, 'key')} it replaced: ${ids(revoked)}.`);
  if (kept.length > 0) {
    lines.push(
      `Kept ${ids(kept)}: made moments ago, maybe by another run storing it right now; a later ` +
        'sync revokes it once the secret holds another key.',
    );
  }
  return lines.join(' ');
}

/**
 * The minter of create, rotate and sync into secrets: one key per target, named after it, tried
 * once before it is stored; what it replaces is revoked once it is stored, never a key so young
 * that another run may be storing it (plan.ts), so two jobs on one target never leave its secret
 * holding a dead key.
 */
export function serviceUserMinter(
  keys: ServiceUserKeys,
  options: ServiceUserMinterOptions,
): TargetMinter<Decision> {
  const { client, serviceUserId, context } = keys;
  const user = quoteUntrusted(serviceUserId);
  const known = new Set(keys.active.map((key) => key.api_key_id));
  const expiry = `expiring ${isoTime(options.newKeyExpiresAt)}`;
  const expiresAt = options.newKeyExpiresAt;

  /** Revokes `replaced` but the new key and any still on its way in; says what became of them. */
  async function revokeReplaced(
    replaced: readonly ApiKeyResponse[],
    newKeyId: string | null,
    secret: SecretTimes | undefined,
  ): Promise<string> {
    const now = nowSeconds(context.dependencies);
    const others = replaced.filter((old) => old.api_key_id !== newKeyId);
    const kept = others.filter((old) => mayBeInFlight(old, secret, now));
    const revoked = others.filter((old) => !mayBeInFlight(old, secret, now));
    for (const old of revoked) await client.revokeServiceUserKey(serviceUserId, old.api_key_id);
    return replacedLine(revoked, kept);
  }

  /** What afterStored says of a rotation: the old key, revoked or kept. */
  async function revokeRotated(
    decision: Decision,
    current: ApiKeyResponse,
    newKeyId: string | null,
  ) {
    const line = await revokeReplaced([current], newKeyId, decision.secret);
    return line.startsWith('Revoked')
      ? `Revoked the old key ${quoteUntrusted(current.api_key_id)}.`
      : line;
  }

  return {
    heading: options.heading,
    rerun: options.rerun,
    async prepare(target, secrets) {
      const secret = await secrets.secretTimes(target);
      const plan = await options.decide(target, keysNamedFor(keys.active, target), secret);
      // A rotated key's successor takes its name; a new one, the target's.
      const name = plan.action === 'rotated' ? plan.current.api_key_name : targetKeyName(target);
      return { ...plan, name, target, secret };
    },
    actionOf: (decision) => decision.action,
    plan(_target, decision) {
      switch (decision.action) {
        case 'created':
          return `create key ${quoteUntrusted(decision.name)} for service user ${user}, ${expiry},`;
        case 'rotated': {
          const fate = options.revokeReplaced
            ? 'revoking the old key once the new one is stored'
            : 'keeping the old key';
          const current = decision.current;
          return (
            `rotate key ${quoteUntrusted(current.api_key_id)} (${quoteUntrusted(current.api_key_name)}) ` +
            `to a new key ${expiry}, ${fate},`
          );
        }
        case 'replaced':
          return (
            `create key ${quoteUntrusted(decision.name)} for service user ${user}, ${expiry}, in ` +
            `place of ${ids(decision.others)} (${decision.why}),`
          );
        case 'unchanged':
          return decision.why;
      }
    },
    async mint(_target, decision): Promise<MintedKey> {
      const wait = waitPastLastWriteMs(decision.secret, context.dependencies.now());
      if (wait > 0) await context.dependencies.sleep(wait);
      const sentAt = nowSeconds(context.dependencies);
      const rotated = decision.action === 'rotated' ? decision.current : undefined;
      try {
        const minted =
          rotated === undefined
            ? await client.createServiceUserKey(serviceUserId, { name: decision.name, expiresAt })
            : await client.rotateServiceUserKey(serviceUserId, rotated.api_key_id, {
                newKeyExpiresAt: expiresAt,
                revokeCurrent: false,
              });
        const { token, api_key_id: apiKeyId, api_key_name: apiKeyName } = minted;
        return { token, apiKeyId, apiKeyName, expiresAt };
      } catch (error) {
        // Never the key being rotated: it is still active, and still in the secret.
        const lost = {
          name: decision.name,
          sentAt,
          known: new Set([...known, ...(rotated ? [rotated.api_key_id] : [])]),
        };
        return afterLostAnswer(
          error,
          () => findLostKeysOf(client, serviceUserId, lost),
          decision.name,
        );
      }
    },
    async verify(key) {
      for (let attempt = 1; ; attempt++) {
        let said: string;
        try {
          const self = await client.getSelf(key.token);
          if (self.service_user_id === serviceUserId) return;
          said = `it names ${quoteUntrusted(self.service_user_id ?? self.principal_type)}, not ${user}`;
        } catch (error) {
          said = problemOf(error);
        }
        if (attempt >= VERIFY_TRIES) throw new ActionError(keyDoesNotWork(said));
        await context.dependencies.sleep(1_000 * attempt);
      }
    },
    async discard(_target, key, decision) {
      await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
      const revoked = `(${quoteUntrusted(key.apiKeyId ?? '')}) was revoked`;
      if (decision.action !== 'rotated') return `${revoked} at once, so none is left behind`;
      const old = quoteUntrusted(decision.current.api_key_id);
      return `${revoked}; the old key ${old} is kept, still active and still in the secret`;
    },
    async afterStored(_target, key, decision) {
      if (decision.action === 'created' || decision.action === 'unchanged') return '';
      const replaced = decision.action === 'rotated' ? [decision.current] : decision.others;
      if (!options.revokeReplaced) {
        const are = plural(replaced.length, 'is', 'are');
        return `The old ${plural(replaced.length, 'key')} ${ids(replaced)} ${are} kept active (revoke_current: false).`;
      }
      try {
        return decision.action === 'rotated'
          ? await revokeRotated(decision, decision.current, key.apiKeyId)
          : await revokeReplaced(replaced, key.apiKeyId, decision.secret);
      } catch (error) {
        throw new ActionError(
          `the ${plural(replaced.length, 'key')} it replaced could not be revoked: ${messageOf(error)}\n` +
            `Fix: ${options.rerun}`,
        );
      }
    },
    async stillLive(key) {
      try {
        return (await client.getSelf(key.token)).service_user_id === serviceUserId;
      } catch (error) {
        // Only a refusal of the key says it is dead; anything else says nothing.
        return !(error instanceof ApiError && error.status === 401);
      }
    },
    afresh: (decision) => ({
      action: 'replaced',
      why: 'its key was revoked while it was being stored',
      others: decision.action === 'replaced' ? decision.others : [],
      name: targetKeyName(decision.target),
      target: decision.target,
      secret: decision.secret,
    }),
    unchanged: (decision) =>
      decision.action === 'unchanged'
        ? {
            apiKeyId: decision.current.api_key_id,
            apiKeyName: decision.current.api_key_name,
            expiresAt: decision.current.expires_at,
          }
        : { apiKeyId: null, apiKeyName: null, expiresAt: null },
  };
}
