import { forEachPage, PAGE_SIZE } from '../devin/paging.ts';
import type { DevinClient } from '../devin/client.ts';
import type { KeyStatusFilter } from '../devin/key-status.ts';
import { DevinApiError } from '../devin/errors.ts';
import type { ApiKeyResponse } from '../devin/schemas.ts';
import { ActionError, explain } from '../base/errors.ts';
import { ID_RULE, isUsableId } from '../base/ids.ts';
import type { KeyReference } from '../inputs/parsers.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { isoTime } from '../base/time.ts';

const NAME_THE_SERVICE_USER = 'name the service user in service_user_id.';

/**
 * The service user behind the credential, for operations whose service_user_id is empty. Its id
 * is held to the rule for input ids: it goes into URL paths and the tracking issue's marker.
 */
export async function ownServiceUserId(client: DevinClient): Promise<string> {
  const self = await client.getSelf();
  const id = self.service_user_id;
  if ((id === null || id === undefined) && /service.?user/i.test(self.principal_type)) {
    throw new DevinApiError(
      explain({
        problem:
          'The API did not say which service user the credential belongs to: GET /v3/self names ' +
          `the principal ${quoteUntrusted(self.principal_type)} but gives no service_user_id.`,
        fix: NAME_THE_SERVICE_USER,
      }),
    );
  }
  if (id === null || id === undefined) {
    throw new DevinApiError(
      explain({
        problem:
          `The credential belongs to a ${quoteUntrusted(self.principal_type)}, not a service ` +
          'user, so it has no own service user.',
        fix: NAME_THE_SERVICE_USER,
      }),
    );
  }
  if (!isUsableId(id)) {
    throw new DevinApiError(
      explain({
        problem:
          'The API named a service user the action cannot use: GET /v3/self says the credential ' +
          `belongs to ${quoteUntrusted(id)}, and an id must be ${ID_RULE}.`,
        fix: "pass the service user's id explicitly in service_user_id.",
      }),
    );
  }
  return id;
}

/** Every key of a service user in a status, through all pages. */
export async function listKeys(
  client: DevinClient,
  serviceUserId: string,
  status: KeyStatusFilter,
): Promise<ApiKeyResponse[]> {
  const keys: ApiKeyResponse[] = [];
  await forEachPage(
    (after) => client.listServiceUserKeysPage(serviceUserId, { status, first: PAGE_SIZE, after }),
    (items) => keys.push(...items),
    `the API keys of service user ${quoteUntrusted(serviceUserId)}`,
  );
  return keys;
}

const MAX_CANDIDATES = 20;

function describeCandidates(keys: readonly ApiKeyResponse[]): string {
  const described = keys.slice(0, MAX_CANDIDATES).map((key) => {
    const made = `created ${isoTime(key.created_at)}`;
    return `${quoteUntrusted(key.api_key_name)} (${quoteUntrusted(key.api_key_id)}, ${made})`;
  });
  if (keys.length > MAX_CANDIDATES) described.push(`and ${keys.length - MAX_CANDIDATES} more`);
  return described.join(', ');
}

interface ResolvedKey {
  id: string;
  /** False when the reference names only keys that were revoked or have expired. */
  active: boolean;
}

/**
 * The key a reference names. By name, the one active key with it; when every key with the name
 * is revoked or expired, the newest of them, marked inactive. A name that matches no key, or
 * more than one active key, is an error that lists the candidates.
 */
export async function resolveKey(
  client: DevinClient,
  serviceUserId: string,
  key: KeyReference,
): Promise<ResolvedKey> {
  if ('id' in key) return { id: key.id, active: true };
  const all = await listKeys(client, serviceUserId, 'all');
  const named = all.filter((candidate) => candidate.api_key_name === key.name);
  const active = named.filter((candidate) => candidate.is_active);
  const name = quoteUntrusted(key.name);
  const user = quoteUntrusted(serviceUserId);
  const [onlyActive] = active;
  if (onlyActive !== undefined && active.length === 1)
    return { id: onlyActive.api_key_id, active: true };
  if (active.length > 1) {
    throw new ActionError(
      explain({
        problem:
          `The name ${name} is ambiguous: service user ${user} has ${active.length} active keys ` +
          `with it: ${describeCandidates(active)}.`,
        fix: "pass the key's api_key_id instead of key_name.",
      }),
    );
  }
  const newest = named.reduce<ApiKeyResponse | undefined>(
    (latest, candidate) =>
      latest === undefined || candidate.created_at > latest.created_at ? candidate : latest,
    undefined,
  );
  if (newest !== undefined) return { id: newest.api_key_id, active: false };
  const activeKeys = all.filter((candidate) => candidate.is_active);
  const candidates =
    activeKeys.length === 0
      ? 'it has no active key at all'
      : `its active keys: ${describeCandidates(activeKeys)}`;
  throw new ActionError(
    explain({
      problem: `Service user ${user} has no key named ${name}; ${candidates}.`,
      fix: 'check key_name (names are matched exactly), or pass api_key_id.',
    }),
  );
}

/** Clocks of the runner and the API may differ by this much when matching a lost key. */
const CLOCK_SKEW_SECONDS = 300;

/**
 * The keys a lost create may have made: active, with this name, made since the request left
 * (allowing for skew between the clocks).
 */
export async function findLostKeys(
  client: DevinClient,
  serviceUserId: string,
  name: string,
  sentAtSeconds: number,
): Promise<ApiKeyResponse[]> {
  return (await listKeys(client, serviceUserId, 'active')).filter(
    (key) => key.api_key_name === name && key.created_at >= sentAtSeconds - CLOCK_SKEW_SECONDS,
  );
}

/** The candidates, for a message: name, id and when each was made. */
export function describeLostKeys(keys: readonly ApiKeyResponse[]): string {
  return keys
    .slice(0, 10)
    .map((key) => `${quoteUntrusted(key.api_key_id)} (created ${isoTime(key.created_at)})`)
    .join(', ');
}
