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
import type { AuditInputs } from '../inputs/parsers.ts';
import { auditSummary } from '../summary/audit-summary.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { Runtime } from '../base/runtime.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { ownServiceUserId } from './service-user.ts';

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
): Promise<ServiceUserAudit> {
  const tally = new ServiceUserTally(serviceUserId);
  const part = reportFile?.part(serviceUserId);
  tally.pages = await forEachPage(
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
  return finishTally(tally);
}

function describeKey(serviceUserId: string, key: AuditedKey): string {
  return `key ${quoteUntrusted(key.name)} (${quoteUntrusted(key.id)}) of ${quoteUntrusted(serviceUserId)}`;
}

function annotate(runtime: Runtime, audits: readonly ServiceUserAudit[]): void {
  let annotated = 0;
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
  const total = audits.reduce((sum, audit) => sum + audit.findingCount, 0);
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
): string {
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
  return `The audit failed: ${failingCount} ${failingCount === 1 ? 'key falls' : 'keys fall'} in a fail_on class (${[...failOn].join(', ')}):\n${named.join('\n')}\nFix: revoke dead keys and make new ones where they are still needed; set fail_on to change what fails the job.`;
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
): string {
  const allKept = audits.every((audit) => audit.counts.key_count <= KEPT_WORST_KEYS);
  if (allKept) {
    const full = reportJson(audits, (audit) => audit.worstKeys, nowSeconds);
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
  const marker = trackingMarker(audits.map((audit) => audit.serviceUserId));
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
  let audits: ServiceUserAudit[];
  try {
    const serviceUserIds =
      inputs.serviceUserIds.length > 0 ? inputs.serviceUserIds : [await ownServiceUserId(client)];
    runtime.startGroup(
      `Listing the API keys of ${serviceUserIds.map((id) => quoteUntrusted(id)).join(', ')}`,
    );
    try {
      audits = await mapConcurrently(serviceUserIds, SERVICE_USER_CONCURRENCY, (id, stop) =>
        auditServiceUser(client, id, inputs, auditContext, reportFile, stop),
      );
      for (const audit of audits) {
        runtime.info(
          `${quoteUntrusted(audit.serviceUserId)}: ${audit.counts.key_count} keys in ${audit.pages} page${audit.pages === 1 ? '' : 's'}, ${audit.keysWithFindings} with findings`,
        );
      }
    } finally {
      runtime.endGroup();
    }
  } finally {
    await client.close();
  }

  const counts = totalCounts(audits);
  const failingCount = audits.reduce((sum, audit) => sum + audit.failingCount, 0);
  annotate(runtime, audits);
  if (reportFile !== undefined) {
    reportFile.finish(counts, nowSeconds);
    runtime.setOutput('report_path', reportFile.path);
  }
  const failingKeys = keptKeysWorstFirst(audits, (key) => key.failing);
  runtime.setOutput(
    'report',
    reportOutput(audits, failingKeys, failingCount, nowSeconds, reportFile !== undefined),
  );
  for (const [name, value] of Object.entries(counts)) runtime.setOutput(name, String(value));
  const summary = auditSummary(audits, counts, failingCount, nowSeconds);
  await runtime.appendSummary(summary);
  await trackIssue(runtime, inputs, audits, summary, failingCount > 0);
  if (failingCount > 0) {
    throw new ActionError(failureMessage(failingCount, failingKeys, inputs.policy.failOn));
  }
  runtime.info(`The audit passed: ${counts.key_count} keys, none in a fail_on class.`);
}
