import { markdownText } from '../base/untrusted.ts';

/** One secret a key was stored in: an entry of the `secrets` output. Never the key itself. */
export interface StoredSecret {
  repository: string;
  /** null: a repository secret. */
  environment: string | null;
  secret_name: string;
  /** Whether the secret was made by this run or held an earlier value. */
  secret: 'created' | 'updated';
  /** null where the API gives none (a v2 service key has neither name nor id). */
  api_key_name: string | null;
  api_key_id: string | null;
  /** ISO 8601; null for a key that never expires or whose expiry the API does not give. */
  expires_at: string | null;
}

/** A target that got no key, or whose key was not stored, and why (already inert text). */
export interface FailedTarget {
  repository: string;
  environment: string | null;
  /** A log-safe message (quoted untrusted parts); shown in the summary as plain text. */
  message: string;
}

interface SecretsReport {
  heading: string;
  stored: readonly StoredSecret[];
  failed: readonly FailedTarget[];
  /** Set for a dry run: what each target would get, by repository and environment. */
  planned?: readonly { repository: string; environment: string | null; action: string }[];
  notes?: readonly string[];
}

const cell = (value: string | null): string => (value === null ? '–' : markdownText(value));

/** The job summary of keys stored in Actions secrets: a table of targets, then the failures. */
export function secretsSummary(report: SecretsReport): string {
  const lines = [`### ${report.heading}`, ''];
  if (report.planned !== undefined) {
    lines.push('| Repository | Environment | Would |', '| --- | --- | --- |');
    for (const plan of report.planned) {
      lines.push(`| ${cell(plan.repository)} | ${cell(plan.environment)} | ${cell(plan.action)} |`);
    }
    lines.push('');
  }
  if (report.stored.length > 0) {
    lines.push(
      '| Repository | Environment | Secret | Result | Key | Key id | Expires |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const entry of report.stored) {
      lines.push(
        `| ${[
          entry.repository,
          entry.environment,
          entry.secret_name,
          entry.secret,
          entry.api_key_name,
          entry.api_key_id,
          entry.expires_at,
        ]
          .map(cell)
          .join(' | ')} |`,
      );
    }
    lines.push('');
  }
  if (report.failed.length > 0) {
    lines.push(`**Failed (${report.failed.length})**`, '');
    for (const failure of report.failed) {
      const where =
        failure.environment === null
          ? markdownText(failure.repository)
          : `${markdownText(failure.repository)} (environment ${markdownText(failure.environment)})`;
      lines.push(`- ${where}: ${markdownText(failure.message, 1_000)}`);
    }
    lines.push('');
  }
  for (const note of report.notes ?? []) lines.push(note, '');
  return lines.join('\n');
}
