/**
 * `main` and `postMain` with a recording Runtime and the stand-in API: what is masked and when,
 * how failures are reported, and what the post step does with the state it is given.
 */
import { main, runStep } from '../../src/main.ts';
import { CREATED_KEY_STATE } from '../../src/operations/state-names.ts';
import { post } from '../../src/post.ts';
import type { FakeDevinApi } from '../fake-api/server.ts';
import { ORG, SERVICE_USER, startStandIn } from '../support/stand-in-fixture.ts';
import { RuntimeRecorder } from '../support/runtime-recorder.ts';

const ADMIN_KEY = 'apk_user_CANARYmain9f8e7d';
const CREDENTIAL = 'cog_CANARYmain6c5b4a';
const GITHUB_TOKEN = 'ghs_CANARYmain3e2f1a';
/** The name create gives a key in this run (no GITHUB_* variables: a local run). */
const RUN_KEY_NAME = 'local run 0.1 job a1b2c3d4';

let api: FakeDevinApi;

beforeEach(async () => {
  api = await startStandIn({ adminKey: ADMIN_KEY, serviceUserCredential: CREDENTIAL }, [
    { api_key_id: 'key-job', api_key_name: RUN_KEY_NAME },
  ]);
});

afterEach(async () => {
  await api.close();
});

/** Index of the first event that shows `secret` to anyone (anything but its own registration). */
function firstShown(runtime: RuntimeRecorder, secret: string): number {
  return runtime.events.findIndex(
    (event) => event.kind !== 'secret' && JSON.stringify(event).includes(secret),
  );
}

describe('main', () => {
  test('masks the credentials first, and the new key before anything can show it', async () => {
    const runtime = new RuntimeRecorder({
      operation: 'provision',
      token: ADMIN_KEY,
      org_id: ORG,
      github_token: GITHUB_TOKEN,
      base_url: api.url,
    });

    await main(runtime);

    expect(runtime.failure).toBeUndefined();
    expect(runtime.events.slice(0, 2)).toEqual([
      { kind: 'secret', value: ADMIN_KEY },
      { kind: 'secret', value: GITHUB_TOKEN },
    ]);
    const [minted] = api.mintedTokens();
    const registered = runtime.events.findIndex(
      (event) => event.kind === 'secret' && event.value === minted,
    );
    expect(registered).toBeGreaterThan(1);
    expect(firstShown(runtime, minted ?? '')).toBeGreaterThan(registered);
    expect(runtime.outputs).toEqual({ api_key: minted, org_id: ORG });
    // Shown only in the output meant for it.
    const shownElsewhere = runtime
      .printed()
      .filter((text) => text !== minted && text.includes(minted ?? ''));
    expect(shownElsewhere).toEqual([]);
  });

  test('an input error fails the run with the list of problems, before any request', async () => {
    const runtime = new RuntimeRecorder({
      operation: 'provision',
      token: CREDENTIAL,
      base_url: api.url,
    });

    await main(runtime);

    expect(runtime.failure).toMatch(/^Invalid inputs:\n {2}- org_id: is required/);
    expect(runtime.failure).toContain('token: operation provision needs a personal API key');
    expect(api.requests).toEqual([]);
    expect(runtime.printed().join('\n')).not.toContain(CREDENTIAL);
  });

  test.each([
    ['audit', { service_user_id: `${SERVICE_USER}\n..` }],
    ['create', { service_user_id: '.' }],
    ['rotate', { service_user_id: SERVICE_USER, api_key_id: '..' }],
    ['revoke', { service_user_id: SERVICE_USER, api_key_id: '.' }],
  ])(
    '%s: an id that a URL path would read as . or .. is an input error, not a bug',
    async (operation, ids) => {
      const runtime = new RuntimeRecorder({
        operation,
        token: CREDENTIAL,
        base_url: api.url,
        ...ids,
      });

      await main(runtime);

      expect(runtime.failure).toMatch(
        /^Invalid inputs:\n {2}- (service_user_id|api_key_id): "\.\.?" is not a/,
      );
      expect(runtime.failure).not.toContain('Unexpected error');
      expect(api.requests).toEqual([]);
    },
  );

  test('an API failure is one clear message, with no stack trace anywhere', async () => {
    const runtime = new RuntimeRecorder({
      operation: 'provision',
      token: 'apk_user_CANARYnotanadmin',
      org_id: ORG,
      base_url: api.url,
    });

    await main(runtime);

    expect(runtime.failure).toContain('HTTP 401');
    expect(runtime.printed().join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  test('an unexpected error says it is a bug, and keeps the stack for debug logging', async () => {
    const runtime = new RuntimeRecorder({
      operation: 'provision',
      token: ADMIN_KEY,
      org_id: ORG,
      base_url: api.url,
    });
    const setOutput = runtime.setOutput.bind(runtime);
    runtime.setOutput = (name, value) => {
      if (name === 'org_id') throw new Error('EROFS: read-only file system');
      setOutput(name, value);
    };

    await main(runtime);

    expect(runtime.failure).toMatch(/^Unexpected error: EROFS: read-only file system\n/);
    expect(runtime.failure).toContain('This is a bug in devin-keys-action');
    expect(runtime.failure).not.toMatch(/\n\s+at /);
    expect(runtime.messages('debug').some((line) => /\n\s+at .+:\d+:\d+/.test(line))).toBe(true);
  });

  test('a job summary that cannot be written is one warning, not a failure', async () => {
    const runtime = new RuntimeRecorder({
      operation: 'provision',
      token: ADMIN_KEY,
      org_id: ORG,
      base_url: api.url,
    });
    runtime.appendSummary = () => Promise.reject(new Error('EROFS: read-only file system'));

    await main(runtime);

    expect(runtime.failure).toBeUndefined();
    const warnings = runtime.messages('warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The job summary could not be written \("EROFS/);
  });
});

describe('post', () => {
  const inputs = { operation: 'create', token: CREDENTIAL, base_url: '' };
  const stateFor = (expiresAt: number | null, apiKeyId = 'key-job') => ({
    created_key: JSON.stringify({
      serviceUserId: SERVICE_USER,
      apiKeyId,
      apiKeyName: RUN_KEY_NAME,
      expiresAt,
    }),
  });
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3_600;

  test('without saved state, does nothing', async () => {
    const runtime = new RuntimeRecorder({ ...inputs, base_url: api.url });

    await post(runtime);

    expect(api.requests).toEqual([]);
    expect(
      runtime.events.filter((event) => event.kind !== 'secret' && event.kind !== 'debug'),
    ).toEqual([]);
  });

  test('revokes the saved key, masking the credential first', async () => {
    const runtime = new RuntimeRecorder({ ...inputs, base_url: api.url }, stateFor(inAnHour()));

    await post(runtime);

    expect(runtime.events[0]).toEqual({ kind: 'secret', value: CREDENTIAL });
    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('revoked');
    expect(runtime.messages('info')).toEqual([
      `Revoked the key "key-job" ("local run 0.1 job a1b2c3d4") of service user "${SERVICE_USER}", created for this job.`,
    ]);
  });

  test('a key revoked already (409) is done', async () => {
    const state = stateFor(inAnHour());
    await post(new RuntimeRecorder({ ...inputs, base_url: api.url }, state));
    const runtime = new RuntimeRecorder({ ...inputs, base_url: api.url }, state);

    await post(runtime);

    expect(runtime.messages('info')[0]).toContain('was already revoked; nothing to do');
    expect(runtime.messages('warning')).toEqual([]);
  });

  test('an expired key is skipped without a request', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url },
      stateFor(Math.floor(Date.now() / 1000) - 1),
    );

    await post(runtime);

    expect(api.requests).toEqual([]);
    expect(runtime.messages('info')[0]).toContain('has already expired; nothing to revoke');
  });

  test('a failure to revoke is a warning that says how to finish by hand, never a failure', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url, max_retries: '0' },
      stateFor(inAnHour(), 'key-unknown'),
    );

    await post(runtime);

    expect(runtime.failure).toBeUndefined();
    const [warning] = runtime.events.filter((event) => event.kind === 'warning');
    expect(warning).toMatchObject({ properties: { title: 'Devin API key not revoked' } });
    expect(runtime.messages('warning')[0]).toContain('Could not revoke key "key-unknown"');
    expect(runtime.messages('warning')[0]).toContain('HTTP 404');
    expect(runtime.messages('warning')[0]).toContain('Revoke it by hand');
  });

  test('a key that could not be revoked and never expires is not said to expire on its own', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url, max_retries: '0' },
      stateFor(null, 'key-unknown'),
    );

    await post(runtime);

    const [warning = ''] = runtime.messages('warning');
    expect(warning).toContain('Revoke it by hand');
    expect(warning).toContain('it never expires');
    expect(warning).not.toContain('expires on its own');
  });

  test('saved state that cannot be read is a warning too', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url },
      { created_key: '{"apiKeyId": 7}' },
    );

    await post(runtime);

    expect(runtime.failure).toBeUndefined();
    expect(runtime.messages('warning')[0]).toContain('Could not revoke the key this job created');
    expect(api.requests).toEqual([]);
  });
});

describe('post: only for its own create with revoke_on_exit', () => {
  const state = {
    created_key: JSON.stringify({
      serviceUserId: SERVICE_USER,
      apiKeyId: 'key-job',
      apiKeyName: RUN_KEY_NAME,
      expiresAt: null,
    }),
  };

  test.each([
    ['operation rotate', { operation: 'rotate' }],
    ['operation audit', { operation: 'audit' }],
    ['create with revoke_on_exit: false', { operation: 'create', revoke_on_exit: 'false' }],
  ])('%s: saved state names a key, and nothing is revoked', async (_, given) => {
    const runtime = new RuntimeRecorder({ token: CREDENTIAL, base_url: api.url, ...given }, state);

    await post(runtime);

    expect(api.requests).toEqual([]);
    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('active');
    expect(runtime.messages('debug')).toEqual([
      'No key to revoke: this step did not run create with revoke_on_exit, so the saved state is ignored.',
    ]);
  });
});

describe('post: a create cancelled before its answer came back', () => {
  const inputs = { operation: 'create', token: CREDENTIAL, base_url: '' };
  const pending = (nameIsUnique: boolean) => ({
    created_key: JSON.stringify({
      serviceUserId: SERVICE_USER,
      apiKeyName: RUN_KEY_NAME,
      nameIsUnique,
      sentAt: Math.floor(Date.now() / 1000) - 86_400,
      expiresAt: null,
    }),
  });

  test('a name unique to the run: the key is found by it and revoked', async () => {
    const runtime = new RuntimeRecorder({ ...inputs, base_url: api.url }, pending(true));

    await post(runtime);

    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('revoked');
    expect(runtime.messages('info')[0]).toContain(
      'Revoked key "key-job" ("local run 0.1 job a1b2c3d4")',
    );
    expect(runtime.messages('warning')).toEqual([]);
  });

  test('a name the user chose: the candidates are named, none is revoked', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url, key_name: RUN_KEY_NAME },
      pending(false),
    );

    await post(runtime);

    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('active');
    expect(api.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    expect(runtime.messages('warning')[0]).toContain('"key-job"');
    expect(runtime.messages('warning')[0]).toContain('none was revoked');
  });
});

describe('post: only a key named for this run', () => {
  const inputs = { operation: 'create', token: CREDENTIAL };
  const saved = (apiKeyName: string, apiKeyId = 'key-job') => ({
    created_key: JSON.stringify({
      serviceUserId: SERVICE_USER,
      apiKeyId,
      apiKeyName,
      expiresAt: null,
    }),
  });

  test('a saved key whose name is not one this run gives is a warning, never revoked', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url },
      saved('acme/other run 1.1 job x'),
    );

    await post(runtime);

    expect(api.requests).toEqual([]);
    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('active');
    expect(runtime.messages('warning')[0]).toContain('whose name is not one this run gives');
  });

  test('a saved id whose key carries another name is a warning, never revoked', async () => {
    const runtime = new RuntimeRecorder(
      { ...inputs, base_url: api.url },
      saved('local run 0.1 job planted', 'key-job'),
    );

    await post(runtime);

    expect(api.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('active');
    expect(runtime.messages('warning')[0]).toContain(
      `is named "${RUN_KEY_NAME}", not "local run 0.1 job planted"`,
    );
  });
});

describe('post: a create in flight is looked for again, within a bound', () => {
  const pendingNamed = (apiKeyName: string) => ({
    created_key: JSON.stringify({
      serviceUserId: SERVICE_USER,
      apiKeyName,
      nameIsUnique: true,
      // Before the stand-in's seeded key was made, so that key counts as this create's.
      sentAt: 0,
      expiresAt: null,
    }),
  });
  const listings = () => api.requests.filter((request) => request.method === 'GET');

  test('a key the listing shows only after the first look is found and revoked', async () => {
    api.fail({
      method: 'GET',
      path: /\/api-keys$/,
      status: 200,
      body: { items: [], has_next_page: false },
    });
    const waits: number[] = [];
    const runtime = new RuntimeRecorder(
      { operation: 'create', token: CREDENTIAL, base_url: api.url },
      pendingNamed(RUN_KEY_NAME),
    );

    await post(runtime, { sleep: (ms) => (waits.push(ms), Promise.resolve()) });

    expect(listings()).toHaveLength(2);
    expect(waits).toEqual([500]);
    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('revoked');
  });

  test('none found: five looks over 10 s, then nothing to revoke', async () => {
    const waits: number[] = [];
    const runtime = new RuntimeRecorder(
      { operation: 'create', token: CREDENTIAL, base_url: api.url },
      pendingNamed('local run 0.1 job never'),
    );

    await post(runtime, { sleep: (ms) => (waits.push(ms), Promise.resolve()) });

    expect(listings()).toHaveLength(5);
    expect(waits.reduce((total, ms) => total + ms, 0)).toBe(10_000);
    expect(runtime.messages('info')).toContainEqual(
      expect.stringContaining('(looked 5 times over 10 s): nothing to revoke'),
    );
    expect(api.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
  });
});

describe('runStep: the entry file says which step runs', () => {
  test('the main step writes every state the post step reads, empty, before anything else', async () => {
    const mainStep = new RuntimeRecorder(
      { operation: 'provision', token: ADMIN_KEY, org_id: ORG, dry_run: 'true', base_url: api.url },
      // Planted by an earlier step through $GITHUB_ENV: never taken for this step's state.
      { isPost: 'true', created_key: '{"planted":true}' },
    );
    await runStep(mainStep, 'main');
    expect(mainStep.failure).toBeUndefined();
    expect(mainStep.messages('info')[0]).toContain('Dry run');
    expect(mainStep.events.filter((event) => event.kind === 'state')).toEqual([
      { kind: 'state', name: CREATED_KEY_STATE, value: '' },
    ]);

    const postStep = new RuntimeRecorder({
      operation: 'provision',
      token: ADMIN_KEY,
      base_url: api.url,
    });
    await runStep(postStep, 'post');
    expect(postStep.failure).toBeUndefined();
    expect(postStep.messages('debug')).toEqual([
      'No key to revoke: none was created with revoke_on_exit in this job.',
    ]);
    expect(postStep.events.filter((event) => event.kind === 'state')).toEqual([]);
    expect(api.requests).toEqual([]);
  });
});
