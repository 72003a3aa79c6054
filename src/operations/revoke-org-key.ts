import { quoteUntrusted } from '../base/untrusted.ts';
import type { RevokeInputs } from '../inputs/parsers.ts';
import { keySummary } from '../summary/key-summary.ts';
import { withDevinClient, type OperationContext } from './context.ts';

type V2Revoke = Extract<RevokeInputs, { apiVersion: 'v2' }>;

/**
 * Revokes one key of the enterprise by its id (v2, an Enterprise admin's personal key). The
 * client refuses an id that could make the request name anything but that one key.
 */
export async function revokeOrgKey(inputs: V2Revoke, context: OperationContext): Promise<void> {
  const { runtime } = context;
  const apiKeyId = inputs.key.id;
  const what = `organization key ${quoteUntrusted(apiKeyId)}`;
  if (inputs.dryRun) {
    runtime.info(`Dry run: a real run would revoke ${what} (v2); nothing was changed.`);
    return;
  }
  await withDevinClient(inputs, context, (client) => client.revokeEnterpriseKey(apiKeyId));
  runtime.setOutput('api_key_id', apiKeyId);
  runtime.info(`Revoked ${what}.`);
  await runtime.appendSummary(
    keySummary({
      heading: 'Devin API key revoked',
      serviceUserId: undefined,
      apiKeyId,
      apiKeyName: undefined,
      rows: [['API', 'v2 (organization key)']],
    }),
  );
}
