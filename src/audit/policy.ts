import type { ApiKeyResponse } from '../devin/schemas.ts';

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

export interface AuditedKey {
  id: string;
  name: string;
  status: KeyStatus;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  findings: Finding[];
  /** Whether any finding is in a class that fails the job. */
  failing: boolean;
}

const DAY_SECONDS = 86_400;

/** "2026-11-01" */
export function isoDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

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

/** The findings for one key under a policy, at a moment. Pure. */
export function auditKey(key: ApiKeyResponse, policy: AuditPolicy, nowSeconds: number): AuditedKey {
  const status = keyStatus(key, nowSeconds);
  const findings: Omit<Finding, 'failing'>[] = [];
  if (status === 'revoked') {
    const at = key.revoked_at === null ? '' : ` ${when(key.revoked_at, nowSeconds)}`;
    findings.push({ class: 'revoked', reason: `revoked${at}` });
  } else if (status === 'expired' && key.expires_at !== null) {
    findings.push({ class: 'expired', reason: `expired ${when(key.expires_at, nowSeconds)}` });
  } else {
    if (key.expires_at === null) {
      findings.push({ class: 'no_expiry', reason: 'never expires' });
    } else if (key.expires_at - nowSeconds <= policy.expiryWarningDays * DAY_SECONDS) {
      findings.push({ class: 'expiring', reason: `expires ${when(key.expires_at, nowSeconds)}` });
    }
    const staleBefore = nowSeconds - policy.staleDays * DAY_SECONDS;
    if (key.last_used_at === null && key.created_at <= staleBefore) {
      findings.push({
        class: 'stale',
        reason: `never used since it was created ${when(key.created_at, nowSeconds)}`,
      });
    } else if (key.last_used_at !== null && key.last_used_at <= staleBefore) {
      findings.push({ class: 'stale', reason: `last used ${when(key.last_used_at, nowSeconds)}` });
    }
  }
  return {
    id: key.api_key_id,
    name: key.api_key_name,
    status,
    createdAt: key.created_at,
    expiresAt: key.expires_at,
    lastUsedAt: key.last_used_at,
    revokedAt: key.revoked_at,
    findings: findings.map((finding) => ({
      ...finding,
      failing: policy.failOn.has(finding.class),
    })),
    failing: findings.some((finding) => policy.failOn.has(finding.class)),
  };
}

const SEVERITY: Readonly<Record<FindingClass, number>> = {
  revoked: 0,
  expired: 1,
  expiring: 2,
  stale: 3,
  no_expiry: 4,
};

function severityOf(key: AuditedKey): number {
  const worst = Math.min(...key.findings.map((finding) => SEVERITY[finding.class]), 5);
  // Keys that fail the job come before keys that only warn.
  return (key.failing ? 0 : 10) + worst;
}

/** Worst first: failing keys, then by the most severe finding, then by name. */
export function worstFirst(keys: readonly AuditedKey[]): AuditedKey[] {
  return [...keys].sort(
    (a, b) =>
      severityOf(a) - severityOf(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
}
