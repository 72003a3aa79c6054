import { markdownText } from '../base/untrusted.ts';
import { counted } from '../base/words.ts';

/** What a run did for a target, as the `secrets` output and the summary name it. */
export type SecretsAction = 'created' | 'rotated' | 'replaced' | 'unchanged' | 'pruned';

/** One target's secret and its key: an entry of the `secrets` output. Never the key itself. */
export interface StoredSecret {
  repository: string;
  /** null: a repository secret. */
  environment: string | null;
  secret_name: string;
  action: SecretsAction;
  /** What became of the secret: written new, written over, deleted (pruned), or left (null). */
  secret: 'created' | 'updated' | 'deleted' | null;
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

/** A target by where its secret lives. */
export interface TargetPlace {
  repository: string;
  environment: string | null;
}

interface SecretsReport {
  heading: string;
  stored: readonly StoredSecret[];
  failed: readonly FailedTarget[];
  /** Set for a dry run: what each target would get, by repository and environment. */
  planned?: readonly { repository: string; environment: string | null; action: string }[];
  /** Targets a run that stopped early did not attempt, and what to do (already inert text). */
  notAttempted?: { targets: readonly TargetPlace[]; note: string };
  /** Repositories the selection left out (archived, disabled, lacking a topic), and why. */
  skipped?: readonly { repository: string; why: string }[];
  notes?: readonly string[];
}

const cell = (value: string | null): string => (value === null ? '–' : markdownText(value));

const ACTION_ORDER: readonly SecretsAction[] = [
  'created',
  'rotated',
  'replaced',
  'pruned',
  'unchanged',
];
/** Rows of a table: a summary past 1 MiB is refused by the runner, so a fleet's is capped. */
const MAX_ROWS = 1_000;

function storedTable(stored: readonly StoredSecret[]): string[] {
  const byAction = [...stored].sort(
    (a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action),
  );
  const counts = ACTION_ORDER.map(
    (action) => [action, stored.filter((e) => e.action === action).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([action, count]) => `${count} ${action}`);
  const lines = [
    `${counted(stored.length, 'target')}: ${counts.join(', ')}.`,
    '',
    '| Repository | Environment | Secret | Action | Result | Key | Key id | Expires |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const entry of byAction.slice(0, MAX_ROWS)) {
    const cells = [
      entry.repository,
      entry.environment,
      entry.secret_name,
      entry.action,
      entry.secret,
      entry.api_key_name,
      entry.api_key_id,
      entry.expires_at,
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  if (byAction.length > MAX_ROWS) {
    lines.push('', `${byAction.length - MAX_ROWS} more targets are in the \`secrets\` output.`);
  }
  return [...lines, ''];
}

function placeOf(target: TargetPlace): string {
  return target.environment === null
    ? markdownText(target.repository)
    : `${markdownText(target.repository)} (environment ${markdownText(target.environment)})`;
}

/** The job summary of keys kept in Actions secrets: a table of targets by action, then the failures. */
export function secretsSummary(report: SecretsReport): string {
  const lines = [`### ${report.heading}`, ''];
  if (report.planned !== undefined && report.planned.length > 0) {
    lines.push('| Repository | Environment | Would |', '| --- | --- | --- |');
    for (const plan of report.planned.slice(0, MAX_ROWS)) {
      lines.push(`| ${cell(plan.repository)} | ${cell(plan.environment)} | ${cell(plan.action)} |`);
    }
    lines.push('');
  }
  if (report.stored.length > 0) lines.push(...storedTable(report.stored));
  if (report.failed.length > 0) {
    lines.push(`**Failed (${report.failed.length})**`, '');
    for (const failure of report.failed.slice(0, MAX_ROWS)) {
      lines.push(`- ${placeOf(failure)}: ${markdownText(failure.message, 1_000)}`);
    }
    lines.push('');
  }
  const notAttempted = report.notAttempted?.targets ?? [];
  if (report.notAttempted !== undefined && notAttempted.length > 0) {
    lines.push(
      `**Not attempted (${notAttempted.length})**`,
      '',
      markdownText(report.notAttempted.note, 1_000),
      '',
    );
    for (const target of notAttempted.slice(0, MAX_ROWS)) lines.push(`- ${placeOf(target)}`);
    if (notAttempted.length > MAX_ROWS) lines.push(`- and ${notAttempted.length - MAX_ROWS} more`);
    lines.push('');
  }
  if (report.skipped !== undefined && report.skipped.length > 0) {
    lines.push(`**Left out of the selection (${report.skipped.length})**`, '');
    for (const skip of report.skipped.slice(0, MAX_ROWS)) {
      lines.push(`- ${markdownText(skip.repository)}: ${markdownText(skip.why)}`);
    }
    lines.push('');
  }
  for (const note of report.notes ?? []) lines.push(note, '');
  return lines.join('\n');
}
