/**
 * Every operation, the post step included, against every way the network or the API can fail:
 * each run ends within its time budget, with a clear error or a success, leaks nothing, and
 * never leaves a second key. Timeouts are 1 s and max_retries 1, so the whole suite stays short.
 */
import type { FakeDevinApi, Fault } from '../fake-api/server.ts';
import { startProxy, type ProxyBehaviour, type TestProxy } from '../support/proxy.ts';
import { ORG, SERVICE_USER, startStandIn } from '../support/stand-in-fixture.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYfaults0a1b2c3d';
const CREDENTIAL = 'cog_CANARYfaults4e5f6a7b8c9d';
const EXISTING_KEY = 'key-existing';
const TIMEOUT_SECONDS = 1;
/**
 * The longest a run may take: a few requests (create's recovery lists and revokes), each tried
 * twice at most, each attempt bounded by the timeout, with a backoff of at most 1 s between.
 */
const BUDGET_MS = 15_000;

type Step = 'create' | 'rotate' | 'revoke' | 'provision' | 'audit' | 'post';

interface FaultCase {
  name: string;
  /** Applied to every request of the step under test. */
  fault?: Omit<Fault, 'times'>;
  proxy?: ProxyBehaviour;
}

const FAULTS: FaultCase[] = [
  { name: 'connection reset', fault: { reset: true } },
  { name: 'hang', fault: { hang: true } },
  { name: '5xx', fault: { status: 502, body: { detail: 'Bad gateway' } } },
  { name: '429', fault: { status: 429, headers: { 'retry-after': '1' } } },
  {
    name: 'malformed JSON',
    fault: { status: 200, headers: { 'content-type': 'text/html' }, rawBody: '<html>hi</html>' },
  },
  {
    name: 'truncated JSON',
    fault: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      rawBody: '{"items": [{"api_key_id": "k',
    },
  },
  {
    name: 'redirect',
    fault: { status: 307, headers: { location: 'http://127.0.0.1:9/elsewhere' } },
  },
  { name: 'proxy refusing', proxy: 'refuse' },
  { name: 'proxy hanging', proxy: 'hang' },
  { name: 'proxy dropping', proxy: 'drop' },
];

const STEPS: Step[] = ['create', 'rotate', 'revoke', 'provision', 'audit', 'post'];

let api: FakeDevinApi;
let proxy: TestProxy | undefined;

beforeEach(async () => {
  api = await startStandIn({ adminKey: ADMIN_KEY, serviceUserCredential: CREDENTIAL }, [
    { api_key_id: EXISTING_KEY, api_key_name: 'existing' },
  ]);
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await api.close();
});

function inputsFor(step: Step): Record<string, string> {
  const common = {
    base_url: api.url,
    timeout_seconds: String(TIMEOUT_SECONDS),
    max_retries: '1',
  };
  const serviceUser = { token: CREDENTIAL, service_user_id: SERVICE_USER, ...common };
  switch (step) {
    case 'create':
    case 'post':
      return { operation: 'create', ...serviceUser };
    case 'rotate':
      return { operation: 'rotate', api_key_id: EXISTING_KEY, ...serviceUser };
    case 'revoke':
      return { operation: 'revoke', api_key_id: EXISTING_KEY, ...serviceUser };
    case 'audit':
      return { operation: 'audit', ...serviceUser };
    case 'provision':
      return { operation: 'provision', token: ADMIN_KEY, org_id: ORG, ...common };
  }
}

/** Runs the step with the fault in place; for the post step, after a create that went well. */
async function runWithFault(
  step: Step,
  faultCase: FaultCase,
): Promise<{ run: ActionRun; setupRequests: number }> {
  let state: Record<string, string> | undefined;
  if (step === 'post') {
    const created = await runAction({ inputs: inputsFor('create') });
    expect(created.exitCode).toBe(0);
    state = created.state;
  }
  if (faultCase.fault !== undefined) api.fail({ ...faultCase.fault, times: Infinity });
  const env: Record<string, string> = {};
  if (faultCase.proxy !== undefined) {
    proxy = await startProxy(faultCase.proxy);
    // The stand-in is plain http on loopback: HTTP_PROXY is the one used, through CONNECT.
    env.HTTP_PROXY = proxy.url;
    env.HTTPS_PROXY = proxy.url;
  }
  const setupRequests = api.requests.length;
  const run = await runAction({
    inputs: inputsFor(step),
    ...(state === undefined ? {} : { state }),
    env,
    killAfterMs: 2 * BUDGET_MS,
  });
  return { run, setupRequests };
}

const activeKeys = () => api.keysOf(SERVICE_USER).filter((key) => key.status === 'active');

describe.each(STEPS)('%s', (step) => {
  test.each(FAULTS)(
    '$name: ends in time with a clear outcome, and no second key',
    async (faultCase) => {
      const mintedBefore = step === 'post' ? 1 : 0;
      const { run, setupRequests } = await runWithFault(step, faultCase);

      // Ended on its own, within its budget.
      expect(run.exitCode).not.toBeNull();
      expect(run.elapsedMs).toBeLessThan(BUDGET_MS);
      expectNoStackTrace(run);
      expectNoLeak(run, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()], ['api_key']);
      expect(run.stdout).not.toContain('This is a bug');

      const message = failureMessage(run);
      if (run.exitCode === 0) {
        expect(message).toBe('');
      } else {
        expect(run.exitCode).toBe(1);
        expect(message).toMatch(/^(Could not|Invalid|The )/);
        // What to do: a fix, or (where a key may exist) how to check for it.
        expect(message).toMatch(/\n(Fix|To check): /);
      }
      if (step === 'post') {
        // Cleaning up never fails the job: a failure is a warning saying how to finish by hand.
        expect(run.exitCode).toBe(0);
        const warning = run.stdout.split('\n').find((line) => line.startsWith('::warning'));
        expect(warning).toContain('Revoke it by hand');
      }

      // Never a second key: at most one minted by this step, and none left active on failure.
      const minted = api.mintedTokens().length - mintedBefore;
      expect(minted).toBeLessThanOrEqual(1);
      if (step === 'create' && run.exitCode !== 0) {
        expect(activeKeys().map((key) => key.api_key_id)).toEqual([EXISTING_KEY]);
      }
      if (faultCase.proxy !== undefined) {
        expect(proxy?.connects.length).toBeGreaterThan(0);
        // Nothing reached the API past the proxy.
        expect(api.requests.length).toBe(setupRequests);
      }
    },
  );
});

/** Faults after the API made the key: the answer that carried its token is lost or unreadable. */
const AFTER_MINTING: FaultCase[] = [
  { name: 'connection reset', fault: { reset: true } },
  { name: 'hang', fault: { hang: true } },
  { name: '5xx', fault: { status: 503 } },
  {
    name: 'truncated JSON',
    fault: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      rawBody: '{"api_key_id": "k',
    },
  },
];

const MINTING: { step: Step; method: string; path: RegExp }[] = [
  { step: 'create', method: 'POST', path: /\/service-users\/[^/]+\/api-keys$/ },
  { step: 'rotate', method: 'POST', path: /\/rotate$/ },
  { step: 'provision', method: 'POST', path: /^\/v2\/enterprise\/api-keys$/ },
];

describe.each(MINTING)('$step, the key made but its answer lost', ({ step, method, path }) => {
  test.each(AFTER_MINTING)('$name: never a second live key', async ({ fault }) => {
    api.fail({ method, path, process: true, ...fault });
    const run = await runAction({ inputs: inputsFor(step), killAfterMs: 2 * BUDGET_MS });

    expect(run.exitCode).not.toBeNull();
    expect(run.elapsedMs).toBeLessThan(BUDGET_MS);
    expectNoStackTrace(run);
    expectNoLeak(run, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()], ['api_key']);
    expect(run.stdout).not.toContain('This is a bug');
    if (step === 'create') {
      // A lost answer: its key is found by the run's name and revoked, then made once more. An
      // unreadable one: revoked, and not made again.
      const made = api.keysOf(SERVICE_USER).filter((key) => key.api_key_id !== EXISTING_KEY);
      const live = made.filter((key) => key.status === 'active');
      expect(live.length).toBe(run.exitCode === 0 ? 1 : 0);
      expect(made.length).toBeLessThanOrEqual(2);
      if (run.exitCode === 0) expect(run.outputs.api_key_id).toBe(live[0]?.api_key_id);
    } else {
      // Never repeated: the error says how to find the one key that may exist.
      expect(run.exitCode).toBe(1);
      expect(api.mintedTokens()).toHaveLength(1);
      expect(failureMessage(run)).toContain('To check: ');
    }
  });
});
