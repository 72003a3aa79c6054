import { appendFileSync, closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError, InputError, explain, messageOf } from '../base/errors.ts';
import type { Runtime } from '../base/runtime.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { AuditedKey } from './policy.ts';
import type { AuditedServiceUser } from './service-users.ts';
import {
  REPORT_TAIL,
  SERVICE_USER_TAIL,
  reportHead,
  reportKey,
  serviceUserHead,
} from './report.ts';
import type { AuditCounts } from './tally.ts';

/** Characters written at once: small enough to die young in the heap. */
const WRITE_BATCH = 64 * 1024;

/** The report file could not be written: the disk, its permissions, or the runner's limits. */
export class ReportFileError extends ActionError {
  override readonly name = 'ReportFileError';
}

function reportFileError(path: string, error: unknown): ReportFileError {
  return new ReportFileError(
    explain({
      problem:
        `Could not write the report file ${quoteUntrusted(path)}: ` +
        `${quoteUntrusted(messageOf(error))}; no report file was left behind.`,
      fix:
        'make sure RUNNER_TEMP is a writable directory with room for the report, or set ' +
        'report_file: false and use the report output.',
    }),
  );
}

/** Runs a file operation; any failure of it is the report's, said as such. */
function writing<Result>(path: string, work: () => Result): Result {
  try {
    return work();
  } catch (error) {
    throw error instanceof ReportFileError ? error : reportFileError(path, error);
  }
}

/**
 * One service user's keys, gathered in batches and appended to a part file a batch at a time.
 * No file stays open between batches: an audit of hundreds of service users holds none open
 * while it lists, whatever the runner's limit on open files.
 */
class ReportPart {
  readonly serviceUserId: string;
  readonly path: string;
  /** Whether the part file exists: a service user without keys writes none. */
  written = false;
  private batch = '';
  private count = 0;

  constructor(serviceUserId: string, path: string) {
    this.serviceUserId = serviceUserId;
    this.path = path;
  }

  add(key: AuditedKey): void {
    this.batch += `${this.count++ === 0 ? '' : ','}${JSON.stringify(reportKey(key))}`;
    if (this.batch.length >= WRITE_BATCH) this.flush();
  }

  flush(): void {
    if (this.batch === '') return;
    writing(this.path, () => appendFileSync(this.path, this.batch));
    this.written = true;
    this.batch = '';
  }

  remove(): void {
    this.batch = '';
    if (this.written) rmSync(this.path, { force: true });
    this.written = false;
  }
}

/** Appends the part file to the open report `file`, one chunk at a time; then removes it. */
function copyPart(file: number, part: ReportPart, buffer: Buffer): void {
  if (!part.written) return;
  const source = openSync(part.path, 'r');
  try {
    for (let read; (read = readSync(source, buffer)) > 0;) writeSync(file, buffer, 0, read);
  } finally {
    closeSync(source);
    part.remove();
  }
}

/**
 * The full report, as a file: every key of every service user, in the order the API listed
 * them. Service users are audited at once, so each writes its own part; `finish` joins them
 * through one open file at a time, and `discard` (or a failure of `finish`) leaves none behind.
 */
export class ReportFile {
  readonly path: string;
  private readonly parts: ReportPart[] = [];

  constructor(directory: string) {
    this.path = join(directory, `devin-keys-audit-${process.pid}.json`);
  }

  part(serviceUserId: string): ReportPart {
    const part = new ReportPart(serviceUserId, `${this.path}.${this.parts.length}.part`);
    this.parts.push(part);
    return part;
  }

  /** Writes the report: head with the counts, then each part, copied in fixed-size chunks. */
  finish(
    counts: AuditCounts,
    nowSeconds: number,
    serviceUsers: ReadonlyMap<string, AuditedServiceUser> = new Map(),
  ): void {
    try {
      writing(this.path, () => {
        const file = openSync(this.path, 'w');
        try {
          this.join(file, counts, nowSeconds, serviceUsers);
        } finally {
          closeSync(file);
        }
      });
    } catch (error) {
      this.discard();
      throw error;
    }
  }

  /** Removes every part and the report itself: the audit ended without one. */
  discard(): void {
    for (const part of this.parts) part.remove();
    rmSync(this.path, { force: true });
  }

  private join(
    file: number,
    counts: AuditCounts,
    nowSeconds: number,
    serviceUsers: ReadonlyMap<string, AuditedServiceUser>,
  ): void {
    const buffer = Buffer.alloc(WRITE_BATCH);
    writeSync(file, reportHead(counts, nowSeconds));
    for (const [index, part] of this.parts.entries()) {
      part.flush();
      const { serviceUserId } = part;
      writeSync(file, serviceUserHead(serviceUserId, index === 0, serviceUsers.get(serviceUserId)));
      copyPart(file, part, buffer);
      writeSync(file, SERVICE_USER_TAIL);
    }
    writeSync(file, REPORT_TAIL);
  }
}

/** report_file asked for where the runner gives no RUNNER_TEMP to hold it. */
function noReportDirectoryError(): InputError {
  return new InputError(
    explain({
      problem:
        "report_file: true writes the report to the runner's temporary directory, but " +
        'RUNNER_TEMP is not set, so there is nowhere later steps of the job could read it.',
      fix:
        'set the environment variable RUNNER_TEMP to a writable directory (a GitHub Actions ' +
        'runner sets it), or set report_file: false and use the report output.',
    }),
  );
}

/** Where report files go: RUNNER_TEMP, which a runner always sets; without it, an input error. */
export function reportDirectory(runtime: Pick<Runtime, 'tempDir'>): string {
  const directory = runtime.tempDir();
  if (directory === undefined) throw noReportDirectoryError();
  return directory;
}
