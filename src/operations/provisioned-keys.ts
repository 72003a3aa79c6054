import { ActionError, explain, messageOf, problemOf } from '../base/errors.ts';
import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { counted } from '../base/words.ts';
import {
  ENTERPRISE_PAGE_SIZE,
  type ComparedEnterpriseKey,
  type DevinClient,
} from '../devin/client.ts';
import { MintAnswerUnreadableError, MintOutcomeUnknownError } from '../devin/errors.ts';
import { forEachNumberedPage } from '../devin/paging.ts';
import type { ServiceKeyResponse } from '../devin/schemas.ts';

/**
 * Devin's clock and ours may differ by this much: a key's `created_at` is read against the
 * window of its minting widened by it.
 */
const CLOCK_SKEW_SECONDS = 5 * 60;

/** What was known of an organization just before one of its keys was minted. */
export interface MintWindow {
  orgId: string;
  /** The ids of its keys then: none of them is the new key. */
  before: ReadonlySet<string>;
  /** UNIX seconds, just before the minting request was sent. */
  sentAt: number;
}

/** A key of an organization as its listing shows it, compared with the key held (if any). */
async function listOrgKeys(
  client: DevinClient,
  orgId: string,
  token: string | undefined,
): Promise<ComparedEnterpriseKey[]> {
  const keys: ComparedEnterpriseKey[] = [];
  await forEachNumberedPage(
    (page) =>
      client.listEnterpriseKeysComparedPage({ page, perPage: ENTERPRISE_PAGE_SIZE, orgId }, token),
    (items) => keys.push(...items),
    `the API keys of organization ${quoteUntrusted(orgId)}`,
  );
  return keys;
}

/** The ids of the organization's keys now: taken just before minting. */
export async function openMintWindow(
  client: DevinClient,
  orgId: string,
  nowSeconds: () => number,
): Promise<MintWindow> {
  const keys = await listOrgKeys(client, orgId, undefined);
  return { orgId, before: new Set(keys.map((key) => key.id)), sentAt: nowSeconds() };
}

/**
 * Mints one service key of the organization, its keys listed just before: a key whose answer
 * is lost (or unreadable) is then found among the new ones and revoked by id, and the error
 * says what became of it.
 */
export async function provisionListed(
  client: DevinClient,
  orgId: string,
  nowSeconds: () => number,
): Promise<{ window: MintWindow; issued: ServiceKeyResponse }> {
  const window = await openMintWindow(client, orgId, nowSeconds);
  try {
    return { window, issued: await client.provisionServiceKey(orgId) };
  } catch (error) {
    const lost =
      error instanceof MintOutcomeUnknownError || error instanceof MintAnswerUnreadableError;
    if (!lost) throw error;
    const { fate } = await revokeMintedKey(client, window, undefined, nowSeconds());
    throw new ActionError(lostAnswerMessage(error, fate));
  }
}

export type Identified =
  | { kind: 'one'; key: ComparedEnterpriseKey }
  | { kind: 'none' }
  | { kind: 'several'; candidates: ComparedEnterpriseKey[] };

/**
 * Which listed key is the one minted in `window`, by what the listing gives: an id not seen
 * before, a service key of the organization, made within the window, and a value that is not
 * another key's. A value equal to the token settles it; otherwise one candidate is the key, and
 * several are told apart by nothing: never guessed between. Pure.
 */
export function identifyMintedKey(
  keys: readonly ComparedEnterpriseKey[],
  window: MintWindow,
  untilSeconds: number,
): Identified {
  const candidates = keys.filter(
    (key) =>
      !window.before.has(key.id) &&
      key.org_id === window.orgId &&
      key.is_service_key &&
      key.created_at >= window.sentAt - CLOCK_SKEW_SECONDS &&
      key.created_at <= untilSeconds + CLOCK_SKEW_SECONDS &&
      key.valueMatch !== 'other',
  );
  const same = candidates.filter((key) => key.valueMatch === 'same');
  const pool = same.length > 0 ? same : candidates;
  const [first] = pool;
  if (first === undefined) return { kind: 'none' };
  return pool.length === 1 ? { kind: 'one', key: first } : { kind: 'several', candidates: pool };
}

/**
 * Finds the key minted in `window` (its token known, or lost with its answer) and revokes it
 * by id; returns what became of it, for a message. Ambiguity and failures are said, never
 * resolved by guessing.
 */
export async function revokeMintedKey(
  client: DevinClient,
  window: MintWindow,
  token: string | undefined,
  untilSeconds: number,
): Promise<{ revoked: boolean; fate: string }> {
  let found: Identified;
  try {
    found = identifyMintedKey(await listOrgKeys(client, window.orgId, token), window, untilSeconds);
  } catch (error) {
    return { revoked: false, fate: notListedFate(window, error) };
  }
  if (found.kind === 'none') return { revoked: false, fate: notFoundFate(window) };
  if (found.kind === 'several') {
    return { revoked: false, fate: severalFate(window, found.candidates) };
  }
  try {
    await client.revokeEnterpriseKey(found.key.id);
  } catch (error) {
    return { revoked: false, fate: notRevokedFate(found.key, error) };
  }
  return { revoked: true, fate: revokedFate(found.key) };
}

/**
 * The key a secret held before this run wrote it, by what the listing gives: a service key of
 * the organization that existed before this run's minting, made no longer before the secret's
 * last write than the engine ever takes to store a key (`storeSeconds`) and not after it, and
 * not the new key.
 * Pure; one candidate or none is an answer, several are not told apart.
 */
export function identifyReplacedKey(
  keys: readonly ComparedEnterpriseKey[],
  window: MintWindow,
  previous: { writtenAt: number; storeSeconds: number },
): Identified {
  const candidates = keys.filter(
    (key) =>
      window.before.has(key.id) &&
      key.org_id === window.orgId &&
      key.is_service_key &&
      key.valueMatch !== 'same' &&
      key.created_at >= previous.writtenAt - previous.storeSeconds - CLOCK_SKEW_SECONDS &&
      // Never after the write: a key made since is another target's (the next one minted),
      // and widening this by the clocks' skew would take it for the one the secret held.
      key.created_at <= previous.writtenAt,
  );
  const [first] = candidates;
  if (first === undefined) return { kind: 'none' };
  return candidates.length === 1 ? { kind: 'one', key: first } : { kind: 'several', candidates };
}

/** Finds the key a re-run replaced and revokes it; a line for the log, or a warning to give. */
export async function revokeReplacedKey(
  client: DevinClient,
  window: MintWindow,
  token: string,
  previous: { writtenAt: number; storeSeconds: number },
): Promise<{ line: string } | { warning: string }> {
  try {
    return await findAndRevokeReplacedKey(client, window, token, previous);
  } catch (error) {
    // A later run cannot find it either (the secret's last write is then this run's): say how.
    return { warning: replacedKeyNotRevoked(window, previous, error) };
  }
}

function replacedKeyNotRevoked(
  window: MintWindow,
  previous: { writtenAt: number },
  error: unknown,
): string {
  return (
    `The key the secret held before (written ${isoTime(previous.writtenAt)}) was not revoked: ` +
    `${problemOf(error)}\nA later run cannot tell it apart either. Fix: ` +
    `${howToFindOrgKey(window.orgId)}, looking for one created before ${isoTime(previous.writtenAt)}.`
  );
}

async function findAndRevokeReplacedKey(
  client: DevinClient,
  window: MintWindow,
  token: string,
  previous: { writtenAt: number; storeSeconds: number },
): Promise<{ line: string } | { warning: string }> {
  const keys = await listOrgKeys(client, window.orgId, token);
  const found = identifyReplacedKey(keys, window, previous);
  if (found.kind !== 'one') return { warning: replacedKeyNotIdentified(window, previous, found) };
  await client.revokeEnterpriseKey(found.key.id);
  return { line: `The key it replaced, ${describeKey(found.key)}, was revoked.` };
}

function replacedKeyNotIdentified(
  window: MintWindow,
  previous: { writtenAt: number },
  found: Exclude<Identified, { kind: 'one' }>,
): string {
  const why =
    found.kind === 'none'
      ? 'no key of the organization made before that write is listed (it may be revoked already)'
      : `${counted(found.candidates.length, 'key')} could be it: ${found.candidates.map(describeKey).join(', ')}`;
  return (
    `The key the secret held before (written ${isoTime(previous.writtenAt)}) could not be ` +
    `identified in organization ${quoteUntrusted(window.orgId)}, so it was not revoked: ${why}. ` +
    `Fix: ${howToFindOrgKey(window.orgId)}, looking for one created before ${isoTime(previous.writtenAt)}.`
  );
}

// What became of a key, as the end of "The key made for it …".

function describeKey(key: ComparedEnterpriseKey): string {
  return `${quoteUntrusted(key.id)} (created ${isoTime(key.created_at)})`;
}

/** How to find a key of the organization by hand, and revoke it by id (never without one). */
export function howToFindOrgKey(orgId: string): string {
  return (
    `list the keys of organization ${quoteUntrusted(orgId)} with operation audit (an ` +
    `apk_user_ token and org_id) or GET /v2/enterprise/api-keys?org_id=${encodeURIComponent(orgId)}, ` +
    'and revoke the one nobody holds by its id with operation revoke (api_key_id)'
  );
}

function revokedFate(key: ComparedEnterpriseKey): string {
  return `was found in the organization's listing as ${describeKey(key)} and revoked, so none is left behind`;
}

function notRevokedFate(key: ComparedEnterpriseKey, error: unknown): string {
  return (
    `was found as ${describeKey(key)}, but could not be revoked (${messageOf(error)}); revoke it ` +
    'with operation revoke (api_key_id)'
  );
}

function severalFate(window: MintWindow, candidates: readonly ComparedEnterpriseKey[]): string {
  return (
    `cannot be told apart from other keys made in organization ${quoteUntrusted(window.orgId)} ` +
    `at the same moment, so none was revoked: ${counted(candidates.length, 'candidate')}, ` +
    `${candidates.map(describeKey).join(', ')}. Revoke the one nobody holds with operation ` +
    'revoke (api_key_id)'
  );
}

function notFoundFate(window: MintWindow): string {
  return (
    `was not in the organization's listing yet (it may show later), so it was not revoked; ` +
    `to check: ${howToFindOrgKey(window.orgId)}, looking for one created at ` +
    `${isoTime(window.sentAt)} or just after`
  );
}

function notListedFate(window: MintWindow, error: unknown): string {
  return (
    `could not be looked for (${messageOf(error)}), so it was not revoked; to check: ` +
    `${howToFindOrgKey(window.orgId)}, looking for one created at ${isoTime(window.sentAt)} or just after`
  );
}

/** A lost (or unreadable) minting answer, and what the search for its key found. */
export function lostAnswerMessage(error: Error, fate: string): string {
  return `${error.message}\n${explain({
    problem: `The key the request may have made ${fate}.`,
    fix: 'run the job again (after revoking any key named above that nobody holds).',
  })}`;
}
