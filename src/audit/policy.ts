import type { ApiKeyResponse } from '../devin/schemas.ts';
import { counted } from '../base/words.ts';
import { isoDay } from '../base/time.ts';

/** Why a key needs attention. The first two mean it is dead; the others, that it soon may be. */
export const FINDING_CLASSES = ['expired', 'revoked', 'expiring', 'stale', 'no_expiry'] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

/**
 * Why a service user itself needs attention: expired (every key of it is dead), or soon; or its
 * keys could not be listed, so none of them was audited.
 */
export const SERVICE_USER_FINDING_CLASSES = [
  'service_user_expired',
  'service_user_expiring',
  'service_user_unreadable',
] as const;
export type ServiceUserFindingClass = (typeof SERVICE_USER_FINDING_CLASSES)[number];

/** Every class fail_on may name. */
export type PolicyClass = FindingClass | ServiceUserFindingClass;

type KeyStatus = 'active' | 'expired' | 'revoked';

export interface AuditPolicy {
  /** Classes that fail the job; empty to only report. */
  failOn: ReadonlySet<PolicyClass>;
  expiryWarningDays: number;
  staleDays: number;
}

interface Finding {
  class: FindingClass;
  /** Why, in words: "expired 2026-11-01 (23 days ago)". */
  reason: string;
  /** Whether the class is one that fails the job. */
  failing: boolean;
}

export const DAY_SECONDS = 86_400;

/** "in 3 days", "23 days ago", "today" */
export function relativeDays(unixSeconds: number, nowSeconds: number): string {
  const days = Math.round((unixSeconds - nowSeconds) / DAY_SECONDS);
  if (days === 0) return 'today';
  const count = counted(Math.abs(days), 'day');
  return days > 0 ? `in ${count}` : `${count} ago`;
}

export function when(unixSeconds: number, nowSeconds: number): string {
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

/** What every audited key of one run shares: the time of the audit and the policy. */
export interface AuditContext {
  nowSeconds: number;
  policy: AuditPolicy;
}

const NO_FINDINGS: readonly FindingClass[] = Object.freeze([]);

/**
 * The sort key of a key or a service user (the summary puts both on one scale): whatever fails
 * first, then by the worst finding (0 the worst), then those without a finding. The constants
 * sit past any class's severity, so a new class never collides with them.
 */
export function severityRank(failing: boolean, worstFindingSeverity: number | undefined): number {
  return (failing ? 0 : 1_000) + (worstFindingSeverity ?? 100);
}

/** The finding classes of a key, most severe first. */
function classify(
  key: ApiKeyResponse,
  status: KeyStatus,
  context: AuditContext,
): readonly FindingClass[] {
  if (status !== 'active') return [status];
  const { nowSeconds, policy } = context;
  const classes: FindingClass[] = [];
  if (
    key.expires_at !== null &&
    key.expires_at - nowSeconds <= policy.expiryWarningDays * DAY_SECONDS
  ) {
    classes.push('expiring');
  }
  if ((key.last_used_at ?? key.created_at) <= nowSeconds - policy.staleDays * DAY_SECONDS) {
    classes.push('stale');
  }
  if (key.expires_at === null) classes.push('no_expiry');
  return classes.length === 0 ? NO_FINDINGS : classes;
}

/** One key, audited: its status and findings under the run's policy. */
export class AuditedKey {
  readonly id: string;
  readonly name: string;
  readonly status: KeyStatus;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
  /** Most severe first. */
  readonly findingClasses: readonly FindingClass[];
  /** Whether any finding is in a class that fails the job. */
  readonly failing: boolean;
  /** Sort key: failing keys first, then by the most severe finding. */
  readonly severity: number;
  private readonly context: AuditContext;

  constructor(key: ApiKeyResponse, context: AuditContext) {
    this.id = key.api_key_id;
    this.name = key.api_key_name;
    this.status = keyStatus(key, context.nowSeconds);
    this.createdAt = key.created_at;
    this.expiresAt = key.expires_at;
    this.lastUsedAt = key.last_used_at;
    this.revokedAt = key.revoked_at;
    this.context = context;
    this.findingClasses = classify(key, this.status, context);
    this.failing = this.findingClasses.some((findingClass) =>
      context.policy.failOn.has(findingClass),
    );
    const worst = this.findingClasses[0];
    this.severity = severityRank(this.failing, worst === undefined ? undefined : SEVERITY[worst]);
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
    return this.findingClasses.map((findingClass) => ({
      class: findingClass,
      reason: this.reason(findingClass),
      failing: this.context.policy.failOn.has(findingClass),
    }));
  }

  hasFinding(findingClass: FindingClass): boolean {
    return this.findingClasses.includes(findingClass);
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
