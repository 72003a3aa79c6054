import { mapConcurrently } from '../base/concurrency.ts';
import { ActionError } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { AuditedKey, type AuditContext } from '../audit/policy.ts';
import { ReportFile } from '../audit/report-file.ts';
import { reportOutput } from '../audit/report.ts';
import { AuditedServiceUser, type ServiceUserFacts } from '../audit/service-users.ts';
import {
  ServiceUserTally,
  finishTally,
  keptKeysWorstFirst,
  totalCounts,
  type ServiceUserAudit,
} from '../audit/tally.ts';
import type { DevinClient } from '../devin/client.ts';
import { DevinApiError } from '../devin/errors.ts';
import { forEachPage, PAGE_SIZE } from '../devin/paging.ts';
import type { ApiKeyResponse } from '../devin/schemas.ts';
import { ALL_SERVICE_USERS, type AuditInputs } from '../inputs/parsers.ts';
import {
  MAX_NAMED_SERVICE_USERS,
  annotateFindings,
  auditFailureMessage,
  auditPassedLine,
  keysNotFoundWarning,
  serviceUserLine,
  unreadableServiceUsersNotice,
} from '../summary/audit-findings.ts';
import { auditSummary } from '../summary/audit-summary.ts';
import type { ServiceUserOutcome } from '../summary/service-user-table.ts';
import { withDevinClient, withGitHub, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { listEnterpriseServiceUsers, readServiceUser } from './enterprise-service-users.ts';
import { ownServiceUserId } from './service-user.ts';

/** Service users listed at once: enough to overlap waits, few enough to stay polite. */
const SERVICE_USER_CONCURRENCY = 8;

/** What every service user's audit in one run shares. */
interface AuditRun {
  inputs: AuditInputs;
  client: DevinClient;
  audit: AuditContext;
  reportFile: ReportFile | undefined;
  /** Service users that could not be read as members, with the status they answered. */
  unreadable: Map<string, number>;
}

/** Which service users to audit, and what is known of each before its audit. */
interface AuditTargets {
  facts: ServiceUserFacts[];
  /** Whether each is read as a member of the enterprise first (those named in the input). */
  readAsMembers: boolean;
}

async function auditTargets(run: AuditRun, context: OperationContext): Promise<AuditTargets> {
  const { inputs, client } = run;
  if (inputs.allServiceUsers) {
    const facts = await listEnterpriseServiceUsers(client);
    context.runtime.info(
      `The enterprise lists ${facts.length} service users, inactive ones included.`,
    );
    if (facts.length === 0) {
      context.runtime.warning(
        'The enterprise lists no service user at all, so there was nothing to audit.\n' +
          'Fix: check that base_url is the Devin API of your enterprise.',
        { title: 'No service users' },
      );
    }
    return { facts, readAsMembers: false };
  }
  const ids =
    inputs.serviceUserIds.length > 0 ? inputs.serviceUserIds : [await ownServiceUserId(client)];
  const unknown = (id: string): ServiceUserFacts => ({ id, name: null, expiresAt: undefined });
  return { facts: ids.map(unknown), readAsMembers: inputs.serviceUserIds.length > 0 };
}

/**
 * Lists one service user's keys page by page; each key is classified, tallied and written to
 * the report file as it arrives, and only the worst are kept. A listing of all includes removed
 * service users, whose keys may be gone with them (404): a finding of that service user, not a
 * failure of the audit.
 */
async function auditKeys(
  run: AuditRun,
  serviceUserId: string,
  stop: AbortSignal,
): Promise<{ audit: ServiceUserAudit; keysNotFound: boolean }> {
  const tally = new ServiceUserTally(serviceUserId);
  const part = run.reportFile?.part(serviceUserId);
  const fetchPage = (after: string | undefined) =>
    // Once another service user's listing has failed, the audit has failed: no more pages.
    stop.aborted
      ? Promise.reject(stop.reason as Error)
      : run.client.listServiceUserKeysPage(serviceUserId, {
          status: run.inputs.status,
          first: PAGE_SIZE,
          after,
        });
  const visit = (items: readonly ApiKeyResponse[]): void => {
    for (const item of items) {
      const key = new AuditedKey(item, run.audit);
      tally.add(key);
      part?.add(key);
    }
  };
  try {
    tally.pages = await forEachPage(
      fetchPage,
      visit,
      `the API keys of service user ${quoteUntrusted(serviceUserId)}`,
    );
  } catch (error) {
    const notFound = error instanceof DevinApiError && error.status === 404;
    if (!run.inputs.allServiceUsers || !notFound || tally.counts.key_count > 0) throw error;
    return { audit: finishTally(tally), keysNotFound: true };
  }
  return { audit: finishTally(tally), keysNotFound: false };
}

/** One service user: read as a member first when asked, while its keys are listed. */
async function auditServiceUser(
  run: AuditRun,
  facts: ServiceUserFacts,
  readAsMember: boolean,
  stop: AbortSignal,
): Promise<ServiceUserOutcome> {
  // Both at once: the read costs no wait of its own. Settled both, so that nothing is in
  // flight when the client closes.
  const [member, keys] = await Promise.allSettled([
    readAsMember ? readServiceUser(run.client, facts.id) : Promise.resolve({ facts }),
    auditKeys(run, facts.id, stop),
  ]);
  if (keys.status === 'rejected') throw keys.reason;
  if (member.status === 'rejected') throw member.reason;
  if ('unreadable' in member.value) run.unreadable.set(facts.id, member.value.unreadable);
  const known = 'facts' in member.value ? member.value.facts : facts;
  return {
    serviceUser: new AuditedServiceUser(known, run.audit),
    audit: keys.value.audit,
    keysNotFound: keys.value.keysNotFound,
  };
}

function listingGroupTitle(facts: readonly ServiceUserFacts[]): string {
  const whose =
    facts.length > MAX_NAMED_SERVICE_USERS
      ? `${facts.length} service users`
      : facts.map(({ id }) => quoteUntrusted(id)).join(', ');
  return `Listing the API keys of ${whose}`;
}

/** Lists and classifies the keys of every service user of the audit. */
async function auditEveryServiceUser(
  inputs: AuditInputs,
  context: OperationContext,
  shared: Omit<AuditRun, 'client' | 'inputs'>,
): Promise<ServiceUserOutcome[]> {
  const { runtime } = context;
  return withDevinClient(inputs, context, async (client) => {
    const run: AuditRun = { ...shared, inputs, client };
    const targets = await auditTargets(run, context);
    runtime.startGroup(listingGroupTitle(targets.facts));
    try {
      const outcomes = await mapConcurrently(
        targets.facts,
        SERVICE_USER_CONCURRENCY,
        (facts, stop) => auditServiceUser(run, facts, targets.readAsMembers, stop),
      );
      for (const { audit, serviceUser } of outcomes) {
        runtime.info(serviceUserLine(audit, serviceUser));
      }
      return outcomes;
    } finally {
      runtime.endGroup();
    }
  });
}

/** Opens, updates or closes the tracking issue; a failure to do so is a warning. */
async function trackIssue(
  inputs: AuditInputs,
  context: OperationContext,
  audits: readonly ServiceUserAudit[],
  summary: string,
  failed: boolean,
): Promise<void> {
  if (inputs.trackingIssue === undefined) return;
  const { runtime } = context;
  const tracking = await import('../github/tracking-issue.ts');
  // For all, the word itself: the issue is found again as service users come and go.
  const marker = tracking.trackingMarker(
    inputs.allServiceUsers ? [ALL_SERVICE_USERS] : audits.map((audit) => audit.serviceUserId),
  );
  if (inputs.dryRun) {
    runtime.info(tracking.trackingIssueDryRun(marker, failed));
    return;
  }
  const { repository, runUrl } = tracking.workflowRun((name) => runtime.getEnv(name));
  try {
    const title = 'Devin API key audit failed';
    const outcome = { failed, marker, title, body: summary, runUrl };
    const done = await withGitHub(inputs.trackingIssue.githubToken, inputs, context, (github) =>
      tracking.syncTrackingIssue(github.issues(repository), outcome),
    );
    runtime.info(done);
  } catch (error) {
    runtime.warning(tracking.trackingIssueNotUpdated(repository, error), {
      title: 'Tracking issue not updated',
    });
  }
}

/**
 * Lists every key of each service user, classifies them under the policy, reports, and fails
 * the job when a key or a service user falls in a fail_on class.
 */
export async function audit(inputs: AuditInputs, context: OperationContext): Promise<void> {
  const { runtime } = context;
  const now = nowSeconds(context.dependencies);
  const reportFile = inputs.reportFile ? new ReportFile(runtime.tempDir()) : undefined;
  const unreadable = new Map<string, number>();
  const outcomes = await auditEveryServiceUser(inputs, context, {
    audit: { nowSeconds: now, policy: inputs.policy },
    reportFile,
    unreadable,
  });
  if (unreadable.size > 0) {
    runtime.notice(unreadableServiceUsersNotice(unreadable), {
      title: 'Service user expiry not audited',
    });
  }
  const audits = outcomes.map(({ audit }) => audit);
  const serviceUsers = outcomes.map(({ serviceUser }) => serviceUser);
  const serviceUserById = new Map(serviceUsers.map((serviceUser) => [serviceUser.id, serviceUser]));
  const failingServiceUsers = serviceUsers
    .filter((serviceUser) => serviceUser.failing)
    .sort((a, b) => a.severity - b.severity);

  const counts = totalCounts(audits);
  const failingCount = audits.reduce((sum, audit) => sum + audit.failingCount, 0);
  annotateFindings(runtime, audits, serviceUsers);
  for (const { serviceUser, keysNotFound } of outcomes) {
    if (keysNotFound === true) {
      runtime.warning(keysNotFoundWarning(serviceUser), { title: 'Service user keys not found' });
    }
  }
  if (reportFile !== undefined) {
    reportFile.finish(counts, now, serviceUserById);
    runtime.setOutput('report_path', reportFile.path);
  }
  const failing = keptKeysWorstFirst(audits, (key) => key.failing);
  runtime.setOutput(
    'report',
    reportOutput({
      audits,
      failing,
      failingCount,
      nowSeconds: now,
      reportFileWritten: reportFile !== undefined,
      serviceUsers: serviceUserById,
    }),
  );
  for (const [name, value] of Object.entries(counts)) runtime.setOutput(name, String(value));
  const summary = auditSummary(audits, counts, failingCount, now, outcomes);
  await runtime.appendSummary(summary);
  const failed = failingCount > 0 || failingServiceUsers.length > 0;
  await trackIssue(inputs, context, audits, summary, failed);
  if (failed) {
    throw new ActionError(
      auditFailureMessage(failingCount, failing, inputs.policy.failOn, failingServiceUsers),
    );
  }
  runtime.info(auditPassedLine(counts.key_count, serviceUsers.length));
}
