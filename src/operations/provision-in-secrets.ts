import { quoteUntrusted } from '../base/untrusted.ts';
import type { ProvisionInputs } from '../inputs/parsers.ts';
import type { SecretStore } from '../inputs/secret-targets.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { otherOrganizationWarning } from './provision.ts';
import {
  howToFindOrgKey,
  provisionListed,
  revokeMintedKey,
  revokeReplacedKey,
  type MintWindow,
} from './provisioned-keys.ts';
import { storeInSecrets, type MintedKey } from './secrets/engine.ts';
import { MINT_TO_STORE_SECONDS } from './secrets/plan.ts';

/** What a target's secret was before this run: when it was last written, if it exists. */
interface Previous {
  writtenAt: number | undefined;
}

/**
 * `provision` with secret_name: one new service key of the organization per target. The
 * organization's keys are listed just before each minting, so that a key that cannot be stored
 * (or whose answer is lost) is found among the new ones and revoked by id, and the key a
 * re-run replaces is found among the old ones and revoked, each only when it can be told apart.
 */
/**
 * What heals a target of provision: a new key for it. Where a write's outcome was unknown, either
 * the new key or the one before is then held by no secret, and only a person can tell which.
 */
function provisionAgain(orgId: string): string {
  return (
    'run the job again: it provisions and stores a new key for every target. Where a write ' +
    `ended without an answer, one key may then be held by no secret: ${howToFindOrgKey(orgId)}.`
  );
}

export async function provisionInSecrets(
  inputs: ProvisionInputs & { secrets: SecretStore },
  context: OperationContext,
): Promise<void> {
  const { runtime } = context;
  const org = quoteUntrusted(inputs.orgId);
  const clock = (): number => nowSeconds(context.dependencies);
  await withDevinClient(inputs, context, async (client) => {
    const windows = new Map<MintedKey, MintWindow>();
    await storeInSecrets(
      inputs.secrets,
      inputs,
      {
        heading: 'Devin service keys provisioned into secrets',
        rerun: provisionAgain(inputs.orgId),
        prepare: async (target, secrets): Promise<Previous> => {
          const times = await secrets.secretTimes(target);
          return {
            writtenAt: times === undefined ? undefined : Math.floor(times.updatedAtMs / 1000),
          };
        },
        actionOf: (previous) => (previous.writtenAt === undefined ? 'created' : 'replaced'),
        // A service key (apk_…) works with the v1 API only, which this action does not call.
        verify: () => Promise.resolve(),
        plan: (_target, previous) =>
          `provision a service key (apk_…) of organization ${org}` +
          (previous.writtenAt === undefined
            ? ''
            : ', and revoke the key it replaces if it can be identified'),
        mint: async () => {
          const { window, issued } = await provisionListed(client, inputs.orgId, clock);
          if (issued.org_id !== inputs.orgId) {
            runtime.warning(otherOrganizationWarning(inputs.orgId, issued.org_id));
          }
          const key = { token: issued.api_key, apiKeyId: null, apiKeyName: null, expiresAt: null };
          windows.set(key, window);
          return key;
        },
        discard: async (_target, key) => {
          const window = windows.get(key);
          if (window === undefined) return Promise.resolve('was not found');
          const { revoked, fate } = await revokeMintedKey(client, window, key.token, clock());
          if (!revoked) {
            runtime.warning(`Orphaned service key: the key for a target ${fate}.`, {
              title: 'Orphaned Devin service key',
            });
          }
          return fate;
        },
        afterStored: async (_target, key, previous) => {
          const window = windows.get(key);
          if (previous.writtenAt === undefined || window === undefined) return '';
          const replaced = await revokeReplacedKey(client, window, key.token, {
            writtenAt: previous.writtenAt,
            storeSeconds: MINT_TO_STORE_SECONDS,
          });
          if ('line' in replaced) return replaced.line;
          runtime.warning(replaced.warning, { title: 'Replaced Devin service key still active' });
          return '';
        },
      },
      context,
    );
  });
}
