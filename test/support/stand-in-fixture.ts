import { DevinClient } from '../../src/devin/client.ts';
import type { TransportOptions } from '../../src/devin/transport.ts';
import { startFakeDevinApi, type FakeDevinApi, type FakeKeySeed } from '../fake-api/server.ts';

export const ORG = 'org-abc123';
export const SERVICE_USER = 'service-user-ci';

/**
 * The stand-in as the unit tests use it: one Enterprise admin key, one organization, and one
 * service user with its credential and `keys`.
 */
export function startStandIn(
  credentials: { adminKey: string; serviceUserCredential: string },
  keys: FakeKeySeed[] = [],
): Promise<FakeDevinApi> {
  return startFakeDevinApi({
    adminKeys: [credentials.adminKey],
    orgIds: [ORG],
    serviceUsers: [{ id: SERVICE_USER, credential: credentials.serviceUserCredential, keys }],
  });
}

/** A client of the stand-in as the unit tests use it: no retries, secrets not recorded. */
export function standInClient(
  api: FakeDevinApi,
  token: string,
  options: Partial<TransportOptions> = {},
): DevinClient {
  return new DevinClient({
    baseUrl: new URL(api.url),
    token,
    timeoutMs: 5_000,
    maxRetries: 0,
    maskSecret: () => undefined,
    ...options,
  });
}
