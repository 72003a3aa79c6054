import { mapConcurrently } from '../base/concurrency.ts';
import { ActionError } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { AuditedKey, type AuditContext } from '../audit/policy.ts';
import { ReportFile, ReportFileError, reportDirectory } from '../audit/report-file.ts';
import { reportOutput } from '../audit/report.ts';
import { AuditedServiceUser, type ServiceUserFacts } from '../audit/service-users.ts';
import {
  ServiceUserTally,
  finishTally,
  keptKeysWorstFirst,
  totalCounts,
  type AuditCounts,
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
  unreadableCause,
  unreadableServiceUsersNotice,
} from '../summary/audit-findings.ts';
import { auditSummary } from '../summary/audit-summary.ts';
import { AUDIT_NOT_RUN_HEADING, failureSummary } from '../summary/failure-summary.ts';
import type { ServiceUserOutcome } from '../summary/service-user-table.ts';
import { withDevinClient, withGitHub, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { listEnterpriseServiceUsers, readServiceUser } from './enterprise-service-users.ts';
import { ownServiceUserId } from './service-user.ts';

/**
 * The tracking issue's marker for the credential's own service user when its id could not be
 * learnt: no id can spell it (ids have no parentheses).
 */
const OWN_SERVICE_USER = '(own)';

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
  /** The named or own service users to audit, once known (none for all). */
  resolved: { serviceUserIds?: readonly string[] };
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
  run.resolved.serviceUserIds = ids;
  const unknown = (id: string): ServiceUserFacts => ({ id, name: null, expiresAt: undefined });
  return { facts: ids.map(unknown), readAsMembers: inputs.serviceUserIds.length > 0 };
}

/** How one service user's listing of keys ended, when it did not end well for all of it. */
interface KeysListed {
  audit: ServiceUserAudit;
  /** Listed as a member, but its keys answer 404 from the start: most likely removed. */
  keysNotFound: boolean;
  /** Why its keys could not be listed (a log-safe line), when they could not. */
  unreadableCause?: string;
}

/**
 * A failure of one service user's listing that leaves the others' standing, when every service
 * user is audited: 403 (not allowed for this one) and 404 (removed meanwhile). A 401, or no
 * answer, holds for every service user and ends the audit.
 */
function failsOnlyItself(run: AuditRun, error: unknown): error is DevinApiError {
  return (
    run.inputs.allServiceUsers &&
    error instanceof DevinApiError &&
    (error.status === 403 || error.status === 404)
  );
}

/**
 * Lists one service user's keys page by page; each key is classified, tallied and written to
 * the report file as it arrives (once, however often the listing repeats it), and only the
 * worst are kept. A listing of all includes removed service users, whose keys may be gone with
 * them (404): a warning of that service user. A service user whose keys cannot be read past
 * that is a finding of its own; the keys read before it are audited all the same.
 */
async function auditKeys(
  run: AuditRun,
  serviceUserId: string,
  stop: AbortSignal,
): Promise<KeysListed> {
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
      if (tally.add(key)) part?.add(key);
    }
  };
  try {
    tally.pages = await forEachPage(
      fetchPage,
      visit,
      `the API keys of service user ${quoteUntrusted(serviceUserId)}`,
    );
  } catch (error) {
    if (!failsOnlyItself(run, error)) throw error;
    part?.flush();
    if (error.status === 404 && tally.counts.key_count === 0) {
      return { audit: finishTally(tally), keysNotFound: true };
    }
    return {
      audit: finishTally(tally),
      keysNotFound: false,
      unreadableCause: unreadableCause(error),
    };
  }
  // Written now, not at the end: a finished service user holds no batch while others list.
  part?.flush();
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
    serviceUser: new AuditedServiceUser(known, run.audit, keys.value.unreadableCause),
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

/**
 * The marker of the run's tracking issue. For all, the word itself: the issue is found again as
 * service users come and go. For the credential's own service user whose id could not be learnt
 * (the audit could not run), one no id can spell.
 */
function markerIds(inputs: AuditInputs, audited: readonly string[] | undefined): string[] {
  if (inputs.allServiceUsers) return [ALL_SERVICE_USERS];
  if (inputs.serviceUserIds.length > 0) return [...inputs.serviceUserIds];
  return audited === undefined ? [OWN_SERVICE_USER] : [...audited];
}

/** What the tracking issue is told: the audit's verdict and summary. */
interface TrackedOutcome {
  /** Whether the audit ran (else it could not, and `summary` says why). */
  ran: boolean;
  failed: boolean;
  summary: string;
  /** The service users audited; undefined when the audit could not learn which. */
  audited: readonly string[] | undefined;
}

/** Opens, updates or closes the tracking issue; a failure to do so is a warning. */
async function trackIssue(
  inputs: AuditInputs,
  context: OperationContext,
  tracked: TrackedOutcome,
): Promise<void> {
  if (inputs.trackingIssue === undefined) return;
  const { runtime } = context;
  const { failed, summary, audited, ran } = tracked;
  const tracking = await import('../github/tracking-issue.ts');
  const marker = tracking.trackingMarker(markerIds(inputs, audited));
  if (inputs.dryRun) {
    runtime.info(tracking.trackingIssueDryRun(marker, failed));
    return;
  }
  const { repository, runUrl } = tracking.workflowRun((name) => runtime.getEnv(name));
  // The audit of the credential's own service user ran: an issue saying it could not is done.
  const ranForOwn = ran && !inputs.allServiceUsers && inputs.serviceUserIds.length === 0;
  try {
    const title = 'Devin API key audit failed';
    const outcome = { failed, marker, title, body: summary, runUrl };
    const done = await withGitHub(
      inputs.trackingIssue.githubToken,
      inputs,
      context,
      async (github) => {
        const issues = github.issues(repository);
        const lines = [await tracking.syncTrackingIssue(issues, outcome)];
        if (ranForOwn) {
          const ownMarker = tracking.trackingMarker([OWN_SERVICE_USER]);
          lines.push(await tracking.closeNotRunIssue(issues, ownMarker, runUrl));
        }
        return lines.filter((line) => line !== '').join(' ');
      },
    );
    runtime.info(done);
  } catch (error) {
    runtime.warning(tracking.trackingIssueNotUpdated(repository, error), {
      title: 'Tracking issue not updated',
    });
  }
}

/**
 * An audit that could not run at all (the credential refused, the API unreachable, the service
 * users not listed): the tracking issue says so, as a scheduled audit most needs it to; the
 * failure itself stands, whatever GitHub does.
 */
async function trackNotRun(
  inputs: AuditInputs,
  context: OperationContext,
  error: unknown,
  audited: readonly string[] | undefined,
): Promise<void> {
  if (!(error instanceof ActionError)) return;
  const summary = failureSummary(AUDIT_NOT_RUN_HEADING, error.message);
  await trackIssue(inputs, context, { ran: false, failed: true, summary, audited });
}

/** Where the report file goes: RUNNER_TEMP, which a runner always sets. */
function reportFileOf(inputs: AuditInputs, context: OperationContext): ReportFile | undefined {
  return inputs.reportFile ? new ReportFile(reportDirectory(context.runtime)) : undefined;
}

/** Writes the report file; a failure of it is told at the end, after everything else. */
function writeReportFile(
  reportFile: ReportFile,
  counts: AuditCounts,
  now: number,
  serviceUsers: ReadonlyMap<string, AuditedServiceUser>,
): ActionError | undefined {
  try {
    reportFile.finish(counts, now, serviceUsers);
    return undefined;
  } catch (error) {
    if (error instanceof ReportFileError) return error;
    throw error;
  }
}

/**
 * Lists every key of each service user, classifies them under the policy, reports, and fails
 * the job when a key or a service user falls in a fail_on class.
 */
export async function audit(inputs: AuditInputs, context: OperationContext): Promise<void> {
  const { runtime } = context;
  const now = nowSeconds(context.dependencies);
  const reportFile = reportFileOf(inputs, context);
  const unreadable = new Map<string, number>();
  const auditContext = { nowSeconds: now, policy: inputs.policy };
  const shared: Omit<AuditRun, 'client' | 'inputs'> = {
    audit: auditContext,
    reportFile,
    unreadable,
    resolved: {},
  };
  let outcomes: ServiceUserOutcome[];
  try {
    outcomes = await auditEveryServiceUser(inputs, context, shared);
  } catch (error) {
    reportFile?.discard();
    await trackNotRun(inputs, context, error, shared.resolved.serviceUserIds);
    throw error;
  }
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

  const counts = totalCounts(audits, serviceUsers);
  const failingCount = audits.reduce((sum, audit) => sum + audit.failingCount, 0);
  annotateFindings(runtime, audits, serviceUsers);
  for (const { serviceUser, keysNotFound } of outcomes) {
    if (keysNotFound === true) {
      runtime.warning(keysNotFoundWarning(serviceUser), { title: 'Service user keys not found' });
    }
  }
  const reportFileFailure =
    reportFile === undefined
      ? undefined
      : writeReportFile(reportFile, counts, now, serviceUserById);
  if (reportFile !== undefined && reportFileFailure === undefined) {
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
      reportFileWritten: reportFile !== undefined && reportFileFailure === undefined,
      serviceUsers: serviceUserById,
    }),
  );
  for (const [name, value] of Object.entries(counts)) runtime.setOutput(name, String(value));
  const summary = auditSummary(audits, counts, failingCount, now, outcomes);
  await runtime.appendSummary(summary);
  const failed = failingCount > 0 || failingServiceUsers.length > 0;
  const audited = audits.map((audit) => audit.serviceUserId);
  await trackIssue(inputs, context, { ran: true, failed, summary, audited });
  const failures = [
    ...(failed
      ? [auditFailureMessage(failingCount, failing, inputs.policy.failOn, failingServiceUsers)]
      : []),
    ...(reportFileFailure === undefined ? [] : [reportFileFailure.message]),
  ];
  if (failures.length > 0) throw new ActionError(failures.join('\n'));
  runtime.info(auditPassedLine(counts.key_count, serviceUsers.length));
}
