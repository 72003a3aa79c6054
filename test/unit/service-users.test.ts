import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditedKey, type AuditContext } from '../../src/audit/policy.ts';
import { ReportFile } from '../../src/audit/report-file.ts';
import { reportJson } from '../../src/audit/report.ts';
import { AuditedServiceUser } from '../../src/audit/service-users.ts';
import { ServiceUserTally, finishTally, totalCounts } from '../../src/audit/tally.ts';
import { auditSummary } from '../../src/summary/audit-summary.ts';
import {
  MAX_SERVICE_USER_ROWS,
  serviceUserTable,
  type ServiceUserOutcome,
} from '../../src/summary/service-user-table.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0) / 1000;
const DAY = 86_400;
const context: AuditContext = {
  nowSeconds: NOW,
  policy: {
    failOn: new Set(['expired', 'revoked', 'service_user_expired']),
    expiryWarningDays: 14,
    staleDays: 90,
  },
};

function serviceUser(id: string, expiresAt: number | null | undefined, name: string | null = id) {
  return new AuditedServiceUser({ id, name, expiresAt }, context);
}

function outcome(user: AuditedServiceUser, expiredKeys = 0): ServiceUserOutcome {
  const tally = new ServiceUserTally(user.id);
  for (let index = 0; index < expiredKeys + 1; index++) {
    tally.add(
      new AuditedKey(
        {
          api_key_id: `key-${index}`,
          api_key_name: index < expiredKeys ? `dead ${index}` : 'fine',
          created_at: NOW - 10 * DAY,
          expires_at: index < expiredKeys ? NOW - DAY : NOW + 100 * DAY,
          is_active: index >= expiredKeys,
          last_used_at: NOW - DAY,
          revoked_at: null,
        },
        context,
      ),
    );
  }
  return { serviceUser: user, audit: finishTally(tally) };
}

describe('a service user, audited itself', () => {
  test('expired is service_user_expired, failing under the default policy', () => {
    const user = serviceUser('service-user-a', NOW - 3 * DAY);
    expect(user.failing).toBe(true);
    expect(user.findings).toEqual([
      {
        class: 'service_user_expired',
        reason: 'the service user expired 2026-11-21 (3 days ago): every key of it is dead',
        failing: true,
      },
    ]);
  });

  test('expiring within expiry_warning_days warns; later, never, or unknown is no finding', () => {
    expect(serviceUser('a', NOW + 5 * DAY).findings).toEqual([
      expect.objectContaining({ class: 'service_user_expiring', failing: false }),
    ]);
    expect(serviceUser('a', NOW + 5 * DAY).failing).toBe(false);
    expect(serviceUser('a', NOW + 15 * DAY).findings).toEqual([]);
    expect(serviceUser('a', null).findings).toEqual([]);
    expect(serviceUser('a', undefined).findings).toEqual([]);
  });
});

describe('the table of service users', () => {
  test('comes before the per-user tables, worst first, with counts and the worst finding', () => {
    const outcomes = [
      outcome(serviceUser('service-user-fine', null)),
      outcome(serviceUser('service-user-dead-keys', NOW + 100 * DAY), 2),
      outcome(serviceUser('service-user-gone', NOW - DAY, 'Gone *bot*')),
      outcome(serviceUser('service-user-unread', undefined, null)),
    ];
    const audits = outcomes.map(({ audit }) => audit);
    const markdown = auditSummary(audits, totalCounts(audits), 2, NOW, outcomes);
    const lines = markdown.split('\n');

    expect(lines[0]).toBe(
      '### ❌ Devin API key audit failed: 1 service user in a fail_on class, 2 keys need attention',
    );
    const header = lines.indexOf(
      '| Service user | Id | Expires | Keys | Active | Expired | Revoked | Worst finding |',
    );
    expect(header).toBeGreaterThan(0);
    expect(header).toBeLessThan(lines.findIndex((line) => line.startsWith('| Key |')));
    expect(lines.slice(header + 2, header + 6)).toEqual([
      '| Gone \\*bot\\* | service-user-gone | 2026-11-23 (1 day ago) | 1 | 1 | 0 | 0 | ❌ the service user expired 2026-11-23 (1 day ago): every key of it is dead |',
      '| service-user-dead-keys | service-user-dead-keys | 2027-03-04 (in 100 days) | 3 | 1 | 2 | 0 | ❌ key dead 0: expired 2026-11-23 (1 day ago) |',
      '| service-user-fine | service-user-fine | never | 1 | 1 | 0 | 0 | ✅ |',
      '| — | service-user-unread | unknown | 1 | 1 | 0 | 0 | ✅ |',
    ]);
  });

  test('is cut to its row cap and to the byte budget, with a note that says so', () => {
    const many = Array.from({ length: MAX_SERVICE_USER_ROWS + 3 }, (_, index) =>
      outcome(serviceUser(`service-user-${index}`, null)),
    );
    const capped = serviceUserTable(many, NOW, { bytes: 10_000_000 });
    expect(capped.filter((line) => line.startsWith('| service-user-'))).toHaveLength(
      MAX_SERVICE_USER_ROWS,
    );
    expect(capped.join('\n')).toContain(
      "3 more service users, none worse than those above, are cut from this table to fit GitHub's size limit",
    );

    const budget = { bytes: 300 };
    const tight = serviceUserTable(many.slice(0, 10), NOW, budget);
    const shown = tight.filter((line) => line.startsWith('| service-user-')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(10);
    expect(budget.bytes).toBeGreaterThanOrEqual(0);
    expect(tight.join('\n')).toContain(`${10 - shown} more service users`);
  });
});

describe('the report', () => {
  test('gains each service user’s name, expiry and findings, in the output and in the file alike', () => {
    const outcomes = [
      outcome(serviceUser('service-user-gone', NOW - DAY, 'Gone')),
      outcome(serviceUser('service-user-unread', undefined, null)),
    ];
    const audits = outcomes.map(({ audit }) => audit);
    const byId = new Map(outcomes.map(({ serviceUser: user }) => [user.id, user]));
    const output = JSON.parse(reportJson(audits, (audit) => audit.worstKeys, NOW, {}, byId)) as {
      service_users: Record<string, unknown>[];
    };
    expect(output.service_users[0]).toMatchObject({
      service_user_id: 'service-user-gone',
      name: 'Gone',
      expires_at: '2026-11-23T12:00:00.000Z',
      failing: true,
      findings: [{ class: 'service_user_expired', failing: true }],
      keys: [expect.objectContaining({ name: 'fine' })],
    });
    expect(output.service_users[1]).toEqual({
      service_user_id: 'service-user-unread',
      name: null,
      failing: false,
      findings: [],
      keys: [expect.objectContaining({ name: 'fine' })],
    });

    const file = new ReportFile(mkdtempSync(join(tmpdir(), 'service-users-report-')));
    for (const { audit } of outcomes) {
      const part = file.part(audit.serviceUserId);
      for (const key of audit.worstKeys) part.add(key);
    }
    file.finish(totalCounts(audits), NOW, byId);
    const written = JSON.parse(readFileSync(file.path, 'utf8')) as typeof output;
    expect(written.service_users).toEqual(output.service_users);
  });
});
