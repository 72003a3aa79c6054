import {
  COUNTED_KEYS,
  KEY_COUNT_NAMES,
  countAll,
  noKeyCounts,
  type AuditCounts,
  type KeyCounts,
} from './counts.ts';
import { sortWorstFirst, type AuditedKey } from './policy.ts';
import type { AuditedServiceUser } from './service-users.ts';

export type { AuditCounts, KeyCounts } from './counts.ts';

/**
 * Worst keys kept per service user: enough for the summary's rows, the failure message, the
 * annotations and a cut report. Every other key is counted and written out, not kept, so an
 * audit's memory does not grow with the number of keys.
 */
export const KEPT_WORST_KEYS = 1_000;

/** One service user's audit, tallied as its keys stream in. */
export class ServiceUserTally {
  readonly serviceUserId: string;
  readonly counts: KeyCounts = noKeyCounts();
  failingCount = 0;
  findingCount = 0;
  keysWithFindings = 0;
  pages = 0;
  private kept: AuditedKey[] = [];
  /**
   * The id of every key counted: a listing may repeat a key on a later page (its cursor moved
   * under it), and a key is counted once. Ids only, so memory stays small beside the keys'.
   */
  private readonly seen = new Set<string>();
  /** Once KEPT_WORST_KEYS are kept: a key must be worse than this to be kept too. */
  private cutoff = Number.POSITIVE_INFINITY;

  constructor(serviceUserId: string) {
    this.serviceUserId = serviceUserId;
  }

  /** Counts a key; false (and nothing counted) when the listing gave it before. */
  add(key: AuditedKey): boolean {
    if (this.seen.has(key.id)) return false;
    this.seen.add(key.id);
    const { counts } = this;
    for (const name of KEY_COUNT_NAMES) if (COUNTED_KEYS[name](key)) counts[name]++;
    if (key.failing) this.failingCount++;
    if (key.findingClasses.length > 0) this.keysWithFindings++;
    this.findingCount += key.findingClasses.length;
    // Among keys alike in severity the first listed are kept, so a key no worse than the
    // cutoff is dropped at once: most keys of a large audit cost no sorting at all.
    if (key.severity >= this.cutoff) return true;
    this.kept.push(key);
    // Trim in batches: one sort per KEPT_WORST_KEYS keys, not one per key. The sort is stable.
    if (this.kept.length >= 2 * KEPT_WORST_KEYS) {
      this.kept = this.kept.sort((a, b) => a.severity - b.severity).slice(0, KEPT_WORST_KEYS);
      this.cutoff = (this.kept.at(-1) as AuditedKey).severity;
    }
    return true;
  }

  /** The worst keys, worst first, at most KEPT_WORST_KEYS. */
  worst(): AuditedKey[] {
    return sortWorstFirst(
      this.kept.sort((a, b) => a.severity - b.severity).slice(0, KEPT_WORST_KEYS),
    );
  }
}

/** The finished audit of one service user. */
export interface ServiceUserAudit {
  serviceUserId: string;
  pages: number;
  counts: KeyCounts;
  failingCount: number;
  findingCount: number;
  keysWithFindings: number;
  /** Worst first; all keys when there are at most KEPT_WORST_KEYS. */
  worstKeys: AuditedKey[];
}

export function finishTally(tally: ServiceUserTally): ServiceUserAudit {
  return {
    serviceUserId: tally.serviceUserId,
    pages: tally.pages,
    counts: tally.counts,
    failingCount: tally.failingCount,
    findingCount: tally.findingCount,
    keysWithFindings: tally.keysWithFindings,
    worstKeys: tally.worst(),
  };
}

/** The counts the action outputs, over every service user audited: keys', then their own. */
export function totalCounts(
  audits: readonly ServiceUserAudit[],
  serviceUsers: Iterable<AuditedServiceUser> = [],
): AuditCounts {
  return countAll(
    audits.map((audit) => audit.counts),
    serviceUsers,
  );
}

export interface ServiceUserKey {
  serviceUserId: string;
  key: AuditedKey;
}

/**
 * The kept keys that `include` picks, over every service user, worst first; keys alike in
 * severity keep the service users' order. What is capped (annotations, the keys a failure names)
 * then goes to the worst keys of the whole audit, not to the first service user's.
 */
export function keptKeysWorstFirst(
  audits: readonly ServiceUserAudit[],
  include: (key: AuditedKey) => boolean,
): ServiceUserKey[] {
  return audits
    .flatMap((audit) =>
      audit.worstKeys.filter(include).map((key) => ({ serviceUserId: audit.serviceUserId, key })),
    )
    .sort((a, b) => a.key.severity - b.key.severity);
}
