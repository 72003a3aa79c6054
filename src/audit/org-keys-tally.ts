import { countAll, type AuditCounts } from './counts.ts';
import type { OrgKeyCountName } from './org-keys-counts.ts';
import type { EnterpriseKey } from '../devin/schemas.ts';

export const DAY_SECONDS = 86_400;
/** Aged keys kept for the report and the summary, oldest first; the rest are only counted. */
export const KEPT_AGED_KEYS = 1_000;

/** One organization's keys, counted. */
export interface OrgTally {
  orgId: string;
  /** The name the listing gave last; untrusted, null when it gave none. */
  orgName: string | null;
  keyCount: number;
  serviceKeyCount: number;
  personalKeyCount: number;
  agedCount: number;
}

/** What the audit keeps of an aged key: never its value (the listing's parser drops it). */
export interface AgedKey {
  id: string;
  orgId: string;
  isServiceKey: boolean;
  userId: string | null;
  createdAt: number;
}

export interface OrgKeysPolicy {
  nowSeconds: number;
  maxKeyAgeDays: number;
}

/**
 * The audit's tally, fed page by page: counts by organization and the oldest aged keys, so
 * memory stays flat however many keys the enterprise has. Pure.
 */
export class OrgKeysTally {
  pages = 0;
  private readonly byOrg = new Map<string, OrgTally>();
  private aged: AgedKey[] = [];
  private readonly agedBefore: number;

  constructor(policy: OrgKeysPolicy) {
    this.agedBefore = policy.nowSeconds - policy.maxKeyAgeDays * DAY_SECONDS;
  }

  add(keys: readonly EnterpriseKey[]): void {
    for (const key of keys) {
      const org = this.orgOf(key);
      org.keyCount++;
      if (key.is_service_key) org.serviceKeyCount++;
      else org.personalKeyCount++;
      if (key.created_at < this.agedBefore) {
        org.agedCount++;
        this.keepAged(key);
      }
    }
  }

  /** Every organization seen, by id. */
  organizations(): OrgTally[] {
    return [...this.byOrg.values()].sort((one, other) => one.orgId.localeCompare(other.orgId));
  }

  /** The oldest aged keys, oldest first, at most KEPT_AGED_KEYS. */
  agedOldestFirst(): AgedKey[] {
    return this.trimmed();
  }

  counts(): AuditCounts & Record<OrgKeyCountName, number> {
    const total = {
      ...countAll([], []),
      aged_count: 0,
      service_key_count: 0,
      personal_key_count: 0,
    };
    for (const org of this.byOrg.values()) {
      total.key_count += org.keyCount;
      total.aged_count += org.agedCount;
      total.service_key_count += org.serviceKeyCount;
      total.personal_key_count += org.personalKeyCount;
    }
    // v2 lists only keys that work: every key listed is active.
    total.active_count = total.key_count;
    return total;
  }

  private orgOf(key: EnterpriseKey): OrgTally {
    let org = this.byOrg.get(key.org_id);
    if (org === undefined) {
      org = {
        orgId: key.org_id,
        orgName: null,
        keyCount: 0,
        serviceKeyCount: 0,
        personalKeyCount: 0,
        agedCount: 0,
      };
      this.byOrg.set(key.org_id, org);
    }
    if (key.org_name !== null && key.org_name !== undefined) org.orgName = key.org_name;
    return org;
  }

  private keepAged(key: EnterpriseKey): void {
    this.aged.push({
      id: key.id,
      orgId: key.org_id,
      isServiceKey: key.is_service_key,
      userId: key.user_id ?? null,
      createdAt: key.created_at,
    });
    // Trimmed in batches: a sort per key would cost more than the listing.
    if (this.aged.length >= 2 * KEPT_AGED_KEYS) this.aged = this.trimmed();
  }

  private trimmed(): AgedKey[] {
    return this.aged
      .sort((one, other) => one.createdAt - other.createdAt || one.id.localeCompare(other.id))
      .slice(0, KEPT_AGED_KEYS);
  }
}
