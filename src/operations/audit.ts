import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { forEachPage, mapConcurrently, PAGE_SIZE } from '../audit/paging.ts';
import { AuditedKey, sortWorstFirst, type AuditContext } from '../audit/policy.ts';
import {
  countKeys,
  failingKeys,
  reportJsonPieces,
  type FailingKey,
  type ServiceUserAudit,
} from '../audit/report.ts';
import type { DevinClient } from '../devin/client.ts';
import { ActionError } from '../errors.ts';
import type { AuditInputs } from '../inputs.ts';
import { auditSummary } from '../report/audit-summary.ts';
import { quoteUntrusted } from '../report/untrusted.ts';
import type { Runtime } from '../runtime.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { ownServiceUserId } from './service-user.ts';

/** Service users listed at once: enough to overlap waits, few enough to stay polite. */
const SERVICE_USER_CONCURRENCY = 4;
/** Warnings beyond this become one line: the runner shows only a handful per step anyway. */
const MAX_ANNOTATIONS = 50;
/** Keys named in the failure message; the rest are counted. */
const MAX_NAMED_IN_FAILURE = 50;
/** Step outputs are limited to 1 MiB; a larger report keeps only the failing keys. */
const MAX_REPORT_OUTPUT_BYTES = 1_000_000;

async function auditServiceUser(
  client: DevinClient,
  serviceUserId: string,
  inputs: AuditInputs,
  nowSeconds: number,
): Promise<ServiceUserAudit> {
  const keys: AuditedKey[] = [];
  const context: AuditContext = { nowSeconds, policy: inputs.policy };
  const pages = await forEachPage(
    (after) =>
      client.listServiceUserKeysPage(serviceUserId, {
        status: inputs.status,
        first: PAGE_SIZE,
        after,
      }),
    (items) => {
      for (const item of items) keys.push(new AuditedKey(item, context));
    },
    `the API keys of service user ${quoteUntrusted(serviceUserId)}`,
  );
  return { serviceUserId, keys: sortWorstFirst(keys), pages };
}

function describeKey(serviceUserId: string, key: AuditedKey): string {
  return `key ${quoteUntrusted(key.name)} (${quoteUntrusted(key.id)}) of ${quoteUntrusted(serviceUserId)}`;
}

function annotate(runtime: Runtime, audits: readonly ServiceUserAudit[]): void {
  let annotated = 0;
  let skipped = 0;
  for (const audit of audits) {
    for (const key of audit.keys) {
      for (const finding of key.findings) {
        if (annotated >= MAX_ANNOTATIONS) {
          skipped++;
          continue;
        }
        annotated++;
        runtime.warning(`Devin ${describeKey(audit.serviceUserId, key)}: ${finding.reason}`, {
          title: `Devin API key ${finding.class.replace('_', ' ')}`,
        });
      }
    }
  }
  if (skipped > 0) {
    runtime.warning(
      `${skipped} more findings are not annotated; see the job summary or the report output.`,
    );
  }
}

function failureMessage(failing: readonly FailingKey[], failOn: ReadonlySet<string>): string {
  const named = failing.slice(0, MAX_NAMED_IN_FAILURE).map(({ serviceUserId, key }) => {
    const reasons = key.findings
      .filter((finding) => finding.failing)
      .map((finding) => finding.reason)
      .join('; ');
    return `  - ${describeKey(serviceUserId, key)}: ${reasons}`;
  });
  if (failing.length > named.length)
    named.push(`  - and ${failing.length - named.length} more (see the report output)`);
  return `The audit failed: ${failing.length} ${failing.length === 1 ? 'key falls' : 'keys fall'} in a fail_on class (${[...failOn].join(', ')}):\n${named.join('\n')}\nFix: revoke dead keys and make new ones where they are still needed; set fail_on to change what fails the job.`;
}

/** Failing keys kept in a report output that had to be cut to fit. */
const MAX_KEYS_IN_CUT_REPORT = 1_000;
/** Bytes written to the report file at once. */
const WRITE_BATCH_BYTES = 1 << 20;

/**
 * Writes the full report to a file in RUNNER_TEMP (report_path) and sets the report output:
 * the full report when it fits the output limit, else only failing keys (the worst
 * MAX_KEYS_IN_CUT_REPORT), marked as cut. Streamed, so that memory stays flat.
 */
function writeReport(
  runtime: Runtime,
  audits: readonly ServiceUserAudit[],
  nowSeconds: number,
): void {
  const directory = process.env.RUNNER_TEMP;
  const path =
    directory === undefined || directory === ''
      ? undefined
      : join(directory, `devin-keys-audit-${process.pid}.json`);
  const file = path === undefined ? undefined : openSync(path, 'w');
  let kept: string[] = [];
  let keptBytes = 0;
  let fits = true;
  try {
    let batch = '';
    for (const piece of reportJsonPieces(audits, nowSeconds)) {
      if (fits) {
        keptBytes += Buffer.byteLength(piece);
        if (keptBytes <= MAX_REPORT_OUTPUT_BYTES) kept.push(piece);
        else {
          fits = false;
          kept = [];
          if (file === undefined) break;
        }
      }
      if (file === undefined) continue;
      batch += piece;
      if (batch.length >= WRITE_BATCH_BYTES) {
        writeSync(file, batch);
        batch = '';
      }
    }
    if (file !== undefined) writeSync(file, batch);
  } finally {
    if (file !== undefined) closeSync(file);
  }
  if (path !== undefined) runtime.setOutput('report_path', path);
  if (fits) {
    runtime.setOutput('report', kept.join(''));
    return;
  }
  let room = MAX_KEYS_IN_CUT_REPORT;
  const cut = reportJsonPieces(audits, nowSeconds, {
    keys: (audit) => {
      const failing = audit.keys.filter((key) => key.failing).slice(0, room);
      room -= failing.length;
      return failing;
    },
    extra: {
      cut: true,
      note: 'Only failing keys (the worst 1000 at most); report_path has every key.',
    },
  });
  runtime.setOutput('report', [...cut].join(''));
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
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const { GITHUB_SERVER_URL: server, GITHUB_RUN_ID: runId } = process.env;
  const runUrl = server && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
  try {
    const { githubIssueApi } = await import('../github/issues-api.ts');
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
    runtime.warning(
      `Could not update the tracking issue in ${repository}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}.\nFix: give the job \`permissions: { issues: write }\` and pass github_token: \${{ github.token }}.`,
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
  const client = openDevinClient(inputs, context);
  let audits: ServiceUserAudit[];
  try {
    const serviceUserIds =
      inputs.serviceUserIds.length > 0 ? inputs.serviceUserIds : [await ownServiceUserId(client)];
    runtime.startGroup(
      `Listing the API keys of ${serviceUserIds.map((id) => quoteUntrusted(id)).join(', ')}`,
    );
    try {
      audits = await mapConcurrently(serviceUserIds, SERVICE_USER_CONCURRENCY, (id) =>
        auditServiceUser(client, id, inputs, nowSeconds),
      );
      for (const audit of audits) {
        const withFindings = audit.keys.filter((key) => key.findingBits !== 0).length;
        runtime.info(
          `${quoteUntrusted(audit.serviceUserId)}: ${audit.keys.length} keys in ${audit.pages} page${audit.pages === 1 ? '' : 's'}, ${withFindings} with findings`,
        );
      }
    } finally {
      runtime.endGroup();
    }
  } finally {
    await client.close();
  }

  const counts = countKeys(audits);
  const failing = failingKeys(audits);
  annotate(runtime, audits);
  writeReport(runtime, audits, nowSeconds);
  for (const [name, value] of Object.entries(counts)) runtime.setOutput(name, String(value));
  const summary = auditSummary(audits, counts, failing.length, nowSeconds);
  await runtime.appendSummary(summary);
  await trackIssue(runtime, inputs, audits, summary, failing.length > 0);
  if (failing.length > 0) throw new ActionError(failureMessage(failing, inputs.policy.failOn));
  runtime.info(`The audit passed: ${counts.key_count} keys, none in a fail_on class.`);
}
