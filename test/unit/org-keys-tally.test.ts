/** The v2 audit's tally: counts by organization, aged keys oldest first, bounded however many keys. */
import { KEPT_AGED_KEYS, OrgKeysTally } from '../../src/audit/org-keys-tally.ts';
import type { EnterpriseKey } from '../../src/devin/schemas.ts';

const NOW = 1_800_000_000;
const DAY = 86_400;

const key = (id: string, org: string, ageDays: number, service = true): EnterpriseKey => ({
  id,
  org_id: org,
  org_name: `${org} name`,
  is_service_key: service,
  user_id: service ? null : `user-${id}`,
  created_at: NOW - ageDays * DAY,
});

test('counts by organization, personal keys apart, aged past max_key_age_days', () => {
  const tally = new OrgKeysTally({ nowSeconds: NOW, maxKeyAgeDays: 90 });
  tally.add([key('a1', 'org-a', 10), key('a2', 'org-a', 91), key('b1', 'org-b', 200, false)]);
  tally.add([key('b2', 'org-b', 90)]);
  expect(tally.counts()).toMatchObject({
    key_count: 4,
    active_count: 4,
    aged_count: 2,
    service_key_count: 3,
    personal_key_count: 1,
  });
  expect(tally.organizations().map((org) => [org.orgId, org.keyCount, org.agedCount])).toEqual([
    ['org-a', 2, 1],
    ['org-b', 2, 1],
  ]);
  expect(tally.agedOldestFirst().map((aged) => aged.id)).toEqual(['b1', 'a2']);
});

test('over many pages only the oldest aged keys are kept, and every one is counted', () => {
  const tally = new OrgKeysTally({ nowSeconds: NOW, maxKeyAgeDays: 1 });
  for (let page = 0; page < 100; page++) {
    tally.add(
      Array.from({ length: 100 }, (_, i) =>
        key(`k${page}-${i}`, 'org-a', 2 + ((page * 100 + i) % 5000)),
      ),
    );
  }
  expect(tally.counts().aged_count).toBe(10_000);
  const kept = tally.agedOldestFirst();
  expect(kept).toHaveLength(KEPT_AGED_KEYS);
  expect(kept[0]?.createdAt).toBe(NOW - 5001 * DAY);
  expect(kept.every((aged, i) => i === 0 || (kept[i - 1]?.createdAt ?? 0) <= aged.createdAt)).toBe(
    true,
  );
});
