import { messageOf } from '../../base/errors.ts';
import { isoTime } from '../../base/time.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import { counted } from '../../base/words.ts';
import { describeTarget, type SecretTarget, type SecretWrite } from '../../github/secrets.ts';

// What storing keys in secrets says in the log and in its failure, beside the engine that says it.

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

export function failedTargetLine(target: SecretTarget, message: string): string {
  return `✗ ${describeTarget(target)}: ${message}`;
}

export function plannedTargetLine(target: SecretTarget, action: string): string {
  return (
    `Dry run: ${describeTarget(target)}: would ${action} and store it in secret ` +
    `${quoteUntrusted(target.secretName)}.`
  );
}

export function storedTargetLine(
  target: SecretTarget,
  key: MintedKey,
  written: SecretWrite,
  after: string,
): string {
  const expiry = key.expiresAt === null ? '' : ` (expiring ${isoTime(key.expiresAt)})`;
  return (
    `✓ ${describeTarget(target)}: ${keyOf(key, 'a new key')}${expiry} stored in secret ` +
    `${quoteUntrusted(target.secretName)} (${written}).${after === '' ? '' : ` ${after}`}`
  );
}

/** The last line of a run: how many targets got their key, or were ready in a dry run. */
export function totalLine(
  run: { dryRun: boolean; secretName: string; targets: number },
  done: number,
  failed: number,
): string {
  if (run.dryRun) {
    return `Dry run: ${done} of ${run.targets} targets ready; nothing was minted or written.`;
  }
  return (
    `Stored a key in ${done} of ${run.targets} secrets named ${quoteUntrusted(run.secretName)}` +
    `${failed > 0 ? `; ${failed} failed` : ''}.`
  );
}

/** The failure of a run: its total, then each target that failed with its cause. */
export function storeFailedMessage(
  total: string,
  failures: readonly { target: SecretTarget; message: string }[],
): string {
  const lines = failures.map(({ target, message }) => `  - ${describeTarget(target)}: ${message}`);
  return `${total}\nFailed:\n${lines.join('\n')}`;
}

export function notMintedMessage(error: unknown): string {
  return `no key was stored: ${messageOf(error)}`;
}

/** A key made for a target whose secret was not written: what became of it. */
export function discardedMessage(error: unknown, fate: string): string {
  return `${messageOf(error)} The key made for it ${fate}.`;
}

export function notDiscardedFate(key: MintedKey, error: unknown): string {
  return (
    `and it could not be revoked either: ${messageOf(error)}. Revoke key ` +
    `${quoteUntrusted(key.apiKeyId ?? '')} with operation revoke`
  );
}

/** A write that got no refusal and no success: the secret may hold the new key or the old. */
export function writeUnknownMessage(error: unknown, key: MintedKey): string {
  return (
    `${messageOf(error)} The secret may or may not hold the new key, so ` +
    `${keyOf(key, 'the new key')} is kept active (and any key it replaces too). Fix: run the ` +
    'job again; it stores a new key and revokes the one it replaces.'
  );
}

export function afterStoredWarning(target: SecretTarget, error: unknown): string {
  return `${describeTarget(target)}: the key is stored, but ${messageOf(error)}`;
}
