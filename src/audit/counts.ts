import type { AuditedKey } from './policy.ts';
import type { AuditedServiceUser } from './service-users.ts';

/**
 * Each count of keys an audit outputs, and which keys it counts: the one list the tally, the
 * report and the registry's outputs all derive from, so adding a count is one edit the compiler
 * follows.
 */
export const COUNTED_KEYS = {
  key_count: () => true,
  active_count: (key) => key.status === 'active',
  expired_count: (key) => key.status === 'expired',
  revoked_count: (key) => key.status === 'revoked',
  expiring_count: (key) => key.hasFinding('expiring'),
  stale_count: (key) => key.hasFinding('stale'),
} as const satisfies Record<string, (key: AuditedKey) => boolean>;

/** Each count of service users an audit outputs, and which service users it counts. */
export const COUNTED_SERVICE_USERS = {
  unreadable_service_user_count: (serviceUser) => serviceUser.hasFinding('service_user_unreadable'),
} as const satisfies Record<string, (serviceUser: AuditedServiceUser) => boolean>;

export type KeyCountName = keyof typeof COUNTED_KEYS;
export type ServiceUserCountName = keyof typeof COUNTED_SERVICE_USERS;
export type CountName = KeyCountName | ServiceUserCountName;
/** The counts of one service user's keys. */
export type KeyCounts = Record<KeyCountName, number>;
/** Every count an audit outputs. */
export type AuditCounts = Record<CountName, number>;

/** The names of the counts of keys, in the order of the list above. */
export const KEY_COUNT_NAMES = Object.keys(COUNTED_KEYS) as KeyCountName[];
const SERVICE_USER_COUNT_NAMES = Object.keys(COUNTED_SERVICE_USERS) as ServiceUserCountName[];
/** The names of every count, keys' first. */
export const COUNT_NAMES: readonly CountName[] = [...KEY_COUNT_NAMES, ...SERVICE_USER_COUNT_NAMES];

export function noKeyCounts(): KeyCounts {
  const counts = {} as KeyCounts;
  for (const name of KEY_COUNT_NAMES) counts[name] = 0;
  return counts;
}

/** The counts over every service user audited: their keys', then their own. */
export function countAll(
  keyCounts: readonly KeyCounts[],
  serviceUsers: Iterable<AuditedServiceUser>,
): AuditCounts {
  const total: AuditCounts = { ...noKeyCounts(), unreadable_service_user_count: 0 };
  for (const counts of keyCounts) {
    for (const name of KEY_COUNT_NAMES) total[name] += counts[name];
  }
  for (const serviceUser of serviceUsers) {
    for (const name of SERVICE_USER_COUNT_NAMES) {
      if (COUNTED_SERVICE_USERS[name](serviceUser)) total[name]++;
    }
  }
  return total;
}
