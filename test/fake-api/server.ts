/**
 * A stand-in for the Devin API on 127.0.0.1, written from api/devin-keys.openapi.yaml and
 * api/README.md, independently of src/ (so it can catch the client's misreadings), with
 * scriptable faults. Used by the end-to-end tests, the demo and the benchmark.
 * Runs under jest and directly under Node 24 (erasable TypeScript, `.ts` imports, built-ins).
 *
 * Who a bearer is: `adminKeys` pass v2; `personalKeys`, `serviceKeys` and every service key v2
 * provisions get v2's and v3's 403. A service user's `credential`, and the token of each key of
 * it that create or rotate minted (or that a seed gives), authenticate as that service user on
 * v3; a key's token answers 401 once the key is revoked or has expired, or its service user is
 * removed or has expired. Any key revoked through v2 answers 401.
 *
 * The enterprise's keys under v2 (enterprise-keys.ts): every key `POST /v2/enterprise/api-keys`
 * provisions, listed by `GET /v2/enterprise/api-keys` and revoked by `DELETE …/{id}`; `DELETE
 * /v2/enterprise/api-keys` revokes them all, and the admin's keys too, as the API documents.
 * - `enterpriseKeys: [{ id?, org_id, user?: { id, email? }, api_key?, created_at?, revoked_at?,
 *   appearsAfter? }]`: keys besides those POST makes (a user's personal key when `user` is
 *   given, else a service key); `addEnterpriseKey(seed)` adds one later.
 * - `orgNames: { [orgId]: name }`: the listing's `org_name` (null for an organization without).
 * - `apiKeyValue: 'whole' | 'masked' | null`: what the listing's `api_key_value` holds, which the
 *   reference leaves open: the whole key (the default, the strictest for leak tests: a printed
 *   value is a whole canary), its prefix and last four characters (`apk_****wxyz`), or null.
 * - `provisionedKeysAppearAfter: { listings?, ms? }`: each key POST makes stays out of that many
 *   listing answers, or out of the listing for that long: a key whose minting answer was lost
 *   and that the listing shows late. Seeds take the same as `appearsAfter`.
 * - `concurrentProvisions: true`: each POST also makes a second service key of its organization
 *   with the same `created_at`, by someone else (its value is answered to nobody).
 * Two keys made while `now` stands still share their `created_at` too.
 * Accessors: `enterpriseKeys()` (every key as it is now: id, org, created_at, whether revoked
 * and listed, how it was made), `revokedEverything()` (whether `DELETE /v2/enterprise/api-keys`
 * took effect; every attempt is in `requests`).
 *
 * Clock: `now` (UNIX seconds) dates every key; listing delays in milliseconds read `now() * 1000`
 * when `now` is given, else the wall clock.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultPlan, answersItself, type Fault } from '../support/faults.ts';
import { legacyError, problem, validationError, type Answer } from './answers.ts';
import {
  createEnterpriseKeys,
  type ApiKeyValueMode,
  type EnterpriseKeyRecord,
  type FakeEnterpriseKeySeed,
  type ListingDelay,
} from './enterprise-keys.ts';

export type { Fault };
export type { ApiKeyValueMode, EnterpriseKeyRecord, FakeEnterpriseKeySeed, ListingDelay };
export { isoTime, maskedKeyValue } from './enterprise-keys.ts';

export interface FakeKeySeed {
  api_key_id?: string;
  api_key_name: string;
  created_at?: number;
  expires_at?: number | null;
  last_used_at?: number | null;
  revoked_at?: number | null;
  /** The key's token, which then authenticates as its service user like a minted one. */
  token?: string;
}

export interface FakeServiceUser {
  id: string;
  name?: string;
  /** The cog_… credential that authenticates as this service user. */
  credential: string;
  /** ManageAccountServiceUsers at enterprise level; default true. */
  canManageServiceUsers?: boolean;
  /** ViewAccountMembership at enterprise level (list and read service users); default true. */
  canViewMembership?: boolean;
  /** When the service user itself expires, UNIX seconds; null or left out: never. */
  expiresAt?: number | null;
  /** Removed from the enterprise: listed only with include_inactive=true; its keys answer 404. */
  removed?: boolean;
  keys?: FakeKeySeed[];
}

export interface FakeDevinApiOptions {
  /** apk_user_… keys of Enterprise admins: accepted by v2. */
  adminKeys?: string[];
  /** apk_user_… keys of users without the admin role: v2 answers 403. */
  personalKeys?: string[];
  /** apk_… organization service keys: v1 only, so v2 and v3 answer 403. */
  serviceKeys?: string[];
  orgIds?: string[];
  serviceUsers?: FakeServiceUser[];
  /** The server serves at most this many items per page, whatever `first` asks (default 200). */
  maxPageSize?: number;
  /** Current UNIX time in seconds. */
  now?: () => number;
  port?: number;
  /** Every answer waits this long, as over a real network (the benchmark's latency). */
  latencyMs?: number;
  /**
   * The versions under which `…/enterprise/members/service-users` is served (default v3 only);
   * an older deployment serves only v3beta1, and the other path answers 404.
   */
  membersApiVersions?: ('v3' | 'v3beta1')[];
  /** Keys of the enterprise besides those POST provisions (see the header). */
  enterpriseKeys?: FakeEnterpriseKeySeed[];
  /** The v2 listing's `org_name` by organization id. */
  orgNames?: Record<string, string>;
  /** What the v2 listing's `api_key_value` holds (default 'whole'). */
  apiKeyValue?: ApiKeyValueMode;
  /** Keys POST provisions stay out of the v2 listing for this long. */
  provisionedKeysAppearAfter?: ListingDelay;
  /** Each POST also makes a twin service key of its organization at the same moment. */
  concurrentProvisions?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export interface ApiKeyRecord {
  api_key_id: string;
  api_key_name: string;
  created_at: number;
  expires_at: number | null;
  is_active: boolean;
  last_used_at: number | null;
  revoked_at: number | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface FakeDevinApi {
  url: string;
  requests: RecordedRequest[];
  fail(...faults: Fault[]): void;
  mintedTokens(): string[];
  keysOf(serviceUserId: string): ApiKeyRecord[];
  provisionedKeys(): { api_key: string; org_id: string }[];
  addServiceUser(user: FakeServiceUser): void;
  /** Every key of the enterprise as v2 knows it, revoked ones included. */
  enterpriseKeys(): EnterpriseKeyRecord[];
  addEnterpriseKey(seed: FakeEnterpriseKeySeed): EnterpriseKeyRecord;
  /** Whether `DELETE /v2/enterprise/api-keys` (without an id) was answered and took effect. */
  revokedEverything(): boolean;
  close(): Promise<void>;
}

interface StoredKey {
  api_key_id: string;
  api_key_name: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  /** Null for a seeded key whose token no test knows. */
  token: string | null;
}

/** Who the bearer is, once the credential was accepted. */
type Principal =
  { kind: 'admin' | 'personal' | 'service' } | { kind: 'service-user'; user: FakeServiceUser };

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

interface Cursor {
  serviceUserId: string;
  offset: number;
}

/** Cursors are opaque to clients, and the same position always gives the same cursor. */
function writeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.serviceUserId, cursor.offset])).toString('base64url');
}

function readCursor(text: string): Cursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded)) return undefined;
    const [serviceUserId, offset] = decoded as unknown[];
    if (typeof serviceUserId !== 'string' || !Number.isInteger(offset)) return undefined;
    return { serviceUserId, offset: offset as number };
  } catch {
    return undefined;
  }
}

function statusOf(key: StoredKey, now: number): ApiKeyRecord['status'] {
  if (key.revoked_at !== null) return 'revoked';
  if (key.expires_at !== null && key.expires_at <= now) return 'expired';
  return 'active';
}

function keyResponse(key: StoredKey, now: number): Omit<ApiKeyRecord, 'status'> {
  return {
    api_key_id: key.api_key_id,
    api_key_name: key.api_key_name,
    created_at: key.created_at,
    expires_at: key.expires_at,
    is_active: statusOf(key, now) === 'active',
    last_used_at: key.last_used_at,
    revoked_at: key.revoked_at,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `undefined` when valid, else the 422 answer. */
function checkFutureTime(value: unknown, loc: string[], now: number): Answer | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return validationError(loc, 'Input should be a valid integer', 'int_type');
  }
  if (value <= now)
    return validationError(loc, 'Value error, must be in the future', 'value_error');
  return undefined;
}

export async function startFakeDevinApi(options: FakeDevinApiOptions = {}): Promise<FakeDevinApi> {
  const now = options.now ?? ((): number => Math.floor(Date.now() / 1000));
  const clock = options.now;
  const nowMs = (): number => (clock === undefined ? Date.now() : clock() * 1000);
  const maxPageSize = options.maxPageSize ?? 200;
  const adminKeys = new Set(options.adminKeys ?? []);
  const personalKeys = new Set(options.personalKeys ?? []);
  const serviceKeys = new Set(options.serviceKeys ?? []);
  const orgIds = new Set(options.orgIds ?? []);
  const users = new Map<string, FakeServiceUser>();
  const keys = new Map<string, StoredKey[]>();
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan();
  const minted: string[] = [];
  const provisioned: { api_key: string; org_id: string }[] = [];
  const sockets = new Set<Socket>();
  const enterpriseKeys = createEnterpriseKeys(
    {
      now,
      nowMs,
      orgNames: options.orgNames ?? {},
      apiKeyValue: options.apiKeyValue === undefined ? 'whole' : options.apiKeyValue,
      provisionedKeysAppearAfter: options.provisionedKeysAppearAfter,
      concurrentProvisions: options.concurrentProvisions ?? false,
    },
    options.enterpriseKeys,
  );

  const addServiceUser = (user: FakeServiceUser): void => {
    users.set(user.id, user);
    keys.set(
      user.id,
      (user.keys ?? []).map((seed) => ({
        api_key_id: seed.api_key_id ?? `key-${hex(8)}`,
        api_key_name: seed.api_key_name,
        created_at: seed.created_at ?? now() - 86_400,
        expires_at: seed.expires_at ?? null,
        last_used_at: seed.last_used_at ?? null,
        revoked_at: seed.revoked_at ?? null,
        token: seed.token ?? null,
      })),
    );
  };
  for (const user of options.serviceUsers ?? []) addServiceUser(user);

  const mintKey = (serviceUserId: string, name: string, expiresAt: number | null) => {
    const token = `cog_canary${hex(16)}`;
    minted.push(token);
    const key: StoredKey = {
      api_key_id: `key-${hex(8)}`,
      api_key_name: name,
      created_at: now(),
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
      token,
    };
    keys.get(serviceUserId)?.push(key);
    return { api_key_id: key.api_key_id, api_key_name: key.api_key_name, token };
  };

  const isInactive = (user: FakeServiceUser, at: number): boolean =>
    user.removed === true ||
    (user.expiresAt !== undefined && user.expiresAt !== null && user.expiresAt <= at);

  /** A key of a service user by its token: the key, and whose it is. */
  const serviceUserKeyWith = (token: string) => {
    for (const [serviceUserId, stored] of keys) {
      const key = stored.find((candidate) => candidate.token === token);
      const user = users.get(serviceUserId);
      if (key !== undefined && user !== undefined) return { key, user };
    }
    return undefined;
  };

  /** Who the token is, or why it is refused (the 401's detail). */
  const principalFor = (token: string): Principal | string => {
    const enterpriseKey = enterpriseKeys.withValue(token);
    if (enterpriseKey?.revoked === true) return 'API key revoked';
    // The keys of the options are the enterprise's too, listed or not.
    const optionKey = adminKeys.has(token) || personalKeys.has(token) || serviceKeys.has(token);
    if (optionKey && enterpriseKeys.everythingRevoked()) return 'API key revoked';
    if (adminKeys.has(token)) return { kind: 'admin' };
    if (personalKeys.has(token)) return { kind: 'personal' };
    if (serviceKeys.has(token)) return { kind: 'service' };
    if (enterpriseKey !== undefined) {
      return { kind: enterpriseKey.is_service_key ? 'service' : 'personal' };
    }
    const user = [...users.values()].find((candidate) => candidate.credential === token);
    if (user !== undefined) return { kind: 'service-user', user };
    const owned = serviceUserKeyWith(token);
    if (owned === undefined) return 'Invalid API key';
    const at = now();
    const status = statusOf(owned.key, at);
    if (status !== 'active') return `API key ${status}`;
    if (isInactive(owned.user, at)) return 'Service user inactive';
    return { kind: 'service-user', user: owned.user };
  };

  /** The bearer of the Authorization header, or the 401 to answer. */
  const bearer = (request: IncomingMessage, v3: boolean): Principal | Answer => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer (\S+)$/.exec(header);
    const unauthorized = (detail: string): Answer =>
      v3 ? problem(401, detail) : legacyError(401, detail);
    if (match === null) return unauthorized('Not authenticated');
    const principal = principalFor(match[1] ?? '');
    return typeof principal === 'string' ? unauthorized(principal) : principal;
  };

  const isPrincipal = (value: Principal | Answer): value is Principal => 'kind' in value;

  /** v2 takes only an Enterprise admin's personal key: undefined for one, else the 403. */
  const adminRequired = (principal: Principal): Answer | undefined => {
    if (principal.kind === 'admin') return undefined;
    return legacyError(
      403,
      principal.kind === 'personal'
        ? 'Enterprise admin role required'
        : 'This API version requires an Enterprise admin personal API key',
    );
  };

  function handleV2(
    method: string,
    path: string,
    principal: Principal,
    query: Record<string, string>,
    body: unknown,
  ): Answer {
    const one = /^\/v2\/enterprise\/api-keys\/([^/]+)$/.exec(path);
    if (one !== null) {
      if (method !== 'DELETE') return legacyError(405, 'Method Not Allowed');
      return adminRequired(principal) ?? enterpriseKeys.revoke(decodeURIComponent(one[1] ?? ''));
    }
    // With a trailing slash too: a server that strips it would revoke everything, and no
    // spelling of that call may slip past revokedEverything().
    if (method === 'DELETE' && /^\/v2\/enterprise\/api-keys\/?$/.test(path)) {
      return adminRequired(principal) ?? enterpriseKeys.revokeEverything();
    }
    if (path !== '/v2/enterprise/api-keys') return legacyError(404, 'Not Found');
    if (method === 'GET') return adminRequired(principal) ?? enterpriseKeys.list(query);
    if (method !== 'POST') return legacyError(405, 'Method Not Allowed');
    const refused = adminRequired(principal);
    if (refused !== undefined) return refused;
    if (!isObject(body))
      return validationError(['body'], 'Input should be a valid dictionary', 'dict_type');
    if (body.org_id === undefined)
      return validationError(['body', 'org_id'], 'Field required', 'missing');
    if (typeof body.org_id !== 'string') {
      return validationError(['body', 'org_id'], 'Input should be a valid string', 'string_type');
    }
    if (!orgIds.has(body.org_id)) return legacyError(404, 'Organization not found');
    const issued = enterpriseKeys.provision(body.org_id);
    minted.push(issued.api_key);
    provisioned.push(issued);
    return { status: 200, body: issued };
  }

  function listKeys(serviceUserId: string, query: Record<string, string>): Answer {
    const status = query.status ?? 'all';
    if (!['active', 'revoked', 'expired', 'all'].includes(status)) {
      return validationError(
        ['query', 'status'],
        "Input should be 'active', 'revoked', 'expired' or 'all'",
        'enum',
      );
    }
    const at = now();
    const matching = (keys.get(serviceUserId) ?? []).filter(
      (key) => status === 'all' || statusOf(key, at) === status,
    );
    return page(query, serviceUserId, matching, (key) => keyResponse(key, at));
  }

  /**
   * One page of `all` as the API pages it: `first` (1 to 200, capped at maxPageSize) and an
   * `after` cursor that only the listing named `owner` gave out.
   */
  function page<Item>(
    query: Record<string, string>,
    owner: string,
    all: readonly Item[],
    toItem: (item: Item) => unknown,
  ): Answer {
    const first = query.first === undefined ? 100 : Number(query.first);
    if (!Number.isInteger(first) || first < 1 || first > 200) {
      return validationError(
        ['query', 'first'],
        'Input should be between 1 and 200',
        'less_than_equal',
      );
    }
    let offset = 0;
    if (query.after !== undefined) {
      const cursor = readCursor(query.after);
      if (cursor === undefined || cursor.serviceUserId !== owner) {
        return validationError(['query', 'after'], 'Invalid cursor', 'value_error');
      }
      offset = cursor.offset;
    }
    const size = Math.min(first, maxPageSize);
    const items = all.slice(offset, offset + size).map(toItem);
    const hasNextPage = offset + size < all.length;
    const endCursor = hasNextPage
      ? writeCursor({ serviceUserId: owner, offset: offset + size })
      : null;
    return {
      status: 200,
      body: { items, end_cursor: endCursor, has_next_page: hasNextPage, total: all.length },
    };
  }

  const membersVersions = new Set(options.membersApiVersions ?? ['v3']);
  const MEMBERS_CURSOR = '(members)';

  const memberResponse = (user: FakeServiceUser) => ({
    service_user_id: user.id,
    name: user.name ?? user.id,
    expires_at: user.expiresAt ?? null,
    role_assignments: [
      {
        role: { role_id: 'role-ci', role_name: 'CI', role_type: 'enterprise' },
        org_id: null,
      },
    ],
  });

  function listMembers(query: Record<string, string>): Answer {
    const includeInactive = query.include_inactive ?? 'false';
    if (!['true', 'false'].includes(includeInactive)) {
      return validationError(
        ['query', 'include_inactive'],
        'Input should be a valid boolean',
        'bool_parsing',
      );
    }
    const at = now();
    const matching = [...users.values()].filter(
      (user) => includeInactive === 'true' || !isInactive(user, at),
    );
    return page(query, MEMBERS_CURSOR, matching, memberResponse);
  }

  /** `…/enterprise/members/service-users[/{id}]`, or undefined when the path is not one. */
  function handleMembers(
    method: string,
    path: string,
    caller: FakeServiceUser | undefined,
    query: Record<string, string>,
  ): Answer | undefined {
    const match = /^\/(v3|v3beta1)\/enterprise\/members\/service-users(?:\/([^/]+))?$/.exec(path);
    if (match === null) return undefined;
    if (!membersVersions.has(match[1] as 'v3' | 'v3beta1')) return legacyError(404, 'Not Found');
    if (method !== 'GET') return problem(405, 'Method Not Allowed');
    if (caller === undefined)
      return problem(403, 'This API version requires a service user credential');
    if (caller.canViewMembership === false) {
      return problem(403, 'Missing permission ViewAccountMembership');
    }
    const id = match[2];
    if (id === undefined) return listMembers(query);
    const user = users.get(decodeURIComponent(id));
    if (user === undefined) return problem(404, `Service user ${id} not found`);
    return { status: 200, body: memberResponse(user) };
  }

  function handleServiceUserKeys(
    method: string,
    segments: string[],
    query: Record<string, string>,
    body: unknown,
  ): Answer {
    // segments: [service_user_id] / [id, key_id] / [id, key_id, 'rotate']
    const [serviceUserId = '', apiKeyId, action] = segments;
    // A removed service user is still listed as a member (include_inactive), its keys are gone.
    if (!users.has(serviceUserId) || users.get(serviceUserId)?.removed === true) {
      return problem(404, `Service user ${serviceUserId} not found`);
    }
    const stored = keys.get(serviceUserId) ?? [];
    const at = now();
    if (apiKeyId === undefined) {
      if (method === 'GET') return listKeys(serviceUserId, query);
      if (method !== 'POST') return problem(405, 'Method Not Allowed');
      if (!isObject(body))
        return validationError(['body'], 'Input should be a valid dictionary', 'dict_type');
      if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 256) {
        return validationError(
          ['body', 'name'],
          'String should have 1 to 256 characters',
          'string_too_long',
        );
      }
      const invalid = checkFutureTime(body.expires_at, ['body', 'expires_at'], at);
      if (invalid !== undefined) return invalid;
      return {
        status: 200,
        body: mintKey(
          serviceUserId,
          body.name,
          (body.expires_at as number | null | undefined) ?? null,
        ),
      };
    }
    const key = stored.find((candidate) => candidate.api_key_id === apiKeyId);
    if (action === 'rotate') {
      if (method !== 'POST') return problem(405, 'Method Not Allowed');
      if (key === undefined) return problem(404, `API key ${apiKeyId} not found`);
      const request = isObject(body) ? body : {};
      const invalid = checkFutureTime(
        request.new_key_expires_at,
        ['body', 'new_key_expires_at'],
        at,
      );
      if (invalid !== undefined) return invalid;
      if (request.revoke_current !== undefined && typeof request.revoke_current !== 'boolean') {
        return validationError(
          ['body', 'revoke_current'],
          'Input should be a valid boolean',
          'bool_type',
        );
      }
      if (statusOf(key, at) !== 'active') return problem(400, `API key ${apiKeyId} is not active`);
      const rotated = mintKey(
        serviceUserId,
        key.api_key_name,
        (request.new_key_expires_at as number | null | undefined) ?? null,
      );
      if (request.revoke_current !== false) key.revoked_at = at;
      return { status: 200, body: rotated };
    }
    if (action !== undefined) return legacyError(404, 'Not Found');
    if (method !== 'DELETE') return problem(405, 'Method Not Allowed');
    if (key === undefined) return problem(404, `API key ${apiKeyId} not found`);
    if (key.revoked_at !== null) return problem(409, `API key ${apiKeyId} is already revoked`);
    key.revoked_at = at;
    return { status: 200, body: keyResponse(key, at) };
  }

  function handleV3(
    method: string,
    path: string,
    principal: Principal,
    query: Record<string, string>,
    body: unknown,
  ): Answer {
    const user = principal.kind === 'service-user' ? principal.user : undefined;
    if (path === '/v3/self') {
      if (method !== 'GET') return problem(405, 'Method Not Allowed');
      if (user === undefined)
        return problem(403, 'This API version requires a service user credential');
      return {
        status: 200,
        body: {
          principal_type: 'service_user',
          service_user_id: user.id,
          service_user_name: user.name ?? user.id,
          org_id: null,
        },
      };
    }
    const members = handleMembers(method, path, user, query);
    if (members !== undefined) return members;
    const match =
      /^\/v3beta1\/enterprise\/service-users\/([^/]+)\/api-keys(?:\/([^/]+)(?:\/([^/]+))?)?$/.exec(
        path,
      );
    if (match === null) return legacyError(404, 'Not Found');
    if (user === undefined)
      return problem(403, 'This API version requires a service user credential');
    if (user.canManageServiceUsers === false) {
      return problem(403, 'Missing permission ManageAccountServiceUsers');
    }
    // Unmatched optional groups are undefined at run time, whatever RegExpExecArray's type says.
    const groups = match.slice(1) as (string | undefined)[];
    const segments = groups.filter((segment): segment is string => segment !== undefined);
    return handleServiceUserKeys(method, segments.map(decodeURIComponent), query, body);
  }

  function route(
    request: IncomingMessage,
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): Answer {
    const method = request.method ?? 'GET';
    const v2 = path.startsWith('/v2/');
    const v3 = path.startsWith('/v3/') || path.startsWith('/v3beta1/');
    if (!v2 && !v3) return legacyError(404, 'Not Found');
    const principal = bearer(request, v3);
    if (!isPrincipal(principal)) return principal;
    return v2
      ? handleV2(method, path, principal, query, body)
      : handleV3(method, path, principal, query, body);
  }

  function send(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    text: string,
  ): void {
    response.writeHead(status, { 'content-length': String(Buffer.byteLength(text)), ...headers });
    response.end(text);
  }

  function answer(response: ServerResponse, result: Answer): void {
    const text = result.body === undefined ? '' : JSON.stringify(result.body);
    send(response, result.status, { 'content-type': 'application/json', ...result.headers }, text);
  }

  function applyFault(request: IncomingMessage, response: ServerResponse, fault: Fault): void {
    if (fault.hang === true) return;
    if (fault.reset === true) {
      request.socket.destroy();
      return;
    }
    const headers = { 'content-type': 'application/json', ...fault.headers };
    const text = fault.rawBody ?? (fault.body === undefined ? '' : JSON.stringify(fault.body));
    send(response, fault.status ?? 500, headers, text);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const method = request.method ?? 'GET';
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
      });

      const fault = faults.take(method, url.pathname);
      const respond = (): void => {
        if (fault === undefined || !answersItself(fault)) {
          answer(
            response,
            route(request, url.pathname, Object.fromEntries(url.searchParams), body),
          );
          return;
        }
        if (fault.process === true)
          route(request, url.pathname, Object.fromEntries(url.searchParams), body);
        applyFault(request, response, fault);
      };
      const delayMs = (fault?.delayMs ?? 0) + (options.latencyMs ?? 0);
      if (delayMs > 0) setTimeout(respond, delayMs);
      else respond();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail: (...added) => faults.add(...added),
    mintedTokens: () => [...minted],
    keysOf: (serviceUserId) => {
      const at = now();
      return (keys.get(serviceUserId) ?? []).map((key) => ({
        ...keyResponse(key, at),
        status: statusOf(key, at),
      }));
    },
    provisionedKeys: () => [...provisioned],
    addServiceUser,
    enterpriseKeys: () => enterpriseKeys.records(),
    addEnterpriseKey: (seed) => enterpriseKeys.add(seed),
    revokedEverything: () => enterpriseKeys.everythingRevoked(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The demo's world: one org, an admin, a healthy and a failing service user. */
export function demoScenario(nowSeconds: number) {
  const day = 86_400;
  const orgId = 'org-demo';
  const adminKey = 'apk_user_demo_admin';
  const healthyCredential = 'cog_demo_healthy';
  const failingCredential = 'cog_demo_failing';
  const options: FakeDevinApiOptions = {
    adminKeys: [adminKey],
    orgIds: [orgId],
    serviceUsers: [
      {
        id: 'service-user-healthy',
        credential: healthyCredential,
        keys: ['ci-build', 'ci-deploy', 'nightly-report'].map((name, index) => ({
          api_key_name: name,
          created_at: nowSeconds - (30 + index) * day,
          expires_at: nowSeconds + (120 + index * 30) * day,
          last_used_at: nowSeconds - (index + 1) * 3600,
        })),
      },
      {
        id: 'service-user-failing',
        credential: failingCredential,
        keys: [
          {
            api_key_name: 'old-deploy',
            created_at: nowSeconds - 200 * day,
            expires_at: nowSeconds - 5 * day,
            last_used_at: nowSeconds - 6 * day,
          },
          {
            api_key_name: 'leaked-2026-10',
            created_at: nowSeconds - 60 * day,
            expires_at: nowSeconds + 30 * day,
            last_used_at: nowSeconds - 40 * day,
            revoked_at: nowSeconds - 35 * day,
          },
          {
            api_key_name: 'staging-bot',
            created_at: nowSeconds - 80 * day,
            expires_at: nowSeconds + 3 * day,
            last_used_at: nowSeconds - day,
          },
          {
            api_key_name: 'forgotten-script',
            created_at: nowSeconds - 200 * day,
            expires_at: nowSeconds + 100 * day,
            last_used_at: null,
          },
          {
            api_key_name: 'prod-agent',
            created_at: nowSeconds - 10 * day,
            expires_at: nowSeconds + 80 * day,
            last_used_at: nowSeconds - 600,
          },
        ],
      },
    ],
  };
  return { options, orgId, adminKey, healthyCredential, failingCredential };
}
