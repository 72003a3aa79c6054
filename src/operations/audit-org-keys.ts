import { ActionError } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { OrgKeysReportFile, orgKeysReportOutput } from '../audit/org-keys-report.ts';
import { reportDirectory } from '../audit/report-file.ts';
import { OrgKeysTally } from '../audit/org-keys-tally.ts';
import { ENTERPRISE_PAGE_SIZE } from '../devin/client.ts';
import { forEachNumberedPage } from '../devin/paging.ts';
import type { OrgKeysAuditInputs } from '../inputs/parsers.ts';
import {
  agedKeyWarnings,
  orgKeysFailureMessage,
  orgKeysListedLine,
  orgKeysPassedLine,
  orgKeysSummary,
  type OrgKeysVerdict,
} from '../summary/org-keys-summary.ts';
import { withDevinClient, withGitHub, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';

/** The word a tracking issue of the whole enterprise's organization keys is found by. */
const ALL_ORGANIZATIONS = 'organizations:all';

/**
 * Lists the organization keys of the enterprise (or of one organization) page by page, with an
 * Enterprise admin's personal key (v2): each page is tallied and written to the report file
 * as it arrives, then dropped, so memory stays flat. The listing's key values are never read.
 */
export async function auditOrgKeys(
  inputs: OrgKeysAuditInputs,
  context: OperationContext,
): Promise<void> {
  const { runtime } = context;
  const now = nowSeconds(context.dependencies);
  const tally = new OrgKeysTally({ nowSeconds: now, maxKeyAgeDays: inputs.maxKeyAgeDays });
  const reportFile = inputs.reportFile
    ? new OrgKeysReportFile(reportDirectory(runtime), now)
    : undefined;
  const whose =
    inputs.orgId === undefined ? 'the enterprise' : `organization ${quoteUntrusted(inputs.orgId)}`;
  runtime.startGroup(`Listing the organization keys of ${whose}`);
  try {
    tally.pages = await withDevinClient(inputs, context, (client) =>
      forEachNumberedPage(
        (page) =>
          client.listEnterpriseKeysPage({
            page,
            perPage: ENTERPRISE_PAGE_SIZE,
            orgId: inputs.orgId,
          }),
        (items) => {
          tally.add(items);
          reportFile?.add(items, now);
        },
        `the API keys of ${whose}`,
      ),
    );
    runtime.info(orgKeysListedLine(tally, inputs.orgId));
  } finally {
    runtime.endGroup();
  }
  const counts = tally.counts();
  const verdict: OrgKeysVerdict = {
    failingClasses: [
      ...(inputs.failOn.has('aged') && counts.aged_count > 0 ? ['aged'] : []),
      ...(inputs.failOn.has('personal_key') && counts.personal_key_count > 0
        ? ['personal_key']
        : []),
    ],
    nowSeconds: now,
    maxKeyAgeDays: inputs.maxKeyAgeDays,
  };
  for (const warning of agedKeyWarnings(tally, verdict)) {
    runtime.warning(warning, { title: 'Devin API key aged' });
  }
  if (reportFile !== undefined) {
    reportFile.finish(tally);
    runtime.setOutput('report_path', reportFile.path);
  }
  const policy = { nowSeconds: now, maxKeyAgeDays: inputs.maxKeyAgeDays, orgId: inputs.orgId };
  runtime.setOutput('report', orgKeysReportOutput(tally, policy, reportFile !== undefined));
  for (const [name, value] of Object.entries(counts)) runtime.setOutput(name, String(value));
  const summary = orgKeysSummary(tally, verdict);
  await runtime.appendSummary(summary);
  const failed = verdict.failingClasses.length > 0;
  await trackIssue(inputs, context, summary, failed);
  if (failed) throw new ActionError(orgKeysFailureMessage(tally, verdict));
  runtime.info(orgKeysPassedLine(tally));
}

/** Opens, updates or closes the tracking issue, as the v3 audit does; a failure is a warning. */
async function trackIssue(
  inputs: OrgKeysAuditInputs,
  context: OperationContext,
  summary: string,
  failed: boolean,
): Promise<void> {
  if (inputs.trackingIssue === undefined) return;
  const { runtime } = context;
  const tracking = await import('../github/tracking-issue.ts');
  const marker = tracking.trackingMarker([
    inputs.orgId === undefined ? ALL_ORGANIZATIONS : `organization:${inputs.orgId}`,
  ]);
  if (inputs.dryRun) {
    runtime.info(tracking.trackingIssueDryRun(marker, failed));
    return;
  }
  const { repository, runUrl } = tracking.workflowRun((name) => runtime.getEnv(name));
  try {
    const outcome = {
      failed,
      marker,
      title: 'Devin organization key audit failed',
      body: summary,
      runUrl,
    };
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
