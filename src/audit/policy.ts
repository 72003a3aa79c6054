import type { ApiKeyResponse } from '../devin/schemas.ts';
import { isoDay } from '../time.ts';

/** Why a key needs attention. The first two mean it is dead; the others, that it soon may be. */
export const FINDING_CLASSES = ['expired', 'revoked', 'expiring', 'stale', 'no_expiry'] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

export type KeyStatus = 'active' | 'expired' | 'revoked';

export interface AuditPolicy {
  /** Classes that fail the job; empty to only report. */
  failOn: ReadonlySet<FindingClass>;
  expiryWarningDays: number;
  staleDays: number;
}

export interface Finding {
  class: FindingClass;
  /** Why, in words: "expired 2026-11-01 (23 days ago)". */
  reason: string;
  /** Whether the class is one that fails the job. */
  failing: boolean;
}

const DAY_SECONDS = 86_400;

/** "in 3 days", "23 days ago", "today" */
export function relativeDays(unixSeconds: number, nowSeconds: number): string {
  const days = Math.round((unixSeconds - nowSeconds) / DAY_SECONDS);
  if (days === 0) return 'today';
  const count = `${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'}`;
  return days > 0 ? `in ${count}` : `${count} ago`;
}

function when(unixSeconds: number, nowSeconds: number): string {
  return `${isoDay(unixSeconds)} (${relativeDays(unixSeconds, nowSeconds)})`;
}

/**
 * A key's status from its timestamps: the API's `is_active` alone cannot tell expired from
 * revoked.
 */
export function keyStatus(key: ApiKeyResponse, nowSeconds: number): KeyStatus {
  if (key.revoked_at !== null) return 'revoked';
  if (key.expires_at !== null && key.expires_at <= nowSeconds) return 'expired';
  return key.is_active ? 'active' : 'revoked';
}

const SEVERITY: Readonly<Record<FindingClass, number>> = {
  revoked: 0,
  expired: 1,
  expiring: 2,
  stale: 3,
  no_expiry: 4,
};

const bitOf = (findingClass: FindingClass): number => 1 << SEVERITY[findingClass];

/** The fail_on classes as a bit set, made once per policy rather than once per key. */
const failOnBitsOfPolicy = new WeakMap<AuditPolicy, number>();
function failOnBits(policy: AuditPolicy): number {
  let bits = failOnBitsOfPolicy.get(policy);
  if (bits === undefined) {
    bits = 0;
    for (const findingClass of policy.failOn) bits |= bitOf(findingClass);
    failOnBitsOfPolicy.set(policy, bits);
  }
  return bits;
}

/** What every audited key of one run shares: the time of the audit and the policy. */
export interface AuditContext {
  nowSeconds: number;
  policy: AuditPolicy;
}

/**
 * One key, audited. An audit may hold a hundred thousand of these, so each keeps numbers only
 * (its findings as a bit set); the findings' words are made when something prints them.
 */
export class AuditedKey {
  readonly id: string;
  readonly name: string;
  readonly status: KeyStatus;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
  /** Bit set of finding classes, by SEVERITY. */
  readonly findingBits: number;
  /** Whether any finding is in a class that fails the job. */
  readonly failing: boolean;
  /** Sort key: failing keys first, then by the most severe finding. */
  readonly severity: number;
  private readonly context: AuditContext;

  constructor(key: ApiKeyResponse, context: AuditContext) {
    const { nowSeconds, policy } = context;
    this.id = key.api_key_id;
    this.name = key.api_key_name;
    this.status = keyStatus(key, nowSeconds);
    this.createdAt = key.created_at;
    this.expiresAt = key.expires_at;
    this.lastUsedAt = key.last_used_at;
    this.revokedAt = key.revoked_at;
    this.context = context;
    this.findingBits = this.classify();
    this.failing = (this.findingBits & failOnBits(policy)) !== 0;
    const worst = this.findingBits === 0 ? 5 : Math.log2(this.findingBits & -this.findingBits);
    this.severity = (this.failing ? 0 : 10) + worst;
  }

  private classify(): number {
    const { nowSeconds, policy } = this.context;
    if (this.status === 'revoked') return bitOf('revoked');
    if (this.status === 'expired') return bitOf('expired');
    let bits = 0;
    if (this.expiresAt === null) bits |= bitOf('no_expiry');
    else if (this.expiresAt - nowSeconds <= policy.expiryWarningDays * DAY_SECONDS) {
      bits |= bitOf('expiring');
    }
    const staleBefore = nowSeconds - policy.staleDays * DAY_SECONDS;
    if ((this.lastUsedAt ?? this.createdAt) <= staleBefore) bits |= bitOf('stale');
    return bits;
  }

  private reason(findingClass: FindingClass): string {
    const { nowSeconds } = this.context;
    const at = (unixSeconds: number | null): string =>
      unixSeconds === null ? '' : ` ${when(unixSeconds, nowSeconds)}`;
    switch (findingClass) {
      case 'revoked':
        return `revoked${at(this.revokedAt)}`;
      case 'expired':
        return `expired${at(this.expiresAt)}`;
      case 'expiring':
        return `expires${at(this.expiresAt)}`;
      case 'no_expiry':
        return 'never expires';
      case 'stale':
        return this.lastUsedAt === null
          ? `never used since it was created${at(this.createdAt)}`
          : `last used${at(this.lastUsedAt)}`;
    }
  }

  /** The findings, most severe first, in words. */
  get findings(): Finding[] {
    if (this.findingBits === 0) return [];
    return FINDING_CLASSES.filter((findingClass) => (this.findingBits & bitOf(findingClass)) !== 0)
      .sort((a, b) => SEVERITY[a] - SEVERITY[b])
      .map((findingClass) => ({
        class: findingClass,
        reason: this.reason(findingClass),
        failing: this.context.policy.failOn.has(findingClass),
      }));
  }

  get findingCount(): number {
    let count = 0;
    for (let bits = this.findingBits; bits !== 0; bits &= bits - 1) count++;
    return count;
  }

  hasFinding(findingClass: FindingClass): boolean {
    return (this.findingBits & bitOf(findingClass)) !== 0;
  }
}

/** Code-unit order: stable and cheap, where a locale-aware compare allocates per call. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts in place, worst first: failing keys, then by the most severe finding, then by name. */
export function sortWorstFirst(keys: AuditedKey[]): AuditedKey[] {
  return keys.sort(
    (a, b) => a.severity - b.severity || compareText(a.name, b.name) || compareText(a.id, b.id),
  );
}
