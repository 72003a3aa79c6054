import { createHash } from 'node:crypto';
import { mapConcurrently } from '../base/concurrency.ts';
import { ActionError, messageOf } from '../base/errors.ts';
import type { Runtime } from '../base/runtime.ts';
import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { DevinClient } from '../devin/client.ts';
import { MintAnswerUnreadableError, MintOutcomeUnknownError } from '../devin/errors.ts';
import type { ApiKeyResponse } from '../devin/schemas.ts';
import {
  describeTarget,
  SecretsApiError,
  type PublicKey,
  type SecretsApi,
  type SecretWrite,
} from '../github/secrets.ts';
import type { CommonInputs, CreateInputs, ProvisionInputs } from '../inputs/parsers.ts';
import { MAX_KEY_NAME_LENGTH, type RotateInSecretsInputs } from '../inputs/parsers.ts';
import type { SecretStore, SecretTarget } from '../inputs/secret-targets.ts';
import {
  secretsSummary,
  type FailedTarget,
  type StoredSecret,
} from '../summary/secrets-summary.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { expiresAtSeconds } from './minted-key.ts';
import {
  describeLostKeys,
  findLostKeys,
  listKeys,
  ownServiceUserId,
  resolveKey,
} from './service-user.ts';

/** GitHub calls at once while public keys are read (GitHub's secondary limits allow far more). */
const READ_CONCURRENCY = 8;
/** Keys minted and stored at once: each mint is a POST to Devin, so fewer. */
const MINT_CONCURRENCY = 4;

/** A key minted for one target; its token was masked when the client parsed the answer. */
interface MintedKey {
  token: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  /** UNIX seconds; null: never expires, or not known (v2). */
  expiresAt: number | null;
}

/** What one operation does for each target, between reading its public key and storing. */
interface TargetMinter<Prepared> {
  /** The heading of the job summary. */
  heading: string;
  /** Checks the target before anything is minted (rotate: finds its current key). */
  prepare(target: SecretTarget): Promise<Prepared>;
  /** What a real run would do, for the dry run's log and summary. */
  plan(target: SecretTarget, prepared: Prepared): string;
  mint(target: SecretTarget, prepared: Prepared): Promise<MintedKey>;
  /**
   * Deals with a key whose secret could not be written, so that none is left behind; returns
   * what became of it, for the failure message.
   */
  discard(target: SecretTarget, key: MintedKey, prepared: Prepared): Promise<string>;
  /** Runs once the key is stored (rotate: revokes the old key); returns a line for the log. */
  afterStored(target: SecretTarget, key: MintedKey, prepared: Prepared): Promise<string>;
}

/**
 * The name of the key stored in a target's secret, so that a later rotate finds it by name:
 * repository, environment and secret name. Too long a name is cut, with a hash of the whole.
 */
export function targetKeyName(target: SecretTarget): string {
  const name = [
    target.repository,
    ...(target.environment === undefined ? [] : ['environment', target.environment]),
    'secret',
    target.secretName,
  ].join(' ');
  if (name.length <= MAX_KEY_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_KEY_NAME_LENGTH - hash.length - 2)}… ${hash}`;
}

function targetsOf(store: SecretStore, runtime: Runtime): SecretTarget[] {
  let repositories = store.repositories;
  if (repositories.length === 0) {
    const current = runtime.getEnv('GITHUB_REPOSITORY') ?? '';
    if (current === '') {
      throw new ActionError(
        'repositories: is empty and GITHUB_REPOSITORY is not set, so there is no repository to store the key in.\nFix: list the repositories as owner/repo.',
      );
    }
    repositories = [current];
  }
  return repositories.map((repository) => ({
    repository,
    environment: store.environment,
    secretName: store.secretName,
  }));
}

const failedTarget = (target: SecretTarget, message: string): FailedTarget => ({
  repository: target.repository,
  environment: target.environment ?? null,
  message,
});

type Outcome =
  | { stored: StoredSecret }
  | { failed: FailedTarget }
  | { planned: { repository: string; environment: string | null; action: string } };

/**
 * Stores one distinct key per target: reads every target's public key (and whatever the
 * operation checks) before any key is made, then mints, seals and writes each one. A target
 * that fails is named with its cause; the others still get their keys, and the job fails at
 * the end, listing what failed. A key is never printed and never an output.
 */
async function storeInSecrets<Prepared>(
  store: SecretStore,
  inputs: Pick<CommonInputs, 'dryRun' | 'timeoutSeconds'>,
  minter: TargetMinter<Prepared>,
  runtime: Runtime,
): Promise<void> {
  const { dryRun } = inputs;
  const targets = targetsOf(store, runtime);
  const { githubSecretsApi } = await import('../github/secrets-api.ts');
  const api: SecretsApi = githubSecretsApi(store.githubToken, inputs.timeoutSeconds * 1000);
  const secret = quoteUntrusted(store.secretName);
  runtime.info(
    `Checking ${targets.length} target${targets.length === 1 ? '' : 's'} of secret ${secret} before any key is made.`,
  );
  type Checked =
    | { target: SecretTarget; publicKey: PublicKey; prepared: Prepared }
    | { target: SecretTarget; failed: FailedTarget };
  const checked = await mapConcurrently(
    targets,
    READ_CONCURRENCY,
    async (target): Promise<Checked> => {
      try {
        const publicKey = await api.publicKey(target);
        const prepared = await minter.prepare(target);
        return { target, publicKey, prepared };
      } catch (error) {
        const failed = failedTarget(target, messageOf(error));
        runtime.info(`✗ ${describeTarget(target)}: ${failed.message}`);
        return { target, failed };
      }
    },
  );

  const outcomes = await mapConcurrently(
    checked,
    MINT_CONCURRENCY,
    async (check): Promise<Outcome> => {
      if ('failed' in check) return { failed: check.failed };
      const { target, publicKey, prepared } = check;
      if (dryRun) {
        const action = minter.plan(target, prepared);
        runtime.info(
          `Dry run: ${describeTarget(target)}: would ${action} and store it in secret ${secret}.`,
        );
        return {
          planned: {
            repository: target.repository,
            environment: target.environment ?? null,
            action,
          },
        };
      }
      return storeOne(target, publicKey, prepared, minter, runtime, api);
    },
  );

  const stored = outcomes.flatMap((outcome) => ('stored' in outcome ? [outcome.stored] : []));
  const failed = outcomes.flatMap((outcome) => ('failed' in outcome ? [outcome.failed] : []));
  const planned = outcomes.flatMap((outcome) => ('planned' in outcome ? [outcome.planned] : []));
  if (!dryRun) runtime.setOutput('secrets', JSON.stringify(stored));
  await runtime.appendSummary(
    secretsSummary({
      heading: dryRun ? `${minter.heading} (dry run)` : minter.heading,
      stored,
      failed,
      ...(dryRun ? { planned } : {}),
      notes: dryRun
        ? ['Dry run: every public key was read; no key was made and no secret was written.']
        : [
            'Keys stored in secrets outlive the job: the post step does not revoke them. The keys are never shown or set as outputs.',
          ],
    }),
  );
  const total = dryRun
    ? `Dry run: ${planned.length} of ${targets.length} targets ready; nothing was minted or written.`
    : `Stored a key in ${stored.length} of ${targets.length} secrets named ${secret}${failed.length > 0 ? `; ${failed.length} failed` : ''}.`;
  runtime.info(total);
  if (failed.length > 0) {
    const lines = failed.map(
      (failure) =>
        `  - ${describeTarget({ repository: failure.repository, environment: failure.environment ?? undefined, secretName: store.secretName })}: ${failure.message}`,
    );
    throw new ActionError(`${total}\nFailed:\n${lines.join('\n')}`);
  }
}

/** Mints the target's key, seals it and writes the secret; a key not stored is not kept. */
async function storeOne<Prepared>(
  target: SecretTarget,
  publicKey: PublicKey,
  prepared: Prepared,
  minter: TargetMinter<Prepared>,
  runtime: Runtime,
  api: SecretsApi,
): Promise<Outcome> {
  const where = describeTarget(target);
  let key: MintedKey;
  try {
    key = await minter.mint(target, prepared);
  } catch (error) {
    const message = `no key was stored: ${messageOf(error)}`;
    runtime.info(`✗ ${where}: ${message}`);
    return { failed: failedTarget(target, message) };
  }
  const discardAfter = async (error: unknown): Promise<Outcome> => {
    let fate: string;
    try {
      fate = await minter.discard(target, key, prepared);
    } catch (discardError) {
      fate = `and it could not be revoked either: ${messageOf(discardError)}. Revoke key ${quoteUntrusted(key.apiKeyId ?? '')} with operation revoke`;
    }
    const message = `${messageOf(error)} The key made for it ${fate}.`;
    runtime.info(`✗ ${where}: ${message}`);
    return { failed: failedTarget(target, message) };
  };
  let sealed: string;
  try {
    const { sealSecret } = await import('../github/seal.ts');
    sealed = await sealSecret(key.token, publicKey.key);
  } catch (error) {
    return discardAfter(error);
  }
  let written: SecretWrite;
  try {
    written = await api.writeSecret(target, sealed, publicKey.keyId);
  } catch (error) {
    // Only a refusal (4xx) says the secret was not written. After a 5xx, a lost connection or
    // a timeout it may hold the new key: revoking that key could leave the secret dead.
    const refused =
      error instanceof SecretsApiError &&
      error.status !== undefined &&
      error.status >= 400 &&
      error.status < 500;
    if (refused) return discardAfter(error);
    const kept = key.apiKeyId === null ? 'the new key' : `key ${quoteUntrusted(key.apiKeyId)}`;
    const message = `${messageOf(error)} The secret may or may not hold the new key, so ${kept} is kept active (and any key it replaces too). Fix: run the job again; it stores a new key and revokes the one it replaces.`;
    runtime.info(`✗ ${where}: ${message}`);
    return { failed: failedTarget(target, message) };
  }
  let after: string;
  try {
    after = await minter.afterStored(target, key, prepared);
  } catch (error) {
    after = '';
    runtime.warning(`${where}: the key is stored, but ${messageOf(error)}`);
  }
  const expiry = key.expiresAt === null ? '' : ` (expiring ${isoTime(key.expiresAt)})`;
  const named = key.apiKeyId === null ? 'a new key' : `key ${quoteUntrusted(key.apiKeyId)}`;
  runtime.info(
    `✓ ${where}: ${named}${expiry} stored in secret ${quoteUntrusted(target.secretName)} (${written}).${after === '' ? '' : ` ${after}`}`,
  );
  return {
    stored: {
      repository: target.repository,
      environment: target.environment ?? null,
      secret_name: target.secretName,
      secret: written,
      api_key_name: key.apiKeyName,
      api_key_id: key.apiKeyId,
      expires_at: key.expiresAt === null ? null : isoTime(key.expiresAt),
    },
  };
}

function nowSecondsOf(context: OperationContext): number {
  return Math.floor((context.dependencies.now ?? Date.now)() / 1000);
}

async function withClient(
  inputs: CommonInputs,
  context: OperationContext,
  run: (client: DevinClient) => Promise<void>,
): Promise<void> {
  const client = openDevinClient(inputs, context);
  try {
    await run(client);
  } finally {
    await client.close();
  }
}

/**
 * Keys a lost create or rotate may have made: named `name`, made since `sentAt`, and none of
 * the keys known before this run.
 */
async function findLostKeysOf(
  client: DevinClient,
  serviceUserId: string,
  name: string,
  sentAt: number,
  known: ReadonlySet<string>,
): Promise<ApiKeyResponse[]> {
  const lost = await findLostKeys(client, serviceUserId, name, sentAt);
  return lost.filter((key) => !known.has(key.api_key_id));
}

/**
 * Turns a lost answer into a message. A target's key name is the same in every run for that
 * target, so it cannot tell the key this run made from one another job made for the same
 * target at the same time (which that job may be storing): such keys are named, never revoked.
 */
async function afterLostAnswer(
  error: unknown,
  findLost: () => Promise<ApiKeyResponse[]>,
  name: string,
): Promise<never> {
  const lostOrUnreadable =
    error instanceof MintOutcomeUnknownError || error instanceof MintAnswerUnreadableError;
  if (!lostOrUnreadable) throw error;
  let lost: ApiKeyResponse[];
  try {
    lost = await findLost();
  } catch (cleanupError) {
    throw new ActionError(
      `${error.message}\nLooking for the key it may have made failed too (${messageOf(cleanupError)}): a key named ${quoteUntrusted(name)} may exist that nobody holds; revoke it with operation revoke.`,
    );
  }
  if (lost.length === 0) {
    throw new ActionError(`${error.message}\nNo key had been made; run the job again.`);
  }
  throw new ActionError(
    `${error.message}\nActive key${lost.length === 1 ? '' : 's'} named ${quoteUntrusted(name)} made since: ${describeLostKeys(lost)}. The name cannot tell the key this run made from one another job made for the same target, so none was revoked.\nFix: revoke the key nobody holds by its api_key_id (operation revoke), then run the job again.`,
  );
}

/** `create` with secret_name: one key per target, named after it, stored in its secret. */
export async function createInSecrets(
  inputs: CreateInputs & { secrets: SecretStore },
  context: OperationContext,
): Promise<void> {
  const { runtime } = context;
  await withClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const user = quoteUntrusted(serviceUserId);
    runtime.info(
      'Keys stored in secrets outlive the job: the post step does not revoke them (revoke_on_exit does not apply); rotate them with operation rotate and the same secret_name.',
    );
    // Keys an earlier run stored: replaced and revoked once the new key is stored, so a re-run
    // leaves one key per target.
    const earlier = await listKeys(client, serviceUserId, 'active');
    const named = (name: string): ApiKeyResponse[] =>
      earlier.filter((key) => key.api_key_name === name);
    const known = new Set(earlier.map((key) => key.api_key_id));
    const expiresAt = expiresAtSeconds(inputs.expiry, nowSecondsOf(context));
    await storeInSecrets(
      inputs.secrets,
      inputs,
      {
        heading: 'Devin API keys created and stored in secrets',
        prepare: async (target) => Promise.resolve(targetKeyName(target)),
        plan: (_target, name) =>
          `create key ${quoteUntrusted(name)} for service user ${user}, expiring ${isoTime(expiresAt)},`,
        mint: async (_target, name) => {
          const sentAt = nowSecondsOf(context);
          try {
            const minted = await client.createServiceUserKey(serviceUserId, { name, expiresAt });
            return {
              token: minted.token,
              apiKeyId: minted.api_key_id,
              apiKeyName: minted.api_key_name,
              expiresAt,
            };
          } catch (error) {
            return afterLostAnswer(
              error,
              () => findLostKeysOf(client, serviceUserId, name, sentAt, known),
              name,
            );
          }
        },
        discard: async (_target, key) => {
          await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
          return `(${quoteUntrusted(key.apiKeyId ?? '')}) was revoked at once, so none is left behind`;
        },
        afterStored: async (_target, key, name) => {
          const replaced = named(name).filter((old) => old.api_key_id !== key.apiKeyId);
          for (const old of replaced)
            await client.revokeServiceUserKey(serviceUserId, old.api_key_id);
          return replaced.length === 0
            ? ''
            : `Revoked the key${replaced.length === 1 ? '' : 's'} it replaced: ${replaced.map((old) => quoteUntrusted(old.api_key_id)).join(', ')}.`;
        },
      },
      runtime,
    );
  });
}

/**
 * `rotate` with secret_name: each target's key, found by the target's name, is rotated keeping
 * the current key active; the new token is stored, and only then is the old key revoked (with
 * revoke_current). A new key that cannot be stored is revoked, and the old one kept.
 */
export async function rotateInSecrets(
  inputs: RotateInSecretsInputs,
  context: OperationContext,
): Promise<void> {
  const { runtime } = context;
  await withClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const user = quoteUntrusted(serviceUserId);
    const active = await listKeys(client, serviceUserId, 'active');
    const known = new Set(active.map((key) => key.api_key_id));
    const newKeyExpiresAt = expiresAtSeconds(inputs.expiry, nowSecondsOf(context));
    const find = async (target: SecretTarget): Promise<{ id: string; name: string }> => {
      if (inputs.key !== undefined) {
        const resolved = await resolveKey(client, serviceUserId, inputs.key);
        // The new key takes the rotated key's name: a lost answer is looked for by it.
        const current = active.find((key) => key.api_key_id === resolved.id);
        if (!resolved.active || current === undefined) {
          throw new ActionError(
            `every key named by api_key_id or key_name is revoked or expired, and only an active key can be rotated. Fix: make a new key with operation create and the same secret_name.`,
          );
        }
        return { id: current.api_key_id, name: current.api_key_name };
      }
      const name = targetKeyName(target);
      const matches = active.filter((key) => key.api_key_name === name);
      const [only] = matches;
      if (only !== undefined && matches.length === 1) return { id: only.api_key_id, name };
      if (matches.length > 1) {
        throw new ActionError(
          `service user ${user} has ${matches.length} active keys named ${quoteUntrusted(name)} (${matches.map((key) => quoteUntrusted(key.api_key_id)).join(', ')}). Fix: revoke all but the one in the secret with operation revoke, then rotate again.`,
        );
      }
      throw new ActionError(
        `service user ${user} has no active key named ${quoteUntrusted(name)}. Fix: make it with operation create and the same secret_name, repositories and environment.`,
      );
    };
    const expiry = `expiring ${isoTime(newKeyExpiresAt)}`;
    await storeInSecrets(
      inputs.secrets,
      inputs,
      {
        heading: 'Devin API keys rotated in secrets',
        prepare: find,
        plan: (_target, current) =>
          `rotate key ${quoteUntrusted(current.id)} (${quoteUntrusted(current.name)}) to a new key ${expiry}, ${inputs.revokeCurrent ? 'revoking the old key once the new one is stored' : 'keeping the old key'},`,
        mint: async (_target, current) => {
          const sentAt = nowSecondsOf(context);
          try {
            const rotated = await client.rotateServiceUserKey(serviceUserId, current.id, {
              newKeyExpiresAt,
              revokeCurrent: false,
            });
            return {
              token: rotated.token,
              apiKeyId: rotated.api_key_id,
              apiKeyName: rotated.api_key_name,
              expiresAt: newKeyExpiresAt,
            };
          } catch (error) {
            return afterLostAnswer(
              error,
              // Never the key being rotated: it is still active, and still in the secret.
              () =>
                findLostKeysOf(
                  client,
                  serviceUserId,
                  current.name,
                  sentAt,
                  new Set([...known, current.id]),
                ),
              current.name,
            );
          }
        },
        discard: async (_target, key, current) => {
          await client.revokeServiceUserKey(serviceUserId, key.apiKeyId ?? '');
          return `(${quoteUntrusted(key.apiKeyId ?? '')}) was revoked; the old key ${quoteUntrusted(current.id)} is kept, still active and still in the secret`;
        },
        afterStored: async (_target, _key, current) => {
          if (!inputs.revokeCurrent) {
            return `The old key ${quoteUntrusted(current.id)} is kept active (revoke_current: false).`;
          }
          try {
            await client.revokeServiceUserKey(serviceUserId, current.id);
          } catch (error) {
            throw new ActionError(
              `the old key ${quoteUntrusted(current.id)} could not be revoked: ${messageOf(error)}\nFix: revoke it with operation revoke and api_key_id.`,
            );
          }
          return `Revoked the old key ${quoteUntrusted(current.id)}.`;
        },
      },
      runtime,
    );
  });
}

/**
 * `provision` with secret_name: one new service key of the organization per target. A v2 key
 * has no id in its answer, so one that cannot be stored cannot be revoked here: it is reported
 * as orphaned, by organization and time, with how to find and revoke it.
 */
export async function provisionInSecrets(
  inputs: ProvisionInputs & { secrets: SecretStore },
  context: OperationContext,
): Promise<void> {
  const { runtime } = context;
  const org = quoteUntrusted(inputs.orgId);
  await withClient(inputs, context, async (client) => {
    await storeInSecrets(
      inputs.secrets,
      inputs,
      {
        heading: 'Devin service keys provisioned into secrets',
        prepare: async () => Promise.resolve(undefined),
        plan: () => `provision a service key (apk_…) of organization ${org}`,
        mint: async () => {
          const issued = await client.provisionServiceKey(inputs.orgId);
          if (issued.org_id !== inputs.orgId) {
            runtime.warning(
              `Asked for a key for organization ${org}, but the API says it issued one for ${quoteUntrusted(issued.org_id)}.`,
            );
          }
          return { token: issued.api_key, apiKeyId: null, apiKeyName: null, expiresAt: null };
        },
        discard: () => {
          const at = isoTime(nowSecondsOf(context));
          const message = `is orphaned: a service key of organization ${org} minted at ${at}, held by nobody. The v2 answer carries no id, so the action cannot revoke it. Fix: list the organization's keys (GET /v2/enterprise/api-keys?org_id=${inputs.orgId}, or the web app), find the key created at ${at}, and revoke it with DELETE /v2/enterprise/api-keys/{api_key_id}`;
          runtime.warning(`Orphaned service key: the key for a target ${message}.`, {
            title: 'Orphaned Devin service key',
          });
          return Promise.resolve(message);
        },
        afterStored: () => Promise.resolve(''),
      },
      runtime,
    );
  });
}
