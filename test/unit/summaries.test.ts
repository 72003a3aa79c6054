import { AuditedKey, type AuditContext } from '../../src/audit/policy.ts';
import { ServiceUserTally, finishTally, totalCounts } from '../../src/audit/tally.ts';
import type { ApiKeyResponse } from '../../src/devin/schemas.ts';
import { MAX_SUMMARY_ROWS, auditSummary } from '../../src/summary/audit-summary.ts';
import { keySummary } from '../../src/summary/key-summary.ts';
import { provisionSummary } from '../../src/summary/provision-summary.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0) / 1000;
const DAY = 86_400;
const context: AuditContext = {
  nowSeconds: NOW,
  policy: { failOn: new Set(['expired', 'revoked']), expiryWarningDays: 14, staleDays: 90 },
};

function auditOf(serviceUserId: string, keys: Partial<ApiKeyResponse>[]) {
  const tally = new ServiceUserTally(serviceUserId);
  keys.forEach((overrides, index) =>
    tally.add(
      new AuditedKey(
        {
          api_key_id: `key-${index}`,
          api_key_name: `key ${index}`,
          created_at: NOW - 10 * DAY,
          expires_at: NOW + 100 * DAY,
          is_active: true,
          last_used_at: NOW - DAY,
          revoked_at: null,
          ...overrides,
        },
        context,
      ),
    ),
  );
  return finishTally(tally);
}

/** The body rows of the summary's tables, as cells. */
const rows = (markdown: string) =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| (Key|---) \|/.test(line))
    .map((line) => line.slice(2, -2).split(' | '));

describe('the audit summary', () => {
  test('a verdict, the counts, and a table per service user, worst first, dates a person reads', () => {
    const audits = [
      auditOf('service-user-ci', [
        {},
        { api_key_name: 'old', expires_at: NOW - 3 * DAY, is_active: false },
        { api_key_name: 'soon', expires_at: NOW + 2 * DAY },
      ]),
    ];
    const markdown = auditSummary(audits, totalCounts(audits), 1, NOW);

    expect(markdown.split('\n')[0]).toBe(
      '### ❌ Devin API key audit failed: 1 key needs attention',
    );
    expect(markdown).toContain(
      '3 keys: 2 active, 1 expired, 0 revoked; 1 expiring soon, 0 stale. Audited 2026-11-24.',
    );
    expect(markdown).toContain('#### Service user service-user-ci: 3 keys');
    expect(rows(markdown)).toEqual([
      [
        'old',
        'key-1',
        '⛔ expired',
        '2026-11-14 (10 days ago)',
        '2026-11-21 (3 days ago)',
        '2026-11-23 (1 day ago)',
        '❌ expired 2026-11-21 (3 days ago)',
      ],
      [
        'soon',
        'key-2',
        'active',
        '2026-11-14 (10 days ago)',
        '2026-11-26 (in 2 days)',
        '2026-11-23 (1 day ago)',
        '⚠️ expires 2026-11-26 (in 2 days)',
      ],
      [
        'key 0',
        'key-0',
        'active',
        '2026-11-14 (10 days ago)',
        '2027-03-04 (in 100 days)',
        '2026-11-23 (1 day ago)',
        '✅',
      ],
    ]);
  });

  test('key names cannot break the table, add markup or mention anyone', () => {
    const audits = [auditOf('service-user-ci', [{ api_key_name: 'x | <b>y</b>\n@acme/team' }])];
    const [row] = rows(auditSummary(audits, totalCounts(audits), 0, NOW));

    expect(row?.[0]).toBe('x \\| &lt;b&gt;y&lt;/b&gt; @\u200bacme/team');
    expect(row).toHaveLength(7);
  });

  test(`a table stops at ${MAX_SUMMARY_ROWS} rows and says where the rest are`, () => {
    const audits = [
      auditOf(
        'service-user-ci',
        Array.from({ length: 250 }, () => ({})),
      ),
    ];
    const markdown = auditSummary(audits, totalCounts(audits), 0, NOW);

    expect(rows(markdown)).toHaveLength(MAX_SUMMARY_ROWS);
    expect(markdown).toContain(
      '50 more keys, none worse than those above, are left out of this table',
    );
    expect(markdown.split('\n')[0]).toBe('### ✅ Devin API key audit passed');
  });

  test('many service users with long key names still stay under the runner’s 1 MiB', () => {
    const longName = `${'n'.repeat(120)}_${'m'.repeat(120)}`;
    const audits = Array.from({ length: 30 }, (_, user) =>
      auditOf(
        `service-user-${user}`,
        Array.from({ length: 200 }, (_, index) => ({
          api_key_name: `${longName}-${index}`,
          revoked_at: NOW - DAY,
          is_active: false,
        })),
      ),
    );
    const markdown = auditSummary(audits, totalCounts(audits), 6_000, NOW);

    expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024);
    for (const audit of audits) {
      expect(markdown).toContain(`#### Service user ${audit.serviceUserId}: 200 keys`);
    }
    const shown = rows(markdown).length;
    expect(shown).toBeGreaterThan(1_000);
    expect(shown).toBeLessThan(6_000);
    expect(markdown).toContain(
      "The job summary is at GitHub's size limit: the 200 keys of this service user are left out",
    );
  });
});

describe('the summary of one key', () => {
  test('names the key and its expiry, never anything else', () => {
    const markdown = keySummary({
      heading: 'Devin API key created',
      serviceUserId: 'service-user-ci',
      apiKeyId: 'key-9',
      apiKeyName: 'run *42*',
      expiresAt: NOW + DAY,
      notes: ['Revoked when the job ends (revoke_on_exit).'],
    });

    expect(markdown).toBe(
      [
        '### Devin API key created',
        '',
        '| | |',
        '| --- | --- |',
        '| Service user | service-user-ci |',
        '| Key | run \\*42\\* (key-9) |',
        '| Expires | 2026-11-25T12:00:00.000Z |',
        '',
        'Revoked when the job ends (revoke_on_exit).\n',
      ].join('\n'),
    );
  });

  test('a key that never expires, and one named by id alone', () => {
    const markdown = keySummary({
      heading: 'Devin API key rotated',
      serviceUserId: 'su',
      apiKeyId: 'key-1',
      apiKeyName: undefined,
      expiresAt: null,
    });
    expect(markdown).toContain('| Key | key-1 |');
    expect(markdown).toContain('| Expires | never |');
  });
});

describe('provision summary', () => {
  test('the API row holds the URL whole, in a code span: copied, it still works', () => {
    const markdown = provisionSummary({
      orgId: 'org-1',
      apiOrigin: 'https://api.devin.ai',
      dryRun: false,
    });
    expect(markdown).toContain('| API | `https://api.devin.ai` |');
    expect(markdown).not.toContain('\u200b');
  });
});
