import type { FakeEnterpriseKeySeed, FakeKeySeed } from '../test/fake-api/server.ts';

/** The ids of the benchmark's service users. */
export function benchServiceUserIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `service-user-bench-${index}`);
}

/** Keys of every kind an audit meets: expired, revoked, expiring, stale, never used. */
export function seedKeys(count: number, nowSeconds: number): FakeKeySeed[] {
  return Array.from({ length: count }, (_, index) => ({
    api_key_name: `bench-key-${index}`,
    created_at: nowSeconds - 86_400 * (index % 400),
    expires_at: index % 10 === 0 ? nowSeconds - 3600 : nowSeconds + 86_400 * (index % 365),
    last_used_at: index % 3 === 0 ? null : nowSeconds - 86_400 * (index % 120),
    revoked_at: index % 17 === 0 ? nowSeconds - 7200 : null,
  }));
}

/** The organizations of the benchmark's v2 keys. */
export const BENCH_ORG_IDS = ['org-bench-0', 'org-bench-1'];

/** Organization keys (v2) of every kind an audit meets: service and personal, young and aged. */
export function seedOrgKeys(count: number, nowSeconds: number): FakeEnterpriseKeySeed[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `apk-bench-${index}`,
    org_id: BENCH_ORG_IDS[index % BENCH_ORG_IDS.length] ?? '',
    created_at: nowSeconds - 86_400 * (index % 400),
    ...(index % 7 === 0
      ? { user: { id: `user-bench-${index}`, email: `u${index}@example.com` } }
      : {}),
  }));
}
