import type { AuditedKey } from '../audit/policy.ts';
import type { AuditedServiceUser } from '../audit/service-users.ts';
import { keptKeysWorstFirst, type ServiceUserAudit, type ServiceUserKey } from '../audit/tally.ts';
import { explain } from '../base/errors.ts';
import type { Runtime } from '../base/runtime.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { counted, plural } from '../base/words.ts';

// What an audit says in the log: a line per service user, a warning annotation per finding,
// and the message the job fails with. Every name and id in them comes from the API: quoted.

/** Warnings beyond this become one line: the runner shows only a handful per step anyway. */
const MAX_ANNOTATIONS = 50;
/** Keys named in the failure message; the rest are counted. */
const MAX_NAMED_IN_FAILURE = 50;
/** Service users named in a notice or failure message; the rest are counted. */
export const MAX_NAMED_SERVICE_USERS = 20;

const MANAGE_SERVICE_USERS = 'Enterprise Settings > Service Users';

/** 'service user "Deploy bot" ("su-1")', or by id alone when it has no other name. */
export function describeServiceUser(serviceUser: AuditedServiceUser): string {
  const id = quoteUntrusted(serviceUser.id);
  return serviceUser.name === null || serviceUser.name === serviceUser.id
    ? `service user ${id}`
    : `service user ${quoteUntrusted(serviceUser.name)} (${id})`;
}

function describeKey(serviceUserId: string, key: AuditedKey): string {
  return `key ${quoteUntrusted(key.name)} (${quoteUntrusted(key.id)}) of ${quoteUntrusted(serviceUserId)}`;
}

/** The title of a finding's annotation: "Devin API key stale", "Devin service user expired". */
function findingTitle(prefix: string, findingClass: string): string {
  return `${prefix} ${findingClass.replaceAll('_', ' ')}`;
}

/** The log line of one service user's audit: its keys, its pages, and its own findings. */
export function serviceUserLine(audit: ServiceUserAudit, serviceUser: AuditedServiceUser): string {
  const own = serviceUser.findings.map((finding) => `; ${finding.reason}`).join('');
  return (
    `${quoteUntrusted(audit.serviceUserId)}: ${audit.counts.key_count} keys in ` +
    `${counted(audit.pages, 'page')}, ${audit.keysWithFindings} with findings${own}`
  );
}

/**
 * A warning per finding, the service users' own first, then the keys of the whole audit worst
 * first, at most MAX_ANNOTATIONS; one more line counts the rest.
 */
export function annotateFindings(
  runtime: Pick<Runtime, 'warning'>,
  audits: readonly ServiceUserAudit[],
  serviceUsers: readonly AuditedServiceUser[],
): void {
  let annotated = 0;
  for (const serviceUser of [...serviceUsers].sort((a, b) => a.severity - b.severity)) {
    for (const finding of serviceUser.findings) {
      if (annotated >= MAX_ANNOTATIONS) break;
      annotated++;
      runtime.warning(`Devin ${describeServiceUser(serviceUser)}: ${finding.reason}`, {
        title: findingTitle('Devin', finding.class),
      });
    }
  }
  const keysWithFindings = keptKeysWorstFirst(audits, (key) => key.findingClasses.length > 0);
  for (const { serviceUserId, key } of keysWithFindings) {
    if (annotated >= MAX_ANNOTATIONS) break;
    for (const finding of key.findings) {
      annotated++;
      runtime.warning(`Devin ${describeKey(serviceUserId, key)}: ${finding.reason}`, {
        title: findingTitle('Devin API key', finding.class),
      });
    }
  }
  const total =
    audits.reduce((sum, audit) => sum + audit.findingCount, 0) +
    serviceUsers.reduce((sum, serviceUser) => sum + serviceUser.findings.length, 0);
  if (total > annotated) {
    runtime.warning(
      `${total - annotated} more findings are not annotated; see the job summary or the report output.`,
    );
  }
}

/** Service users whose own expiry could not be read, with the status each answered. */
export function unreadableServiceUsersNotice(unreadable: ReadonlyMap<string, number>): string {
  const ids = [...unreadable.keys()];
  const named = ids
    .slice(0, MAX_NAMED_SERVICE_USERS)
    .map((id) => `${quoteUntrusted(id)} (HTTP ${unreadable.get(id) ?? ''})`);
  if (ids.length > named.length) named.push(`and ${ids.length - named.length} more`);
  const one = ids.length === 1;
  return explain({
    problem:
      `Could not read ${one ? 'service user' : 'the service users'} ${named.join(', ')} with ` +
      `GET /v3/enterprise/members/service-users/{id}, so ${one ? 'its' : 'their'} own expiry ` +
      'was not audited; the keys were audited anyway.',
    fix:
      "give the credential's service user ViewAccountMembership at enterprise level " +
      `(${MANAGE_SERVICE_USERS}) to audit the service users' expiry as well.`,
  });
}

/**
 * Why a service user's keys could not be listed, as its finding says it: the first line of the
 * action's own message (what failed, the status, what Devin said, already quoted), without the
 * fix, which the failure message gives for all such service users at once.
 */
export function unreadableCause(error: Error): string {
  return error.message.split('\n', 1)[0] ?? '';
}

/** A service user the enterprise lists whose keys answer 404. */
export function keysNotFoundWarning(serviceUser: AuditedServiceUser): string {
  return explain({
    problem:
      `Devin ${describeServiceUser(serviceUser)} is listed by the enterprise, but its keys are ` +
      'not found (HTTP 404): it was most likely removed, and its keys with it.',
    fix: `nothing, if it was removed on purpose; else check it in ${MANAGE_SERVICE_USERS}.`,
  });
}

/** "  - <who>: <reasons>" for each failing entry, the first `max`, then a count of the rest. */
function failingLines<Entry>(
  entries: readonly Entry[],
  total: number,
  max: number,
  line: (entry: Entry) => string,
): string[] {
  const lines = entries.slice(0, max).map((entry) => `  - ${line(entry)}`);
  if (total > lines.length)
    lines.push(`  - and ${total - lines.length} more (see the report output)`);
  return lines;
}

function failingReasons(findings: readonly { failing: boolean; reason: string }[]): string {
  return findings
    .filter((finding) => finding.failing)
    .map((finding) => finding.reason)
    .join('; ');
}

/** The fix for the failing service users: those that expire, and those whose keys are unread. */
function serviceUsersFix(failingServiceUsers: readonly AuditedServiceUser[]): string {
  const unreadable = failingServiceUsers.filter((serviceUser) =>
    serviceUser.hasFinding('service_user_unreadable'),
  ).length;
  const fixes: string[] = [];
  if (unreadable > 0) {
    fixes.push(
      `for those whose keys could not be listed, check in ${MANAGE_SERVICE_USERS} that they ` +
        "still exist and that the credential's service user may manage them " +
        '(ManageAccountServiceUsers at enterprise level), then run the job again',
    );
  }
  if (unreadable < failingServiceUsers.length) {
    fixes.push(
      `renew or replace ${unreadable === 0 ? 'these service users' : 'the others'} in ` +
        `${MANAGE_SERVICE_USERS}, and move the CI that depends on them to one that is active`,
    );
  }
  return `${fixes.join('; ')}.`;
}

/** What failed the audit: the failing service users, then the failing keys, worst first. */
export function auditFailureMessage(
  failingCount: number,
  failing: readonly ServiceUserKey[],
  failOn: ReadonlySet<string>,
  failingServiceUsers: readonly AuditedServiceUser[],
): string {
  const classes = [...failOn].join(', ');
  const userCount = failingServiceUsers.length;
  const users = failingLines(
    failingServiceUsers,
    userCount,
    MAX_NAMED_SERVICE_USERS,
    (serviceUser) => `${describeServiceUser(serviceUser)}: ${failingReasons(serviceUser.findings)}`,
  );
  const usersPart =
    userCount === 0
      ? ''
      : `The audit failed: ${userCount} service ${plural(userCount, 'user falls', 'users fall')} ` +
        `in a fail_on class (${classes}):\n${users.join('\n')}\n` +
        `Fix: ${serviceUsersFix(failingServiceUsers)}`;
  if (failingCount === 0) return usersPart;
  const keys = failingLines(
    failing,
    failingCount,
    MAX_NAMED_IN_FAILURE,
    ({ serviceUserId, key }) =>
      `${describeKey(serviceUserId, key)}: ${failingReasons(key.findings)}`,
  );
  const keysPart =
    `${usersPart === '' ? 'The audit failed: ' : '\nAnd '}${failingCount} ` +
    `${plural(failingCount, 'key falls', 'keys fall')} in a fail_on class (${classes}):\n` +
    `${keys.join('\n')}\nFix: revoke dead keys and make new ones where they are still needed; ` +
    'set fail_on to change what fails the job.';
  return `${usersPart}${keysPart}`;
}

/** The last line of an audit that passed. */
export function auditPassedLine(keyCount: number, serviceUserCount: number): string {
  return (
    `The audit passed: ${keyCount} keys of ${counted(serviceUserCount, 'service user')}, ` +
    'none in a fail_on class, nor any service user.'
  );
}
