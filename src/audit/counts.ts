import type { AuditedKey } from './policy.ts';

/**
 * Each count an audit outputs, and which keys it counts: the one list the tally, the report and
 * the registry's outputs all derive from, so adding a count is one edit the compiler follows.
 */
export const COUNTED_KEYS = {
  key_count: () => true,
  active_count: (key) => key.status === 'active',
  expired_count: (key) => key.status === 'expired',
  revoked_count: (key) => key.status === 'revoked',
  expiring_count: (key) => key.hasFinding('expiring'),
  stale_count: (key) => key.hasFinding('stale'),
} as const satisfies Record<string, (key: AuditedKey) => boolean>;

export type CountName = keyof typeof COUNTED_KEYS;
export type AuditCounts = Record<CountName, number>;

/** The names of the counts, in the order of the list above. */
export const COUNT_NAMES = Object.keys(COUNTED_KEYS) as CountName[];

export function noCounts(): AuditCounts {
  const counts = {} as AuditCounts;
  for (const name of COUNT_NAMES) counts[name] = 0;
  return counts;
}
