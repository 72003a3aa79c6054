/**
 * Keys stored as Actions secrets (secret_name): dist/ run as the runner runs it, against the
 * Devin stand-in and the GitHub stand-in, which opens every sealed box it receives, so each
 * test reads back what each secret holds and checks it is the key the Devin stand-in issued.
 */
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeSecret,
  type SecretRepositorySeed,
} from '../fake-github/server.ts';
import {
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

const ADMIN_KEY = 'apk_user_CANARYsecretsadmin4c1d9e';
const CREDENTIAL = 'cog_CANARYsecrets2b7e90a1f3c5';
const GITHUB_TOKEN = 'ghs_CANARYsecretsgithub8d2f61';
const ORG = 'org-abc123';
const SERVICE_USER = 'service-user-ci';
const SECRET = 'DEVIN_API_KEY';
const DAY = 86_400;

let api: FakeDevinApi;
let github: FakeGitHub;
let writes: { secret: FakeSecret; activeKeyIds: string[] }[];

async function startStandIns(secretRepositories: SecretRepositorySeed[]): Promise<void> {
  api = await startFakeDevinApi({
    adminKeys: [ADMIN_KEY],
    orgIds: [ORG],
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: [] }],
  });
  writes = [];
  github = await startFakeGitHub({
    repository: 'acme/widgets',
    token: GITHUB_TOKEN,
    secretRepositories,
    // What the Devin stand-in holds at the moment each secret is written.
    onSecretWrite: (secret) =>
      writes.push({
        secret,
        activeKeyIds: api
          .keysOf(SERVICE_USER)
          .filter((key) => key.status === 'active')
          .map((key) => key.api_key_id),
      }),
  });
}

afterEach(async () => {
  await api.close();
  await github.close();
});

const REPOS: SecretRepositorySeed[] = [
  { repository: 'acme/web', environments: ['production'] },
  { repository: 'acme/api', environments: ['production'] },
];

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: {
      token: CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      github_token: GITHUB_TOKEN,
      secret_name: SECRET,
      ...inputs,
    },
    env: { GITHUB_API_URL: github.url },
    killAfterMs: 60_000,
  });
}

function provision(inputs: Record<string, string>): Promise<ActionRun> {
  return run({
    operation: 'provision',
    token: ADMIN_KEY,
    org_id: ORG,
    service_user_id: '',
    ...inputs,
  });
}

/** No key, credential or token anywhere: not in the log, an output, the summary or state. */
function expectNoSecretLeak(result: ActionRun): void {
  const secrets = [ADMIN_KEY, CREDENTIAL, GITHUB_TOKEN, ...api.mintedTokens()];
  expectNoLeak(result, secrets);
  expectNoLeakToGitHub(github, [ADMIN_KEY, CREDENTIAL, ...api.mintedTokens()]);
  expectNoStackTrace(result);
  expect(result.outputs.api_key).toBeUndefined();
}

function expectSucceeded(result: ActionRun): void {
  expect(failureMessage(result)).toBe('');
  expect(result.exitCode).toBe(0);
  expectNoSecretLeak(result);
}

interface SecretsOutputEntry {
  repository: string;
  environment: string | null;
  secret_name: string;
  secret: string;
  api_key_name: string | null;
  api_key_id: string | null;
  expires_at: string | null;
}

const secretsOutput = (result: ActionRun): SecretsOutputEntry[] =>
  JSON.parse(result.outputs.secrets ?? 'null') as SecretsOutputEntry[];

const valueIn = (repository: string, environment: string | null = null): string | undefined =>
  github
    .secrets()
    .find((secret) => secret.repository === repository && secret.environment === environment)
    ?.value;

const devinRequests = (method: string) => api.requests.filter((r) => r.method === method);
const githubRequests = (method: string) => github.requests.filter((r) => r.method === method);

describe('provision with secret_name', () => {
  test('stores one distinct new org service key in each repository, none as an output', async () => {
    await startStandIns(REPOS);
    const result = await provision({ repositories: 'acme/web\nacme/api' });

    expectSucceeded(result);
    const issued = api.provisionedKeys().map((key) => key.api_key);
    expect(issued).toHaveLength(2);
    expect(new Set(issued).size).toBe(2);
    const stored = [valueIn('acme/web'), valueIn('acme/api')];
    expect(stored.sort()).toEqual([...issued].sort());
    expect(github.secrets().map((secret) => secret.name)).toEqual([SECRET, SECRET]);
    expect(secretsOutput(result)).toEqual(
      ['acme/web', 'acme/api'].map((repository) => ({
        repository,
        environment: null,
        secret_name: SECRET,
        action: 'created',
        secret: 'created',
        api_key_name: null,
        api_key_id: null,
        expires_at: null,
      })),
    );
    expect(result.outputs.org_id).toBeUndefined();
    expect(result.summary).toContain('| acme/web | – | DEVIN\\_API\\_KEY | created |');
    expect(result.stdout).toContain('Stored a key in 2 of 2 secrets named "DEVIN_API_KEY".');
  });

  test('a repository whose secret cannot be written: its v2 key is found and revoked, the others stored', async () => {
    await startStandIns([...REPOS, { repository: 'acme/locked', access: 'read' }]);
    const result = await provision({ repositories: 'acme/web, acme/locked, acme/api' });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    expect(api.provisionedKeys()).toHaveLength(3);
    expect(valueIn('acme/web')).toBeDefined();
    expect(valueIn('acme/api')).toBeDefined();
    expect(valueIn('acme/locked')).toBeUndefined();
    const message = failureMessage(result);
    expect(message).toContain('1 failed');
    expect(message).toContain('repository "acme/locked"');
    expect(message).toContain('HTTP 403');
    expect(message).toContain('Secrets read and write');
    // Three keys minted at once in one organization: the listing's values tell them apart.
    const revoked = api.enterpriseKeys().filter((key) => key.revoked);
    expect(revoked).toHaveLength(1);
    expect(github.secrets().map((secret) => secret.value)).not.toContain(revoked[0]?.api_key);
    expect(message).toContain(`listing as "${revoked[0]?.id}"`);
    expect(message).toContain('and revoked, so none is left behind');
    expect(result.stdout).not.toMatch(/::warning title=Orphaned Devin service key::/);
    expect(secretsOutput(result).map((entry) => entry.repository)).toEqual([
      'acme/web',
      'acme/api',
    ]);
  });

  test('without repositories, the repository the workflow runs in', async () => {
    await startStandIns([{ repository: 'acme/widgets' }]);
    const result = await provision({});

    expectSucceeded(result);
    expect(valueIn('acme/widgets')).toBe(api.provisionedKeys()[0]?.api_key);
  });

  test('100 repositories in one step: 100 distinct keys, a line per target and a total', async () => {
    const many = Array.from({ length: 100 }, (_, index) => `acme/repo-${index}`);
    await startStandIns(many.map((repository) => ({ repository })));
    const result = await provision({ repositories: many.join('\n') });

    expectSucceeded(result);
    const stored = github.secrets().map((secret) => secret.value);
    expect(stored).toHaveLength(100);
    expect(new Set(stored).size).toBe(100);
    expect(stored.sort()).toEqual(
      api
        .provisionedKeys()
        .map((key) => key.api_key)
        .sort(),
    );
    expect(result.stdout.split('\n').filter((line) => line.startsWith('✓ '))).toHaveLength(100);
    expect(result.stdout).toContain('Stored a key in 100 of 100 secrets');
  });
});

describe('create with secret_name', () => {
  test('into an environment: a key named after its target, stored, kept after the job, 90 days', async () => {
    await startStandIns(REPOS);
    const before = Math.floor(Date.now() / 1000);
    const result = await run({
      operation: 'create',
      repositories: 'acme/web',
      environment: 'production',
      revoke_on_exit: 'true',
    });

    expectSucceeded(result);
    const [key] = api.keysOf(SERVICE_USER);
    expect(api.keysOf(SERVICE_USER)).toHaveLength(1);
    expect(key?.api_key_name).toBe('acme/web environment production secret DEVIN_API_KEY');
    expect(key?.expires_at).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(valueIn('acme/web', 'production')).toBe(api.mintedTokens()[0]);
    expect(valueIn('acme/web')).toBeUndefined();
    expect(githubRequests('PUT').map((r) => r.path)).toEqual([
      '/repos/acme/web/environments/production/secrets/DEVIN_API_KEY',
    ]);
    // Never saved for the post step's revocation (the main step's own state is empty), and
    // the log says so.
    expect(result.state.created_key).toBe('');
    expect(result.stdout).toContain('the post step does not revoke them');
    expect(secretsOutput(result)).toEqual([
      {
        repository: 'acme/web',
        environment: 'production',
        secret_name: SECRET,
        action: 'created',
        secret: 'created',
        api_key_name: key?.api_key_name,
        api_key_id: key?.api_key_id,
        expires_at: new Date((key?.expires_at ?? 0) * 1000).toISOString(),
      },
    ]);
    expect(result.summary).toContain(key?.api_key_id);

    // The post step, started with what the main step saved, revokes nothing.
    const post = await runAction({
      inputs: { operation: 'create', token: CREDENTIAL, base_url: api.url },
      state: result.state,
    });
    expect(post.exitCode).toBe(0);
    expect(devinRequests('DELETE')).toHaveLength(0);
    expect(api.keysOf(SERVICE_USER)[0]?.status).toBe('active');
  });

  test('a re-run replaces each stored key and revokes the one it replaced', async () => {
    await startStandIns(REPOS);
    expectSucceeded(await run({ operation: 'create', repositories: 'acme/web' }));
    const [first] = api.keysOf(SERVICE_USER);
    const again = await run({ operation: 'create', repositories: 'acme/web' });

    expectSucceeded(again);
    const keys = api.keysOf(SERVICE_USER);
    expect(keys.filter((key) => key.status === 'active')).toHaveLength(1);
    expect(keys.find((key) => key.api_key_id === first?.api_key_id)?.status).toBe('revoked');
    expect(valueIn('acme/web')).toBe(api.mintedTokens()[1]);
    expect(secretsOutput(again)[0]?.secret).toBe('updated');
  });

  test('unreachable and read-only repositories: named with the fix; no key minted for the first, the second revoked', async () => {
    await startStandIns([...REPOS, { repository: 'acme/locked', access: 'read' }]);
    const result = await run({
      operation: 'create',
      repositories: 'acme/web\nacme/ghost\nacme/locked\nacme/api',
    });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    const message = failureMessage(result);
    expect(message).toContain('2 failed');
    expect(message).toContain(
      'repository "acme/ghost": Could not read the public key of repository "acme/ghost" (HTTP 404): no such repository, or the token cannot see it.',
    );
    expect(message).toMatch(/repository "acme\/locked": Could not write secret .* \(HTTP 403\)/);
    expect(message).toContain('was revoked at once, so none is left behind');
    // Three keys minted (none for the repository that could not be checked); the one that
    // could not be stored is revoked.
    const keys = api.keysOf(SERVICE_USER);
    expect(keys).toHaveLength(3);
    expect(keys.find((key) => key.api_key_name.startsWith('acme/locked'))?.status).toBe('revoked');
    expect(keys.some((key) => key.api_key_name.startsWith('acme/ghost'))).toBe(false);
    expect(valueIn('acme/web')).toBeDefined();
    expect(valueIn('acme/api')).toBeDefined();
    expect(secretsOutput(result).map((entry) => entry.repository)).toEqual([
      'acme/web',
      'acme/api',
    ]);
    expect(result.summary).toContain('Failed (2)');
  });

  test("a create whose answer is lost: not retried; the key it may have made is named, not revoked (the target name cannot tell it from another job's); the other target stored", async () => {
    await startStandIns(REPOS);
    api.fail({
      method: 'POST',
      path: `/v3beta1/enterprise/service-users/${SERVICE_USER}/api-keys`,
      process: true,
      reset: true,
    });
    const result = await run({ operation: 'create', repositories: 'acme/web\nacme/api' });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    const keys = api.keysOf(SERVICE_USER);
    expect(keys).toHaveLength(2);
    expect(keys.map((key) => key.status)).toEqual(['active', 'active']);
    expect(devinRequests('DELETE')).toHaveLength(0);
    const stored = github.secrets();
    expect(stored).toHaveLength(1);
    const storedIndex = api.mintedTokens().indexOf(stored[0]?.value ?? '');
    expect(storedIndex).toBeGreaterThanOrEqual(0);
    const lostKey = keys[1 - storedIndex];
    const message = failureMessage(result);
    expect(message).toContain(`"${lostKey?.api_key_id ?? ''}"`);
    expect(message).toContain('so none was revoked');
    expect(message).toContain('operation revoke');
    expect(secretsOutput(result)).toHaveLength(1);
  });

  test('dry run: reads every public key, says what it would do, mints and writes nothing', async () => {
    await startStandIns(REPOS);
    const result = await run({
      operation: 'create',
      repositories: 'acme/web,acme/api',
      dry_run: 'true',
    });

    expectSucceeded(result);
    expect(
      githubRequests('GET')
        .map((r) => r.path)
        .sort(),
    ).toEqual([
      // Each secret's times too: a key younger than its secret's last write is past its own.
      '/repos/acme/api/actions/secrets/DEVIN_API_KEY',
      '/repos/acme/api/actions/secrets/public-key',
      '/repos/acme/web/actions/secrets/DEVIN_API_KEY',
      '/repos/acme/web/actions/secrets/public-key',
    ]);
    expect(githubRequests('PUT')).toHaveLength(0);
    expect(devinRequests('POST')).toHaveLength(0);
    expect(result.stdout).toContain(
      'Dry run: repository "acme/web": would create key "acme/web secret DEVIN_API_KEY"',
    );
    expect(result.stdout).toContain(
      'Dry run: 2 of 2 targets would change; nothing was minted, written or revoked.',
    );
    expect(result.outputs.secrets).toBeUndefined();
    expect(result.summary).toContain('(dry run)');
  });
});

describe('rotate with secret_name', () => {
  async function seedStoredKey(repositories: string): Promise<string[]> {
    expectSucceeded(await run({ operation: 'create', repositories }));
    return api.keysOf(SERVICE_USER).map((key) => key.api_key_id);
  }

  test('stores the new token before the old key is revoked', async () => {
    await startStandIns(REPOS);
    const [oldId] = await seedStoredKey('acme/web');
    writes = [];
    const result = await run({ operation: 'rotate', repositories: 'acme/web' });

    expectSucceeded(result);
    const [rotate] = devinRequests('POST').filter((r) => r.path.endsWith('/rotate'));
    expect(rotate?.path).toContain(`/api-keys/${oldId}/rotate`);
    expect(rotate?.body).toMatchObject({ revoke_current: false });
    const newKey = api.keysOf(SERVICE_USER).find((key) => key.api_key_id !== oldId);
    expect(valueIn('acme/web')).toBe(api.mintedTokens()[1]);
    // When the secret was written, the old key was still active; now it is revoked.
    expect(writes).toHaveLength(1);
    expect(writes[0]?.activeKeyIds).toContain(oldId);
    expect(api.keysOf(SERVICE_USER).find((key) => key.api_key_id === oldId)?.status).toBe(
      'revoked',
    );
    expect(newKey?.status).toBe('active');
    expect(secretsOutput(result)[0]).toMatchObject({
      secret: 'updated',
      api_key_id: newKey?.api_key_id,
    });
  });

  test('revoke_current: false keeps the old key (rollover)', async () => {
    await startStandIns(REPOS);
    const [oldId] = await seedStoredKey('acme/web');
    const result = await run({
      operation: 'rotate',
      repositories: 'acme/web',
      revoke_current: 'false',
    });

    expectSucceeded(result);
    expect(api.keysOf(SERVICE_USER).filter((key) => key.status === 'active')).toHaveLength(2);
    expect(result.stdout).toContain(`The old key "${oldId}" is kept active`);
  });

  test('a secret that cannot be written: the new key is revoked, the old one kept', async () => {
    await startStandIns(REPOS);
    const [oldId] = await seedStoredKey('acme/web');
    github.fail({ method: 'PUT', status: 403, times: 3 });
    const result = await run({ operation: 'rotate', repositories: 'acme/web' });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    const keys = api.keysOf(SERVICE_USER);
    expect(keys.find((key) => key.api_key_id === oldId)?.status).toBe('active');
    expect(keys.filter((key) => key.api_key_id !== oldId).map((key) => key.status)).toEqual([
      'revoked',
    ]);
    expect(valueIn('acme/web')).toBe(api.mintedTokens()[0]);
    expect(failureMessage(result)).toContain(
      `the old key "${oldId}" is kept, still active and still in the secret`,
    );
  });

  test('a secret write whose outcome stays unknown (5xx after storing, every retry): the new key and the old are both kept', async () => {
    await startStandIns(REPOS);
    const [oldId] = await seedStoredKey('acme/web');
    const seeded = githubRequests('PUT').length;
    github.fail({ method: 'PUT', status: 502, process: true, times: Infinity });
    const result = await run({ operation: 'rotate', repositories: 'acme/web' });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    const keys = api.keysOf(SERVICE_USER);
    expect(keys.map((key) => key.status)).toEqual(['active', 'active']);
    expect(devinRequests('DELETE')).toHaveLength(0);
    const newToken = api.mintedTokens()[1];
    expect(valueIn('acme/web')).toBe(newToken);
    expect(keys.find((key) => key.api_key_id === oldId)?.status).toBe('active');
    expect(failureMessage(result)).toContain('The secret may or may not hold the new key');
    // A secret's PUT writes the same value again: it is retried (max_retries, 3), then told.
    expect(githubRequests('PUT')).toHaveLength(seeded + 4);
    expect(failureMessage(result)).toContain('Fix: run operation sync');
  });

  test('a secret write answered 5xx once is retried and stored', async () => {
    await startStandIns(REPOS);
    const [oldId] = await seedStoredKey('acme/web');
    const seeded = githubRequests('PUT').length;
    github.fail({ method: 'PUT', status: 502, process: true });
    const result = await run({ operation: 'rotate', repositories: 'acme/web' });

    expectSucceeded(result);
    expect(githubRequests('PUT')).toHaveLength(seeded + 2);
    expect(valueIn('acme/web')).toBe(api.mintedTokens()[1]);
    expect(api.keysOf(SERVICE_USER).find((key) => key.api_key_id === oldId)?.status).toBe(
      'revoked',
    );
  });

  test('a public key that is not 32 bytes of base64 fails its target before any key is made', async () => {
    await startStandIns(REPOS);
    github.fail({
      method: 'GET',
      path: /\/repos\/acme\/api\/actions\/secrets\/public-key$/,
      status: 200,
      body: { key_id: 'k-1', key: 'not a key' },
    });
    const result = await run({ operation: 'create', repositories: 'acme/web\nacme/api' });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    expect(failureMessage(result)).toContain('no key that is 32 bytes in base64');
    expect(api.keysOf(SERVICE_USER).map((key) => key.status)).toEqual(['active']);
    expect(github.secrets()).toHaveLength(1);
  });

  test('a target with no key of its name is named before anything is rotated', async () => {
    await startStandIns(REPOS);
    await seedStoredKey('acme/web');
    const result = await run({ operation: 'rotate', repositories: 'acme/web\nacme/api' });

    expect(result.exitCode).toBe(1);
    expectNoSecretLeak(result);
    // The advice is true for rotate: sync makes what is missing (rotate would fail again).
    expect(failureMessage(result)).toContain(
      'has no active key named "acme/api secret DEVIN_API_KEY".\nFix: run operation sync',
    );
    expect(valueIn('acme/web')).toBe(api.mintedTokens()[1]);
  });
});

describe('inputs for secrets', () => {
  test.each([
    [{ secret_name: 'GITHUB_TOKEN_X' }, 'secret_name: "GITHUB_TOKEN_X" starts with GITHUB_'],
    [{ secret_name: '1KEY' }, 'secret_name: "1KEY" is not a secret name'],
    [{ secret_name: 'DEVIN-KEY' }, 'secret_name: "DEVIN-KEY" is not a secret name'],
    [{ repositories: 'acme' }, 'repositories: "acme" is not a repository as owner/repo'],
    [{ repositories: 'acme/web/x' }, 'repositories: "acme/web/x" is not a repository'],
    [{ secret_name: '', environment: 'production' }, 'environment: needs secret_name'],
    [{ github_token: '' }, 'github_token: is required with secret_name'],
    [{ key_name: 'shared' }, 'key_name: must be empty with secret_name'],
    [
      { repositories: 'acme/web,acme/api', key_name: 'x' },
      'api_key_id: api_key_id and key_name name one key',
    ],
  ])('%j is refused before any call', async (inputs, expected) => {
    await startStandIns(REPOS);
    const operation = 'repositories' in inputs && 'key_name' in inputs ? 'rotate' : 'create';
    const result = await run({ operation, repositories: 'acme/web', ...inputs });

    expect(result.exitCode).toBe(1);
    expect(failureMessage(result)).toContain(expected);
    expect(api.requests).toHaveLength(0);
    expect(github.requests).toHaveLength(0);
    expectNoSecretLeak(result);
  });
});
