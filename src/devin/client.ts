import type { z } from 'zod';
import { ActionError, explain } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import {
  DevinApiError,
  httpFailure,
  malformedBodyFailure,
  networkFailure,
  type CallContext,
  type StatusHint,
} from './errors.ts';
import {
  ApiKeyResponse,
  ApiKeyWithTokenResponse,
  SelfResponse,
  ServiceKeyResponse,
  ServiceUser,
  ServiceUserPage,
  EnterpriseKeyPage,
  EnterpriseKeyWithValuePage,
  SuccessResponse,
  type ApiKeyPage,
  type EnterpriseKey,
} from './schemas.ts';
import { matchKeyValue, type ValueMatch } from './key-value.ts';
import type { KeyStatusFilter } from './key-status.ts';
import {
  NetworkError,
  Transport,
  pathSegment,
  type ApiRequest,
  type TransportOptions,
} from './transport.ts';

/**
 * The Devin endpoints the action uses, each a typed call. There is deliberately no call for
 * `DELETE /v2/enterprise/api-keys` without an id: it revokes every key of the enterprise.
 */
export class DevinClient {
  private readonly transport: Transport;
  private readonly timeoutSeconds: number;
  /** ApiKeyPage, compiled; loaded with the first page this client lists. */
  private pageSchema: typeof ApiKeyPage | undefined;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
    this.timeoutSeconds = options.timeoutMs / 1000;
  }

  /** `POST /v2/enterprise/api-keys`: a new service API key (apk_…) for one organization. */
  provisionServiceKey(orgId: string): Promise<ServiceKeyResponse> {
    const org = quoteUntrusted(orgId);
    return this.call(
      {
        method: 'POST',
        path: '/v2/enterprise/api-keys',
        body: { org_id: orgId },
        secretFields: ['api_key'],
      },
      ServiceKeyResponse,
      {
        purpose: `provision a service API key for organization ${org}`,
        credential: 'personal-key',
        apiVersion: 'v2',
        notFound: `organization ${org} does not exist in your enterprise or is out of your reach`,
        mint: { howToCheck: howToFindProvisionedKey(orgId) },
      },
    );
  }

  /**
   * One page of `GET /v2/enterprise/api-keys`, of one organization or (no `orgId`) of the
   * whole enterprise. Items come without `api_key_value`: its parser leaves it out.
   */
  listEnterpriseKeysPage(query: EnterpriseKeysQuery): Promise<EnterpriseKeyPage> {
    return this.call(enterpriseKeysRequest(query), EnterpriseKeyPage, enterpriseKeysContext(query));
  }

  /**
   * The same page, each key compared with `token` (a key the action holds) by its
   * `api_key_value`, which is then dropped: the value, a secret, never leaves this call.
   */
  async listEnterpriseKeysComparedPage(
    query: EnterpriseKeysQuery,
    token: string | undefined,
  ): Promise<{ items: ComparedEnterpriseKey[]; has_more: boolean; next_cursor?: number | null }> {
    const page = await this.call(
      enterpriseKeysRequest(query),
      EnterpriseKeyWithValuePage,
      enterpriseKeysContext(query),
    );
    const items = page.items.map(({ api_key_value, ...key }) => ({
      ...key,
      valueMatch: matchKeyValue(api_key_value, token),
    }));
    return { items, has_more: page.has_more, next_cursor: page.next_cursor };
  }

  /**
   * `DELETE /v2/enterprise/api-keys/{id}`: revokes one key of the enterprise. The id is checked
   * before any request is formed, so that the path always names one key: the same path without
   * an id revokes every key of the enterprise.
   */
  async revokeEnterpriseKey(apiKeyId: string): Promise<void> {
    const key = quoteUntrusted(apiKeyId);
    await this.call({ method: 'DELETE', path: enterpriseKeyPath(apiKeyId) }, SuccessResponse, {
      purpose: `revoke API key ${key} of the enterprise`,
      credential: 'personal-key',
      apiVersion: 'v2',
      notFound: `no active key of the enterprise has the id ${key} (it may be revoked already)`,
    });
  }

  /**
   * `GET /v3/self`: whose a service user credential is; with `key`, whose that key is (a key
   * just minted, tried once before it is stored).
   */
  getSelf(key?: string): Promise<SelfResponse> {
    return this.call(
      { method: 'GET', path: '/v3/self', ...(key === undefined ? {} : { bearer: key }) },
      SelfResponse,
      v3Context({
        purpose: 'find out which service user the credential belongs to (GET /v3/self)',
        notFound: 'the deployment does not serve the v3 API yet',
      }),
    );
  }

  /**
   * One page of `GET /v3beta1/enterprise/service-users/{id}/api-keys`. Past the first page, the
   * request is dispatched before this returns: paging overlaps a page's work with the next.
   */
  listServiceUserKeysPage(
    serviceUserId: string,
    page: { status: KeyStatusFilter; first: number; after?: string },
  ): Promise<ApiKeyPage> {
    const schema = this.pageSchema;
    if (schema === undefined) {
      return import('./compiled-page.ts').then(({ CompiledApiKeyPage }) => {
        this.pageSchema = CompiledApiKeyPage;
        return this.listServiceUserKeysPage(serviceUserId, page);
      });
    }
    const user = quoteUntrusted(serviceUserId);
    return this.call(
      {
        method: 'GET',
        path: this.serviceUserKeysPath(serviceUserId),
        query: { status: page.status, first: page.first, after: page.after },
      },
      schema,
      v3Context({
        purpose: `list the API keys of service user ${user}`,
        notFound: noSuchServiceUser(user),
      }),
    );
  }

  /**
   * One page of `GET {version}/enterprise/members/service-users`, inactive service users
   * (expired, removed) included. `version` is v3, or v3beta1 on older deployments.
   */
  listEnterpriseServiceUsersPage(
    version: 'v3' | 'v3beta1',
    page: { first: number; after?: string },
  ): Promise<ServiceUserPage> {
    const path = `/${version}/enterprise/members/service-users`;
    return this.call(
      {
        method: 'GET',
        path,
        query: { first: page.first, after: page.after, include_inactive: 'true' },
      },
      ServiceUserPage,
      v3Context({
        purpose: `list the service users of the enterprise (GET ${path})`,
        permission: 'ViewAccountMembership',
        notFound: `the deployment does not serve ${path}`,
      }),
    );
  }

  /** `GET /v3/enterprise/members/service-users/{id}`: one service user, with its expiry. */
  getEnterpriseServiceUser(serviceUserId: string): Promise<ServiceUser> {
    const user = quoteUntrusted(serviceUserId);
    return this.call(
      {
        method: 'GET',
        path: `/v3/enterprise/members/service-users/${pathSegment(serviceUserId)}`,
      },
      ServiceUser,
      v3Context({
        purpose: `read service user ${user}`,
        permission: 'ViewAccountMembership',
        notFound: noSuchServiceUser(user),
      }),
    );
  }

  /** The API's origin, for messages. */
  get origin(): string {
    return this.transport.origin;
  }

  private serviceUserKeysPath(serviceUserId: string, apiKeyId?: string): string {
    const keys = `/v3beta1/enterprise/service-users/${pathSegment(serviceUserId)}/api-keys`;
    return apiKeyId === undefined ? keys : `${keys}/${pathSegment(apiKeyId)}`;
  }

  /** `POST …/service-users/{id}/api-keys`: a new key; its token is shown this once. */
  createServiceUserKey(
    serviceUserId: string,
    key: { name: string; expiresAt: number | null },
  ): Promise<ApiKeyWithTokenResponse> {
    const user = quoteUntrusted(serviceUserId);
    const name = quoteUntrusted(key.name);
    return this.call(
      {
        method: 'POST',
        path: this.serviceUserKeysPath(serviceUserId),
        body: { name: key.name, expires_at: key.expiresAt },
        secretFields: ['token'],
      },
      ApiKeyWithTokenResponse,
      v3Context({
        purpose: `create an API key named ${name} for service user ${user}`,
        notFound: noSuchServiceUser(user),
        mint: { howToCheck: howToFindCreatedKey(user, name) },
      }),
    );
  }

  /** `POST …/api-keys/{id}/rotate`: a new key in place of one, optionally keeping the old. */
  rotateServiceUserKey(
    serviceUserId: string,
    apiKeyId: string,
    rotation: { newKeyExpiresAt: number | null; revokeCurrent: boolean },
  ): Promise<ApiKeyWithTokenResponse> {
    const key = quoteUntrusted(apiKeyId);
    const user = quoteUntrusted(serviceUserId);
    return this.call(
      {
        method: 'POST',
        path: `${this.serviceUserKeysPath(serviceUserId, apiKeyId)}/rotate`,
        body: {
          new_key_expires_at: rotation.newKeyExpiresAt,
          revoke_current: rotation.revokeCurrent,
        },
        secretFields: ['token'],
      },
      ApiKeyWithTokenResponse,
      v3Context({
        purpose: `rotate API key ${key} of service user ${user}`,
        notFound: noSuchKey(key, user),
        statusHints: { 400: inactiveKeyHint(key) },
        mint: { howToCheck: howToFindRotatedKey(user, key) },
      }),
    );
  }

  /**
   * `DELETE …/api-keys/{id}`: revokes one key. A key that was already revoked (409) counts as
   * done: the caller wanted it revoked, and it is.
   */
  async revokeServiceUserKey(
    serviceUserId: string,
    apiKeyId: string,
  ): Promise<'revoked' | 'already-revoked'> {
    const key = quoteUntrusted(apiKeyId);
    const user = quoteUntrusted(serviceUserId);
    try {
      await this.call(
        { method: 'DELETE', path: this.serviceUserKeysPath(serviceUserId, apiKeyId) },
        ApiKeyResponse,
        v3Context({
          purpose: `revoke API key ${key} of service user ${user}`,
          notFound: noSuchKey(key, user),
        }),
      );
      return 'revoked';
    } catch (error) {
      if (error instanceof DevinApiError && error.status === 409) return 'already-revoked';
      throw error;
    }
  }

  /** Sends, then turns the answer into typed data or an error that explains itself. */
  private async call<Schema extends z.ZodType>(
    apiRequest: ApiRequest,
    schema: Schema,
    ctx: CallContext,
  ): Promise<z.infer<Schema>> {
    const origin = this.transport.origin;
    let response;
    try {
      response = await this.transport.send(apiRequest);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      throw networkFailure(error, ctx, origin, this.timeoutSeconds);
    }
    if (response.status < 200 || response.status >= 300) throw httpFailure(response, ctx, origin);
    const parsed = schema.safeParse(response.json);
    if (parsed.success) return parsed.data;
    const notJson = response.malformed || response.json === undefined;
    throw malformedBodyFailure(response, ctx, notJson ? undefined : parsed.error.issues);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/** One page of the v2 listing: `perPage` 1–100; `orgId` narrows it to one organization. */
export interface EnterpriseKeysQuery {
  page: number;
  perPage: number;
  orgId?: string | undefined;
}

/** A listed key and what its value says of a key the action holds; never the value itself. */
export type ComparedEnterpriseKey = EnterpriseKey & { valueMatch: ValueMatch };

/** The most v2 serves in one page. */
export const ENTERPRISE_PAGE_SIZE = 100;

function enterpriseKeysRequest(query: EnterpriseKeysQuery): ApiRequest {
  return {
    method: 'GET',
    path: '/v2/enterprise/api-keys',
    query: { page: query.page, per_page: query.perPage, org_id: query.orgId },
  };
}

function enterpriseKeysContext(query: EnterpriseKeysQuery): CallContext {
  const whose =
    query.orgId === undefined ? 'the enterprise' : `organization ${quoteUntrusted(query.orgId)}`;
  return {
    purpose: `list the API keys of ${whose} (page ${query.page})`,
    credential: 'personal-key',
    apiVersion: 'v2',
    notFound:
      query.orgId === undefined
        ? 'the deployment does not serve GET /v2/enterprise/api-keys'
        : `organization ${quoteUntrusted(query.orgId)} does not exist in your enterprise`,
  };
}

/**
 * What a v2 key id may hold (`apk-…`): letters, digits, `-`, `_`, and dots inside. Nothing that
 * a server or proxy could read as a path separator, a dot segment or an escape.
 */
const ENTERPRISE_KEY_ID = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** `/v2/enterprise/api-keys/{id}`, or an error when the id could make it name anything else. */
export function enterpriseKeyPath(apiKeyId: string): string {
  if (!ENTERPRISE_KEY_ID.test(apiKeyId)) throw new ActionError(unusableKeyIdMessage(apiKeyId));
  return `/v2/enterprise/api-keys/${pathSegment(apiKeyId)}`;
}

function unusableKeyIdMessage(apiKeyId: string): string {
  return explain({
    problem:
      `${quoteUntrusted(apiKeyId)} cannot be a v2 key id (ids look like apk-…: letters, ` +
      'digits, - and _); no request was sent, since DELETE /v2/enterprise/api-keys without a ' +
      'whole id revokes every key of the enterprise.',
    fix: "pass the key's id as the listing shows it (GET /v2/enterprise/api-keys).",
  });
}

/** The context of a v3 call: every v3 endpoint takes a service user credential. */
function v3Context(context: Omit<CallContext, 'credential' | 'apiVersion'>): CallContext {
  return { credential: 'service-user-credential', apiVersion: 'v3', ...context };
}

// What the messages of the calls say. Ids and names come in quoted (`quoteUntrusted`); the
// organization id of a URL comes in raw, and is encoded.

function noSuchServiceUser(user: string): string {
  return `service user ${user} does not exist in your enterprise`;
}

function noSuchKey(key: string, user: string): string {
  return `key ${key} does not exist for service user ${user}`;
}

function inactiveKeyHint(key: string): StatusHint {
  return {
    problem: `key ${key} is not active (it was revoked or has expired), so it cannot be rotated`,
    fix: 'rotate an active key, or make a new one with operation create.',
  };
}

function howToFindProvisionedKey(orgId: string): string {
  return (
    "To check: list the organization's keys in the Devin web app (Enterprise Settings) or with " +
    `GET /v2/enterprise/api-keys?org_id=${encodeURIComponent(orgId)}, and revoke any key nobody ` +
    "received with DELETE /v2/enterprise/api-keys/{api_key_id} (always with the key's id: " +
    'without one, that call revokes every key of the enterprise). Then run the job again.'
  );
}

function howToFindCreatedKey(user: string, name: string): string {
  return (
    `To check: list the keys of service user ${user} and revoke any named ${name} that ` +
    'nobody received.'
  );
}

function howToFindRotatedKey(user: string, key: string): string {
  return (
    `To check: list the keys of service user ${user}; a key with the same name as ${key}, ` +
    `created just now, is the new one. Revoke it if nobody received it, and check whether ${key} ` +
    'was revoked.'
  );
}
