import { mapConcurrently } from '../base/concurrency.ts';
import { forEachPage, PAGE_SIZE } from '../devin/paging.ts';
import { AuditedKey, type AuditContext } from '../audit/policy.ts';
import { ReportFile } from '../audit/report-file.ts';
import { reportJson } from '../audit/report.ts';
import {
  KEPT_WORST_KEYS,
  ServiceUserTally,
  finishTally,
  keptKeysWorstFirst,
  totalCounts,
  type ServiceUserAudit,
  type ServiceUserKey,
} from '../audit/tally.ts';
import type { DevinClient } from '../devin/client.ts';
import { ActionError, messageOf } from '../base/errors.ts';
import { DevinApiError } from '../devin/errors.ts';
import { ALL_SERVICE_USERS, type AuditInputs } from '../inputs/parsers.ts';
import { auditSummary } from '../summary/audit-summary.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { Runtime } from '../base/runtime.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { ownServiceUserId } from './service-user.ts';
import { AuditedServiceUser, type ServiceUserFacts } from '../audit/service-users.ts';
import type { ServiceUserOutcome } from '../summary/service-user-table.ts';
import { listEnterpriseServiceUsers, readServiceUser } from './enterprise-service-users.ts';

/** Service users listed at once: enough to overlap waits, few enough to stay polite. */
const SERVICE_USER_CONCURRENCY = 8;
/** Warnings beyond this become one line: the runner shows only a handful per step anyway. */
const MAX_ANNOTATIONS = 50;
/** Keys named in the failure message; the rest are counted. */
const MAX_NAMED_IN_FAILURE = 50;
/** Step outputs are limited to 1 MiB; a larger report keeps only the failing keys. */
const MAX_REPORT_OUTPUT_BYTES = 1_000_000;

/**
 * Lists one service user's keys page by page; each key is classified, tallied and written to
 * the report file as it arrives, and only the worst are kept.
 */
async function auditServiceUser(
  client: DevinClient,
  serviceUserId: string,
  inputs: AuditInputs,
  context: AuditContext,
  reportFile: ReportFile | undefined,
  stop: AbortSignal,
  listedAsMember: boolean,
): Promise<{ audit: ServiceUserAudit; keysNotFound: boolean }> {
  const tally = new ServiceUserTally(serviceUserId);
  const part = reportFile?.part(serviceUserId);
  try {
    tally.pages = await listPages();
  } catch (error) {
    // The listing of all includes removed service users, whose keys may be gone with them: a
    // finding of that one service user, not a failure of the whole audit.
    const notFound = error instanceof DevinApiError && error.status === 404;
    if (!listedAsMember || !notFound || tally.counts.key_count > 0) throw error;
    return { audit: finishTally(tally), keysNotFound: true };
  }
  return { audit: finishTally(tally), keysNotFound: false };

  function listPages(): Promise<number> {
    return forEachPage(
      (after) =>
        // Once another service user's listing has failed, the audit has failed: no more pages.
        stop.aborted
          ? Promise.reject(stop.reason as Error)
          : client.listServiceUserKeysPage(serviceUserId, {
              status: inputs.status,
              first: PAGE_SIZE,
              after,
            }),
      (items) => {
        for (const item of items) {
          const key = new AuditedKey(item, context);
          tally.add(key);
          part?.add(key);
        }
      },
      `the API keys of service user ${quoteUntrusted(serviceUserId)}`,
    );
  }
}

/** Service users named in a notice or failure message; the rest are counted. */
const MAX_NAMED_SERVICE_USERS = 20;

/** Which service users to audit, and what is known of each before its audit. */
interface AuditTargets {
  facts: ServiceUserFacts[];
  /** Whether each is read as a member of the enterprise first (those named in the input). */
  read: boolean;
}

async function auditTargets(
  client: DevinClient,
  inputs: AuditInputs,
  runtime: Runtime,
): Promise<AuditTargets> {
  if (inputs.allServiceUsers) {
    const facts = await listEnterpriseServiceUsers(client);
    runtime.info(`The enterprise lists ${facts.length} service users, inactive ones included.`);
    if (facts.length === 0) {
      runtime.warning(
        'The enterprise lists no service user at all, so there was nothing to audit.\nFix: check that base_url is the Devin API of your enterprise.',
        { title: 'No service users' },
      );
    }
    return { facts, read: false };
  }
  const ids =
    inputs.serviceUserIds.length > 0 ? inputs.serviceUserIds : [await ownServiceUserId(client)];
  const unknown = (id: string): ServiceUserFacts => ({ id, name: null, expiresAt: undefined });
  return { facts: ids.map(unknown), read: inputs.serviceUserIds.length > 0 };
}

/** One service user: read as a member first when asked, while its keys are listed. */
async function auditOne(
  client: DevinClient,
  facts: ServiceUserFacts,
  read: boolean,
  unreadable: Map<string, number>,
  audit: () => Promise<{ audit: ServiceUserAudit; keysNotFound: boolean }>,
  context: AuditContext,
): Promise<ServiceUserOutcome> {
  // Both at once: the read costs no wait of its own. Settled both, so that nothing is in
  // flight when the client closes.
  const [member, keys] = await Promise.allSettled([
    read ? readServiceUser(client, facts.id) : Promise.resolve({ facts }),
    audit(),
  ]);
  if (keys.status === 'rejected') throw keys.reason;
  if (member.status === 'rejected') throw member.reason;
  if ('unreadable' in member.value) unreadable.set(facts.id, member.value.unreadable);
  const known = 'facts' in member.value ? member.value.facts : facts;
  return {
    serviceUser: new AuditedServiceUser(known, context),
    audit: keys.value.audit,
    keysNotFound: keys.value.keysNotFound,
  };
}

function noticeUnreadable(runtime: Runtime, unreadable: ReadonlyMap<string, number>): void {
  if (unreadable.size === 0) return;
  const ids = [...unreadable.keys()];
  const named = ids
    .slice(0, MAX_NAMED_SERVICE_USERS)
    .map((id) => `${quoteUntrusted(id)} (HTTP ${unreadable.get(id) ?? ''})`);
  if (ids.length > named.length) named.push(`and ${ids.length - named.length} more`);
  runtime.notice(
    `Could not read ${ids.length === 1 ? 'service user' : 'the service users'} ${named.join(', ')} with GET /v3/enterprise/members/service-users/{id}, so ${ids.length === 1 ? 'its own expiry was' : 'their own expiry was'} not audited; the keys were audited anyway.\nFix: give the credential's service user ViewAccountMembership at enterprise level (Enterprise Settings > Service Users) to audit the service users' expiry as well.`,
    { title: 'Service user expiry not audited' },
  );
}

function describeServiceUser(serviceUser: AuditedServiceUser): string {
  const id = quoteUntrusted(serviceUser.id);
  return serviceUser.name === null || serviceUser.name === serviceUser.id
    ? `service user ${id}`
    : `service user ${quoteUntrusted(serviceUser.name)} (${id})`;
}

function describeKey(serviceUserId: string, key: AuditedKey): string {
  return `key ${quoteUntrusted(key.name)} (${quoteUntrusted(key.id)}) of ${quoteUntrusted(serviceUserId)}`;
}

function annotate(
  runtime: Runtime,
  audits: readonly ServiceUserAudit[],
  serviceUsers: readonly AuditedServiceUser[],
): void {
  let annotated = 0;
  for (const serviceUser of [...serviceUsers].sort((a, b) => a.severity - b.severity)) {
    for (const finding of serviceUser.findings) {
      if (annotated >= MAX_ANNOTATIONS) break;
      annotated++;
      runtime.warning(`Devin ${describeServiceUser(serviceUser)}: ${finding.reason}`, {
        title: `Devin ${finding.class.replaceAll('_', ' ')}`,
      });
    }
  }
  for (const { serviceUserId, key } of keptKeysWorstFirst(
    audits,
    (key) => key.findingClasses.length > 0,
  )) {
    if (annotated >= MAX_ANNOTATIONS) break;
    for (const finding of key.findings) {
      annotated++;
      runtime.warning(`Devin ${describeKey(serviceUserId, key)}: ${finding.reason}`, {
        title: `Devin API key ${finding.class.replace('_', ' ')}`,
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

function failureMessage(
  failingCount: number,
  failing: readonly ServiceUserKey[],
  failOn: ReadonlySet<string>,
  failingServiceUsers: readonly AuditedServiceUser[],
): string {
  const classes = [...failOn].join(', ');
  const users = failingServiceUsers.slice(0, MAX_NAMED_SERVICE_USERS).map((serviceUser) => {
    const reasons = serviceUser.findings
      .filter((finding) => finding.failing)
      .map((finding) => finding.reason)
      .join('; ');
    return `  - ${describeServiceUser(serviceUser)}: ${reasons}`;
  });
  if (failingServiceUsers.length > users.length) {
    users.push(`  - and ${failingServiceUsers.length - users.length} more (see the report output)`);
  }
  const usersPart =
    users.length === 0
      ? ''
      : `The audit failed: ${failingServiceUsers.length} service ${failingServiceUsers.length === 1 ? 'user falls' : 'users fall'} in a fail_on class (${classes}):\n${users.join('\n')}\nFix: renew or replace these service users in Enterprise Settings > Service Users, and move the CI that depends on them to one that is active.`;
  if (failingCount === 0) return usersPart;
  const named = failing.slice(0, MAX_NAMED_IN_FAILURE).map(({ serviceUserId, key }) => {
    const reasons = key.findings
      .filter((finding) => finding.failing)
      .map((finding) => finding.reason)
      .join('; ');
    return `  - ${describeKey(serviceUserId, key)}: ${reasons}`;
  });
  if (failingCount > named.length) {
    named.push(`  - and ${failingCount - named.length} more (see the report output)`);
  }
  const keysPart = `${usersPart === '' ? 'The audit failed: ' : '\nAnd '}${failingCount} ${failingCount === 1 ? 'key falls' : 'keys fall'} in a fail_on class (${classes}):\n${named.join('\n')}\nFix: revoke dead keys and make new ones where they are still needed; set fail_on to change what fails the job.`;
  return `${usersPart}${keysPart}`;
}

/**
 * The report output: every key when no service user has more keys than the action keeps and
 * the whole fits the output limit; else only the failing keys, the worst of the whole audit
 * first (1000 at most, fewer if they would not fit), marked as cut.
 */
function reportOutput(
  audits: readonly ServiceUserAudit[],
  failing: readonly ServiceUserKey[],
  failingCount: number,
  nowSeconds: number,
  reportFileWritten: boolean,
  serviceUsers: ReadonlyMap<string, AuditedServiceUser>,
): string {
  const allKept = audits.every((audit) => audit.counts.key_count <= KEPT_WORST_KEYS);
  if (allKept) {
    const full = reportJson(audits, (audit) => audit.worstKeys, nowSeconds, {}, serviceUsers);
    if (Buffer.byteLength(full) <= MAX_REPORT_OUTPUT_BYTES) return full;
  }
  const where = reportFileWritten
    ? 'report_path has every key'
    : 'set report_file: true for a file with every key';
  for (let count = Math.min(failing.length, KEPT_WORST_KEYS); ; count = Math.floor(count / 2)) {
    const chosen = new Set(failing.slice(0, count).map(({ key }) => key));
    const cut = reportJson(
      audits,
      (audit) => audit.worstKeys.filter((key) => chosen.has(key)),
      nowSeconds,
      {
        cut: true,
        note: `Only failing keys, worst first: ${count} of ${failingCount}; ${where}.`,
      },
      serviceUsers,
    );
    if (count === 0 || Buffer.byteLength(cut) <= MAX_REPORT_OUTPUT_BYTES) return cut;
  }
}

async function trackIssue(
  runtime: Runtime,
  inputs: AuditInputs,
  audits: readonly ServiceUserAudit[],
  summary: string,
  failed: boolean,
): Promise<void> {
  if (inputs.trackingIssue === undefined) return;
  const { trackingMarker, syncTrackingIssue } = await import('../github/tracking-issue.ts');
  // For all, the word itself: the issue is found again as service users come and go.
  const marker = trackingMarker(
    inputs.allServiceUsers ? [ALL_SERVICE_USERS] : audits.map((audit) => audit.serviceUserId),
  );
  if (inputs.dryRun) {
    runtime.info(
      `Dry run: the tracking issue (marker ${marker}) would be ${failed ? 'opened or updated' : 'closed if open'}; nothing was sent to GitHub.`,
    );
    return;
  }
  const { githubIssueApi, workflowRun } = await import('../github/issues-api.ts');
  const { repository, runUrl } = workflowRun((name) => runtime.getEnv(name));
  try {
    const done = await syncTrackingIssue(
      githubIssueApi(inputs.trackingIssue.githubToken, repository),
      {
        failed,
        marker,
        title: 'Devin API key audit failed',
        body: summary,
        runUrl,
      },
    );
    runtime.info(done);
  } catch (error) {
    // The audit's verdict stands; a tracking issue that cannot be kept is worth a warning.
    const status = (error as { status?: unknown }).status;
    const reason = quoteUntrusted(messageOf(error));
    const fix =
      status === 403 || status === 404 || status === 401
        ? 'give the job `permissions: { issues: write }` and pass github_token: ${{ github.token }}.'
        : 'run the job again; the audit above stands either way.';
    runtime.warning(
      `Could not update the tracking issue in ${repository}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${reason}.\nFix: ${fix}`,
      { title: 'Tracking issue not updated' },
    );
  }
}

/**
 * Lists every key of each service user, classifies them under the policy, reports, and fails
 * the job when a key falls in a fail_on class.
 */
export async function audit(inputs: AuditInputs, context: OperationContext): Promise<void> {
  const { runtime } = context;
  const nowSeconds = Math.floor((context.dependencies.now ?? Date.now)() / 1000);
  const auditContext: AuditContext = { nowSeconds, policy: inputs.policy };
  const reportFile = inputs.reportFile ? new ReportFile(runtime.tempDir()) : undefined;
  const client = openDevinClient(inputs, context);
  let outcomes: ServiceUserOutcome[];
  const unreadable = new Map<string, number>();
  try {
    const targets = await auditTargets(client, inputs, runtime);
    runtime.startGroup(
      `Listing the API keys of ${targets.facts.length > MAX_NAMED_SERVICE_USERS ? `${targets.facts.length} service users` : targets.facts.map(({ id }) => quoteUntrusted(id)).join(', ')}`,
    );
    try {
      outcomes = await mapConcurrently(targets.facts, SERVICE_USER_CONCURRENCY, (facts, stop) =>
        auditOne(
          client,
          facts,
          targets.read,
          unreadable,
          () =>
            auditServiceUser(
              client,
              facts.id,
              inputs,
              auditContext,
              reportFile,
              stop,
              inputs.allServiceUsers,
            ),
          auditContext,
        ),
      );
      for (const { audit, serviceUser } of outcomes) {
        const own = serviceUser.findings.map((finding) => `; ${finding.reason}`).join('');
        runtime.info(
          `${quoteUntrusted(audit.serviceUserId)}: ${audit.counts.key_count} keys in ${audit.pages} page${audit.pages === 1 ? '' : 's'}, ${audit.keysWithFindings} with findings${own}`,
        );
      }
    } finally {
      runtime.endGroup();
    }
  } finally {
    await client.close();
  }
  noticeUnreadable(runtime, unreadable);
  const audits = outcomes.map(({ audit }) => audit);
  const serviceUsers = outcomes.map(({ serviceUser }) => serviceUser);
  const serviceUserById = new Map(serviceUsers.map((serviceUser) => [serviceUser.id, serviceUser]));
  const failingServiceUsers = serviceUsers
    .filter((serviceUser) => serviceUser.failing)
    .sort((a, b) => a.severity - b.severity);

  const counts = totalCounts(audits);
  const failingCount = audits.reduce((sum, audit) => sum + audit.failingCount, 0);
  annotate(runtime, audits, serviceUsers);
  for (const { serviceUser, keysNotFound } of outcomes) {
    if (keysNotFound !== true) continue;
    runtime.warning(
      `Devin ${describeServiceUser(serviceUser)} is listed by the enterprise, but its keys are not found (HTTP 404): it was most likely removed, and its keys with it.\nFix: nothing, if it was removed on purpose; else check it in Enterprise Settings > Service Users.`,
      { title: 'Service user keys not found' },
    );
  }
  if (reportFile !== undefined) {
    reportFile.finish(counts, nowSeconds, serviceUserById);
    runtime.setOutput('report_path', reportFile.path);
  }
  const failingKeys = keptKeysWorstFirst(audits, (key) => key.failing);
  runtime.setOutput(
    'report',
    reportOutput(
      audits,
      failingKeys,
      failingCount,
      nowSeconds,
      reportFile !== undefined,
      serviceUserById,
    ),
  );
  for (const [name, value] of Object.entries(counts)) runtime.setOutput(name, String(value));
  const summary = auditSummary(audits, counts, failingCount, nowSeconds, outcomes);
  await runtime.appendSummary(summary);
  const failed = failingCount > 0 || failingServiceUsers.length > 0;
  await trackIssue(runtime, inputs, audits, summary, failed);
  if (failed) {
    throw new ActionError(
      failureMessage(failingCount, failingKeys, inputs.policy.failOn, failingServiceUsers),
    );
  }
  runtime.info(
    `The audit passed: ${counts.key_count} keys of ${serviceUsers.length} service user${serviceUsers.length === 1 ? '' : 's'}, none in a fail_on class, nor any service user.`,
  );
}
