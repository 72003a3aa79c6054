import type { AgedKey, OrgKeysTally, OrgTally } from '../audit/org-keys-tally.ts';
import { DAY_SECONDS } from '../audit/org-keys-tally.ts';
import { isoDay } from '../base/time.ts';
import { markdownText, quoteUntrusted } from '../base/untrusted.ts';
import { counted, plural } from '../base/words.ts';

// What an audit of organization keys (v2) says: the summary by organization, a warning per
// aged key, and the failure. Ids and names come from the API: quoted or made inert.

/** Rows of aged keys in the summary; the report has more. */
const MAX_SUMMARY_AGED_ROWS = 200;
/** Warnings beyond this become one line: the runner shows only a handful per step anyway. */
const MAX_ANNOTATIONS = 50;
/** Keys named in the failure message; the rest are counted. */
const MAX_NAMED_IN_FAILURE = 50;

export interface OrgKeysVerdict {
  failingClasses: string[];
  nowSeconds: number;
  maxKeyAgeDays: number;
}

function ageDays(key: AgedKey, nowSeconds: number): number {
  return Math.floor((nowSeconds - key.createdAt) / DAY_SECONDS);
}

function kindOf(key: AgedKey): string {
  return key.isServiceKey ? 'service key' : 'personal key';
}

function orgRow(org: OrgTally): string {
  const name = org.orgName === null ? '–' : markdownText(org.orgName);
  return (
    `| ${markdownText(org.orgId)} | ${name} | ${org.keyCount} | ${org.serviceKeyCount} | ` +
    `${org.personalKeyCount} | ${org.agedCount} |`
  );
}

/** The job summary: the verdict, the counts, a table by organization and the oldest aged keys. */
export function orgKeysSummary(tally: OrgKeysTally, verdict: OrgKeysVerdict): string {
  const counts = tally.counts();
  const heading =
    verdict.failingClasses.length === 0
      ? '### ✅ Devin organization key audit passed'
      : `### ❌ Devin organization key audit failed (${verdict.failingClasses.join(', ')})`;
  const aged = tally.agedOldestFirst().slice(0, MAX_SUMMARY_AGED_ROWS);
  const agedRows = aged.map(
    (key) =>
      `| ${markdownText(key.orgId)} | ${markdownText(key.id)} | ${kindOf(key)} | ` +
      `${isoDay(key.createdAt)} | ${ageDays(key, verdict.nowSeconds)} |`,
  );
  const more = counts.aged_count - aged.length;
  return [
    heading,
    '',
    `${counts.key_count} keys (v2): ${counts.service_key_count} service keys, ` +
      `${counts.personal_key_count} personal keys; ${counts.aged_count} older than ` +
      `${verdict.maxKeyAgeDays} days (aged: v2 keys never expire, so age is the signal to rotate). ` +
      `Audited ${isoDay(verdict.nowSeconds)}.`,
    '',
    '| Organization | Name | Keys | Service keys | Personal keys | Aged |',
    '| --- | --- | --- | --- | --- | --- |',
    ...tally.organizations().map(orgRow),
    '',
    ...(aged.length === 0
      ? []
      : [
          '#### Aged keys, oldest first',
          '',
          '| Organization | Key | Kind | Created | Age (days) |',
          '| --- | --- | --- | --- | --- |',
          ...agedRows,
          ...(more > 0 ? ['', `And ${counted(more, 'more aged key')}: see the report.`] : []),
          '',
        ]),
  ].join('\n');
}

/** The log line of the listing: how many keys, in how many pages. */
export function orgKeysListedLine(tally: OrgKeysTally, orgId: string | undefined): string {
  const whose = orgId === undefined ? 'the enterprise' : `organization ${quoteUntrusted(orgId)}`;
  const counts = tally.counts();
  return (
    `${whose}: ${counted(counts.key_count, 'key')} in ${counted(tally.pages, 'page')} ` +
    `(${counts.service_key_count} service, ${counts.personal_key_count} personal), ` +
    `${counts.aged_count} aged, in ${counted(tally.organizations().length, 'organization')}`
  );
}

function describeAgedKey(key: AgedKey, nowSeconds: number): string {
  return (
    `${kindOf(key)} ${quoteUntrusted(key.id)} of organization ${quoteUntrusted(key.orgId)}, ` +
    `created ${isoDay(key.createdAt)} (${ageDays(key, nowSeconds)} days ago)`
  );
}

/** A warning per aged key, oldest first, at most MAX_ANNOTATIONS; one more line counts the rest. */
export function agedKeyWarnings(tally: OrgKeysTally, verdict: OrgKeysVerdict): string[] {
  const aged = tally.agedOldestFirst();
  const lines = aged
    .slice(0, MAX_ANNOTATIONS)
    .map(
      (key) =>
        `${describeAgedKey(key, verdict.nowSeconds)}: older than max_key_age_days ` +
        `(${verdict.maxKeyAgeDays}). Fix: provision a new key, move its users to it, then revoke ` +
        'this one with operation revoke (api_key_id).',
    );
  const rest = tally.counts().aged_count - lines.length;
  if (rest > 0)
    lines.push(`And ${counted(rest, 'more aged key')}: see the summary and the report.`);
  return lines;
}

/** Why the audit failed: each fail_on class it met, with the keys of it named. */
export function orgKeysFailureMessage(tally: OrgKeysTally, verdict: OrgKeysVerdict): string {
  const counts = tally.counts();
  const parts: string[] = [];
  if (verdict.failingClasses.includes('aged')) {
    const named = tally
      .agedOldestFirst()
      .slice(0, MAX_NAMED_IN_FAILURE)
      .map((key) => `- ${describeAgedKey(key, verdict.nowSeconds)}`);
    const rest = counts.aged_count - named.length;
    parts.push(
      `${counts.aged_count} ${plural(counts.aged_count, 'key is', 'keys are')} older than ` +
        `max_key_age_days (${verdict.maxKeyAgeDays}):\n${named.join('\n')}` +
        (rest > 0 ? `\nand ${rest} more (see the report)` : '') +
        '\nFix: rotate them (provision a new key, then revoke the old one with operation revoke).',
    );
  }
  if (verdict.failingClasses.includes('personal_key')) {
    parts.push(
      `${counts.personal_key_count} personal ${plural(counts.personal_key_count, 'key is', 'keys are')} ` +
        "listed among the organizations' keys. Fix: replace what uses them with service keys " +
        '(operation provision), then revoke them; or leave personal_key out of fail_on.',
    );
  }
  return `The audit failed (fail_on: ${verdict.failingClasses.join(', ')}):\n${parts.join('\n')}`;
}

export function orgKeysPassedLine(tally: OrgKeysTally): string {
  const counts = tally.counts();
  return (
    `The audit passed: ${counted(counts.key_count, 'key')} of ` +
    `${counted(tally.organizations().length, 'organization')}, none in a fail_on class.`
  );
}
