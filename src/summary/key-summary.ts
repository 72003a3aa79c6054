import { isoTime } from '../base/time.ts';
import { markdownText } from '../base/untrusted.ts';

interface KeyReport {
  heading: string;
  /** Undefined for an organization key of v2, which belongs to no service user. */
  serviceUserId: string | undefined;
  apiKeyId: string;
  /** Undefined when the key was named by id alone. */
  apiKeyName: string | undefined;
  /** UNIX seconds; null for a key that never expires; undefined when not known. */
  expiresAt?: number | null;
  /** Extra rows, as [label, markdown]. */
  rows?: [string, string][];
  notes?: string[];
}

function expiry(expiresAt: number | null | undefined): string {
  if (expiresAt === undefined) return 'as before';
  return expiresAt === null ? 'never' : isoTime(expiresAt);
}

/** The job summary of an operation on one service user key. It never holds a token. */
export function keySummary(report: KeyReport): string {
  const rows: [string, string][] = [
    ...(report.serviceUserId === undefined
      ? []
      : [['Service user', markdownText(report.serviceUserId)] as [string, string]]),
    [
      'Key',
      report.apiKeyName === undefined
        ? markdownText(report.apiKeyId)
        : `${markdownText(report.apiKeyName)} (${markdownText(report.apiKeyId)})`,
    ],
    ...(report.expiresAt === undefined
      ? []
      : [['Expires', expiry(report.expiresAt)] as [string, string]]),
    ...(report.rows ?? []),
  ];
  return [
    `### ${report.heading}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
    '',
    ...(report.notes ?? []).map((note) => `${note}\n`),
  ].join('\n');
}
