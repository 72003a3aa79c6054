import type { RevokeInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { ownServiceUserId, resolveKey } from './service-user.ts';

type V3Revoke = Extract<RevokeInputs, { apiVersion: 'v3' }>;

/** Revokes one key: a service user's (v3), or with a personal key an organization's (v2). */
export async function revoke(inputs: RevokeInputs, context: OperationContext): Promise<void> {
  if (inputs.apiVersion === 'v2') {
    await (await import('./revoke-org-key.ts')).revokeOrgKey(inputs, context);
    return;
  }
  await revokeServiceUserKey(inputs, context);
}

/** Revokes one service user key. A key already revoked is success with a notice: it is what was asked. */
async function revokeServiceUserKey(inputs: V3Revoke, context: OperationContext): Promise<void> {
  const { runtime } = context;
  await withDevinClient(inputs, context, async (client) => {
    const serviceUserId = inputs.serviceUserId ?? (await ownServiceUserId(client));
    const resolved = await resolveKey(client, serviceUserId, inputs.key);
    const apiKeyId = resolved.id;
    const what = `key ${quoteUntrusted(apiKeyId)} of service user ${quoteUntrusted(serviceUserId)}`;
    if (inputs.dryRun) {
      runtime.info(`Dry run: a real run would revoke ${what}; nothing was changed.`);
      return;
    }
    // A name that only matches dead keys needs no call: what was asked is already so.
    const outcome = resolved.active
      ? await client.revokeServiceUserKey(serviceUserId, apiKeyId)
      : 'already-revoked';
    runtime.setOutput('api_key_id', apiKeyId);
    if (outcome === 'already-revoked') {
      runtime.notice(`The ${what} was already revoked (or has expired); nothing to do.`, {
        title: 'Key already revoked',
      });
    } else {
      runtime.info(`Revoked ${what}.`);
    }
    await runtime.appendSummary(
      keySummary({
        heading:
          outcome === 'revoked' ? 'Devin API key revoked' : 'Devin API key was already revoked',
        serviceUserId,
        apiKeyId,
        apiKeyName: 'name' in inputs.key ? inputs.key.name : undefined,
      }),
    );
  });
}
