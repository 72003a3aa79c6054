/**
 * The GitHub stand-in keeps Actions secrets as GitHub does: metadata with `created_at` and
 * `updated_at`, deletion, refusal of writes to an archived repository, and a hook for a write by
 * someone other than the action.
 */
import sodium from 'libsodium-wrappers';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { call } from './github-stand-in-calls.ts';

const TOKEN = 'ghs_CANARYsecretsstandin5e8a';
const READER = 'github_pat_CANARYreader3c7b';
const START_MS = Date.UTC(2026, 0, 5, 10, 0, 0);

let github: FakeGitHub;
let clockMs: number;

beforeAll(async () => {
  await sodium.ready;
});

beforeEach(async () => {
  clockMs = START_MS;
  github = await startFakeGitHub({
    repository: 'acme/widgets',
    token: TOKEN,
    tokens: [{ token: READER, secrets: 'read' }],
    repositories: [
      { repository: 'Acme/Web', environments: ['Production'] },
      { repository: 'acme/old', archived: true, environments: ['production'] },
      { repository: 'acme/blocked', disabled: true },
    ],
    now: () => clockMs,
  });
});

afterEach(async () => {
  await github.close();
});

/** Seals the value against the place's public key and writes it, as a client would. */
async function writeSecret(base: string, name: string, value: string, token = TOKEN) {
  const key = await call(`${github.url}${base}/secrets/public-key`, token);
  const { key_id, key: publicKey } = key.body as { key_id: string; key: string };
  const sealed = sodium.crypto_box_seal(
    sodium.from_string(value),
    sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL),
  );
  return call(`${github.url}${base}/secrets/${name}`, token, {
    method: 'PUT',
    body: {
      key_id,
      encrypted_value: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL),
    },
  });
}

const WEB = '/repos/acme/web/actions';

describe('a secret’s metadata', () => {
  test('404 before the first write; then its name upper-cased and its times, updated_at moving on each write', async () => {
    const before = await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN);
    expect(before.status).toBe(404);
    expect(before.body).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/actions/secrets#get-a-repository-secret',
      status: '404',
    });

    expect((await writeSecret(WEB, 'devin_api_key', 'first')).status).toBe(201);
    const created = await call(`${github.url}${WEB}/secrets/Devin_Api_Key`, TOKEN);
    expect(created).toMatchObject({ status: 200 });
    expect(created.body).toEqual({
      name: 'DEVIN_API_KEY',
      created_at: '2026-01-05T10:00:00Z',
      updated_at: '2026-01-05T10:00:00Z',
    });

    clockMs += 90_000;
    expect((await writeSecret(WEB, 'DEVIN_API_KEY', 'second')).status).toBe(204);
    const updated = await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN);
    expect(updated.body).toEqual({
      name: 'DEVIN_API_KEY',
      created_at: '2026-01-05T10:00:00Z',
      updated_at: '2026-01-05T10:01:30Z',
    });
    expect(github.secrets()).toEqual([
      {
        repository: 'Acme/Web',
        environment: null,
        name: 'DEVIN_API_KEY',
        value: 'second',
        writes: 2,
        createdAt: '2026-01-05T10:00:00Z',
        updatedAt: '2026-01-05T10:01:30Z',
        history: [
          { value: 'first', at: '2026-01-05T10:00:00Z', by: 'api' },
          { value: 'second', at: '2026-01-05T10:01:30Z', by: 'api' },
        ],
      },
    ]);
  });

  test('of an environment, named in any case and kept as seeded', async () => {
    const base = '/repos/ACME/WEB/environments/PRODUCTION';
    expect((await writeSecret(base, 'DEVIN_API_KEY', 'env value')).status).toBe(201);

    const metadata = await call(
      `${github.url}/repos/acme/web/environments/production/secrets/devin_api_key`,
      TOKEN,
    );
    expect(metadata.body).toEqual({
      name: 'DEVIN_API_KEY',
      created_at: '2026-01-05T10:00:00Z',
      updated_at: '2026-01-05T10:00:00Z',
    });
    expect(github.secrets()).toMatchObject([
      { repository: 'Acme/Web', environment: 'Production', value: 'env value' },
    ]);
    const repositoryLevel = await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN);
    expect(repositoryLevel.status).toBe(404);
    const noSuchEnvironment = await call(
      `${github.url}/repos/acme/web/environments/staging/secrets/DEVIN_API_KEY`,
      TOKEN,
    );
    expect(noSuchEnvironment.status).toBe(404);
  });

  test('a read-only token reads metadata and may not write', async () => {
    await writeSecret(WEB, 'DEVIN_API_KEY', 'value');

    expect((await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, READER)).status).toBe(200);
    const refused = await writeSecret(WEB, 'DEVIN_API_KEY', 'other', READER);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      message: 'Resource not accessible by personal access token',
      status: '403',
    });
    expect(github.secrets()[0]?.value).toBe('value');
  });
});

describe('deleting a secret', () => {
  test('204, then it is gone (404 to read or delete again); a new write creates it afresh', async () => {
    await writeSecret(WEB, 'DEVIN_API_KEY', 'doomed');
    clockMs += 60_000;

    const deleted = await call(`${github.url}${WEB}/secrets/devin_api_key`, TOKEN, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN)).status).toBe(404);
    const again = await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN, {
      method: 'DELETE',
    });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/actions/secrets#delete-a-repository-secret',
    });
    expect(github.secrets()).toEqual([]);
    expect(github.deletedSecrets()).toMatchObject([{ name: 'DEVIN_API_KEY', value: 'doomed' }]);

    expect((await writeSecret(WEB, 'DEVIN_API_KEY', 'reborn')).status).toBe(201);
    expect((await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN)).body).toMatchObject({
      created_at: '2026-01-05T10:01:00Z',
    });
  });

  test('of an environment secret', async () => {
    const base = '/repos/acme/web/environments/production';
    await writeSecret(base, 'DEVIN_API_KEY', 'env');

    const deleted = await call(`${github.url}${base}/secrets/DEVIN_API_KEY`, TOKEN, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect(github.secrets()).toEqual([]);
  });
});

describe('an archived repository is read-only; a disabled one is blocked', () => {
  test('archived: its public key and metadata are read, writes and deletions refused with GitHub’s words', async () => {
    const base = '/repos/acme/old/actions';
    expect((await call(`${github.url}${base}/secrets/public-key`, TOKEN)).status).toBe(200);
    expect((await call(`${github.url}${base}/secrets/DEVIN_API_KEY`, TOKEN)).status).toBe(404);

    for (const attempt of [
      await writeSecret(base, 'DEVIN_API_KEY', 'never'),
      await writeSecret('/repos/acme/old/environments/production', 'DEVIN_API_KEY', 'never'),
      await call(`${github.url}${base}/secrets/DEVIN_API_KEY`, TOKEN, { method: 'DELETE' }),
    ]) {
      expect(attempt.status).toBe(403);
      expect(attempt.body).toMatchObject({
        message: 'Repository was archived so is read-only.',
        status: '403',
      });
    }
    expect(github.secrets()).toEqual([]);
  });

  test('disabled: reading its key and writing its secrets are both refused', async () => {
    const base = '/repos/acme/blocked/actions';
    const read = await call(`${github.url}${base}/secrets/public-key`, TOKEN);
    const written = await call(`${github.url}${base}/secrets/DEVIN_API_KEY`, TOKEN, {
      method: 'PUT',
      body: { key_id: '1', encrypted_value: 'AAAA' },
    });

    for (const refused of [read, written]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        message: 'Repository access blocked',
        block: { reason: 'tos', html_url: 'https://github.com/acme/blocked' },
      });
    }
  });
});

describe('a write by someone else', () => {
  test('a new value and a later updated_at, seen in the metadata; the history says who wrote what', async () => {
    await writeSecret(WEB, 'DEVIN_API_KEY', 'ours');

    const theirs = github.writeSecretAsSomeoneElse({
      repository: 'ACME/web',
      name: 'devin_api_key',
      value: 'theirs',
    });
    // Same clock, yet a second later than our write: an edit after ours.
    expect(theirs).toMatchObject({
      value: 'theirs',
      writes: 2,
      createdAt: '2026-01-05T10:00:00Z',
      updatedAt: '2026-01-05T10:00:01Z',
    });
    const metadata = await call(`${github.url}${WEB}/secrets/DEVIN_API_KEY`, TOKEN);
    expect(metadata.body).toMatchObject({ updated_at: '2026-01-05T10:00:01Z' });
    expect(github.secrets()[0]?.history).toEqual([
      { value: 'ours', at: '2026-01-05T10:00:00Z', by: 'api' },
      { value: 'theirs', at: '2026-01-05T10:00:01Z', by: 'someone else' },
    ]);

    github.writeSecretAsSomeoneElse({
      repository: 'acme/web',
      environment: 'PRODUCTION',
      name: 'OTHER',
      value: 'later',
      atMs: START_MS + 3_600_000,
    });
    expect(github.secrets().find((secret) => secret.environment === 'Production')).toMatchObject({
      name: 'OTHER',
      createdAt: '2026-01-05T11:00:00Z',
    });
  });

  test('into a repository or environment that is not seeded: an error for the test, not a secret', () => {
    expect(() =>
      github.writeSecretAsSomeoneElse({ repository: 'acme/ghost', name: 'X', value: 'v' }),
    ).toThrow('No repository "acme/ghost" is seeded.');
    expect(() =>
      github.writeSecretAsSomeoneElse({
        repository: 'acme/web',
        environment: 'staging',
        name: 'X',
        value: 'v',
      }),
    ).toThrow('No environment "staging" is seeded in "acme/web".');
    expect(github.secrets()).toEqual([]);
  });
});
