import { relativeDays, type AuditedKey } from '../audit/policy.ts';
import { isoDay } from '../time.ts';
import type { AuditCounts, ServiceUserAudit } from '../audit/report.ts';
import { markdownText } from './untrusted.ts';

/** Rows per service user: a summary past 1 MiB is refused by the runner. */
export const MAX_SUMMARY_ROWS = 200;

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

function serviceUserSection(audit: ServiceUserAudit, nowSeconds: number): string[] {
  const keyCount = audit.counts.key_count;
  const shown = audit.worstKeys.slice(0, MAX_SUMMARY_ROWS);
  const lines = [
    `#### Service user ${markdownText(audit.serviceUserId)}: ${keyCount} key${keyCount === 1 ? '' : 's'}`,
    '',
  ];
  if (shown.length === 0) return [...lines, 'No keys.', ''];
  lines.push(
    '| Key | Id | Status | Created | Expires | Last used | Findings |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...shown.map((key) => `| ${keyRow(key, nowSeconds)} |`),
  );
  if (keyCount > shown.length) {
    lines.push(
      '',
      `${keyCount - shown.length} more keys, none worse than those above, are left out of this table: the \`report\` output has them when it fits GitHub's output limit, and \`report_file: true\` writes every key to \`report_path\`.`,
    );
  }
  return [...lines, ''];
}

/** The job summary of an audit: counts, then one table per service user, worst keys first. */
export function auditSummary(
  audits: readonly ServiceUserAudit[],
  counts: AuditCounts,
  failingCount: number,
  nowSeconds: number,
): string {
  const verdict =
    failingCount === 0
      ? '### ✅ Devin API key audit passed'
      : `### ❌ Devin API key audit failed: ${failingCount} key${failingCount === 1 ? '' : 's'} need${failingCount === 1 ? 's' : ''} attention`;
  return [
    verdict,
    '',
    `${counts.key_count} keys: ${counts.active_count} active, ${counts.expired_count} expired, ${counts.revoked_count} revoked; ${counts.expiring_count} expiring soon, ${counts.stale_count} stale. Audited ${isoDay(nowSeconds)}.`,
    '',
    ...audits.flatMap((audit) => serviceUserSection(audit, nowSeconds)),
  ].join('\n');
}
