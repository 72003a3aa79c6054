/**
 * The API keys of the enterprise as v2 knows them: the service keys `POST /v2/enterprise/api-keys`
 * provisions and any keys a test seeds (users' personal keys, service keys made earlier), listed
 * by `GET /v2/enterprise/api-keys` and revoked by `DELETE /v2/enterprise/api-keys[/{id}]`.
 * Authentication and routing stay with the server; this module holds the keys and the answers.
 */
import { randomBytes } from 'node:crypto';
import { integerQuery, legacyError, validationErrors, type Answer } from './answers.ts';

/**
 * What the listing's `api_key_value` holds, which the reference leaves open: the whole key, a
 * masked form (its prefix and last four characters), or null.
 */
export type ApiKeyValueMode = 'whole' | 'masked' | null;

/** How long a new key stays out of the listing, as when the listing lags behind the minting. */
export interface ListingDelay {
  /** Left out of this many listing answers after it was made. */
  listings?: number;
  /** Left out until this many milliseconds after it was made, on the stand-in's clock. */
  ms?: number;
}

export interface FakeEnterpriseKeySeed {
  /** Default a fresh `apk-…` id. */
  id?: string;
  org_id: string;
  /** Whose personal key it is; left out, it is a service key of `org_id`. */
  user?: { id: string; email?: string | null };
  /** The key itself; default a fresh canary of its kind (`apk_user_…` or `apk_…`). */
  api_key?: string;
  /** UNIX seconds; default now. */
  created_at?: number;
  /** Revoked at this time already: not listed, and it does not authenticate. */
  revoked_at?: number | null;
  appearsAfter?: ListingDelay;
}

export type EnterpriseKeyOrigin = 'seed' | 'provision' | 'concurrent';

/** A key of the enterprise as it is now, for tests. */
export interface EnterpriseKeyRecord {
  id: string;
  org_id: string;
  org_name: string | null;
  user_id: string | null;
  user_email: string | null;
  is_service_key: boolean;
  /** UNIX seconds; the listing shows `isoTime(created_at)`. */
  created_at: number;
  api_key: string;
  revoked: boolean;
  revoked_at: number | null;
  /** Whether a listing would show it now: not revoked and no longer delayed. */
  listed: boolean;
  /** Seeded, made by a POST, or made by someone else at the same moment as a POST. */
  madeBy: EnterpriseKeyOrigin;
}

export interface EnterpriseKeysSettings {
  /** UNIX seconds, for created_at and revoked_at. */
  now: () => number;
  /** Milliseconds on the same clock, for listing delays. */
  nowMs: () => number;
  orgNames: Readonly<Record<string, string>>;
  apiKeyValue: ApiKeyValueMode;
  /** Applies to every key a POST makes (and its concurrent twin). */
  provisionedKeysAppearAfter: ListingDelay | undefined;
  /** Every POST also makes a second service key of its organization at the same moment. */
  concurrentProvisions: boolean;
}

export interface EnterpriseKeys {
  add(seed: FakeEnterpriseKeySeed): EnterpriseKeyRecord;
  /** Makes a service key of the organization, as `POST /v2/enterprise/api-keys` does. */
  provision(orgId: string): { api_key: string; org_id: string };
  /** The key whose value this is, revoked or not; undefined when it is none of the enterprise's. */
  withValue(value: string): EnterpriseKeyRecord | undefined;
  list(query: Record<string, string>): Answer;
  revoke(id: string): Answer;
  revokeEverything(): Answer;
  everythingRevoked(): boolean;
  records(): EnterpriseKeyRecord[];
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Whole seconds the way pydantic writes a UTC datetime: `2026-11-24T12:00:00Z`. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

const KEY_PREFIXES = ['apk_user_', 'apk_'];

/** The prefix and the last four characters; nothing of a key too short to keep a secret part. */
export function maskedKeyValue(key: string): string {
  const prefix = KEY_PREFIXES.find((candidate) => key.startsWith(candidate)) ?? '';
  const rest = key.slice(prefix.length);
  return rest.length <= 8 ? `${prefix}****` : `${prefix}****${rest.slice(-4)}`;
}

interface StoredEnterpriseKey {
  id: string;
  org_id: string;
  user_id: string | null;
  user_email: string | null;
  api_key: string;
  created_at: number;
  revoked_at: number | null;
  madeBy: EnterpriseKeyOrigin;
  /** How many listing answers had been given when it was made, and its clock time then. */
  madeAtListing: number;
  madeAtMs: number;
  delay: ListingDelay;
}

export function createEnterpriseKeys(
  settings: EnterpriseKeysSettings,
  seeds: readonly FakeEnterpriseKeySeed[] = [],
): EnterpriseKeys {
  const stored: StoredEnterpriseKey[] = [];
  /** `stored` oldest first, made again only once a key was added: a benchmark lists 100,000. */
  let oldestFirst: StoredEnterpriseKey[] | undefined;
  let listingsAnswered = 0;
  let everythingRevoked = false;

  const isShown = (key: StoredEnterpriseKey, listingNumber: number, atMs: number): boolean =>
    key.revoked_at === null &&
    listingNumber > key.madeAtListing + (key.delay.listings ?? 0) &&
    atMs >= key.madeAtMs + (key.delay.ms ?? 0);

  const record = (key: StoredEnterpriseKey): EnterpriseKeyRecord => ({
    id: key.id,
    org_id: key.org_id,
    org_name: settings.orgNames[key.org_id] ?? null,
    user_id: key.user_id,
    user_email: key.user_email,
    is_service_key: key.user_id === null,
    created_at: key.created_at,
    api_key: key.api_key,
    revoked: key.revoked_at !== null,
    revoked_at: key.revoked_at,
    // The listing that would come next, without counting as one.
    listed: isShown(key, listingsAnswered + 1, settings.nowMs()),
    madeBy: key.madeBy,
  });

  const store = (seed: FakeEnterpriseKeySeed, madeBy: EnterpriseKeyOrigin): StoredEnterpriseKey => {
    const key: StoredEnterpriseKey = {
      id: seed.id ?? `apk-${hex(8)}`,
      org_id: seed.org_id,
      user_id: seed.user?.id ?? null,
      user_email: seed.user === undefined ? null : (seed.user.email ?? null),
      api_key: seed.api_key ?? `${seed.user === undefined ? 'apk_' : 'apk_user_'}canary${hex(16)}`,
      created_at: seed.created_at ?? settings.now(),
      revoked_at: seed.revoked_at ?? null,
      madeBy,
      madeAtListing: listingsAnswered,
      madeAtMs: settings.nowMs(),
      delay: seed.appearsAfter ?? {},
    };
    stored.push(key);
    oldestFirst = undefined;
    return key;
  };

  for (const seed of seeds) store(seed, 'seed');

  const listedValue = (key: StoredEnterpriseKey): string | null => {
    if (settings.apiKeyValue === 'whole') return key.api_key;
    if (settings.apiKeyValue === 'masked') return maskedKeyValue(key.api_key);
    return null;
  };

  const listItem = (key: StoredEnterpriseKey) => {
    const { id, org_id, org_name, user_id, user_email, is_service_key } = record(key);
    return {
      id,
      org_id,
      org_name,
      user_id,
      user_email,
      is_service_key,
      created_at: isoTime(key.created_at),
      api_key_value: listedValue(key),
    };
  };

  function list(query: Record<string, string>): Answer {
    const page = integerQuery(query, 'page', { fallback: 1, ge: 1 });
    const perPage = integerQuery(query, 'per_page', { fallback: 25, ge: 1, le: 100 });
    // FastAPI reports every invalid parameter at once.
    if (typeof page !== 'number' || typeof perPage !== 'number') {
      return validationErrors([page, perPage].filter((value) => typeof value !== 'number'));
    }
    const listingNumber = ++listingsAnswered;
    const atMs = settings.nowMs();
    // Oldest first, ties in the order they were made, so that pages do not shuffle.
    oldestFirst ??= [...stored].sort((one, other) => one.created_at - other.created_at);
    const shown = oldestFirst
      .filter((key) => isShown(key, listingNumber, atMs))
      .filter((key) => query.org_id === undefined || key.org_id === query.org_id);
    const skip = (page - 1) * perPage;
    const items = shown.slice(skip, skip + perPage).map(listItem);
    const hasMore = skip + items.length < shown.length;
    return {
      status: 200,
      body: {
        items,
        total: shown.length,
        skip,
        limit: perPage,
        has_more: hasMore,
        next_cursor: hasMore ? page + 1 : null,
      },
    };
  }

  /**
   * A revoked key leaves the listing (its items have no field that could say "revoked", so a
   * listed dead key would look alive) and stops authenticating. Its id is then unknown like any
   * other: a second DELETE answers 404, since v2 documents no 409 as v3 does.
   */
  function revoke(id: string): Answer {
    const key = stored.find((candidate) => candidate.id === id && candidate.revoked_at === null);
    if (key === undefined) return legacyError(404, 'API key not found');
    key.revoked_at = settings.now();
    return { status: 200, body: { status: 'success' } };
  }

  /** Every key, user and service, in every organization; the answer is undocumented. */
  function revokeEverything(): Answer {
    const at = settings.now();
    for (const key of stored) key.revoked_at ??= at;
    everythingRevoked = true;
    return { status: 200, body: { status: 'success' } };
  }

  function provision(orgId: string): { api_key: string; org_id: string } {
    const seed = {
      org_id: orgId,
      created_at: settings.now(),
      ...(settings.provisionedKeysAppearAfter === undefined
        ? {}
        : { appearsAfter: settings.provisionedKeysAppearAfter }),
    };
    const key = store(seed, 'provision');
    if (settings.concurrentProvisions) store(seed, 'concurrent');
    return { api_key: key.api_key, org_id: key.org_id };
  }

  return {
    add: (seed) => record(store(seed, 'seed')),
    provision,
    withValue: (value) => {
      const key = stored.find((candidate) => candidate.api_key === value);
      return key === undefined ? undefined : record(key);
    },
    list,
    revoke,
    revokeEverything,
    everythingRevoked: () => everythingRevoked,
    records: () => stored.map(record),
  };
}
