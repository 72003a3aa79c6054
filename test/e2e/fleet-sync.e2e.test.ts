/**
 * operation sync, end to end: dist/ against the Devin and GitHub stand-ins, each target in one
 * of the states sync's table names, and what each secret holds read back from the stand-in.
 */
import {
  DAY,
  SECRET,
  activeKeys,
  actionsOf,
  devinCalls,
  expectConverged,
  expectFailed,
  expectSucceeded,
  gitHubCalls,
  keyHeldIn,
  keyNameOf,
  linesStarting,
  liveKeysOf,
  runFleet,
  secretIn,
  secretsOutput,
  seedSecretHolding,
  seededKey,
  startFleet,
  stopFleets,
  type Fleet,
  type HeldKeySeed,
} from './fleet-support.ts';

afterEach(stopFleets);

const REPOSITORIES = [
  'acme/new',
  'acme/due',
  'acme/never',
  'acme/missing',
  'acme/overwritten',
  'acme/several',
  'acme/fine',
];

interface Seeded {
  fleet: Fleet;
  due: HeldKeySeed;
  never: HeldKeySeed;
  missing: HeldKeySeed;
  overwritten: HeldKeySeed;
  severalOld: HeldKeySeed;
  severalNew: HeldKeySeed;
  fine: HeldKeySeed;
}

/** One target in each state of sync's table. */
async function startEveryState(): Promise<Seeded> {
  const keys = {
    due: seededKey('acme/due', { expiresInDays: 10 }),
    never: seededKey('acme/never', { expiresInDays: null }),
    missing: seededKey('acme/missing'),
    overwritten: seededKey('acme/overwritten'),
    severalOld: seededKey('acme/several', { ageDays: 40 }),
    severalNew: seededKey('acme/several', { ageDays: 10 }),
    fine: seededKey('acme/fine', { expiresInDays: 60 }),
  };
  const fleet = await startFleet(
    { repositories: REPOSITORIES.map((repository) => ({ repository })) },
    Object.values(keys),
  );
  seedSecretHolding(fleet, 'acme/due', keys.due);
  seedSecretHolding(fleet, 'acme/never', keys.never);
  seedSecretHolding(fleet, 'acme/overwritten', keys.overwritten);
  seedSecretHolding(fleet, 'acme/several', keys.severalNew);
  seedSecretHolding(fleet, 'acme/fine', keys.fine);
  // Someone pasted another value in the secret an hour ago, long after its key was stored.
  fleet.github.writeSecretAsSomeoneElse({
    repository: 'acme/overwritten',
    name: SECRET,
    value: 'a value pasted by hand',
    atMs: Date.now() - 3_600_000,
  });
  return { fleet, ...keys };
}

const sync = (fleet: Fleet, inputs: Record<string, string> = {}) =>
  runFleet(fleet, { operation: 'sync', repositories: REPOSITORIES.join('\n'), ...inputs });

const statusOf = (fleet: Fleet, key: HeldKeySeed) =>
  fleet.api.keysOf('service-user-fleet').find((record) => record.api_key_id === key.api_key_id)
    ?.status;

describe('sync: each target gets only what it needs', () => {
  test('created, rotated (due, never expiring), replaced (missing, overwritten, several), unchanged', async () => {
    const seeded = await startEveryState();
    const { fleet } = seeded;
    const result = await sync(fleet);

    expectSucceeded(fleet, result);
    expect(actionsOf(result)).toEqual({
      'acme/new': 'created',
      'acme/due': 'rotated',
      'acme/never': 'rotated',
      'acme/missing': 'replaced',
      'acme/overwritten': 'replaced',
      'acme/several': 'replaced',
      'acme/fine': 'unchanged',
    });
    for (const repository of REPOSITORIES) expectConverged(fleet, repository);
    // What each replaced or rotated: revoked, once the new key was stored.
    for (const key of [
      'due',
      'never',
      'missing',
      'overwritten',
      'severalOld',
      'severalNew',
    ] as const) {
      expect([key, statusOf(fleet, seeded[key])]).toEqual([key, 'revoked']);
    }
    expect(statusOf(fleet, seeded.fine)).toBe('active');
    expect(keyHeldIn(fleet, 'acme/fine')?.api_key_id).toBe(seeded.fine.api_key_id);

    // Unchanged: nothing minted for it and nothing written.
    expect(gitHubCalls(fleet, 'PUT', /\/repos\/acme\/fine\//)).toEqual([]);
    expect(devinCalls(fleet, 'POST', new RegExp(seeded.fine.api_key_id))).toEqual([]);
    expect(
      devinCalls(fleet, 'POST').filter(
        (request) =>
          (request.body as { name?: string } | undefined)?.name === keyNameOf('acme/fine'),
      ),
    ).toEqual([]);
    expect(fleet.api.mintedTokens()).toHaveLength(6);

    // Rotated keys: rotated keeping the old one active until the new one was stored.
    const rotations = devinCalls(fleet, 'POST', /\/rotate$/);
    expect(rotations.map((request) => request.path).sort()).toEqual(
      [seeded.due, seeded.never]
        .map(
          (key) =>
            `/v3beta1/enterprise/service-users/service-user-fleet/api-keys/${key.api_key_id}/rotate`,
        )
        .sort(),
    );
    expect(rotations.map((request) => request.body)).toEqual([
      expect.objectContaining({ revoke_current: false }),
      expect.objectContaining({ revoke_current: false }),
    ]);
    const writeOf = (repository: string) =>
      fleet.writes.filter((write) => write.secret.repository === repository).at(-1);
    for (const [repository, old] of [
      ['acme/due', seeded.due],
      ['acme/never', seeded.never],
      ['acme/several', seeded.severalNew],
    ] as const) {
      expect(writeOf(repository)?.activeKeyIds).toContain(old.api_key_id);
    }
    // A new key expires in 90 days by default.
    const newKey = keyHeldIn(fleet, 'acme/new');
    expect(newKey?.api_key_name).toBe('acme/new secret DEVIN_API_KEY');
    expect(newKey?.expires_at).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 89 * DAY);

    // The secrets output: what became of each secret, and the key it holds now.
    const entries = secretsOutput(result);
    const entry = (repository: string) => entries.find((e) => e.repository === repository);
    expect(entry('acme/new')).toMatchObject({ secret: 'created', api_key_id: newKey?.api_key_id });
    expect(entry('acme/missing')?.secret).toBe('created');
    expect(entry('acme/due')).toMatchObject({
      secret: 'updated',
      api_key_id: keyHeldIn(fleet, 'acme/due')?.api_key_id,
      api_key_name: keyNameOf('acme/due'),
    });
    expect(entry('acme/fine')).toEqual({
      repository: 'acme/fine',
      environment: null,
      secret_name: SECRET,
      action: 'unchanged',
      secret: null,
      api_key_name: seeded.fine.api_key_name,
      api_key_id: seeded.fine.api_key_id,
      expires_at: new Date((seeded.fine.expires_at as number) * 1000).toISOString(),
    });

    // The log says why, per target; the summary is a table by action.
    expect(result.stdout).toContain(
      `= repository "acme/fine": unchanged: its key "${seeded.fine.api_key_id}" expires at`,
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `✓ repository "acme/due": key "key-[0-9a-f]+" \\(expiring [^)]+\\) stored in secret "DEVIN_API_KEY" \\(updated\\) \\(rotated\\)\\. Revoked the old key "${seeded.due.api_key_id}"\\.`,
      ),
    );
    expect(result.stdout).toContain(
      'Stored a key in 6 of 7 secrets named "DEVIN_API_KEY"; 1 unchanged.',
    );
    expect(result.summary).toContain('7 targets: 1 created, 2 rotated, 3 replaced, 1 unchanged.');
    const rows = result.summary
      .split('\n')
      .filter((line) => line.startsWith('| acme'))
      .map((line) => line.split(' | ').slice(0, 4).join(' | '));
    expect(rows).toEqual([
      '| acme/new | – | DEVIN\\_API\\_KEY | created',
      '| acme/due | – | DEVIN\\_API\\_KEY | rotated',
      '| acme/never | – | DEVIN\\_API\\_KEY | rotated',
      '| acme/missing | – | DEVIN\\_API\\_KEY | replaced',
      '| acme/overwritten | – | DEVIN\\_API\\_KEY | replaced',
      '| acme/several | – | DEVIN\\_API\\_KEY | replaced',
      '| acme/fine | – | DEVIN\\_API\\_KEY | unchanged',
    ]);
  });

  test('a sync right after: every target unchanged, no key minted, no secret written, nothing revoked', async () => {
    const { fleet } = await startEveryState();
    expectSucceeded(fleet, await sync(fleet));
    const before = {
      devin: fleet.api.requests.length,
      github: fleet.github.requests.length,
      keys: activeKeys(fleet.api).map((key) => key.api_key_id),
    };
    const again = await sync(fleet);

    expectSucceeded(fleet, again);
    expect(new Set(Object.values(actionsOf(again)))).toEqual(new Set(['unchanged']));
    const devin = fleet.api.requests.slice(before.devin);
    const github = fleet.github.requests.slice(before.github);
    expect(devin.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(github.filter((request) => request.method !== 'GET')).toEqual([]);
    // Reading a target that is not due costs one read of its secret's times, no public key.
    expect(github.filter((request) => request.path.endsWith('/public-key'))).toEqual([]);
    expect(activeKeys(fleet.api).map((key) => key.api_key_id)).toEqual(before.keys);
    expect(again.stdout).toContain(
      'Stored a key in 0 of 7 secrets named "DEVIN_API_KEY"; 7 unchanged.',
    );
    expect(again.summary).toContain('7 targets: 7 unchanged.');
  });

  test('a key expiring within rotate_before is rotated; past it, left alone', async () => {
    const soon = seededKey('acme/due', { expiresInDays: 40 });
    const fleet = await startFleet({ repositories: [{ repository: 'acme/due' }] }, [soon]);
    seedSecretHolding(fleet, 'acme/due', soon);

    const byDefault = await runFleet(fleet, { operation: 'sync', repositories: 'acme/due' });
    expectSucceeded(fleet, byDefault);
    expect(actionsOf(byDefault)).toEqual({ 'acme/due': 'unchanged' });

    const earlier = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/due',
      rotate_before: '45d',
    });
    expectSucceeded(fleet, earlier);
    expect(actionsOf(earlier)).toEqual({ 'acme/due': 'rotated' });
    expectConverged(fleet, 'acme/due');
  });

  test('dry run: the plan of every target, and nothing minted, written or revoked', async () => {
    const seeded = await startEveryState();
    const { fleet } = seeded;
    const secretsBefore = fleet.github.secrets();
    const result = await sync(fleet, { dry_run: 'true' });

    expectSucceeded(fleet, result);
    expect(devinCalls(fleet, 'POST')).toEqual([]);
    expect(devinCalls(fleet, 'DELETE')).toEqual([]);
    expect(fleet.github.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(fleet.github.secrets()).toEqual(secretsBefore);
    expect(activeKeys(fleet.api)).toHaveLength(7);
    expect(result.outputs.secrets).toBeUndefined();
    const plans = linesStarting(result, 'Dry run: repository');
    expect(plans).toHaveLength(6);
    const planOf = (repository: string) =>
      plans.find((line) => line.startsWith(`Dry run: repository "${repository}": would `));
    expect(planOf('acme/new')).toContain('would create key "acme/new secret DEVIN_API_KEY"');
    expect(planOf('acme/due')).toContain(
      `would rotate key "${seeded.due.api_key_id}" ("acme/due secret DEVIN_API_KEY") to a new key expiring`,
    );
    expect(planOf('acme/due')).toContain('revoking the old key once the new one is stored');
    expect(planOf('acme/missing')).toContain(
      `in place of "${seeded.missing.api_key_id}" (its secret is missing)`,
    );
    expect(planOf('acme/overwritten')).toContain('after its key was stored)');
    expect(planOf('acme/several')).toContain(
      `in place of "${seeded.severalOld.api_key_id}", "${seeded.severalNew.api_key_id}" (it has 2 active keys)`,
    );
    expect(result.stdout).toContain(
      `= repository "acme/fine": unchanged: its key "${seeded.fine.api_key_id}"`,
    );
    expect(result.stdout).toContain(
      'Dry run: 6 of 7 targets would change; 1 unchanged; nothing was minted, written or revoked.',
    );
    expect(result.summary).toContain('(dry run)');
    expect(result.summary).toContain('| Repository | Environment | Would |');
    expect(result.summary).toContain('| acme/new | – | create key');
    // The table's plan is the log's, whole: where the key would go, not a sentence cut short.
    expect(result.summary).toMatch(
      /\| acme\/new \| – \| create key .* and store it in secret "DEVIN\\_API\\_KEY" \|/,
    );
  });

  test('into an environment: its secret, its key name; a repository without that environment named with the fix', async () => {
    const fleet = await startFleet({
      repositories: [
        { repository: 'acme/web', environments: ['production'] },
        { repository: 'acme/api' },
      ],
    });
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web, acme/api',
      environment: 'Production',
    });

    const message = expectFailed(fleet, result);
    expect(actionsOf(result)).toEqual({ 'acme/web': 'created' });
    expect(secretIn(fleet, 'acme/web', 'production')).toBeDefined();
    expect(keyHeldIn(fleet, 'acme/web', 'production')?.api_key_name).toBe(
      'acme/web environment production secret DEVIN_API_KEY',
    );
    expect(message).toContain(
      'environment "Production" of repository "acme/api": Could not read the public key of environment "Production" of repository "acme/api" (HTTP 404)',
    );
    expect(message).toContain('make the environment');
    expect(fleet.api.mintedTokens()).toHaveLength(1);
  });
});

describe('sync with prune', () => {
  test('keys of repositories no longer selected: revoked and their secrets deleted; a repository gone: revoked; a secret that cannot be deleted: kept; other names never touched', async () => {
    const web = seededKey('acme/web');
    const old = seededKey('acme/old');
    const gone = seededKey('acme/gone');
    const locked = seededKey('acme/locked');
    const untouched = [
      seededKey('acme/old', { name: 'deploy bot' }),
      seededKey('acme/old', { name: 'acme/old secret OTHER_KEY' }),
      seededKey('acme/old', { name: 'acme/old environment production secret DEVIN_API_KEY' }),
      seededKey('acme/old', { name: 'acme/old secret DEVIN_API_KEY (by hand)' }),
    ];
    const fleet = await startFleet(
      {
        repositories: [
          { repository: 'acme/web' },
          { repository: 'acme/old', environments: ['production'] },
          { repository: 'acme/locked', access: 'read' },
        ],
      },
      [web, old, gone, locked, ...untouched],
    );
    seedSecretHolding(fleet, 'acme/web', web);
    seedSecretHolding(fleet, 'acme/old', old);
    seedSecretHolding(fleet, 'acme/locked', locked);
    fleet.github.writeSecretAsSomeoneElse({
      repository: 'acme/old',
      name: 'OTHER_KEY',
      value: 'another secret of the repository',
    });
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web',
      prune: 'true',
    });

    const message = expectFailed(fleet, result);
    const status = (key: HeldKeySeed) =>
      fleet.api.keysOf('service-user-fleet').find((r) => r.api_key_id === key.api_key_id)?.status;
    expect(status(web)).toBe('active');
    expect(status(old)).toBe('revoked');
    expect(status(gone)).toBe('revoked');
    expect(status(locked)).toBe('active');
    expect(untouched.map(status)).toEqual(['active', 'active', 'active', 'active']);
    expect(secretIn(fleet, 'acme/old')).toBeUndefined();
    expect(fleet.github.deletedSecrets().map((s) => `${s.repository} ${s.name}`)).toEqual([
      'acme/old DEVIN_API_KEY',
    ]);
    expect(
      fleet.github
        .secrets()
        .map((s) => `${s.repository} ${s.name}`)
        .sort(),
    ).toEqual(['acme/locked DEVIN_API_KEY', 'acme/old OTHER_KEY', 'acme/web DEVIN_API_KEY']);
    expect(secretsOutput(result)).toEqual([
      expect.objectContaining({ repository: 'acme/web', action: 'unchanged' }),
      expect.objectContaining({
        repository: 'acme/old',
        action: 'pruned',
        secret: 'deleted',
        api_key_id: old.api_key_id,
      }),
      expect.objectContaining({
        repository: 'acme/gone',
        action: 'pruned',
        secret: null,
        api_key_id: gone.api_key_id,
      }),
    ]);
    expect(result.stdout).toContain(
      `− repository "acme/old": no longer selected; key "${old.api_key_id}" revoked, its secret deleted.`,
    );
    expect(result.stdout).toContain(
      `− repository "acme/gone": no longer selected; key "${gone.api_key_id}" revoked, it had no secret any more.`,
    );
    expect(message).toContain(
      'repository "acme/locked": no longer selected, but its secret could not be deleted',
    );
    expect(message).toContain('so its key was kept');
    expect(result.summary).toContain('| acme/old | – | DEVIN\\_API\\_KEY | pruned | deleted |');
  });

  const statusOf = (fleet: Fleet, key: HeldKeySeed) =>
    fleet.api.keysOf('service-user-fleet').find((r) => r.api_key_id === key.api_key_id)?.status;

  test('an archived repository no longer selected: its key revoked (no workflow runs there), its secret left and said so; a second sync with prune has nothing left to do', async () => {
    const web = seededKey('acme/web');
    const old = seededKey('acme/old');
    const fleet = await startFleet(
      { repositories: [{ repository: 'acme/web' }, { repository: 'acme/old', archived: true }] },
      [web, old],
    );
    seedSecretHolding(fleet, 'acme/web', web);
    seedSecretHolding(fleet, 'acme/old', old);
    const inputs = { operation: 'sync', repositories: 'acme/web', prune: 'true' };
    const result = await runFleet(fleet, inputs);

    expectSucceeded(fleet, result);
    expect(statusOf(fleet, web)).toBe('active');
    expect(statusOf(fleet, old)).toBe('revoked');
    // GitHub refuses to change an archived repository's secrets: it is left, and said so.
    expect(secretIn(fleet, 'acme/old')).toBeDefined();
    expect(fleet.github.deletedSecrets()).toEqual([]);
    expect(secretsOutput(result)).toEqual([
      expect.objectContaining({ repository: 'acme/web', action: 'unchanged' }),
      expect.objectContaining({
        repository: 'acme/old',
        action: 'pruned',
        secret: null,
        api_key_id: old.api_key_id,
      }),
    ]);
    expect(result.stdout).toContain(
      `− repository "acme/old": no longer selected; key "${old.api_key_id}" revoked. Its secret ` +
        '"DEVIN_API_KEY" was left: the repository is archived (read-only), so GitHub refuses to ' +
        'delete it; it holds only the revoked key, and no workflow runs in an archived repository. ' +
        'To delete it: unarchive the repository, delete the secret, archive it again.',
    );

    // What the line says holds: the next sync with prune finds nothing of it to do, and passes.
    const deletesBefore = gitHubCalls(fleet, 'DELETE').length;
    const again = await runFleet(fleet, inputs);
    expectSucceeded(fleet, again);
    expect(secretsOutput(again)).toEqual([
      expect.objectContaining({ repository: 'acme/web', action: 'unchanged' }),
    ]);
    expect(gitHubCalls(fleet, 'DELETE')).toHaveLength(deletesBefore);
  });

  test('a disabled repository no longer selected: its key revoked, its secret left and said so, and the run passes', async () => {
    const web = seededKey('acme/web');
    const old = seededKey('acme/old');
    const fleet = await startFleet(
      { repositories: [{ repository: 'acme/web' }, { repository: 'acme/old', disabled: true }] },
      [web, old],
    );
    seedSecretHolding(fleet, 'acme/web', web);
    seedSecretHolding(fleet, 'acme/old', old);
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web',
      prune: 'true',
    });

    expectSucceeded(fleet, result);
    expect(statusOf(fleet, old)).toBe('revoked');
    expect(secretIn(fleet, 'acme/old')).toBeDefined();
    expect(result.stdout).toContain(
      `− repository "acme/old": no longer selected; key "${old.api_key_id}" revoked. Its secret ` +
        '"DEVIN_API_KEY" was left: GitHub has disabled the repository and refuses every call on ' +
        'it; it holds only the revoked key. Should GitHub enable the repository again, delete the ' +
        'secret there.',
    );
  });

  test('a repository renamed (GitHub redirects its old name) and selected under its new name: the new name gets a key of its own, the old key is revoked, the secret is never deleted', async () => {
    const web = seededKey('acme/web');
    const old = seededKey('acme/old');
    const fleet = await startFleet(
      { repositories: [{ repository: 'acme/web' }, { repository: 'acme/renamed' }] },
      [web, old],
    );
    seedSecretHolding(fleet, 'acme/web', web);
    // The secret moved with the repository: under its new name it holds the old name's key.
    seedSecretHolding(fleet, 'acme/renamed', old);
    fleet.github.fail({
      path: /^\/repos\/acme\/old\//,
      times: Infinity,
      status: 301,
      headers: { location: `${fleet.github.url}/repositories/4711/actions/secrets/${SECRET}` },
    });
    const inputs = { operation: 'sync', repositories: 'acme/*', prune: 'true' };
    const result = await runFleet(fleet, inputs);

    expectSucceeded(fleet, result);
    expect(actionsOf(result)).toEqual({
      'acme/web': 'unchanged',
      'acme/renamed': 'created',
      'acme/old': 'pruned',
    });
    expect(statusOf(fleet, old)).toBe('revoked');
    expectConverged(fleet, 'acme/renamed');
    expect(fleet.github.deletedSecrets()).toEqual([]);
    expect(fleet.github.requests.some((request) => request.path.startsWith('/repositories/'))).toBe(
      false,
    );
    expect(result.stdout).toContain(
      `− repository "acme/old": no longer selected; key "${old.api_key_id}" revoked. GitHub ` +
        'answered that the repository moved (renamed or transferred), and the action never ' +
        'follows a redirect, so no secret was deleted: under its new name, if it is selected, ' +
        'its secret now holds a key of its own (see its line); if it is not, delete the secret ' +
        '"DEVIN_API_KEY" there by hand.',
    );

    const again = await runFleet(fleet, inputs);
    expectSucceeded(fleet, again);
    expect(actionsOf(again)).toEqual({ 'acme/web': 'unchanged', 'acme/renamed': 'unchanged' });
  });

  test('a renamed repository whose new name failed in the same run: the old key is kept, since the moved secret may still hold it', async () => {
    const old = seededKey('acme/old');
    const fleet = await startFleet({ repositories: [{ repository: 'acme/renamed' }] }, [old]);
    seedSecretHolding(fleet, 'acme/renamed', old);
    fleet.github.fail({
      path: /^\/repos\/acme\/old\//,
      times: Infinity,
      status: 301,
      headers: { location: `${fleet.github.url}/repositories/4711/actions/secrets/${SECRET}` },
    });
    // The new name's write is refused: its secret still holds the old name's key.
    fleet.github.fail({
      method: 'PUT',
      path: /^\/repos\/acme\/renamed\/actions\/secrets\//,
      times: Infinity,
      status: 422,
    });
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/*',
      prune: 'true',
    });

    const message = expectFailed(fleet, result);
    expect(statusOf(fleet, old)).toBe('active');
    expect(
      fleet.github.secrets().find((secret) => secret.repository === 'acme/renamed')?.value,
    ).toBe(old.token);
    expect(message).toContain('repository "acme/old"');
    expect(result.stdout).toContain(
      'under its new name the secret may still hold this key, so it was kept',
    );
  });

  test('without repositories (only the repository the workflow runs in), prune is refused before any call', async () => {
    const keys = ['acme/web', 'acme/api', 'acme/widgets'].map((repository) =>
      seededKey(repository),
    );
    const fleet = await startFleet(
      {
        repositories: ['acme/web', 'acme/api', 'acme/widgets'].map((repository) => ({
          repository,
        })),
      },
      keys,
    );
    for (const key of keys) seedSecretHolding(fleet, key.api_key_name.split(' ')[0] ?? '', key);
    const result = await runFleet(fleet, { operation: 'sync', prune: 'true' });

    const message = expectFailed(fleet, result);
    expect(message).toContain('prune: needs repositories');
    expect(fleet.api.requests).toEqual([]);
    expect(fleet.github.requests).toEqual([]);
    expect(activeKeys(fleet.api)).toHaveLength(3);
    expect(fleet.github.secrets()).toHaveLength(3);
  });

  test('dry run with prune: says what it would prune, and prunes nothing', async () => {
    const web = seededKey('acme/web');
    const old = seededKey('acme/old');
    const fleet = await startFleet(
      { repositories: [{ repository: 'acme/web' }, { repository: 'acme/old' }] },
      [web, old],
    );
    seedSecretHolding(fleet, 'acme/web', web);
    seedSecretHolding(fleet, 'acme/old', old);
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web',
      prune: 'true',
      dry_run: 'true',
    });

    expectSucceeded(fleet, result);
    expect(result.stdout).toContain(
      `Dry run: repository "acme/old": would revoke key "${old.api_key_id}" and delete its secret (no longer selected).`,
    );
    expect(devinCalls(fleet, 'DELETE')).toEqual([]);
    expect(gitHubCalls(fleet, 'DELETE')).toEqual([]);
    expect(activeKeys(fleet.api)).toHaveLength(2);
  });

  test('without prune, the key of a repository no longer selected is left alone', async () => {
    const web = seededKey('acme/web');
    const old = seededKey('acme/old');
    const fleet = await startFleet(
      { repositories: [{ repository: 'acme/web' }, { repository: 'acme/old' }] },
      [web, old],
    );
    seedSecretHolding(fleet, 'acme/web', web);
    seedSecretHolding(fleet, 'acme/old', old);
    const result = await runFleet(fleet, { operation: 'sync', repositories: 'acme/web' });

    expectSucceeded(fleet, result);
    expect(activeKeys(fleet.api)).toHaveLength(2);
    expect(gitHubCalls(fleet, 'DELETE')).toEqual([]);
  });

  test('a key made moments ago whose secret was written since is pruned at once', async () => {
    const fleet = await startFleet({
      repositories: [{ repository: 'acme/web' }, { repository: 'acme/api' }],
    });
    expectSucceeded(
      fleet,
      await runFleet(fleet, { operation: 'create', repositories: 'acme/web, acme/api' }),
    );
    const apiKey = keyHeldIn(fleet, 'acme/api');
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web',
      prune: 'true',
    });

    expectSucceeded(fleet, result);
    expect(liveKeysOf(fleet, 'acme/api')).toEqual([]);
    expect(secretIn(fleet, 'acme/api')).toBeUndefined();
    expect(actionsOf(result)).toEqual({ 'acme/web': 'unchanged', 'acme/api': 'pruned' });
    expect(result.stdout).toContain(
      `− repository "acme/api": no longer selected; key "${apiKey?.api_key_id ?? ''}" revoked, its secret deleted.`,
    );
  });

  test('a key made moments ago that its secret may not hold yet is kept, and the log names it', async () => {
    const fleet = await startFleet({
      repositories: [{ repository: 'acme/web' }, { repository: 'acme/api' }],
    });
    expectSucceeded(
      fleet,
      await runFleet(fleet, { operation: 'create', repositories: 'acme/web' }),
    );
    // A create whose write into acme/api never took effect, and whose outcome it could not know.
    fleet.github.fail({
      method: 'PUT',
      path: /\/repos\/acme\/api\//,
      status: 502,
      times: Infinity,
    });
    expectFailed(fleet, await runFleet(fleet, { operation: 'create', repositories: 'acme/api' }));
    const [young] = liveKeysOf(fleet, 'acme/api');
    expect(secretIn(fleet, 'acme/api')).toBeUndefined();

    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web',
      prune: 'true',
    });

    expectSucceeded(fleet, result);
    // Another run may be storing it right now: it is pruned by a later sync, never at once.
    expect(liveKeysOf(fleet, 'acme/api').map((key) => key.api_key_id)).toEqual([young?.api_key_id]);
    expect(devinCalls(fleet, 'DELETE')).toEqual([]);
    expect(result.stdout).toContain(
      `repository "acme/api": no longer selected, but key "${young?.api_key_id ?? ''}" was made moments ago`,
    );
  });
});
