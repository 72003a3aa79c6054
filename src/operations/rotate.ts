import type { RotateInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { markdownText, quoteUntrusted } from '../base/untrusted.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { isoTime } from '../base/time.ts';
import { expiresAtSeconds, outputMintedKey } from './minted-key.ts';
import { ownServiceUserId, resolveKey } from './service-user.ts';
import { ActionError, explain } from '../base/errors.ts';

function notActive(inputs: RotateInputs, currentId: string, serviceUserId: string): string {
  const named = 'name' in inputs.key ? inputs.key.name : currentId;
  return explain({
    problem:
      `Could not rotate: every key named ${quoteUntrusted(named)} of service user ` +
      `${quoteUntrusted(serviceUserId)} is revoked or expired, and only an active key can be rotated.`,
    fix: 'make a new key with operation create.',
  });
}

function rotatedLine(what: string, newKeyId: string, expiry: string, revoked: boolean): string {
  const current = revoked
    ? 'revoked'
    : 'kept active; revoke it once every consumer uses the new one';
  return (
    `Rotated ${what}: the new key is ${quoteUntrusted(newKeyId)}, ${expiry}, masked in the log ` +
    `and in the api_key output. The current key was ${current}.`
  );
}

/**
 * Replaces a key with a new one. With revoke_current: false both stay active, so consumers can
 * move to the new key before the old one is revoked (a graceful rollover).
 */
export async function rotate(inputs: RotateInputs, context: OperationContext): Promise<void> {
  const { runtime } = context;
  await withDevinClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const current = await resolveKey(client, serviceUserId, inputs.key);
    const currentId = current.id;
    if (!current.active) {
      throw new ActionError(notActive(inputs, currentId, serviceUserId));
    }
    const newKeyExpiresAt =
      inputs.expiry === undefined
        ? null
        : expiresAtSeconds(inputs.expiry, nowSeconds(context.dependencies));
    const what = `key ${quoteUntrusted(currentId)} of service user ${quoteUntrusted(serviceUserId)}`;
    const expiryText =
      newKeyExpiresAt === null ? 'never expiring' : `expiring ${isoTime(newKeyExpiresAt)}`;
    const fate = inputs.revokeCurrent
      ? 'revoking the current key'
      : 'keeping the current key active';
    if (inputs.dryRun) {
      runtime.info(
        'Dry run: the inputs and the credential kind are valid. A real run would rotate ' +
          `${what} to a new key ${expiryText}, ${fate}; nothing was changed.`,
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
      runtime.info(rotatedLine(what, rotated.api_key_id, expiryText, inputs.revokeCurrent));
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
  });
}
