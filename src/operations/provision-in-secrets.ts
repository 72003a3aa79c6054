import { isoTime } from '../base/time.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { ProvisionInputs } from '../inputs/parsers.ts';
import type { SecretStore } from '../inputs/secret-targets.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { otherOrganizationWarning } from './provision.ts';
import { storeInSecrets } from './secrets/engine.ts';

function orphanedKey(orgId: string, at: string): string {
  const org = quoteUntrusted(orgId);
  return (
    `is orphaned: a service key of organization ${org} minted at ${at}, held by nobody. The v2 ` +
    "answer carries no id, so the action cannot revoke it. Fix: list the organization's keys " +
    `(GET /v2/enterprise/api-keys?org_id=${orgId}, or the web app), find the key created at ` +
    `${at}, and revoke it with DELETE /v2/enterprise/api-keys/{api_key_id}`
  );
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
  await withDevinClient(inputs, context, async (client) => {
    await storeInSecrets(
      inputs.secrets,
      inputs,
      {
        heading: 'Devin service keys provisioned into secrets',
        rerun: 'run the job again: it provisions and stores a new key for every target.',
        prepare: async () => Promise.resolve(undefined),
        actionOf: () => 'created',
        // A service key (apk_…) works with the v1 API only, which this action does not call.
        verify: () => Promise.resolve(),
        plan: () => `provision a service key (apk_…) of organization ${org}`,
        mint: async () => {
          const issued = await client.provisionServiceKey(inputs.orgId);
          if (issued.org_id !== inputs.orgId) {
            runtime.warning(otherOrganizationWarning(inputs.orgId, issued.org_id));
          }
          return { token: issued.api_key, apiKeyId: null, apiKeyName: null, expiresAt: null };
        },
        discard: () => {
          const message = orphanedKey(inputs.orgId, isoTime(nowSeconds(context.dependencies)));
          runtime.warning(`Orphaned service key: the key for a target ${message}.`, {
            title: 'Orphaned Devin service key',
          });
          return Promise.resolve(message);
        },
        afterStored: () => Promise.resolve(''),
      },
      context,
    );
  });
}
