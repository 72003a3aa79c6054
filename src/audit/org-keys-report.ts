import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isoTime } from '../base/time.ts';
import type { EnterpriseKey } from '../devin/schemas.ts';
import { DAY_SECONDS, type AgedKey, type OrgKeysTally, type OrgTally } from './org-keys-tally.ts';

/** GitHub keeps at most 1 MB of a step's outputs; the report stays well under it. */
const MAX_REPORT_OUTPUT_BYTES = 512 * 1024;
/** Characters written at once: small enough to die young in the heap. */
const WRITE_BATCH = 64 * 1024;

function reportOrganization(org: OrgTally) {
  return {
    org_id: org.orgId,
    org_name: org.orgName,
    key_count: org.keyCount,
    service_key_count: org.serviceKeyCount,
    personal_key_count: org.personalKeyCount,
    aged_count: org.agedCount,
  };
}

function reportAgedKey(key: AgedKey, nowSeconds: number) {
  return {
    id: key.id,
    org_id: key.orgId,
    is_service_key: key.isServiceKey,
    user_id: key.userId,
    created_at: isoTime(key.createdAt),
    age_days: Math.floor((nowSeconds - key.createdAt) / DAY_SECONDS),
  };
}

/**
 * The `report` output: the counts, every organization, and the aged keys oldest first; cut
 * (halved until it fits) when too large, and marked so.
 */
export function orgKeysReportOutput(
  tally: OrgKeysTally,
  policy: { nowSeconds: number; maxKeyAgeDays: number; orgId: string | undefined },
  reportFileWritten: boolean,
): string {
  const aged = tally.agedOldestFirst();
  const agedCount = tally.counts().aged_count;
  for (let count = aged.length; ; count = Math.floor(count / 2)) {
    const cut = count < agedCount;
    const where = reportFileWritten
      ? 'report_path has every key'
      : 'set report_file: true for a file with every key';
    const report = JSON.stringify({
      generated_at: isoTime(policy.nowSeconds),
      api: 'v2',
      org_id: policy.orgId ?? null,
      max_key_age_days: policy.maxKeyAgeDays,
      counts: tally.counts(),
      organizations: tally.organizations().map(reportOrganization),
      aged: aged.slice(0, count).map((key) => reportAgedKey(key, policy.nowSeconds)),
      ...(cut
        ? { cut: true, note: `Only the oldest aged keys: ${count} of ${agedCount}; ${where}.` }
        : {}),
    });
    if (count === 0 || Buffer.byteLength(report) <= MAX_REPORT_OUTPUT_BYTES) return report;
  }
}

/**
 * The full report as a file: every key listed, in the order the API listed them, written as
 * the pages arrive (never held), then the counts and the organizations. No key's value.
 */
export class OrgKeysReportFile {
  readonly path: string;
  private readonly file: number;
  private batch = '';
  private count = 0;

  constructor(directory: string, nowSeconds: number) {
    this.path = join(directory, `devin-org-keys-audit-${process.pid}.json`);
    this.file = openSync(this.path, 'w');
    this.batch = `{"generated_at":${JSON.stringify(isoTime(nowSeconds))},"api":"v2","keys":[`;
  }

  add(keys: readonly EnterpriseKey[], nowSeconds: number): void {
    for (const key of keys) {
      const entry = {
        id: key.id,
        org_id: key.org_id,
        is_service_key: key.is_service_key,
        user_id: key.user_id ?? null,
        created_at: isoTime(key.created_at),
        age_days: Math.floor((nowSeconds - key.created_at) / DAY_SECONDS),
      };
      this.batch += `${this.count++ === 0 ? '' : ','}${JSON.stringify(entry)}`;
      if (this.batch.length >= WRITE_BATCH) this.flush();
    }
  }

  finish(tally: OrgKeysTally): void {
    this.batch += `],"counts":${JSON.stringify(tally.counts())},"organizations":`;
    this.batch += `${JSON.stringify(tally.organizations().map(reportOrganization))}}`;
    this.flush();
    closeSync(this.file);
  }

  private flush(): void {
    if (this.batch !== '') writeSync(this.file, this.batch);
    this.batch = '';
  }
}
