import { relativeDays } from '../audit/policy.ts';
import { counted } from '../base/words.ts';
import type { AuditedServiceUser } from '../audit/service-users.ts';
import type { ServiceUserAudit } from '../audit/tally.ts';
import { isoDay } from '../base/time.ts';
import { markdownText } from '../base/untrusted.ts';

/** A service user audited: itself, as a member of the enterprise, and its keys. */
export interface ServiceUserOutcome {
  serviceUser: AuditedServiceUser;
  audit: ServiceUserAudit;
  /** Listed as a member, but its keys were not found (HTTP 404): most likely removed. */
  keysNotFound?: boolean;
}

/** Rows of the service user table; the per-user tables below still show each one. */
export const MAX_SERVICE_USER_ROWS = 500;

function expiry(serviceUser: AuditedServiceUser, nowSeconds: number): string {
  const { expiresAt } = serviceUser;
  if (expiresAt === undefined) return 'unknown';
  if (expiresAt === null) return 'never';
  return `${isoDay(expiresAt)} (${relativeDays(expiresAt, nowSeconds)})`;
}

/** The worst finding of the service user itself or of any of its keys, in words. */
function worstFinding({ serviceUser, audit, keysNotFound }: ServiceUserOutcome): string {
  const own = serviceUser.findings[0];
  const notFound = keysNotFound === true ? '⚠️ keys not found (HTTP 404): removed?' : undefined;
  const key = audit.worstKeys[0];
  const keyFinding = key?.findings[0];
  if (own !== undefined && (key === undefined || serviceUser.severity <= key.severity)) {
    return `${own.failing ? '❌' : '⚠️'} ${markdownText(own.reason)}`;
  }
  if (key === undefined || keyFinding === undefined) return notFound ?? '✅';
  return `${keyFinding.failing ? '❌' : '⚠️'} key ${markdownText(key.name)}: ${markdownText(keyFinding.reason)}`;
}

/** How bad a service user stands: the worse of itself and its worst key. */
function severityOf({ serviceUser, audit }: ServiceUserOutcome): number {
  return Math.min(serviceUser.severity, audit.worstKeys[0]?.severity ?? Number.POSITIVE_INFINITY);
}

function row(outcome: ServiceUserOutcome, nowSeconds: number): string {
  const { serviceUser, audit } = outcome;
  const { counts } = audit;
  return `| ${[
    serviceUser.name === null ? '—' : markdownText(serviceUser.name),
    markdownText(serviceUser.id),
    expiry(serviceUser, nowSeconds),
    counts.key_count,
    counts.active_count,
    counts.expired_count,
    counts.revoked_count,
    worstFinding(outcome),
  ].join(' | ')} |`;
}

/**
 * One table of every service user audited, worst first, while the rows fit in what is left of
 * the summary's budget; a note says how many are cut.
 */
export function serviceUserTable(
  outcomes: readonly ServiceUserOutcome[],
  nowSeconds: number,
  budget: { bytes: number },
): string[] {
  const sorted = outcomes
    .map((outcome, index) => ({ outcome, index, severity: severityOf(outcome) }))
    .sort((a, b) => a.severity - b.severity || a.index - b.index);
  const rows: string[] = [];
  for (const { outcome } of sorted.slice(0, MAX_SERVICE_USER_ROWS)) {
    const line = row(outcome, nowSeconds);
    const bytes = Buffer.byteLength(line) + 1;
    if (bytes > budget.bytes) break;
    budget.bytes -= bytes;
    rows.push(line);
  }
  const lines = [
    `${counted(outcomes.length, 'service user')}:`,
    '',
    '| Service user | Id | Expires | Keys | Active | Expired | Revoked | Worst finding |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
  if (outcomes.length > rows.length) {
    lines.push(
      '',
      `${outcomes.length - rows.length} more service users, none worse than those above, are ` +
        `cut from this table to fit GitHub's size limit on job summaries: the \`report\` ` +
        'output lists every service user.',
    );
  }
  return [...lines, ''];
}
