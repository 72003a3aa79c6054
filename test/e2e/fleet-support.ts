/**
 * What the fleet suites share: canary credentials, the two stand-ins started with a fleet of
 * repositories, a run of dist/ against both, and readers that tie what each secret holds to the
 * key the Devin stand-in issued, so a test can say which key a secret holds and whether it lives.
 */
import {
  startFakeDevinApi,
  type ApiKeyRecord,
  type FakeDevinApi,
  type FakeKeySeed,
} from '../fake-api/server.ts';
import {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type FakeSecret,
} from '../fake-github/server.ts';
import {
  expectNoLeak,
  expectNoLeakToGitHub,
  expectNoStackTrace,
  failureMessage,
} from './assertions.ts';
import { runAction, type ActionRun } from './run-action.ts';

export const CREDENTIAL = 'cog_CANARYfleet7e3a91c04b2d';
export const GITHUB_TOKEN = 'ghs_CANARYfleetgithub5d20e8f1';
export const PERSONAL_TOKEN = 'ghp_CANARYfleetperson94c1b7a2';
export const SERVICE_USER = 'service-user-fleet';
export const SECRET = 'DEVIN_API_KEY';
export const DAY = 86_400;

/** UNIX seconds `days` from now (negative: in the past): the bundled action reads the real clock. */
export function daysFromNow(days: number): number {
  return Math.floor(Date.now() / 1000) + Math.round(days * DAY);
}

/** The name the action gives the key of a repository secret (or an environment's). */
export function keyNameOf(repository: string, environment?: string, secret = SECRET): string {
  const where = environment === undefined ? '' : ` environment ${environment.toLowerCase()}`;
  return `${repository.toLowerCase()}${where} secret ${secret.toUpperCase()}`;
}

/** A seeded key with a token of its own, so a secret can be seeded holding it. */
export interface HeldKeySeed extends FakeKeySeed {
  api_key_id: string;
  token: string;
  created_at: number;
}

let seedCount = 0;

/** A key made `ageDays` ago for a repository's secret, expiring `expiresInDays` from now. */
export function seededKey(
  repository: string,
  options: {
    ageDays?: number;
    expiresInDays?: number | null;
    name?: string;
    environment?: string;
  } = {},
): HeldKeySeed {
  seedCount++;
  const serial = String(seedCount).padStart(4, '0');
  const expires = options.expiresInDays === undefined ? 60 : options.expiresInDays;
  return {
    api_key_id: `key-seed${serial}`,
    api_key_name: options.name ?? keyNameOf(repository, options.environment),
    token: `cog_CANARYseeded${serial}f00d${repository.replace(/\W/g, '')}`,
    created_at: daysFromNow(-(options.ageDays ?? 20)),
    expires_at: expires === null ? null : daysFromNow(expires),
  };
}

export interface Fleet {
  api: FakeDevinApi;
  github: FakeGitHub;
  /** What the Devin stand-in held at each moment a secret was written. */
  writes: { secret: FakeSecret; activeKeyIds: string[] }[];
  seeds: HeldKeySeed[];
  /** How many keys were seeded: the keys the stand-in lists after them are the minted ones. */
  seededCount: number;
}

const started: Fleet[] = [];

/** Both stand-ins: one service user with `keys`, GitHub as `github` says (token: GITHUB_TOKEN). */
export async function startFleet(
  github: Omit<FakeGitHubOptions, 'repository'> & { repository?: string },
  keys: readonly (FakeKeySeed | HeldKeySeed)[] = [],
): Promise<Fleet> {
  const api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: [...keys] }],
  });
  const writes: Fleet['writes'] = [];
  const fake = await startFakeGitHub({
    repository: 'acme/widgets',
    ...(github.tokens === undefined && github.token === undefined ? { token: GITHUB_TOKEN } : {}),
    ...github,
    onSecretWrite: (secret) => {
      writes.push({ secret, activeKeyIds: activeKeys(api).map((key) => key.api_key_id) });
      github.onSecretWrite?.(secret);
    },
  });
  const fleet = {
    api,
    github: fake,
    writes,
    seeds: keys.filter((key): key is HeldKeySeed => typeof key.token === 'string'),
    seededCount: keys.length,
  };
  started.push(fleet);
  return fleet;
}

/** Closes every stand-in a test started; each suite calls it after each test. */
export async function stopFleets(): Promise<void> {
  await Promise.all(
    started.splice(0).flatMap((fleet) => [fleet.api.close(), fleet.github.close()]),
  );
}

/** Seeds a repository's secret holding `key`, written a minute after the key was made. */
export function seedSecretHolding(
  fleet: Fleet,
  repository: string,
  key: HeldKeySeed,
  environment?: string,
): void {
  fleet.github.writeSecretAsSomeoneElse({
    repository,
    ...(environment === undefined ? {} : { environment }),
    name: SECRET,
    value: key.token,
    atMs: (key.created_at + 60) * 1000,
  });
}

/** A run of dist/ with the fleet's credentials; `inputs` override them. */
export function runFleet(
  fleet: Fleet,
  inputs: Record<string, string>,
  options: { killAfterMs?: number; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  return runAction({
    inputs: {
      token: CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: fleet.api.url,
      github_token: GITHUB_TOKEN,
      secret_name: SECRET,
      ...inputs,
    },
    env: { GITHUB_API_URL: fleet.github.url, ...options.env },
    killAfterMs: options.killAfterMs ?? 60_000,
  });
}

export function activeKeys(api: FakeDevinApi): ApiKeyRecord[] {
  return api.keysOf(SERVICE_USER).filter((key) => key.status === 'active');
}

/** The secret named SECRET of a repository (or of one of its environments), if there is one. */
export function secretIn(
  fleet: Fleet,
  repository: string,
  environment: string | null = null,
): FakeSecret | undefined {
  return fleet.github
    .secrets()
    .find(
      (secret) =>
        secret.repository.toLowerCase() === repository.toLowerCase() &&
        secret.environment === environment &&
        secret.name === SECRET,
    );
}

/**
 * The key whose token a value is: minted keys are matched to the stand-in's tokens in the order
 * both were made (one service user), seeded ones by their own token.
 */
export function keyWithToken(fleet: Fleet, token: string | undefined): ApiKeyRecord | undefined {
  if (token === undefined) return undefined;
  const keys = fleet.api.keysOf(SERVICE_USER);
  const seeded = fleet.seeds.find((seed) => seed.token === token);
  if (seeded !== undefined) return keys.find((key) => key.api_key_id === seeded.api_key_id);
  const index = fleet.api.mintedTokens().indexOf(token);
  return index === -1 ? undefined : keys[fleet.seededCount + index];
}

/** The key the repository's secret holds, as the Devin stand-in knows it now. */
export function keyHeldIn(
  fleet: Fleet,
  repository: string,
  environment: string | null = null,
): ApiKeyRecord | undefined {
  return keyWithToken(fleet, secretIn(fleet, repository, environment)?.value);
}

/** The live keys named for a repository's secret, in any letter case. */
export function liveKeysOf(fleet: Fleet, repository: string, environment?: string): ApiKeyRecord[] {
  const name = keyNameOf(repository, environment).toLowerCase();
  return activeKeys(fleet.api).filter((key) => key.api_key_name.toLowerCase() === name);
}

/** The target has exactly one live key of its own, and its secret holds that key. */
export function expectConverged(fleet: Fleet, repository: string, environment?: string): void {
  const live = liveKeysOf(fleet, repository, environment).map((key) => key.api_key_id);
  expect(live).toHaveLength(1);
  expect(keyHeldIn(fleet, repository, environment ?? null)?.api_key_id).toBe(live[0]);
}

/** Every key or token that must never show: the credential, GitHub tokens, every Devin token. */
export function canaries(fleet: Fleet): string[] {
  return [
    CREDENTIAL,
    GITHUB_TOKEN,
    PERSONAL_TOKEN,
    ...fleet.api.mintedTokens(),
    ...fleet.seeds.map((seed) => seed.token),
  ];
}

/** No key, credential or token in any log line, error, summary, state, output, or GitHub request. */
export function expectNoSecretLeak(fleet: Fleet, run: ActionRun): void {
  expectNoLeak(run, canaries(fleet));
  const devinSecrets = [CREDENTIAL, ...fleet.api.mintedTokens()];
  expectNoLeakToGitHub(fleet.github, devinSecrets);
  expectNoStackTrace(run);
  expect(run.outputs.api_key).toBeUndefined();
}

export function expectSucceeded(fleet: Fleet, run: ActionRun): void {
  expect(failureMessage(run)).toBe('');
  expect(run.exitCode).toBe(0);
  expectNoSecretLeak(fleet, run);
}

export function expectFailed(fleet: Fleet, run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expectNoSecretLeak(fleet, run);
  return failureMessage(run);
}

export interface SecretsEntry {
  repository: string;
  environment: string | null;
  secret_name: string;
  action: string;
  secret: string | null;
  api_key_name: string | null;
  api_key_id: string | null;
  expires_at: string | null;
}

export function secretsOutput(run: ActionRun): SecretsEntry[] {
  return JSON.parse(run.outputs.secrets ?? 'null') as SecretsEntry[];
}

/** repository → action, from the `secrets` output. */
export function actionsOf(run: ActionRun): Record<string, string> {
  return Object.fromEntries(secretsOutput(run).map((entry) => [entry.repository, entry.action]));
}

export const devinCalls = (fleet: Fleet, method: string, path?: RegExp) =>
  fleet.api.requests.filter(
    (request) => request.method === method && (path === undefined || path.test(request.path)),
  );

export const gitHubCalls = (fleet: Fleet, method: string, path?: RegExp) =>
  fleet.github.requests.filter(
    (request) => request.method === method && (path === undefined || path.test(request.path)),
  );

/** Lines of the log that start with `prefix`. */
export const linesStarting = (run: ActionRun, prefix: string): string[] =>
  run.stdout.split('\n').filter((line) => line.startsWith(prefix));

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
