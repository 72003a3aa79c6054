import { AuditedKey, sortWorstFirst, type AuditContext } from '../../src/audit/policy.ts';
import { KEPT_WORST_KEYS, ServiceUserTally, finishTally } from '../../src/audit/tally.ts';

const NOW = 1_764_000_000;
const DAY = 86_400;
const context: AuditContext = {
  nowSeconds: NOW,
  policy: { failOn: new Set(['expired', 'revoked']), expiryWarningDays: 14, staleDays: 90 },
};

/** Key `index` of a listing: every tenth revoked, every seventh expired, some stale, some fine. */
function listedKey(index: number): AuditedKey {
  return new AuditedKey(
    {
      api_key_id: `key-${index}`,
      api_key_name: `name-${(index * 7919) % 10_007}`,
      created_at: NOW - 400 * DAY,
      expires_at: index % 7 === 0 ? NOW - DAY : NOW + 30 * DAY,
      is_active: index % 10 !== 0,
      last_used_at: index % 3 === 0 ? null : NOW - DAY,
      revoked_at: index % 10 === 0 ? NOW - 2 * DAY : null,
    },
    context,
  );
}

test('a tally of many keys keeps the worst, the first listed among equals, and counts them all', () => {
  const keys = Array.from({ length: 7_000 }, (_, index) => listedKey(index));
  const tally = new ServiceUserTally('service-user-ci');
  for (const key of keys) tally.add(key);
  const audit = finishTally(tally);

  // What keeping everything and sorting once would give.
  const expected = sortWorstFirst(
    [...keys].sort((a, b) => a.severity - b.severity).slice(0, KEPT_WORST_KEYS),
  );
  expect(audit.worstKeys.map((key) => key.id)).toEqual(expected.map((key) => key.id));
  expect(audit.worstKeys).toHaveLength(KEPT_WORST_KEYS);
  expect(audit.counts.key_count).toBe(7_000);
  expect(audit.counts.revoked_count).toBe(keys.filter((key) => key.status === 'revoked').length);
  expect(audit.counts.expired_count).toBe(keys.filter((key) => key.status === 'expired').length);
  expect(audit.failingCount).toBe(keys.filter((key) => key.failing).length);
  // Revoked keys are the worst of all: 700 of them, so every one is kept.
  expect(audit.worstKeys.filter((key) => key.status === 'revoked')).toHaveLength(700);
});

test('a tally of few keys keeps every one, worst first', () => {
  const keys = Array.from({ length: 50 }, (_, index) => listedKey(index));
  const tally = new ServiceUserTally('service-user-ci');
  for (const key of keys) tally.add(key);
  const worst = finishTally(tally).worstKeys;
  expect(worst).toHaveLength(50);
  expect(worst.map((key) => key.id)).toEqual(sortWorstFirst([...keys]).map((key) => key.id));
});

test('a key the listing gives again is counted, tallied and kept once', () => {
  const tally = new ServiceUserTally('service-user-ci');
  const added = [0, 1, 0, 1, 7, 7].map((index) => tally.add(listedKey(index)));
  const audit = finishTally(tally);

  expect(added).toEqual([true, true, false, false, true, false]);
  expect(audit.counts.key_count).toBe(3);
  expect(audit.counts.revoked_count).toBe(1);
  expect(audit.failingCount).toBe(2);
  expect(audit.worstKeys.map((key) => key.id).sort()).toEqual(['key-0', 'key-1', 'key-7']);
});
