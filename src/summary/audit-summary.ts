import { relativeDays, type AuditedKey } from '../audit/policy.ts';
import { counted } from '../base/words.ts';
import { isoDay } from '../base/time.ts';
import type { AuditCounts, ServiceUserAudit } from '../audit/tally.ts';
import { markdownText } from '../base/untrusted.ts';
import { serviceUserTable, type ServiceUserOutcome } from './service-user-table.ts';

/** Rows per service user: a summary past 1 MiB is refused by the runner. */
export const MAX_SUMMARY_ROWS = 200;
/**
 * Bytes of table rows in the whole summary: many service users with long key names could still
 * pass the runner's 1 MiB, and then it drops the summary whole. What is left leaves room for the
 * headings and notes.
 */
const MAX_SUMMARY_ROW_BYTES = 900_000;

const STATUS_LABEL = { active: 'active', expired: '⛔ expired', revoked: '⛔ revoked' } as const;

function date(unixSeconds: number | null, nowSeconds: number, none: string): string {
  return unixSeconds === null
    ? none
    : `${isoDay(unixSeconds)} (${relativeDays(unixSeconds, nowSeconds)})`;
}

function keyRow(key: AuditedKey, nowSeconds: number): string {
  const findings = key.findings
    .map((finding) => `${finding.failing ? '❌' : '⚠️'} ${markdownText(finding.reason)}`)
    .join('<br>');
  return [
    markdownText(key.name),
    markdownText(key.id),
    STATUS_LABEL[key.status],
    date(key.createdAt, nowSeconds, '—'),
    date(key.expiresAt, nowSeconds, 'never'),
    date(key.lastUsedAt, nowSeconds, 'never'),
    findings === '' ? '✅' : findings,
  ].join(' | ');
}

/** Rows, worst first, while they fit in what is left of the summary's budget. */
function rowsWithin(audit: ServiceUserAudit, nowSeconds: number, budget: { bytes: number }) {
  const rows: string[] = [];
  for (const key of audit.worstKeys.slice(0, MAX_SUMMARY_ROWS)) {
    const row = `| ${keyRow(key, nowSeconds)} |`;
    const bytes = Buffer.byteLength(row) + 1;
    if (bytes > budget.bytes) break;
    budget.bytes -= bytes;
    rows.push(row);
  }
  return rows;
}

/** Said under a service user whose keys could not all be listed: its count is not the whole. */
const NOT_ALL_LISTED =
  'Its keys could not all be listed (see its finding above); those listed before are below.';

function serviceUserSection(
  audit: ServiceUserAudit,
  nowSeconds: number,
  budget: { bytes: number },
  unreadable: boolean,
): string[] {
  const keyCount = audit.counts.key_count;
  const lines = [
    `#### Service user ${markdownText(audit.serviceUserId)}: ${counted(keyCount, 'key')}`,
    '',
  ];
  if (unreadable) lines.push(NOT_ALL_LISTED, '');
  if (keyCount === 0) return unreadable ? lines : [...lines, 'No keys.', ''];
  const rows = rowsWithin(audit, nowSeconds, budget);
  if (rows.length > 0) {
    lines.push(
      '| Key | Id | Status | Created | Expires | Last used | Findings |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    );
  }
  if (keyCount > rows.length) {
    const leftOut =
      rows.length === 0
        ? `The job summary is at GitHub's size limit: the ${keyCount} keys of this service user are left out`
        : `${keyCount - rows.length} more keys, none worse than those above, are left out of this table`;
    lines.push(
      '',
      `${leftOut}: the \`report\` output has them when it fits GitHub's output limit, and ` +
        `\`report_file: true\` writes every key to \`report_path\`.`,
    );
  }
  return [...lines, ''];
}

function failedVerdict(failingCount: number, failingServiceUsers: number): string {
  const parts: string[] = [];
  if (failingServiceUsers > 0) {
    parts.push(`${counted(failingServiceUsers, 'service user')} in a fail_on class`);
  }
  if (failingCount > 0 || parts.length === 0) {
    parts.push(`${counted(failingCount, 'key needs', 'keys need')} attention`);
  }
  return `### ❌ Devin API key audit failed: ${parts.join(', ')}`;
}

/**
 * The job summary of an audit: counts, the table of service users when they are given, then one
 * table per service user, worst keys first.
 */
export function auditSummary(
  audits: readonly ServiceUserAudit[],
  counts: AuditCounts,
  failingCount: number,
  nowSeconds: number,
  serviceUsers: readonly ServiceUserOutcome[] = [],
): string {
  const budget = { bytes: MAX_SUMMARY_ROW_BYTES };
  const unreadable = new Set(
    serviceUsers
      .filter(({ serviceUser }) => serviceUser.hasFinding('service_user_unreadable'))
      .map(({ serviceUser }) => serviceUser.id),
  );
  const failingServiceUsers = serviceUsers.filter(({ serviceUser }) => serviceUser.failing).length;
  const verdict =
    failingCount === 0 && failingServiceUsers === 0
      ? '### ✅ Devin API key audit passed'
      : failedVerdict(failingCount, failingServiceUsers);
  return [
    verdict,
    '',
    `${counts.key_count} keys: ${counts.active_count} active, ${counts.expired_count} expired, ` +
      `${counts.revoked_count} revoked; ${counts.expiring_count} expiring soon, ` +
      `${counts.stale_count} stale. Audited ${isoDay(nowSeconds)}.`,
    '',
    ...(serviceUsers.length === 0 ? [] : serviceUserTable(serviceUsers, nowSeconds, budget)),
    ...audits.flatMap((audit) =>
      serviceUserSection(audit, nowSeconds, budget, unreadable.has(audit.serviceUserId)),
    ),
  ].join('\n');
}
