import { mapConcurrently } from '../../base/concurrency.ts';
import { ActionError, ApiError, messageOf } from '../../base/errors.ts';
import { GitHubApiError } from '../../github/errors.ts';
import {
  publicKeyRefused,
  type PublicKey,
  type SecretsApi,
  type SecretTarget,
} from '../../github/secrets.ts';
import type { CommonInputs } from '../../inputs/parsers.ts';
import type { SecretStore } from '../../inputs/secret-targets.ts';
import { secretsSummary } from '../../summary/secrets-summary.ts';
import { withGitHub, type OperationContext } from '../context.ts';
import { nowSeconds } from '../dependencies.ts';
import {
  afterStoredWarning,
  checkingTargetsLine,
  discardedMessage,
  failedTargetLine,
  notAttemptedLine,
  notAttemptedNote,
  notDiscardedFate,
  notMintedMessage,
  plannedStore,
  plannedTargetLine,
  revokedWhileStored,
  selectionLines,
  storedTargetLine,
  storeFailedMessage,
  tooSlowToStore,
  totalLine,
  unchangedTargetLine,
  writeUnknownMessage,
  type MintedKey,
} from './messages.ts';
import { MINT_TO_STORE_SECONDS, type TargetAction } from './plan.ts';
import { Progress } from './progress.ts';
import { resolveSelection } from './selection.ts';
import { targetsOf } from './targets.ts';
import { keyFacts, StoreReport, type KeyFacts, type Outcome } from './outcomes.ts';

/** The key sealed for the target's public key; a key libsodium refuses is named with its target. */
async function sealFor(target: SecretTarget, token: string, publicKey: PublicKey): Promise<string> {
  const { sealSecret, BadPublicKeyError } = await import('../../github/seal.ts');
  try {
    return await sealSecret(token, publicKey.key);
  } catch (error) {
    if (error instanceof BadPublicKeyError) {
      throw publicKeyRefused(target, publicKey.keyId, error.message);
    }
    throw error;
  }
}

export type { MintedKey } from './messages.ts';

/** GitHub calls at once while targets are read (GitHub asks for few; its limit is 100). */
const READ_CONCURRENCY = 8;
/** Keys minted and stored at once: each mint is a POST to Devin, and writes are paced anyway. */
const MINT_CONCURRENCY = 4;
/** A minted key whose write has not started this long after minting is not written: see plan.ts. */
const LATEST_WRITE_SECONDS = MINT_TO_STORE_SECONDS - 15 * 60;

/** What one operation does for each target, between reading it and storing its key. */
export interface TargetMinter<Prepared> {
  /** The heading of the job summary. */
  heading: string;
  /** Reads what the target needs beyond its public key (its secret's times), and decides. */
  prepare(target: SecretTarget, secrets: SecretsApi): Promise<Prepared>;
  /** The action the target comes to; `unchanged`: nothing is minted or written. */
  actionOf(prepared: Prepared): TargetAction;
  /** What a real run would do, for the dry run's log and summary; and why, for unchanged. */
  plan(target: SecretTarget, prepared: Prepared): string;
  mint(target: SecretTarget, prepared: Prepared): Promise<MintedKey>;
  /** Uses the new key once; throws when it does not work, so that it is never stored. */
  verify(key: MintedKey): Promise<void>;
  /**
   * Deals with a key whose secret could not be written, so that none is left behind; returns
   * what became of it, for the failure message.
   */
  discard(target: SecretTarget, key: MintedKey, prepared: Prepared): Promise<string>;
  /** Runs once the key is stored (revokes what it replaced); returns a line for the log. */
  afterStored(target: SecretTarget, key: MintedKey, prepared: Prepared): Promise<string>;
  /** What the secrets output says of a target left unchanged: its current key. */
  unchanged?(prepared: Prepared): KeyFacts;
  /** The advice when a target's outcome is not known: what heals it (it must be true). */
  rerun: string;
  /**
   * Whether a key just stored is still live: another run may have revoked it while it was on its
   * way in (it took the secret for written by then). With `afresh`, the plan of a fresh key.
   */
  stillLive?(key: MintedKey): Promise<boolean>;
  afresh?(prepared: Prepared): Prepared;
}

type Checked<Prepared> =
  { target: SecretTarget; prepared: Prepared; publicKey: PublicKey | undefined } | Outcome;

/**
 * Whether a failed write certainly did not happen (refused, or never sent): only then is the
 * secret known not to hold the new key.
 */
function writeRefused(error: unknown): boolean {
  return error instanceof GitHubApiError && !error.mayHaveTakenEffect;
}

/** Whether an error holds for every target: a rejected token, a missing permission, a long wait. */
function holdsForEveryTarget(error: unknown): boolean {
  if (error instanceof GitHubApiError) return error.everyTarget;
  // Devin refused the credential itself.
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** One run over the targets: what every target's work shares. */
interface TargetRun<Prepared> {
  minter: TargetMinter<Prepared>;
  secrets: SecretsApi;
  context: OperationContext;
  /** Set by the first failure that holds for every target: nothing more is minted. */
  halted: { reason: string } | undefined;
  progress: Progress;
}

function failed(
  run: TargetRun<unknown>,
  target: SecretTarget,
  error: unknown,
  message = messageOf(error),
): Outcome {
  run.context.runtime.info(failedTargetLine(target, message));
  if (run.halted === undefined && holdsForEveryTarget(error)) run.halted = { reason: message };
  return { kind: 'failed', target, message };
}

function notAttempted(run: TargetRun<unknown>, target: SecretTarget): Outcome | undefined {
  if (run.halted === undefined) return undefined;
  run.context.runtime.info(notAttemptedLine(target));
  return { kind: 'not attempted', target };
}

/** Reads a target and decides; reads its public key only when a key is to be stored. */
async function check<Prepared>(
  run: TargetRun<Prepared>,
  target: SecretTarget,
): Promise<Checked<Prepared>> {
  const stopped = notAttempted(run, target);
  if (stopped !== undefined) return stopped;
  try {
    const prepared = await run.minter.prepare(target, run.secrets);
    const unchanged = run.minter.actionOf(prepared) === 'unchanged';
    const publicKey = unchanged ? undefined : await run.secrets.publicKey(target);
    return { target, prepared, publicKey };
  } catch (error) {
    return failed(run, target, error);
  }
}

/** Mints the target's key, tries it, seals it and writes the secret; a key not stored is not kept. */
async function storeOne<Prepared>(
  run: TargetRun<Prepared>,
  {
    target,
    prepared,
    publicKey,
  }: { target: SecretTarget; prepared: Prepared; publicKey: PublicKey },
  action: Exclude<TargetAction, 'unchanged'>,
  round = 1,
): Promise<Outcome> {
  const { minter, context } = run;
  const stopped = notAttempted(run, target);
  if (stopped !== undefined) return stopped;
  let key: MintedKey;
  const mintedAt = nowSeconds(context.dependencies);
  try {
    key = await minter.mint(target, prepared);
  } catch (error) {
    return failed(run, target, error, notMintedMessage(error));
  }
  const discardAfter = async (error: unknown, message = messageOf(error)): Promise<Outcome> => {
    let fate: string;
    try {
      fate = await minter.discard(target, key, prepared);
    } catch (discardError) {
      fate = notDiscardedFate(key, discardError);
    }
    return failed(run, target, error, discardedMessage(message, fate));
  };
  let sealed: string;
  try {
    await minter.verify(key);
    sealed = await sealFor(target, key.token, publicKey);
  } catch (error) {
    return discardAfter(error);
  }
  // Past this, another run could take the key for one nobody stores (plan.ts): not written.
  if (nowSeconds(context.dependencies) - mintedAt > LATEST_WRITE_SECONDS) {
    return discardAfter(undefined, tooSlowToStore(LATEST_WRITE_SECONDS));
  }
  let written: 'created' | 'updated';
  try {
    written = await run.secrets.writeSecret(target, sealed, publicKey.keyId);
  } catch (error) {
    // Only a refusal says the secret was not written. After a 5xx, a lost connection or a
    // timeout it may hold the new key: revoking that key could leave the secret dead.
    if (writeRefused(error)) return discardAfter(error);
    return failed(run, target, error, writeUnknownMessage(error, key, minter.rerun));
  }
  let after: string;
  try {
    after = await minter.afterStored(target, key, prepared);
  } catch (error) {
    after = '';
    context.runtime.warning(afterStoredWarning(target, error));
  }
  context.runtime.info(storedTargetLine(target, key, action, written, after));
  // A key revoked under its write would leave the secret dead: one fresh key takes its place.
  const again = round === 1 && minter.afresh !== undefined && minter.stillLive !== undefined;
  if (again && !(await minter.stillLive?.(key))) {
    context.runtime.warning(revokedWhileStored(target, key));
    const fresh = minter.afresh?.(prepared) ?? prepared;
    return storeOne(run, { target, prepared: fresh, publicKey }, 'replaced', round + 1);
  }
  return { kind: 'stored', target, action, secret: written, key: keyFacts(key) };
}

/** One target, from its reading to its outcome. */
async function handle<Prepared>(
  run: TargetRun<Prepared>,
  checked: Checked<Prepared>,
  dryRun: boolean,
): Promise<Outcome> {
  if ('kind' in checked) return checked;
  const { minter, context } = run;
  const { target, prepared, publicKey } = checked;
  const action = minter.actionOf(prepared);
  if (action === 'unchanged' || publicKey === undefined) {
    context.runtime.info(unchangedTargetLine(target, minter.plan(target, prepared)));
    return { kind: 'unchanged', target, key: minter.unchanged?.(prepared) };
  }
  if (dryRun) {
    const plan = plannedStore(target, minter.plan(target, prepared));
    context.runtime.info(plannedTargetLine(target, plan));
    return { kind: 'planned', target, action, plan };
  }
  return storeOne(run, { target, prepared, publicKey }, action);
}

const DRY_RUN_NOTE = 'Dry run: every target was read; no key was made, written or revoked.';
const STORED_NOTE =
  'Keys stored in secrets outlive the job: the post step does not revoke them. ' +
  'The keys are never shown or set as outputs.';

/** The run's end: the secrets output, the total, the job summary, and the failure if any. */
async function finish(
  run: TargetRun<unknown>,
  store: SecretStore,
  report: StoreReport,
): Promise<void> {
  const { runtime } = run.context;
  if (!report.dryRun) runtime.setOutput('secrets', JSON.stringify(report.entries()));
  // The total first: a summary that cannot be written must not come between the log and it.
  const total = totalLine(report, store.secretName);
  runtime.info(total);
  await runtime.appendSummary(
    secretsSummary({
      heading: report.dryRun ? `${run.minter.heading} (dry run)` : run.minter.heading,
      stored: report.entries(),
      failed: report.failed(),
      notAttempted: {
        targets: report.notAttempted(),
        note: notAttemptedNote(report.notAttempted().length),
      },
      ...(report.dryRun ? { planned: report.planned() } : {}),
      skipped: report.skipped,
      notes: [report.dryRun ? DRY_RUN_NOTE : STORED_NOTE],
    }),
  );
  if (report.unfinished().length > 0) {
    throw new ActionError(storeFailedMessage(total, report, run.halted?.reason));
  }
}

/**
 * Stores one distinct key per target: resolves the selection, reads every target (and decides
 * what it needs) before any key is made, then mints, tries, seals and writes each key that is
 * needed. A target that fails is named with its cause; the others still get their keys, unless
 * the failure holds for every target: then nothing more is minted. The job fails at the end,
 * listing what failed. A key is never printed and never an output.
 */
export async function storeInSecrets<Prepared>(
  store: SecretStore,
  inputs: Pick<CommonInputs, 'dryRun' | 'timeoutSeconds' | 'maxRetries'>,
  minter: TargetMinter<Prepared>,
  context: OperationContext,
  afterward?: (
    targets: readonly SecretTarget[],
    secrets: SecretsApi,
    outcomes: readonly Outcome[],
  ) => Promise<Outcome[]>,
): Promise<void> {
  await withGitHub(store.githubToken, inputs, context, async (github) => {
    const selected = await resolveSelection(store.selection, github.repositories);
    for (const line of selectionLines(selected)) context.runtime.info(line);
    const targets = targetsOf(store, selected.repositories, context.runtime);
    const progress = new Progress(targets.length, context.dependencies.now, (line) =>
      context.runtime.info(line),
    );
    const run: TargetRun<Prepared> = {
      minter,
      secrets: github.secrets,
      context,
      halted: undefined,
      progress,
    };
    try {
      context.runtime.info(checkingTargetsLine(targets.length, store.secretName));
      const checked = await mapConcurrently(targets, READ_CONCURRENCY, (target) =>
        check(run, target),
      );
      const outcomes = await mapConcurrently(checked, MINT_CONCURRENCY, async (target) => {
        const outcome = await handle(run, target, inputs.dryRun);
        progress.finished();
        return outcome;
      });
      const later =
        run.halted === undefined && afterward !== undefined
          ? await afterward(targets, github.secrets, outcomes)
          : [];
      await finish(
        run,
        store,
        new StoreReport([...outcomes, ...later], inputs.dryRun, selected.skipped),
      );
    } finally {
      progress.stop();
    }
  });
}
