/**
 * What the audit suites share: canary credentials, keys aged relative to the real clock (the
 * bundled action reads the real time), and readers for the report, the annotations and the
 * job summary of a run.
 */
import type { FakeDevinApi, FakeKeySeed } from '../fake-api/server.ts';
import type { FakeGitHub } from '../fake-github/server.ts';
import { runAction, type ActionRun } from './run-action.ts';

export const SERVICE_USER_CREDENTIAL = 'cog_CANARYauditsvc41d9e07c2b';
export const OTHER_SERVICE_USER_CREDENTIAL = 'cog_CANARYnoperm93b1f4a60d';
export const GITHUB_TOKEN = 'ghs_CANARYgithub5c81a2f7e90d';
export const SERVICE_USER = 'service-user-ci';
export const REPOSITORY = 'acme/widgets';

const DAY_SECONDS = 86_400;

/** A key as the Devin stand-in takes it; times are UNIX seconds. */
export type KeySeed = FakeKeySeed;

/** UNIX seconds `days` from now (negative: in the past). */
export function daysFromNow(days: number): number {
  return Math.floor(Date.now() / 1000) + Math.round(days * DAY_SECONDS);
}

/** An active key with no finding: made a month ago, used yesterday, expires in half a year. */
export function healthyKey(name: string, overrides: Partial<KeySeed> = {}): KeySeed {
  return {
    api_key_name: name,
    created_at: daysFromNow(-30),
    expires_at: daysFromNow(180),
    last_used_at: daysFromNow(-1),
    revoked_at: null,
    ...overrides,
  };
}

export const expiredKey = (name: string): KeySeed =>
  healthyKey(name, { expires_at: daysFromNow(-3), last_used_at: daysFromNow(-4) });
export const revokedKey = (name: string): KeySeed =>
  healthyKey(name, { revoked_at: daysFromNow(-5), last_used_at: daysFromNow(-6) });
export const expiringKey = (name: string): KeySeed =>
  healthyKey(name, { expires_at: daysFromNow(5) });
export const staleKey = (name: string): KeySeed =>
  healthyKey(name, { created_at: daysFromNow(-400), last_used_at: daysFromNow(-120) });
export const neverExpiringKey = (name: string): KeySeed => healthyKey(name, { expires_at: null });

/** `count` healthy keys named `${prefix}-0001`… */
export function healthyKeys(count: number, prefix = 'ci-key'): KeySeed[] {
  return Array.from({ length: count }, (_, index) =>
    healthyKey(`${prefix}-${String(index + 1).padStart(4, '0')}`),
  );
}

export interface ReportKey {
  id: string;
  name: string;
  status: 'active' | 'expired' | 'revoked';
  failing: boolean;
  findings: { class: string; reason: string }[];
}

export interface AuditReport {
  counts: Record<string, number>;
  service_users: {
    service_user_id: string;
    /** The service user's own fields, as far as it could be read (expires_at may be left out). */
    name?: string | null;
    expires_at?: string | null;
    failing?: boolean;
    findings?: { class: string; reason: string; failing: boolean }[];
    keys: ReportKey[];
  }[];
}

/** The `report` output, parsed. */
export function reportOf(run: ActionRun): AuditReport {
  expect(run.outputs.report).toBeDefined();
  return JSON.parse(run.outputs.report ?? '') as AuditReport;
}

/** The report's entry for the key called `name` (over every service user). */
export function reportedKey(run: ActionRun, name: string): ReportKey {
  const found = reportOf(run)
    .service_users.flatMap((user) => user.keys)
    .find((key) => key.name === name);
  if (found === undefined) throw new Error(`no key named ${JSON.stringify(name)} in the report`);
  return found;
}

/** The count outputs as numbers, to compare whole. */
export function countOutputs(run: ActionRun): Record<string, number> {
  const names = [
    'key_count',
    'active_count',
    'expired_count',
    'revoked_count',
    'expiring_count',
    'stale_count',
  ];
  return Object.fromEntries(names.map((name) => [name, Number(run.outputs[name])]));
}

/** The `::warning` lines of stdout. */
export function warnings(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::warning'));
}

/** The warning annotations that name the key `name` (as the action quotes it). */
export function warningsFor(run: ActionRun, name: string): string[] {
  return warnings(run).filter((line) => line.includes(`Devin key ${JSON.stringify(name)}`));
}

/** The body rows of the tables whose header starts with `| ${firstHeader} |`, in order. */
function tableRows(summary: string, firstHeader: string): string[] {
  const rows: string[] = [];
  let inTable = false;
  for (const line of summary.split('\n')) {
    if (!line.startsWith('| ')) inTable = false;
    else if (line.startsWith('| ---')) continue;
    else if (inTable) rows.push(line);
    else if (line.startsWith(`| ${firstHeader} |`)) inTable = true;
  }
  return rows;
}

/** A row's cells. A cell boundary is a `|` that no backslash escapes. */
function cellsOf(line: string): string[] {
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/**
 * The cells of each body row of the per-service-user key tables, in order (the table of
 * service users above them is not one of them).
 */
export function summaryRows(summary: string): string[][] {
  return tableRows(summary, 'Key').map(cellsOf);
}

/** The cells of each row of the table of service users. */
export function serviceUserRows(summary: string): string[][] {
  return tableRows(summary, 'Service user').map(cellsOf);
}

/** The table rows' key names (first cell), in the order the summary shows them. */
export function summaryKeyOrder(summary: string): string[] {
  return summaryRows(summary).map((cells) => cells[0] ?? '');
}

/** An audit of SERVICE_USER that keeps a tracking issue in REPOSITORY on the GitHub stand-in. */
export function auditWithTrackingIssue(
  api: FakeDevinApi,
  github: FakeGitHub,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction({
    inputs: {
      operation: 'audit',
      token: SERVICE_USER_CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      issue_on_failure: 'true',
      github_token: GITHUB_TOKEN,
      ...inputs,
    },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
}
