import { isoTime } from '../../base/time.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import { counted } from '../../base/words.ts';
import type { ApiKeyResponse } from '../../devin/schemas.ts';
import type { SecretTimes } from '../../github/secrets.ts';

/**
 * What a run does for one target, and why: the actions of the `secrets` output. Pure, so that
 * every case of `sync`'s table is tested without a network.
 */
export type TargetAction = 'created' | 'rotated' | 'replaced' | 'unchanged';

export type TargetPlan =
  /** No key of the target: make one and store it. */
  | { action: 'created'; why: string }
  /** Its one key is due: rotate it, store the new key, then revoke the old. */
  | { action: 'rotated'; why: string; current: ApiKeyResponse }
  /** The secret may not hold its key, or it has several: store a fresh key, revoke the others. */
  | { action: 'replaced'; why: string; others: readonly ApiKeyResponse[] }
  /** Its one key is live, held, and not due: nothing is minted and nothing written. */
  | { action: 'unchanged'; why: string; current: ApiKeyResponse };

/**
 * The longest from minting a key to its secret's write: the engine stores a key within this or
 * not at all. A secret written later than this after its key was made was written by someone
 * else; a key younger than this may still be on its way into a secret (another run's).
 */
export const MINT_TO_STORE_SECONDS = 45 * 60;
/** Clocks of Devin and GitHub may differ by this much. */
const CLOCK_SKEW_SECONDS = 5 * 60;

export interface SyncPolicy {
  nowSeconds: number;
  /** A key expiring within this is rotated. */
  rotateBeforeSeconds: number;
}

/**
 * Whether a key may still be on its way into the secret, so that revoking it could leave the
 * secret holding a dead key: it was made so recently that the run that made it may not have
 * written it yet, and the secret (read before this run's write) was not written since it was
 * made. A key whose secret was written after it was made is past its own write.
 */
export function mayBeInFlight(
  key: ApiKeyResponse,
  secret: SecretTimes | undefined,
  nowSeconds: number,
): boolean {
  const recent = key.created_at > nowSeconds - MINT_TO_STORE_SECONDS;
  const writtenSince =
    secret !== undefined && Math.floor(secret.updatedAtMs / 1000) >= key.created_at;
  return recent && !writtenSince;
}

/**
 * `sync`'s table (the README's): no key → created; a key due (expiring within rotate_before,
 * or never) → rotated; a secret missing, written by someone else after its key was stored, or
 * last written before its key existed, or several keys → replaced; else unchanged.
 */
export function planSync(
  keys: readonly ApiKeyResponse[],
  secret: SecretTimes | undefined,
  policy: SyncPolicy,
): TargetPlan {
  const [only] = keys;
  if (only === undefined) return { action: 'created', why: 'it has no key' };
  if (keys.length > 1) {
    return {
      action: 'replaced',
      why: `it has ${counted(keys.length, 'active key')}`,
      others: keys,
    };
  }
  const replaced = (why: string): TargetPlan => ({ action: 'replaced', why, others: keys });
  if (secret === undefined) return replaced('its secret is missing');
  const writtenSeconds = Math.floor(secret.updatedAtMs / 1000);
  if (writtenSeconds > only.created_at + MINT_TO_STORE_SECONDS + CLOCK_SKEW_SECONDS) {
    return replaced(
      `its secret was written at ${isoTime(writtenSeconds)}, after its key was stored`,
    );
  }
  if (writtenSeconds < only.created_at - CLOCK_SKEW_SECONDS) {
    return replaced(
      `its secret was last written at ${isoTime(writtenSeconds)}, before its key was made`,
    );
  }
  if (only.expires_at === null)
    return { action: 'rotated', why: 'its key never expires', current: only };
  if (only.expires_at - policy.nowSeconds <= policy.rotateBeforeSeconds) {
    return {
      action: 'rotated',
      why: `its key expires at ${isoTime(only.expires_at)}`,
      current: only,
    };
  }
  return {
    action: 'unchanged',
    why: `its key ${quoteUntrusted(only.api_key_id)} expires at ${isoTime(only.expires_at)}`,
    current: only,
  };
}
