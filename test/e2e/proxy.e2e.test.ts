/**
 * Behind a proxy (HTTPS_PROXY / HTTP_PROXY, as runners set them): timeout_seconds bounds every
 * request whatever the proxy does, and a request the proxy never carried is reported as not
 * sent, so create starts no cleanup of a key that cannot exist.
 */
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { startProxy, type ProxyBehaviour, type TestProxy } from '../support/proxy.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const CREDENTIAL = 'cog_CANARYproxy1b2c3d4e5f6a';
const SERVICE_USER = 'service-user-ci';

let api: FakeDevinApi;
let proxy: TestProxy | undefined;

beforeEach(async () => {
  api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: [] }],
  });
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await api.close();
});

async function createThrough(
  behaviour: ProxyBehaviour,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  proxy = await startProxy(behaviour);
  // The stand-in is plain http: HTTP_PROXY is the one undici uses for it, and it tunnels
  // with CONNECT. NO_PROXY is unset, so loopback goes through the proxy too.
  return runAction({
    inputs: {
      operation: 'create',
      token: CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      timeout_seconds: '2',
      max_retries: '1',
      ...inputs,
    },
    env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
    killAfterMs: 30_000,
  });
}

function expectFailedCleanly(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expectNoStackTrace(run);
  expectNoLeak(run, [CREDENTIAL]);
  return failureMessage(run);
}

describe('behind a proxy', () => {
  test('a proxy that accepts CONNECT and never answers: the run ends within timeout_seconds per attempt', async () => {
    const run = await createThrough('hang');

    const message = expectFailedCleanly(run);
    // Two attempts of 2 s and a short backoff; never undici's 300 s.
    expect(run.elapsedMs).toBeLessThan(12_000);
    expect(message).toContain(`the proxy ${proxy?.url ?? ''} did not pass the request on`);
    expect(message).toContain('never reached the API');
    expect(message).not.toContain('may have been created');
    expect(run.stdout).not.toContain('Looking for it by name');
    expect(api.requests).toEqual([]);
    expect(proxy?.connects.length).toBeGreaterThan(0);
  });

  test('a proxy that drops every CONNECT: bounded, and reported as never sent', async () => {
    const run = await createThrough('drop');

    const message = expectFailedCleanly(run);
    expect(run.elapsedMs).toBeLessThan(12_000);
    expect(message).toContain(proxy?.url ?? 'proxy');
    expect(message).not.toContain('may have been created');
    expect(run.stdout).not.toContain('Looking for it by name');
    expect(api.requests).toEqual([]);
  });

  test('a proxy that refuses (407): named as the cause, not retried, no key may exist', async () => {
    const run = await createThrough('refuse');

    const message = expectFailedCleanly(run);
    expect(message).toContain(`the proxy ${proxy?.url ?? ''} refused to carry the request`);
    expect(message).toContain('407');
    expect(message).toContain('HTTPS_PROXY');
    expect(message).not.toContain('may have been created');
    expect(run.stdout).not.toContain('Looking for it by name');
    expect(proxy?.connects).toHaveLength(1);
    expect(api.requests).toEqual([]);
  });

  test('a proxy that tunnels: the key is made through it', async () => {
    const run = await createThrough('tunnel');

    expect(failureMessage(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(proxy?.connects.length).toBeGreaterThan(0);
    expect(api.keysOf(SERVICE_USER).filter((key) => key.status === 'active')).toHaveLength(1);
  });

  test('a tunnelled create that hangs after the key was made is known to be sent: recovered', async () => {
    api.fail({ method: 'POST', process: true, hang: true });
    const run = await createThrough('tunnel');

    expect(failureMessage(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['revoked', 'active']);
  });
});
