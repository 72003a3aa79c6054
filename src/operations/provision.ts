import type { ProvisionInputs } from '../inputs/parsers.ts';
import { provisionSummary } from '../summary/provision-summary.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { withDevinClient, type OperationContext } from './context.ts';
import { nowSeconds } from './dependencies.ts';
import { provisionListed } from './provisioned-keys.ts';

/** The API issued a key for another organization than the one asked for. */
export function otherOrganizationWarning(asked: string, issuedFor: string): string {
  return (
    `Asked for a key for organization ${quoteUntrusted(asked)}, but the API says it issued one ` +
    `for ${quoteUntrusted(issuedFor)}.`
  );
}

/**
 * Mints a service API key for one organization (v2) and hands it to later steps. The client
 * masks the key the moment it parses the answer, before this code ever sees it; a key whose
 * answer is lost is looked for in the organization's listing and revoked.
 */
export async function provision(inputs: ProvisionInputs, context: OperationContext): Promise<void> {
  const { runtime } = context;
  const org = quoteUntrusted(inputs.orgId);
  const apiOrigin = inputs.baseUrl.origin;

  if (inputs.dryRun) {
    runtime.info(
      'Dry run: the inputs and the credential kind are valid. A real run would send ' +
        `POST /v2/enterprise/api-keys to ${apiOrigin} for organization ${org}; nothing was sent.`,
    );
    runtime.setOutput('org_id', inputs.orgId);
    await runtime.appendSummary(provisionSummary({ orgId: inputs.orgId, apiOrigin, dryRun: true }));
    return;
  }

  runtime.startGroup(`Provisioning a service API key for organization ${org}`);
  try {
    const { issued } = await withDevinClient(inputs, context, (client) =>
      provisionListed(client, inputs.orgId, () => nowSeconds(context.dependencies)),
    );
    runtime.setOutput('api_key', issued.api_key);
    runtime.setOutput('org_id', issued.org_id);
    if (issued.org_id !== inputs.orgId) {
      runtime.warning(otherOrganizationWarning(inputs.orgId, issued.org_id));
    }
    runtime.info(
      `Issued a service API key (apk_…) for organization ${quoteUntrusted(issued.org_id)}. ` +
        'It is masked in the log; later steps read it from the api_key output.',
    );
  } finally {
    runtime.endGroup();
  }
  await runtime.appendSummary(provisionSummary({ orgId: inputs.orgId, apiOrigin, dryRun: false }));
}
