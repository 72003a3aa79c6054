import type { RotateInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { markdownText, quoteUntrusted } from '../base/untrusted.ts';
import { openDevinClient, type OperationContext } from './context.ts';
import { isoTime } from '../base/time.ts';
import { expiresAtSeconds, outputMintedKey } from './minted-key.ts';
import { ownServiceUserId, resolveKey } from './service-user.ts';
import { ActionError } from '../base/errors.ts';

/**
 * Replaces a key with a new one. With revoke_current: false both stay active, so consumers can
 * move to the new key before the old one is revoked (a graceful rollover).
 */
export async function rotate(inputs: RotateInputs, context: OperationContext): Promise<void> {
  const { runtime, dependencies } = context;
  const nowSeconds = Math.floor((dependencies.now ?? Date.now)() / 1000);
  const client = openDevinClient(inputs, context);
  try {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const current = await resolveKey(client, serviceUserId, inputs.key);
    const currentId = current.id;
    if (!current.active) {
      throw new ActionError(
        `Could not rotate: every key named ${quoteUntrusted('name' in inputs.key ? inputs.key.name : currentId)} of service user ${quoteUntrusted(serviceUserId)} is revoked or expired, and only an active key can be rotated.\nFix: make a new key with operation create.`,
      );
    }
    const newKeyExpiresAt =
      inputs.expiry === undefined ? null : expiresAtSeconds(inputs.expiry, nowSeconds);
    const what = `key ${quoteUntrusted(currentId)} of service user ${quoteUntrusted(serviceUserId)}`;
    const expiryText =
      newKeyExpiresAt === null ? 'never expiring' : `expiring ${isoTime(newKeyExpiresAt)}`;
    const fate = inputs.revokeCurrent
      ? 'revoking the current key'
      : 'keeping the current key active';
    if (inputs.dryRun) {
      runtime.info(
        `Dry run: the inputs and the credential kind are valid. A real run would rotate ${what} to a new key ${expiryText}, ${fate}; nothing was changed.`,
      );
      return;
    }
    runtime.startGroup(`Rotating ${what}`);
    try {
      const rotated = await client.rotateServiceUserKey(serviceUserId, currentId, {
        newKeyExpiresAt,
        revokeCurrent: inputs.revokeCurrent,
      });
      outputMintedKey(runtime, rotated, newKeyExpiresAt);
      runtime.setOutput('previous_api_key_id', currentId);
      runtime.info(
        `Rotated ${what}: the new key is ${quoteUntrusted(rotated.api_key_id)}, ${expiryText}, masked in the log and in the api_key output. The current key was ${inputs.revokeCurrent ? 'revoked' : 'kept active; revoke it once every consumer uses the new one'}.`,
      );
      await runtime.appendSummary(
        keySummary({
          heading: 'Devin API key rotated',
          serviceUserId,
          apiKeyId: rotated.api_key_id,
          apiKeyName: rotated.api_key_name,
          expiresAt: newKeyExpiresAt,
          rows: [
            [
              'Previous key',
              `${markdownText(currentId)}: ${inputs.revokeCurrent ? 'revoked' : 'still active'}`,
            ],
          ],
        }),
      );
    } finally {
      runtime.endGroup();
    }
  } finally {
    await client.close();
  }
}
