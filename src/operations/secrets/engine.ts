import { mapConcurrently } from '../../base/concurrency.ts';
import { ActionError, messageOf } from '../../base/errors.ts';
import { isoTime } from '../../base/time.ts';
import {
  SecretsApiError,
  type PublicKey,
  type SecretsApi,
  type SecretTarget,
  type SecretWrite,
} from '../../github/secrets.ts';
import type { CommonInputs } from '../../inputs/parsers.ts';
import type { SecretStore } from '../../inputs/secret-targets.ts';
import { secretsSummary, type StoredSecret } from '../../summary/secrets-summary.ts';
import { connectGitHub, type OperationContext } from '../context.ts';
import {
  afterStoredWarning,
  checkingTargetsLine,
  discardedMessage,
  failedTargetLine,
  notDiscardedFate,
  notMintedMessage,
  plannedTargetLine,
  storedTargetLine,
  storeFailedMessage,
  totalLine,
  writeUnknownMessage,
  type MintedKey,
} from './messages.ts';
import { targetsOf } from './targets.ts';

export type { MintedKey } from './messages.ts';

/** GitHub calls at once while public keys are read (GitHub's secondary limits allow far more). */
const READ_CONCURRENCY = 8;
/** Keys minted and stored at once: each mint is a POST to Devin, so fewer. */
const MINT_CONCURRENCY = 4;

/** What one operation does for each target, between reading its public key and storing. */
export interface TargetMinter<Prepared> {
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

type Outcome =
  | { stored: StoredSecret }
  | { failed: { target: SecretTarget; message: string } }
  | { planned: { target: SecretTarget; action: string } };

type Checked<Prepared> =
  | { target: SecretTarget; publicKey: PublicKey; prepared: Prepared }
  | { failed: { target: SecretTarget; message: string } };

/** Whether a failed write was refused (4xx): only then is the secret known not to hold the key. */
function writeRefused(error: unknown): boolean {
  return (
    error instanceof SecretsApiError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500
  );
}

/** One target's run, with what the engine shares across targets. */
interface TargetRun<Prepared> {
  minter: TargetMinter<Prepared>;
  secrets: SecretsApi;
  context: OperationContext;
}

function failed(
  run: TargetRun<unknown>,
  target: SecretTarget,
  message: string,
): { failed: { target: SecretTarget; message: string } } {
  run.context.runtime.info(failedTargetLine(target, message));
  return { failed: { target, message } };
}

async function check<Prepared>(
  run: TargetRun<Prepared>,
  target: SecretTarget,
): Promise<Checked<Prepared>> {
  try {
    const publicKey = await run.secrets.publicKey(target);
    const prepared = await run.minter.prepare(target);
    return { target, publicKey, prepared };
  } catch (error) {
    return failed(run, target, messageOf(error));
  }
}

/** Mints the target's key, seals it and writes the secret; a key not stored is not kept. */
async function storeOne<Prepared>(
  run: TargetRun<Prepared>,
  {
    target,
    publicKey,
    prepared,
  }: { target: SecretTarget; publicKey: PublicKey; prepared: Prepared },
): Promise<Outcome> {
  const { minter } = run;
  let key: MintedKey;
  try {
    key = await minter.mint(target, prepared);
  } catch (error) {
    return failed(run, target, notMintedMessage(error));
  }
  const discardAfter = async (error: unknown): Promise<Outcome> => {
    let fate: string;
    try {
      fate = await minter.discard(target, key, prepared);
    } catch (discardError) {
      fate = notDiscardedFate(key, discardError);
    }
    return failed(run, target, discardedMessage(error, fate));
  };
  let sealed: string;
  try {
    const { sealSecret } = await import('../../github/seal.ts');
    sealed = await sealSecret(key.token, publicKey.key);
  } catch (error) {
    return discardAfter(error);
  }
  let written: SecretWrite;
  try {
    written = await run.secrets.writeSecret(target, sealed, publicKey.keyId);
  } catch (error) {
    // Only a refusal (4xx) says the secret was not written. After a 5xx, a lost connection or
    // a timeout it may hold the new key: revoking that key could leave the secret dead.
    if (writeRefused(error)) return discardAfter(error);
    return failed(run, target, writeUnknownMessage(error, key));
  }
  let after: string;
  try {
    after = await minter.afterStored(target, key, prepared);
  } catch (error) {
    after = '';
    run.context.runtime.warning(afterStoredWarning(target, error));
  }
  run.context.runtime.info(storedTargetLine(target, key, written, after));
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

const DRY_RUN_NOTE =
  'Dry run: every public key was read; no key was made and no secret was written.';
const STORED_NOTE =
  'Keys stored in secrets outlive the job: the post step does not revoke them. ' +
  'The keys are never shown or set as outputs.';

/**
 * Stores one distinct key per target: reads every target's public key (and whatever the
 * operation checks) before any key is made, then mints, seals and writes each one. A target
 * that fails is named with its cause; the others still get their keys, and the job fails at
 * the end, listing what failed. A key is never printed and never an output.
 */
export async function storeInSecrets<Prepared>(
  store: SecretStore,
  inputs: Pick<CommonInputs, 'dryRun' | 'timeoutSeconds'>,
  minter: TargetMinter<Prepared>,
  context: OperationContext,
): Promise<void> {
  const { runtime } = context;
  const { dryRun } = inputs;
  const targets = targetsOf(store, runtime);
  const github = await connectGitHub(store.githubToken, inputs, context);
  const run: TargetRun<Prepared> = { minter, secrets: github.secrets, context };
  runtime.info(checkingTargetsLine(targets.length, store.secretName));
  const checked = await mapConcurrently(targets, READ_CONCURRENCY, (target) => check(run, target));

  const outcomes = await mapConcurrently(
    checked,
    MINT_CONCURRENCY,
    async (target): Promise<Outcome> => {
      if ('failed' in target) return target;
      if (!dryRun) return storeOne(run, target);
      const action = minter.plan(target.target, target.prepared);
      runtime.info(plannedTargetLine(target.target, action));
      return { planned: { target: target.target, action } };
    },
  );

  const stored = outcomes.flatMap((outcome) => ('stored' in outcome ? [outcome.stored] : []));
  const failures = outcomes.flatMap((outcome) => ('failed' in outcome ? [outcome.failed] : []));
  const planned = outcomes.flatMap((outcome) => ('planned' in outcome ? [outcome.planned] : []));
  if (!dryRun) runtime.setOutput('secrets', JSON.stringify(stored));
  const where = (target: SecretTarget) => ({
    repository: target.repository,
    environment: target.environment ?? null,
  });
  await runtime.appendSummary(
    secretsSummary({
      heading: dryRun ? `${minter.heading} (dry run)` : minter.heading,
      stored,
      failed: failures.map(({ target, message }) => ({ ...where(target), message })),
      ...(dryRun
        ? { planned: planned.map(({ target, action }) => ({ ...where(target), action })) }
        : {}),
      notes: [dryRun ? DRY_RUN_NOTE : STORED_NOTE],
    }),
  );
  const scope = { dryRun, secretName: store.secretName, targets: targets.length };
  const total = totalLine(scope, dryRun ? planned.length : stored.length, failures.length);
  runtime.info(total);
  if (failures.length > 0) throw new ActionError(storeFailedMessage(total, failures));
}
