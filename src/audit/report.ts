import { isoTime } from '../base/time.ts';
import type { AuditedKey } from './policy.ts';
import type { AuditedServiceUser } from './service-users.ts';
import {
  KEPT_WORST_KEYS,
  totalCounts,
  type AuditCounts,
  type ServiceUserAudit,
  type ServiceUserKey,
} from './tally.ts';

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
    counts: totalCounts(audits, serviceUsers.values()),
    ...extra,
    service_users: audits.map((audit) => ({
      service_user_id: audit.serviceUserId,
      ...reportServiceUser(serviceUsers.get(audit.serviceUserId)),
      keys: keysOf(audit).map(reportKey),
    })),
  });
}

/** Step outputs are limited to 1 MiB; a larger report keeps only the failing keys. */
const MAX_REPORT_OUTPUT_BYTES = 1_000_000;

interface ReportOutputInput {
  audits: readonly ServiceUserAudit[];
  /** The failing keys kept, worst of the whole audit first. */
  failing: readonly ServiceUserKey[];
  failingCount: number;
  nowSeconds: number;
  reportFileWritten: boolean;
  serviceUsers: ReadonlyMap<string, AuditedServiceUser>;
}

/**
 * The report output: every key when no service user has more keys than the action keeps and
 * the whole fits the output limit; else only the failing keys, the worst of the whole audit
 * first (1000 at most, fewer if they would not fit), marked as cut.
 */
export function reportOutput(report: ReportOutputInput): string {
  const { audits, failing, failingCount, nowSeconds, serviceUsers } = report;
  const allKept = audits.every((audit) => audit.counts.key_count <= KEPT_WORST_KEYS);
  if (allKept) {
    const full = reportJson(audits, (audit) => audit.worstKeys, nowSeconds, {}, serviceUsers);
    if (Buffer.byteLength(full) <= MAX_REPORT_OUTPUT_BYTES) return full;
  }
  const where = report.reportFileWritten
    ? 'report_path has every key'
    : 'set report_file: true for a file with every key';
  for (let count = Math.min(failing.length, KEPT_WORST_KEYS); ; count = Math.floor(count / 2)) {
    const chosen = new Set(failing.slice(0, count).map(({ key }) => key));
    const note = `Only failing keys, worst first: ${count} of ${failingCount}; ${where}.`;
    const cut = reportJson(
      audits,
      (audit) => audit.worstKeys.filter((key) => chosen.has(key)),
      nowSeconds,
      { cut: true, note },
      serviceUsers,
    );
    if (count === 0 || Buffer.byteLength(cut) <= MAX_REPORT_OUTPUT_BYTES) return cut;
  }
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
