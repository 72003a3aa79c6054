import type { AuditedKey, FindingClass } from './policy.ts';

/** One service user's keys, audited, worst first. */
export interface ServiceUserAudit {
  serviceUserId: string;
  keys: AuditedKey[];
  pages: number;
}

export interface AuditCounts {
  key_count: number;
  active_count: number;
  expired_count: number;
  revoked_count: number;
  expiring_count: number;
  stale_count: number;
}

function hasFinding(key: AuditedKey, findingClass: FindingClass): boolean {
  return key.findings.some((finding) => finding.class === findingClass);
}

/** The counts the action outputs, over every service user audited. */
export function countKeys(audits: readonly ServiceUserAudit[]): AuditCounts {
  const counts: AuditCounts = {
    key_count: 0,
    active_count: 0,
    expired_count: 0,
    revoked_count: 0,
    expiring_count: 0,
    stale_count: 0,
  };
  for (const key of audits.flatMap((audit) => audit.keys)) {
    counts.key_count++;
    if (key.status === 'active') counts.active_count++;
    if (key.status === 'expired') counts.expired_count++;
    if (key.status === 'revoked') counts.revoked_count++;
    if (hasFinding(key, 'expiring')) counts.expiring_count++;
    if (hasFinding(key, 'stale')) counts.stale_count++;
  }
  return counts;
}

export interface FailingKey {
  serviceUserId: string;
  key: AuditedKey;
}

export function failingKeys(audits: readonly ServiceUserAudit[]): FailingKey[] {
  return audits.flatMap((audit) =>
    audit.keys
      .filter((key) => key.failing)
      .map((key) => ({ serviceUserId: audit.serviceUserId, key })),
  );
}

const isoTime = (unixSeconds: number | null): string | null =>
  unixSeconds === null ? null : new Date(unixSeconds * 1000).toISOString();

/** The `report` output: per service user, per key, with ISO 8601 times. */
export function reportDocument(
  audits: readonly ServiceUserAudit[],
  nowSeconds: number,
  onlyKeysWithFindings = false,
): object {
  return {
    generated_at: isoTime(nowSeconds),
    counts: countKeys(audits),
    ...(onlyKeysWithFindings ? { keys_without_findings_left_out: true } : {}),
    service_users: audits.map((audit) => ({
      service_user_id: audit.serviceUserId,
      keys: audit.keys
        .filter((key) => !onlyKeysWithFindings || key.findings.length > 0)
        .map((key) => ({
          id: key.id,
          name: key.name,
          status: key.status,
          created_at: isoTime(key.createdAt),
          expires_at: isoTime(key.expiresAt),
          last_used_at: isoTime(key.lastUsedAt),
          revoked_at: isoTime(key.revokedAt),
          failing: key.failing,
          findings: key.findings,
        })),
    })),
  };
}
