/**
 * Jobs that overlap, rollovers and writes whose outcome is unknown, end to end: whatever the
 * order things land in, no secret is left holding a revoked key, and a later sync converges to
 * exactly one live key per target, held by its secret. And every new key is tried before it is
 * stored: one that does not work is revoked, and the target keeps its current key.
 */
import type { ActionRun } from './run-action.ts';
import {
  SECRET,
  actionsOf,
  devinCalls,
  expectConverged,
  expectFailed,
  expectSucceeded,
  keyHeldIn,
  keyWithToken,
  liveKeysOf,
  runFleet,
  secretIn,
  secretsOutput,
  seedSecretHolding,
  seededKey,
  sleep,
  startFleet,
  stopFleets,
  type Fleet,
  type HeldKeySeed,
} from './fleet-support.ts';

afterEach(stopFleets);

const SECRET_PATH = `/repos/acme/web/actions/secrets/${SECRET}`;
/** How long the first job's write is held up at GitHub: the second job runs inside it. */
const SLOW_WRITE_MS = 3_000;

/** acme/web, its secret holding a key stored 20 days ago (unless `seeded` is false). */
async function startWeb(seeded = true): Promise<{ fleet: Fleet; old: HeldKeySeed | undefined }> {
  const old = seeded ? seededKey('acme/web') : undefined;
  const fleet = await startFleet(
    { repositories: [{ repository: 'acme/web' }, { repository: 'acme/api' }] },
    old === undefined ? [] : [old],
  );
  if (old !== undefined) seedSecretHolding(fleet, 'acme/web', old);
  return { fleet, old };
}

/** Every write of the secret put in a key that was live at that moment. */
function expectEveryWriteLive(fleet: Fleet): void {
  for (const write of fleet.writes) {
    const key = keyWithToken(fleet, write.secret.value);
    expect(key).toBeDefined();
    expect(write.activeKeyIds).toContain(key?.api_key_id);
  }
}

/** The secret holds a key that is active now. */
function expectSecretLive(fleet: Fleet, repository = 'acme/web'): void {
  expect(keyHeldIn(fleet, repository)?.status).toBe('active');
}

/**
 * A create whose write GitHub holds up, and `second` started a second later on the same target:
 * the second job's write lands first, the slow one last.
 */
async function overlap(
  fleet: Fleet,
  second: Record<string, string>,
  writesBefore = 0,
): Promise<{ slow: ActionRun; fast: ActionRun }> {
  fleet.github.fail({ method: 'PUT', path: SECRET_PATH, delayMs: SLOW_WRITE_MS });
  const slowRun = runFleet(fleet, { operation: 'create', repositories: 'acme/web' });
  await sleep(1_000);
  const fast = await runFleet(fleet, { repositories: 'acme/web', ...second });
  const slow = await slowRun;
  // The race happened as meant: both jobs wrote, the slow job's key landed last.
  const history = secretIn(fleet, 'acme/web')
    ?.history.filter((write) => write.by === 'api')
    .slice(writesBefore);
  expect(history).toHaveLength(2);
  const [firstWrite, lastWrite] = history ?? [];
  expect(keyWithToken(fleet, firstWrite?.value)?.api_key_id).toBe(
    secretsOutput(fast)[0]?.api_key_id,
  );
  expect(keyWithToken(fleet, lastWrite?.value)?.api_key_id).toBe(
    secretsOutput(slow)[0]?.api_key_id,
  );
  return { slow, fast };
}

const sync = (fleet: Fleet) => runFleet(fleet, { operation: 'sync', repositories: 'acme/web' });

describe('two jobs on one target: a slow write and a second job a second later', () => {
  test.each([
    ['a second create', { operation: 'create' }, true],
    ['a second rotate', { operation: 'rotate' }, true],
    ['a second rotate of the key the first job is still writing', { operation: 'rotate' }, false],
  ])(
    '%s: the secret never holds a revoked key, and a later sync converges to one live key',
    async (_name, second, seeded) => {
      const { fleet, old } = await startWeb(seeded);
      const { slow, fast } = await overlap(fleet, second);

      expectSucceeded(fleet, slow);
      expectSucceeded(fleet, fast);
      expectEveryWriteLive(fleet);
      expectSecretLive(fleet);
      // The slow job's key, which the second job saw still unwritten, was kept.
      expect(fast.stdout).toContain('made moments ago, maybe by another run storing it right now');

      const later = await sync(fleet);
      expectSucceeded(fleet, later);
      expect(actionsOf(later)).toEqual({ 'acme/web': 'replaced' });
      expectConverged(fleet, 'acme/web');
      expectEveryWriteLive(fleet);
      if (old !== undefined) {
        expect(fleet.api.keysOf('service-user-fleet')[0]?.status).toBe('revoked');
      }
      // And once converged, a sync leaves it alone.
      const after = await sync(fleet);
      expectSucceeded(fleet, after);
      expect(actionsOf(after)).toEqual({ 'acme/web': 'unchanged' });
    },
    30_000,
  );
});

describe('two jobs on one target right after a job stored its key (the same second)', () => {
  test.each([
    ['a second create', { operation: 'create' }],
    ['a second rotate', { operation: 'rotate' }],
  ])(
    "%s: the slow job's key is still seen as on its way, and kept",
    async (_name, second) => {
      const { fleet } = await startWeb(false);
      // From the top of a second: the first job's write and the slow job's mint would share it.
      await sleep(1_000 - (Date.now() % 1_000));
      expectSucceeded(
        fleet,
        await runFleet(fleet, { operation: 'create', repositories: 'acme/web' }),
      );
      const { slow, fast } = await overlap(fleet, second, 1);

      expectSucceeded(fleet, slow);
      expectSucceeded(fleet, fast);
      expectEveryWriteLive(fleet);
      expectSecretLive(fleet);

      const later = await sync(fleet);
      expectSucceeded(fleet, later);
      expectConverged(fleet, 'acme/web');
    },
    30_000,
  );
});

describe('two live keys, one secret: sync makes it one', () => {
  test('a rollover (rotate with revoke_current: false) followed by sync: one live key, held by the secret', async () => {
    const { fleet, old } = await startWeb();
    const rollover = await runFleet(fleet, {
      operation: 'rotate',
      repositories: 'acme/web',
      revoke_current: 'false',
    });
    expectSucceeded(fleet, rollover);
    expect(liveKeysOf(fleet, 'acme/web')).toHaveLength(2);

    // Rotate itself can go on from here: a fresh key in place of both.
    const result = await sync(fleet);
    expectSucceeded(fleet, result);
    expect(actionsOf(result)).toEqual({ 'acme/web': 'replaced' });
    expectConverged(fleet, 'acme/web');
    expect(
      fleet.api.keysOf('service-user-fleet').find((k) => k.api_key_id === old?.api_key_id)?.status,
    ).toBe('revoked');
    expectEveryWriteLive(fleet);
  });

  test('a rollover followed by rotate: a fresh key takes the place of both', async () => {
    const { fleet } = await startWeb();
    expectSucceeded(
      fleet,
      await runFleet(fleet, {
        operation: 'rotate',
        repositories: 'acme/web',
        revoke_current: 'false',
      }),
    );
    const rotated = await runFleet(fleet, { operation: 'rotate', repositories: 'acme/web' });

    expectSucceeded(fleet, rotated);
    expect(actionsOf(rotated)).toEqual({ 'acme/web': 'replaced' });
    expectConverged(fleet, 'acme/web');
  });

  test('a write answered 5xx on every retry that took effect, then sync: one live key, held by the secret', async () => {
    const { fleet } = await startWeb();
    fleet.github.fail({ method: 'PUT', path: SECRET_PATH, status: 502, process: true, times: 4 });
    const unknown = await runFleet(fleet, { operation: 'rotate', repositories: 'acme/web' });
    const message = expectFailed(fleet, unknown);
    expect(message).toContain('The secret may or may not hold the new key');
    expect(message).toContain('Fix: run operation sync');
    expect(liveKeysOf(fleet, 'acme/web')).toHaveLength(2);

    const result = await sync(fleet);
    expectSucceeded(fleet, result);
    expect(actionsOf(result)).toEqual({ 'acme/web': 'replaced' });
    expectConverged(fleet, 'acme/web');
    expectEveryWriteLive(fleet);
  });

  test('a write answered 5xx on every retry that never took effect: sync stores a live key at once, and converges', async () => {
    const { fleet, old } = await startWeb();
    fleet.github.fail({ method: 'PUT', path: SECRET_PATH, status: 502, times: 4 });
    const unknown = await runFleet(fleet, { operation: 'rotate', repositories: 'acme/web' });
    expectFailed(fleet, unknown);
    expect(keyHeldIn(fleet, 'acme/web')?.api_key_id).toBe(old?.api_key_id);
    const [, young] = liveKeysOf(fleet, 'acme/web');

    const result = await sync(fleet);
    expectSucceeded(fleet, result);
    expectSecretLive(fleet);
    expectEveryWriteLive(fleet);
    // The key the failed job made moments ago may yet land in the secret, as far as a sync can
    // tell: it is kept, and said so; the old key is revoked.
    expect(result.stdout).toContain(`Kept "${young?.api_key_id ?? ''}": made moments ago`);
    expect(fleet.api.keysOf('service-user-fleet')[0]?.status).toBe('revoked');
    // The secret was written since that key was made: the next sync knows it is past its write.
    const next = await sync(fleet);
    expectSucceeded(fleet, next);
    expectConverged(fleet, 'acme/web');
  });
});

describe('verify before cutover: a new key that fails GET /v3/self is revoked, the target keeps its key', () => {
  const SELF = '/v3/self';

  /** Every try of the new key fails: GET /v3/self answers `fault` each time. */
  function failSelf(fleet: Fleet, fault: { status: number; body?: unknown }): void {
    fleet.api.fail({ method: 'GET', path: SELF, times: 3, ...fault });
  }

  /** The tries of /v3/self were made with the new key, never with the credential. */
  function expectTriedWithNewKey(fleet: Fleet): void {
    const tries = devinCalls(fleet, 'GET', /^\/v3\/self$/);
    expect(tries).toHaveLength(3);
    const [newToken] = fleet.api.mintedTokens().slice(-1);
    for (const request of tries) expect(request.headers.authorization).toBe(`Bearer ${newToken}`);
  }

  test.each([
    ['sync (a key due: rotated)', { operation: 'sync', rotate_before: '70d' }],
    ['rotate', { operation: 'rotate' }],
    ['create', { operation: 'create' }],
  ])(
    '%s',
    async (_name, inputs) => {
      const { fleet, old } = await startWeb();
      failSelf(fleet, { status: 401, body: { detail: 'API key revoked' } });
      const result = await runFleet(fleet, { repositories: 'acme/web', ...inputs });

      const message = expectFailed(fleet, result);
      expectTriedWithNewKey(fleet);
      expect(message).toContain('the new key did not work when tried once before storing it');
      // Never written; revoked at once; the current key still live, still in the secret.
      expect(fleet.writes).toEqual([]);
      expect(keyHeldIn(fleet, 'acme/web')?.api_key_id).toBe(old?.api_key_id);
      expect(liveKeysOf(fleet, 'acme/web').map((key) => key.api_key_id)).toEqual([old?.api_key_id]);
      expect(fleet.api.keysOf('service-user-fleet').at(-1)?.status).toBe('revoked');
    },
    20_000,
  );

  test('sync of a target with no key: the new key that names another service user is revoked, nothing stored', async () => {
    const { fleet } = await startWeb(false);
    failSelf(fleet, {
      status: 200,
      body: { principal_type: 'service_user', service_user_id: 'someone-else', org_id: null },
    });
    const result = await sync(fleet);

    const message = expectFailed(fleet, result);
    expectTriedWithNewKey(fleet);
    expect(message).toContain('it names "someone-else", not "service-user-fleet"');
    expect(secretIn(fleet, 'acme/web')).toBeUndefined();
    expect(liveKeysOf(fleet, 'acme/web')).toEqual([]);
  }, 20_000);

  test('one failed try is not a failure: the second works, the key is stored', async () => {
    const { fleet } = await startWeb();
    fleet.api.fail({ method: 'GET', path: SELF, status: 503 });
    const result = await runFleet(fleet, { operation: 'rotate', repositories: 'acme/web' });

    expectSucceeded(fleet, result);
    expectConverged(fleet, 'acme/web');
  }, 20_000);
});
