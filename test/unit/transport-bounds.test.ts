/** What bounds a request, and how a request that never left is told apart. */
import { DevinApiError, MintOutcomeUnknownError } from '../../src/devin/errors.ts';
import { dispatcherOptions } from '../../src/devin/transport.ts';
import type { FakeDevinApi } from '../fake-api/server.ts';
import { ORG, standInClient, startStandIn } from '../support/stand-in-fixture.ts';

const ADMIN_KEY = 'apk_user_CANARYbounds1a2b3c';
const CREDENTIAL = 'cog_CANARYbounds4d5e6f';

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startStandIn({ adminKey: ADMIN_KEY, serviceUserCredential: CREDENTIAL });
});

afterEach(async () => {
  await api.close();
});

test("undici's own timeouts follow timeout_seconds, also past its 300 s default", () => {
  expect(dispatcherOptions(450_000)).toEqual({
    headersTimeout: 450_000,
    bodyTimeout: 450_000,
    connect: { timeout: 449_000 },
  });
  // The connect gives up first, so a connection that never opens reads as "not sent".
  expect(dispatcherOptions(1_000).connect.timeout).toBe(800);
});

test('a request undici refuses to send is "not sent": named, not retried, no key may exist', async () => {
  const devin = standInClient(api, `${ADMIN_KEY}\r\nx-injected: 1`, { maxRetries: 3 });
  try {
    const error = (await devin
      .provisionServiceKey(ORG)
      .catch((thrown: unknown) => thrown)) as Error;
    expect(error).toBeInstanceOf(DevinApiError);
    expect(error).not.toBeInstanceOf(MintOutcomeUnknownError);
    expect(error.message).toContain('the request was refused before it was sent');
    expect(error.message).not.toContain('may have been created');
    expect(error.message).toContain('Fix: check the token');
  } finally {
    await devin.close();
  }
  expect(api.requests).toEqual([]);
});

test('a request that hangs on a direct connection ends at timeout_seconds', async () => {
  api.fail({ method: 'GET', hang: true });
  const devin = standInClient(api, CREDENTIAL, { timeoutMs: 300 });
  const started = Date.now();
  try {
    const error = (await devin.getSelf().catch((thrown: unknown) => thrown)) as Error;
    expect(error.message).toContain('within 0.3 s');
  } finally {
    await devin.close();
  }
  expect(Date.now() - started).toBeLessThan(3_000);
});
