import {
  DAY_SECONDS,
  severityRank,
  when,
  type AuditContext,
  type ServiceUserFindingClass,
} from './policy.ts';

/** What the API told of a service user: all of it, when it could be read. */
export interface ServiceUserFacts {
  id: string;
  /** Null when the API did not say. */
  name: string | null;
  /** UNIX seconds; null: never expires; undefined: not known (the service user could not be read). */
  expiresAt: number | null | undefined;
}

interface ServiceUserFinding {
  class: ServiceUserFindingClass;
  reason: string;
  failing: boolean;
}

const SEVERITY: Readonly<Record<ServiceUserFindingClass, number>> = {
  service_user_expired: 0,
  service_user_unreadable: 1,
  service_user_expiring: 2,
};

/** The reason of a service user whose keys could not be listed; `cause` is already log-safe. */
export function unreadableReason(cause: string): string {
  return `its keys could not be listed, so they were not all audited: ${cause}`;
}

/** One service user, audited as a member of the enterprise: its own expiry under the policy. */
export class AuditedServiceUser {
  readonly id: string;
  readonly name: string | null;
  readonly expiresAt: number | null | undefined;
  readonly findings: readonly ServiceUserFinding[];
  /** Whether a finding is in a class that fails the job. */
  readonly failing: boolean;
  /** Sort key, as keys have it: failing first, then by the most severe finding. */
  readonly severity: number;

  /**
   * `unreadableCause`: why its keys could not be listed (a log-safe line), when they could not;
   * the keys read before are audited all the same.
   */
  constructor(facts: ServiceUserFacts, context: AuditContext, unreadableCause?: string) {
    this.id = facts.id;
    this.name = facts.name;
    this.expiresAt = facts.expiresAt;
    const { nowSeconds, policy } = context;
    const expiresAt = facts.expiresAt;
    const findings: ServiceUserFinding[] = [];
    const add = (findingClass: ServiceUserFindingClass, reason: string): void => {
      findings.push({ class: findingClass, reason, failing: policy.failOn.has(findingClass) });
    };
    if (unreadableCause !== undefined) {
      add('service_user_unreadable', unreadableReason(unreadableCause));
    }
    if (expiresAt !== null && expiresAt !== undefined) {
      if (expiresAt <= nowSeconds) {
        add(
          'service_user_expired',
          `the service user expired ${when(expiresAt, nowSeconds)}: every key of it is dead`,
        );
      } else if (expiresAt - nowSeconds <= policy.expiryWarningDays * DAY_SECONDS) {
        add(
          'service_user_expiring',
          `the service user expires ${when(expiresAt, nowSeconds)}, and every key of it with it`,
        );
      }
    }
    this.findings = findings.sort((a, b) => SEVERITY[a.class] - SEVERITY[b.class]);
    this.failing = findings.some((finding) => finding.failing);
    const worst = findings[0];
    this.severity = severityRank(
      this.failing,
      worst === undefined ? undefined : SEVERITY[worst.class],
    );
  }

  /** Whether the service user has a finding of this class. */
  hasFinding(findingClass: ServiceUserFindingClass): boolean {
    return this.findings.some((finding) => finding.class === findingClass);
  }
}
