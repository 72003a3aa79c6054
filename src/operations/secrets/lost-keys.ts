import { ActionError, explain, messageOf } from '../../base/errors.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import { plural } from '../../base/words.ts';
import type { DevinClient } from '../../devin/client.ts';
import { MintAnswerUnreadableError, MintOutcomeUnknownError } from '../../devin/errors.ts';
import type { ApiKeyResponse } from '../../devin/schemas.ts';
import { describeLostKeys, findLostKeys } from '../service-user.ts';

/**
 * Keys a lost create or rotate may have made: named `name`, made since `sentAt`, and none of
 * the keys known before this run.
 */
export async function findLostKeysOf(
  client: DevinClient,
  serviceUserId: string,
  lost: { name: string; sentAt: number; known: ReadonlySet<string> },
): Promise<ApiKeyResponse[]> {
  const found = await findLostKeys(client, serviceUserId, lost.name, lost.sentAt);
  return found.filter((key) => !lost.known.has(key.api_key_id));
}

function lookupFailed(error: Error, cleanupError: unknown, name: string): string {
  return (
    `${error.message}\nLooking for the key it may have made failed too ` +
    `(${messageOf(cleanupError)}): a key named ${quoteUntrusted(name)} may exist that nobody ` +
    'holds; revoke it with operation revoke.'
  );
}

function lostKeysNamed(error: Error, lost: readonly ApiKeyResponse[], name: string): string {
  return `${error.message}\n${explain({
    problem:
      `Active ${plural(lost.length, 'key')} named ${quoteUntrusted(name)} made since: ` +
      `${describeLostKeys(lost)}. The name cannot tell the key this run made from one another ` +
      'job made for the same target, so none was revoked.',
    fix: 'revoke the key nobody holds by its api_key_id (operation revoke), then run the job again.',
  })}`;
}

/**
 * Turns a lost answer into a message. A target's key name is the same in every run for that
 * target, so it cannot tell the key this run made from one another job made for the same
 * target at the same time (which that job may be storing): such keys are named, never revoked.
 */
export async function afterLostAnswer(
  error: unknown,
  findLost: () => Promise<ApiKeyResponse[]>,
  name: string,
): Promise<never> {
  const lostOrUnreadable =
    error instanceof MintOutcomeUnknownError || error instanceof MintAnswerUnreadableError;
  if (!lostOrUnreadable) throw error;
  let lost: ApiKeyResponse[];
  try {
    lost = await findLost();
  } catch (cleanupError) {
    throw new ActionError(lookupFailed(error, cleanupError, name));
  }
  if (lost.length === 0) {
    throw new ActionError(`${error.message}\nNo key had been made; run the job again.`);
  }
  throw new ActionError(lostKeysNamed(error, lost, name));
}
