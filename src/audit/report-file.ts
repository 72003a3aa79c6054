import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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

/** One service user's keys, written to a part file as they arrive. */
class ReportPart {
  readonly serviceUserId: string;
  readonly path: string;
  private readonly file: number;
  private batch = '';
  private count = 0;

  constructor(serviceUserId: string, path: string) {
    this.serviceUserId = serviceUserId;
    this.path = path;
    this.file = openSync(path, 'w');
  }

  add(key: AuditedKey): void {
    this.batch += `${this.count++ === 0 ? '' : ','}${JSON.stringify(reportKey(key))}`;
    if (this.batch.length >= WRITE_BATCH) this.flush();
  }

  flush(): void {
    if (this.batch !== '') writeSync(this.file, this.batch);
    this.batch = '';
  }

  close(): void {
    this.flush();
    closeSync(this.file);
  }
}

/**
 * The full report, as a file: every key of every service user, in the order the API listed
 * them. Service users are audited at once, so each writes its own part; `finish` joins them.
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
    const file = openSync(this.path, 'w');
    const buffer = Buffer.alloc(WRITE_BATCH);
    try {
      writeSync(file, reportHead(counts, nowSeconds));
      for (const [index, part] of this.parts.entries()) {
        part.close();
        writeSync(
          file,
          serviceUserHead(part.serviceUserId, index === 0, serviceUsers.get(part.serviceUserId)),
        );
        const source = openSync(part.path, 'r');
        try {
          for (let read; (read = readSync(source, buffer)) > 0;) {
            writeSync(file, buffer, 0, read);
          }
        } finally {
          closeSync(source);
          rmSync(part.path, { force: true });
        }
        writeSync(file, SERVICE_USER_TAIL);
      }
      writeSync(file, REPORT_TAIL);
    } finally {
      closeSync(file);
    }
  }
}
