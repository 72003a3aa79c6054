import type { AuditedKey } from './policy.ts';

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
  for (const audit of audits) {
    for (const key of audit.keys) {
      counts.key_count++;
      if (key.status === 'active') counts.active_count++;
      if (key.status === 'expired') counts.expired_count++;
      if (key.status === 'revoked') counts.revoked_count++;
      if (key.hasFinding('expiring')) counts.expiring_count++;
      if (key.hasFinding('stale')) counts.stale_count++;
    }
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

/** One key as the report has it: ISO 8601 times. */
function reportKeyJson(key: AuditedKey): string {
  return JSON.stringify({
    id: key.id,
    name: key.name,
    status: key.status,
    created_at: isoTime(key.createdAt),
    expires_at: isoTime(key.expiresAt),
    last_used_at: isoTime(key.lastUsedAt),
    revoked_at: isoTime(key.revokedAt),
    failing: key.failing,
    findings: key.findings,
  });
}

/**
 * The report as JSON text, piece by piece (one piece per key), so that a report of many
 * thousand keys is written out without ever being held whole:
 * `{generated_at, counts, service_users: [{service_user_id, keys: [...]}], ...extra}`.
 */
export function* reportJsonPieces(
  audits: readonly ServiceUserAudit[],
  nowSeconds: number,
  options: { keys?: (audit: ServiceUserAudit) => readonly AuditedKey[]; extra?: object } = {},
): Generator<string> {
  const keysOf = options.keys ?? ((audit: ServiceUserAudit) => audit.keys);
  const head = JSON.stringify({
    generated_at: isoTime(nowSeconds),
    counts: countKeys(audits),
    ...options.extra,
  });
  yield `${head.slice(0, -1)},"service_users":[`;
  for (const [userIndex, audit] of audits.entries()) {
    yield `${userIndex === 0 ? '' : ','}{"service_user_id":${JSON.stringify(audit.serviceUserId)},"keys":[`;
    for (const [keyIndex, key] of keysOf(audit).entries()) {
      yield `${keyIndex === 0 ? '' : ','}${reportKeyJson(key)}`;
    }
    yield ']}';
  }
  yield ']}';
}

/** The report whole, as one string: for small reports and tests. */
export function reportJson(audits: readonly ServiceUserAudit[], nowSeconds: number): string {
  return [...reportJsonPieces(audits, nowSeconds)].join('');
}
