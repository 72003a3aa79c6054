import type { ServiceUserFacts } from '../audit/service-users.ts';
import { explain } from '../base/errors.ts';
import { ID_RULE, isUsableId } from '../base/ids.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { DevinClient } from '../devin/client.ts';
import { DevinApiError } from '../devin/errors.ts';
import { forEachPage, PAGE_SIZE } from '../devin/paging.ts';
import type { ServiceUser, ServiceUserPage } from '../devin/schemas.ts';

const LISTING = 'the service users of the enterprise';
const V3_PATH = '/v3/enterprise/members/service-users';
const V3BETA1_PATH = '/v3beta1/enterprise/members/service-users';

const NEEDS_MEMBERSHIP =
  'service_user_id: all lists the service users of the enterprise, which needs a credential ' +
  'whose service user holds ViewAccountMembership at enterprise level (Enterprise Settings > ' +
  'Service Users); without it, name the service users in service_user_id instead.';

function listingNotFound(origin: string): string {
  return explain({
    problem:
      `Could not list ${LISTING}: ${origin} answered HTTP 404 on GET ${V3_PATH} and on the older ` +
      `GET ${V3BETA1_PATH}.`,
    causes:
      'base_url is not the Devin API of your deployment; or the deployment does not serve the ' +
      'listing of service users (it needs ViewAccountMembership).',
    fix:
      'set base_url to https://api.devin.ai or to your dedicated Enterprise API domain; or name ' +
      'the service users in service_user_id instead of all.',
  });
}

function unusableServiceUserId(id: string): string {
  return explain({
    problem:
      `The API named a service user the action cannot use: the listing of ${LISTING} holds ` +
      `${quoteUntrusted(id)}, and an id must be ${ID_RULE}.`,
    fix: 'name the service users to audit in service_user_id instead of all, and report this to Devin support.',
  });
}

function factsOf(user: ServiceUser): ServiceUserFacts {
  return { id: user.service_user_id, name: user.name, expiresAt: user.expires_at };
}

/**
 * Every service user of the enterprise, inactive ones too (an expired service user is a
 * finding), through all pages. The v3 path first; a 404 there may be an older deployment, so
 * the v3beta1 path is tried once. A listing that fails for want of access ends in an error that
 * names ViewAccountMembership. Ids are held to the id rule: they go into URL paths.
 */
export async function listEnterpriseServiceUsers(client: DevinClient): Promise<ServiceUserFacts[]> {
  let version: 'v3' | 'v3beta1' = 'v3';
  const firstPage = async (): Promise<ServiceUserPage> => {
    try {
      return await client.listEnterpriseServiceUsersPage('v3', { first: PAGE_SIZE });
    } catch (error) {
      if (!(error instanceof DevinApiError) || error.status !== 404) throw error;
    }
    version = 'v3beta1';
    try {
      return await client.listEnterpriseServiceUsersPage('v3beta1', { first: PAGE_SIZE });
    } catch (error) {
      if (!(error instanceof DevinApiError) || error.status !== 404) throw error;
      throw new DevinApiError(listingNotFound(client.origin), 404);
    }
  };
  const users = new Map<string, ServiceUserFacts>();
  try {
    await forEachPage(
      (after) =>
        after === undefined
          ? firstPage()
          : client.listEnterpriseServiceUsersPage(version, { first: PAGE_SIZE, after }),
      (items) => {
        for (const item of items) {
          if (!isUsableId(item.service_user_id)) {
            throw new DevinApiError(unusableServiceUserId(item.service_user_id));
          }
          // A service user listed twice (the listing moved under the cursor) is audited once.
          if (!users.has(item.service_user_id)) users.set(item.service_user_id, factsOf(item));
        }
      },
      LISTING,
    );
  } catch (error) {
    const status = error instanceof DevinApiError ? error.status : undefined;
    if (status === 401 || status === 403) {
      throw new DevinApiError(`${(error as Error).message}\n${NEEDS_MEMBERSHIP}`, status);
    }
    throw error;
  }
  return [...users.values()];
}

/**
 * A named service user as a member of the enterprise, for its expiry; its id is the one asked
 * for. Undefined with the status when the credential may not read it (403) or the API does not
 * know it as a member (404): the keys are audited anyway, and the listing of keys says whether
 * the service user exists.
 */
export async function readServiceUser(
  client: DevinClient,
  serviceUserId: string,
): Promise<{ facts: ServiceUserFacts } | { unreadable: number }> {
  try {
    const user = await client.getEnterpriseServiceUser(serviceUserId);
    return { facts: { ...factsOf(user), id: serviceUserId } };
  } catch (error) {
    if (error instanceof DevinApiError && (error.status === 403 || error.status === 404)) {
      return { unreadable: error.status };
    }
    throw error;
  }
}
