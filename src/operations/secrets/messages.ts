import { messageOf } from '../../base/errors.ts';
import { isoTime } from '../../base/time.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import { counted } from '../../base/words.ts';
import { describeTarget, type SecretTarget, type SecretWrite } from '../../github/secrets.ts';
import type { StoreReport } from './outcomes.ts';
import type { TargetAction } from './plan.ts';
import type { ResolvedSelection } from './selection.ts';

// What storing keys in secrets says in the log and in its failure, beside the engine that says it.

/** What heals any target of a v3 run into secrets, whatever went wrong: it must stay true. */
export const SYNC_HEALS =
  'run operation sync with the same secret_name, repositories and environment (or this job ' +
  'again): it stores a fresh key and revokes the others.';

/** A key minted for one target; its token was masked when the client parsed the answer. */
export interface MintedKey {
  token: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  /** UNIX seconds; null: never expires, or not known (v2). */
  expiresAt: number | null;
}

function keyOf(key: MintedKey, unnamed: string): string {
  return key.apiKeyId === null ? unnamed : `key ${quoteUntrusted(key.apiKeyId)}`;
}

export function checkingTargetsLine(targetCount: number, secretName: string): string {
  return (
    `Checking ${counted(targetCount, 'target')} of secret ${quoteUntrusted(secretName)} ` +
    'before any key is made.'
  );
}

/** The selection's repositories, and a line for each it left out. */
export function selectionLines(selection: ResolvedSelection): string[] {
  const skipped = selection.skipped.map(
    ({ repository, why }) => `Skipped repository ${quoteUntrusted(repository)}: ${why}.`,
  );
  return [...skipped];
}

export function failedTargetLine(target: SecretTarget, message: string): string {
  return `✗ ${describeTarget(target)}: ${message}`;
}

export function notAttemptedLine(target: SecretTarget): string {
  return `– ${describeTarget(target)}: not attempted, since the run stopped (see above).`;
}

/** What a dry run would do for a target, whole: the minter's plan, then where the key goes. */
export function plannedStore(target: SecretTarget, plan: string): string {
  return `${plan} and store it in secret ${quoteUntrusted(target.secretName)}`;
}

export function plannedTargetLine(target: SecretTarget, planned: string): string {
  return `Dry run: ${describeTarget(target)}: would ${planned}.`;
}

export function unchangedTargetLine(target: SecretTarget, why: string): string {
  return `= ${describeTarget(target)}: unchanged: ${why}.`;
}

export function storedTargetLine(
  target: SecretTarget,
  key: MintedKey,
  action: TargetAction,
  written: SecretWrite,
  after: string,
): string {
  const expiry = key.expiresAt === null ? '' : ` (expiring ${isoTime(key.expiresAt)})`;
  const how = action === 'created' ? '' : ` (${action})`;
  return (
    `✓ ${describeTarget(target)}: ${keyOf(key, 'a new key')}${expiry} stored in secret ` +
    `${quoteUntrusted(target.secretName)} (${written})${how}.${after === '' ? '' : ` ${after}`}`
  );
}

/** The last line of a run: how many targets got their key, or were ready in a dry run. */
export function totalLine(report: StoreReport, secretName: string): string {
  const targets = report.outcomes.length - report.of('pruned').length;
  const tally = (count: number, what: string) => (count > 0 ? `; ${count} ${what}` : '');
  const rest =
    tally(report.of('unchanged').length, 'unchanged') +
    tally(report.of('pruned').length, 'pruned') +
    tally(report.of('failed').length, 'failed') +
    tally(report.of('not attempted').length, 'not attempted');
  if (report.dryRun) {
    return (
      `Dry run: ${report.of('planned').length} of ${targets} targets would change${rest}; ` +
      'nothing was minted, written or revoked.'
    );
  }
  return (
    `Stored a key in ${report.of('stored').length} of ${targets} secrets named ` +
    `${quoteUntrusted(secretName)}${rest}.`
  );
}

/** Failed targets named in the failure; the rest are counted (the summary lists more). */
const MAX_NAMED_FAILURES = 50;

/** Each item on a line of its own, past MAX_NAMED_FAILURES counted (the summary lists more). */
function namedLines<Item>(items: readonly Item[], line: (item: Item) => string): string[] {
  const lines = items.slice(0, MAX_NAMED_FAILURES).map(line);
  if (items.length > lines.length)
    lines.push(`  - and ${items.length - lines.length} more (see the job summary)`);
  return lines;
}

/** What a run that stopped early says of the targets it left: no key made, and what heals them. */
export function notAttemptedNote(count: number): string {
  return (
    `The run stopped at a failure that holds for every target, so ${counted(count, 'target')} ` +
    `${count === 1 ? 'was' : 'were'} not attempted and no key was made for them. Fix: once the ` +
    `failure is mended, ${SYNC_HEALS}`
  );
}

/**
 * The failure of a run: its total, why it stopped if it did, each target that failed, then each
 * one it did not attempt.
 */
export function storeFailedMessage(
  total: string,
  report: StoreReport,
  stoppedBy: string | undefined,
): string {
  const failed = namedLines(
    report.of('failed'),
    ({ target, message }) => `  - ${describeTarget(target)}: ${message}`,
  );
  const skipped = report.of('not attempted').map(({ target }) => target);
  if (stoppedBy === undefined || skipped.length === 0) {
    return `${total}\nFailed:\n${failed.join('\n')}`;
  }
  const notAttempted = namedLines(skipped, (target) => `  - ${describeTarget(target)}`);
  return (
    `${total}\n${notAttemptedNote(skipped.length)}\nFailed:\n${failed.join('\n')}` +
    `\nNot attempted:\n${notAttempted.join('\n')}`
  );
}

export function notMintedMessage(error: unknown): string {
  return `no key was stored: ${messageOf(error)}`;
}

/** A key made for a target whose secret was not written: what became of it. */
export function discardedMessage(message: string, fate: string): string {
  return `${message} The key made for it ${fate}.`;
}

export function notDiscardedFate(key: MintedKey, error: unknown): string {
  return (
    `and it could not be revoked either: ${messageOf(error)}. Revoke key ` +
    `${quoteUntrusted(key.apiKeyId ?? '')} with operation revoke`
  );
}

/** A write that got no refusal and no success: the secret may hold the new key or the old. */
export function writeUnknownMessage(error: unknown, key: MintedKey, rerun: string): string {
  return (
    `${messageOf(error)} The secret may or may not hold the new key, so ` +
    `${keyOf(key, 'the new key')} is kept active (and any key it replaces too). Fix: ${rerun}`
  );
}

/** A key minted whose write could not start in time: it is not written (plan.ts says why). */
export function tooSlowToStore(seconds: number): string {
  return (
    `the write of the secret could not start within ${Math.round(seconds / 60)} min of minting ` +
    "its key (GitHub's limits held it up), so it was not written."
  );
}

/** A key another run revoked while it was being stored: a fresh one goes in its place. */
export function revokedWhileStored(target: SecretTarget, key: MintedKey): string {
  return (
    `${describeTarget(target)}: ${keyOf(key, 'the new key')} was revoked while it was being ` +
    'stored (another run took it for replaced), so a fresh key is stored in its place.'
  );
}

export function afterStoredWarning(target: SecretTarget, error: unknown): string {
  return `${describeTarget(target)}: the key is stored, but ${messageOf(error)}`;
}
