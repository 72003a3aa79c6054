/**
 * The stand-in Devin API in a process of its own, so that serving pages does not share an event
 * loop (or a core) with the code being measured. Prints its URL, serves until stdin closes.
 * Usage: node bench/stand-in-process.ts CREDENTIAL SERVICE_USERS KEYS_PER_SERVICE_USER LATENCY_MS
 *   [ORG_KEYS]
 * The service users are named service-user-bench-0, service-user-bench-1, …; with ORG_KEYS the
 * credential is an Enterprise admin's personal key, and the enterprise has that many keys (v2).
 */
import { startFakeDevinApi } from '../test/fake-api/server.ts';
import { BENCH_ORG_IDS, benchServiceUserIds, seedKeys, seedOrgKeys } from './seed-keys.ts';

const [credential = '', users, keysPerUser, latencyMs, orgKeys = '0'] = process.argv.slice(2);
const nowSeconds = Math.floor(Date.now() / 1000);
const api = await startFakeDevinApi({
  serviceUsers: benchServiceUserIds(Number(users)).map((id) => ({
    id,
    credential,
    keys: seedKeys(Number(keysPerUser), nowSeconds),
  })),
  maxPageSize: 200,
  // The credential is a personal key only for the v2 row: as a service user's it must stay one.
  ...(Number(orgKeys) > 0
    ? {
        adminKeys: [credential],
        orgIds: BENCH_ORG_IDS,
        enterpriseKeys: seedOrgKeys(Number(orgKeys), nowSeconds),
      }
    : {}),
  latencyMs: Number(latencyMs),
});
process.stdout.write(`${api.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void api.close());
