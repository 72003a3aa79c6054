import { isoTime } from '../base/time.ts';
import type { AuditedKey } from './policy.ts';
import type { AuditedServiceUser } from './service-users.ts';
import { totalCounts, type AuditCounts, type ServiceUserAudit } from './tally.ts';

// The JSON report of an audit (the `report` output and the report file):
// `{generated_at, counts, ...extra, service_users: [{service_user_id, name, expires_at,
// failing, findings, keys}]}`; a service user's own fields are there when it was audited itself.

const isoTimeOrNull = (unixSeconds: number | null): string | null =>
  unixSeconds === null ? null : isoTime(unixSeconds);

/** One key as the report has it: ISO 8601 times, findings in words. */
export function reportKey(key: AuditedKey) {
  return {
    id: key.id,
    name: key.name,
    status: key.status,
    created_at: isoTimeOrNull(key.createdAt),
    expires_at: isoTimeOrNull(key.expiresAt),
    last_used_at: isoTimeOrNull(key.lastUsedAt),
    revoked_at: isoTimeOrNull(key.revokedAt),
    failing: key.failing,
    findings: key.findings,
  };
}

/** A service user's own fields: name, expiry (undefined: it could not be read) and findings. */
function reportServiceUser(serviceUser: AuditedServiceUser | undefined) {
  if (serviceUser === undefined) return {};
  return {
    name: serviceUser.name,
    ...(serviceUser.expiresAt === undefined
      ? {}
      : { expires_at: isoTimeOrNull(serviceUser.expiresAt) }),
    failing: serviceUser.failing,
    findings: serviceUser.findings,
  };
}

/** A report of the given keys per service user, whole. */
export function reportJson(
  audits: readonly ServiceUserAudit[],
  keysOf: (audit: ServiceUserAudit) => readonly AuditedKey[],
  nowSeconds: number,
  extra: object = {},
  serviceUsers: ReadonlyMap<string, AuditedServiceUser> = new Map(),
): string {
  return JSON.stringify({
    generated_at: isoTime(nowSeconds),
    counts: totalCounts(audits),
    ...extra,
    service_users: audits.map((audit) => ({
      service_user_id: audit.serviceUserId,
      ...reportServiceUser(serviceUsers.get(audit.serviceUserId)),
      keys: keysOf(audit).map(reportKey),
    })),
  });
}

// The report file holds the same document, written in pieces as the keys arrive.

export function reportHead(counts: AuditCounts, nowSeconds: number): string {
  const head = JSON.stringify({ generated_at: isoTime(nowSeconds), counts });
  return `${head.slice(0, -1)},"service_users":[`;
}

export function serviceUserHead(
  serviceUserId: string,
  first: boolean,
  serviceUser?: AuditedServiceUser,
): string {
  const head = JSON.stringify({
    service_user_id: serviceUserId,
    ...reportServiceUser(serviceUser),
  });
  return `${first ? '' : ','}${head.slice(0, -1)},"keys":[`;
}

export const SERVICE_USER_TAIL = ']}';
export const REPORT_TAIL = ']}';
