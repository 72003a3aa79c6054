import type { CredentialKind } from '../base/credentials.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { isLoopback } from '../base/urls.ts';
import {
  FINDING_CLASSES,
  SERVICE_USER_FINDING_CLASSES,
  type PolicyClass,
} from '../audit/policy.ts';
import { KEY_STATUS_FILTERS } from '../devin/key-status.ts';
import { InputReader, listItems, type ReadInput } from './reader.ts';
import { secretStoreInputs, type SecretStore } from './secret-targets.ts';

// Inputs arrive as strings; each parser below turns them into typed values, with a message that
// says what was expected. The types of the operations' inputs are derived from these parsers.

/** Inputs that hold credentials: masked before anything else happens. */
export const SECRET_INPUTS = ['token', 'github_token'] as const;

const DEFAULT_BASE_URL = 'https://api.devin.ai';

function baseUrl(input: InputReader): URL {
  const name = 'base_url';
  const value = input.raw(name) || DEFAULT_BASE_URL;
  const fallback = new URL(DEFAULT_BASE_URL);
  // Only an @ makes a user name or password, so a value with one is refused without being
  // repeated, parsed or not: a password with an unescaped / or # does not even parse. The
  // full-width and small forms of @ count too: they would print a password just the same.
  if (/[@\uff20\ufe6b]/.test(value)) {
    input.problem(
      name,
      'must not hold a user name or password (it holds an @, so it is not repeated here): ' +
        'credentials do not belong in base_url; the token input carries the credential',
    );
    return fallback;
  }
  const refuse = (why: string): URL => {
    input.problem(name, `${quoteUntrusted(value)} ${why}`);
    return fallback;
  };
  if (!URL.canParse(value)) return refuse('is not a URL');
  const url = new URL(value);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return refuse(
      'uses http://, which would send the credential unencrypted; use https:// (plain http is ' +
        'allowed only for 127.0.0.1, localhost and [::1])',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse('must be an https:// URL');
  }
  if (url.search !== '' || url.hash !== '') return refuse('must not have a query or a fragment');
  if (url.pathname.replace(/\/+$/, '').includes('//')) {
    return refuse('has an empty path segment (//); give the API address as it is documented');
  }
  return url;
}

// The token's value never appears in a message: only what is wrong with it.
function token(input: InputReader): string {
  const name = 'token';
  const value = input.raw(name);
  if (value === '') input.problem(name, 'is required: pass the Devin credential from a secret');
  else if (/^bearer\s/i.test(value)) {
    input.problem(name, 'holds a "Bearer " prefix; give the key alone');
  } else if (/\s/.test(value)) {
    input.problem(
      name,
      'holds white space inside it; a Devin key is one word (check how the secret was pasted)',
    );
  } else if (!/^[\x21-\x7e]+$/.test(value)) {
    input.problem(
      name,
      'holds a character that cannot be sent in an HTTP header (a Devin key is printable ' +
        'ASCII; check how the secret was pasted)',
    );
  }
  return value;
}

/** The inputs every operation shares: what the post step needs to reach the API again. */
export function commonInputs(input: InputReader) {
  return {
    token: token(input),
    baseUrl: baseUrl(input),
    timeoutSeconds: input.number('timeout_seconds', {
      fallback: 30,
      min: 1,
      max: 600,
      integer: false,
    }),
    maxRetries: input.number('max_retries', { fallback: 3, min: 0, max: 10, integer: true }),
    dryRun: input.boolean('dry_run', false),
  };
}
export type CommonInputs = ReturnType<typeof commonInputs>;

/** Only the common inputs: what the post step needs (an operation's own may no longer hold). */
export function parseCommonInputs(readInput: ReadInput): CommonInputs {
  const input = new InputReader(readInput);
  const common = commonInputs(input);
  input.finish();
  return common;
}

const SERVICE_USER_ID = 'a service user id (like service-user-abc123)';

function allIsForAuditAlone(operation: string): string {
  return (
    `${ALL_SERVICE_USERS} stands for every service user, which only operation audit takes; ` +
    `operation ${operation} acts on one: give its id (like service-user-abc123), or leave ` +
    "service_user_id empty for the credential's own service user"
  );
}

/** service_user_id for operations that act on one service user; undefined: the credential's own. */
function oneServiceUserId(input: InputReader, operation: string): string | undefined {
  const ids = input.idList('service_user_id', SERVICE_USER_ID);
  // Without this, `all` would reach the API as a service user id and come back as a 404.
  if (ids.includes(ALL_SERVICE_USERS)) {
    input.problem('service_user_id', allIsForAuditAlone(operation));
  } else if (ids.length > 1) {
    input.problem('service_user_id', 'takes one service user for this operation');
  }
  return ids[0];
}

export const MAX_KEY_NAME_LENGTH = 256;

/** key_name; undefined when not given. */
function keyName(input: InputReader): string | undefined {
  const name = 'key_name';
  const value = input.raw(name);
  if (value.length > MAX_KEY_NAME_LENGTH) {
    input.problem(name, `is longer than ${MAX_KEY_NAME_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    input.problem(name, 'holds a line break or another control character');
  }
  return value === '' ? undefined : value;
}

/** A key named by id, or by name (resolved through the list). */
export type KeyReference = { id: string } | { name: string };

/** api_key_id or key_name, exactly one. */
function keyReference(input: InputReader): KeyReference {
  const id = input.optionalId('api_key_id', 'a key id');
  const name = keyName(input);
  const fallback = { id: '' };
  if (!input.valid('api_key_id', 'key_name')) return fallback;
  if (id !== '' && name !== undefined) {
    input.problem('api_key_id', 'give api_key_id or key_name, not both');
    return fallback;
  }
  if (id !== '') return { id };
  if (name !== undefined) return { name };
  input.problem('api_key_id', 'is required (or key_name): which key?');
  return fallback;
}

const DURATION_UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3_600,
  d: 86_400,
  w: 604_800,
};
const MIN_LIFETIME_SECONDS = 60;
const MAX_LIFETIME_SECONDS = 366 * 86_400;

/** "30m", "2h", "7d", "1h30m" → seconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[smhdw])+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/g)) {
    seconds += Number(amount) * (DURATION_UNIT_SECONDS[unit ?? ''] ?? Number.NaN);
  }
  return seconds;
}

/** When a key should expire: a span from the moment it is made, or a fixed time. */
export type ExpirySpec = { inSeconds: number } | { atSeconds: number };

const ISO_8601_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The time an ISO 8601 text with a zone names, in ms; undefined when it is not one. Date.parse
 * alone would roll a day the calendar does not have (February 30) over into the next month.
 */
function parseIsoTime(text: string): number | undefined {
  const match = ISO_8601_WITH_ZONE.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hours, minutes, seconds, zoneHours, zoneMinutes] = [
    1, 2, 3, 4, 5, 7, 10, 11,
  ].map((group) => Number(match[group] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const fits =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= lastDay &&
    hours <= 23 &&
    minutes <= 59 &&
    seconds <= 59 &&
    zoneHours <= 23 &&
    zoneMinutes <= 59;
  const ms = Date.parse(text);
  return fits && !Number.isNaN(ms) ? ms : undefined;
}

/** expires_in or expires_at, never both; undefined when neither is given. */
function expiry(input: InputReader, nowMs: number): ExpirySpec | undefined {
  const expiresIn = input.raw('expires_in');
  const expiresAt = input.raw('expires_at');
  if (expiresIn !== '' && expiresAt !== '') {
    input.problem('expires_at', 'give expires_in or expires_at, not both');
    return undefined;
  }
  if (expiresIn !== '') {
    const seconds = parseDuration(expiresIn);
    const given = quoteUntrusted(expiresIn);
    if (seconds === undefined) {
      input.problem('expires_in', `${given} is not a duration such as 30m, 2h, 7d or 1h30m`);
    } else if (seconds < MIN_LIFETIME_SECONDS || seconds > MAX_LIFETIME_SECONDS) {
      input.problem('expires_in', `${given} is not between 1m and 366d`);
    } else return { inSeconds: seconds };
    return undefined;
  }
  if (expiresAt !== '') {
    const atMs = parseIsoTime(expiresAt);
    const given = quoteUntrusted(expiresAt);
    if (atMs === undefined) {
      input.problem(
        'expires_at',
        `${given} is not an ISO 8601 time with a zone, such as 2026-12-31T23:00:00Z`,
      );
    } else if (atMs <= nowMs + MIN_LIFETIME_SECONDS * 1000) {
      input.problem('expires_at', `${given} is not at least a minute in the future`);
    } else return { atSeconds: Math.floor(atMs / 1000) };
  }
  return undefined;
}

const DEFAULT_FAIL_ON: readonly PolicyClass[] = [
  'expired',
  'revoked',
  'service_user_expired',
  'service_user_unreadable',
];
const POLICY_CLASSES: readonly PolicyClass[] = [
  ...FINDING_CLASSES,
  ...SERVICE_USER_FINDING_CLASSES,
];

function isPolicyClass(value: string): value is PolicyClass {
  return (POLICY_CLASSES as readonly string[]).includes(value);
}

function failOn(input: InputReader): ReadonlySet<PolicyClass> {
  const items = listItems(input.raw('fail_on'));
  if (items.length === 0) return new Set(DEFAULT_FAIL_ON);
  if (items.length === 1 && items[0] === 'none') return new Set();
  const unknown = items.filter((item) => !isPolicyClass(item));
  if (unknown.length > 0) {
    input.problem(
      'fail_on',
      `${unknown.map((item) => quoteUntrusted(item)).join(', ')} not known; use any of ` +
        `${POLICY_CLASSES.join(', ')}, or none alone`,
    );
  }
  return new Set(items.filter(isPolicyClass));
}

// Each operation's own inputs. The operation registry (operations/index.ts) pairs each parser
// with its operation; the operation's input type is the common inputs and what its parser returns.

export function provisionInputs(input: InputReader) {
  return {
    orgId: input.requiredId('org_id', 'provision'),
    /** Set: one key per repository, each stored in its Actions secret, none as an output. */
    secrets: secretStoreInputs(input),
  };
}
export type ProvisionInputs = CommonInputs & ReturnType<typeof provisionInputs>;

/** The word that asks for every service user of the enterprise, in place of a list of ids. */
export const ALL_SERVICE_USERS = 'all';

export function auditInputs(input: InputReader) {
  const listed = input.idList('service_user_id', SERVICE_USER_ID);
  const allServiceUsers = listed.includes(ALL_SERVICE_USERS);
  if (allServiceUsers && listed.length > 1) {
    input.problem(
      'service_user_id',
      `${ALL_SERVICE_USERS} audits every service user of the enterprise, so it stands alone; ` +
        'give either all or a list of ids',
    );
  }
  const serviceUserIds = allServiceUsers ? [] : listed;
  const status = input.oneOf('status', KEY_STATUS_FILTERS, 'all');
  const policy = {
    failOn: failOn(input),
    expiryWarningDays: input.number('expiry_warning_days', {
      fallback: 14,
      min: 0,
      max: 3650,
      integer: true,
    }),
    staleDays: input.number('stale_days', { fallback: 90, min: 1, max: 3650, integer: true }),
  };
  const issueOnFailure = input.boolean('issue_on_failure', false);
  const githubToken = input.raw('github_token');
  const reportFile = input.boolean('report_file', false);
  if (issueOnFailure && githubToken === '') {
    input.problem(
      'github_token',
      'is required when issue_on_failure is true: pass ${{ github.token }} and grant the job ' +
        '`permissions: { issues: write }`',
    );
  }
  return {
    /** Empty: the credential's own service user, unless allServiceUsers. */
    serviceUserIds,
    /** service_user_id: all, every service user the enterprise lists (inactive ones too). */
    allServiceUsers,
    status,
    policy,
    /** Set when a failing audit should open or update a tracking issue. */
    trackingIssue: issueOnFailure ? { githubToken } : undefined,
    /** Whether to write every key to a report file (the output holds at most 1 MB). */
    reportFile,
  };
}
export type AuditInputs = CommonInputs & ReturnType<typeof auditInputs>;

/** What fail_on may name in an audit of organization keys (v2): what v2 knows of a key. */
export const ORG_KEY_FINDING_CLASSES = ['aged', 'personal_key'] as const;
export type OrgKeyFindingClass = (typeof ORG_KEY_FINDING_CLASSES)[number];

function isOrgKeyFindingClass(value: string): value is OrgKeyFindingClass {
  return (ORG_KEY_FINDING_CLASSES as readonly string[]).includes(value);
}

/** fail_on for v2: nothing fails by default (v2 keys never expire; age is a signal to rotate). */
function orgKeysFailOn(input: InputReader): ReadonlySet<OrgKeyFindingClass> {
  const items = listItems(input.raw('fail_on'));
  if (items.length === 0 || (items.length === 1 && items[0] === 'none')) return new Set();
  const unknown = items.filter((item) => !isOrgKeyFindingClass(item));
  if (unknown.length > 0) {
    input.problem(
      'fail_on',
      `${unknown.map((item) => quoteUntrusted(item)).join(', ')} not known for organization keys ` +
        `(a personal API key audits v2, which knows no expiry); use any of ` +
        `${ORG_KEY_FINDING_CLASSES.join(', ')}, or none alone`,
    );
  }
  return new Set(items.filter(isOrgKeyFindingClass));
}

/** The audit of organization keys (v2), with an Enterprise admin's personal key. */
function orgKeysAuditInputs(input: InputReader, orgId: string, maxKeyAgeDays: number) {
  if (input.raw('service_user_id') !== '') {
    input.problem(
      'service_user_id',
      'is not taken with a personal API key (apk_user_…): it audits the keys of organizations ' +
        '(v2); narrow it with org_id, or audit service users with a cog_ credential',
    );
  }
  const issueOnFailure = input.boolean('issue_on_failure', false);
  const githubToken = input.raw('github_token');
  if (issueOnFailure && githubToken === '') {
    input.problem(
      'github_token',
      'is required when issue_on_failure is true: pass ${{ github.token }}',
    );
  }
  return {
    /** Undefined: every organization of the enterprise. */
    orgId: orgId === '' ? undefined : orgId,
    maxKeyAgeDays,
    failOn: orgKeysFailOn(input),
    trackingIssue: issueOnFailure ? { githubToken } : undefined,
    reportFile: input.boolean('report_file', false),
  };
}

/**
 * audit's inputs by the token's kind: a service user credential audits service users' keys
 * (v3), an Enterprise admin's personal key the organizations' keys (v2). Both read org_id and
 * max_key_age_days (validated either way), so that org_id is refused where it does not apply.
 */
export function auditInputsByKind(input: InputReader, _nowMs?: number, kind?: CredentialKind) {
  const maxKeyAgeDays = input.number('max_key_age_days', {
    fallback: 90,
    min: 1,
    max: 3650,
    integer: true,
  });
  const orgId = input.optionalId('org_id', 'an organization id');
  if (kind === 'personal-key') {
    return { apiVersion: 'v2' as const, ...orgKeysAuditInputs(input, orgId, maxKeyAgeDays) };
  }
  // max_key_age_days always holds its default (the runner fills it in): only org_id is refused.
  if (orgId !== '') input.problem('org_id', ORG_KEYS_ONLY);
  return { apiVersion: 'v3' as const, ...auditInputs(input) };
}
export type OrgKeysAuditInputs = CommonInputs &
  Extract<ReturnType<typeof auditInputsByKind>, { apiVersion: 'v2' }>;

const ORG_KEYS_ONLY =
  'is taken by audit with a personal API key (apk_user_…) only, which audits organization keys (v2)';

const DEFAULT_CREATE_EXPIRY: ExpirySpec = { inSeconds: 3_600 };
/** A key stored in a secret outlives the job: it lasts until the next monthly rotation and more. */
const DEFAULT_STORED_KEY_EXPIRY: ExpirySpec = { inSeconds: 90 * 86_400 };

export function createInputs(input: InputReader, nowMs: number) {
  const secrets = secretStoreInputs(input);
  const name = keyName(input);
  if (secrets !== undefined && name !== undefined) {
    input.problem(
      'key_name',
      'must be empty with secret_name: each key is named after its target (repository, ' +
        'environment, secret name), so that rotate finds it',
    );
  }
  return {
    /** Undefined: the credential's own service user. */
    serviceUserId: oneServiceUserId(input, 'create'),
    /** Undefined: a name unique to this run (with secret_name: named after each target). */
    keyName: name,
    expiry:
      expiry(input, nowMs) ??
      (secrets === undefined ? DEFAULT_CREATE_EXPIRY : DEFAULT_STORED_KEY_EXPIRY),
    revokeOnExit: revokeOnExit(input),
    /** Set: one key per repository, each stored in its Actions secret, never revoked on exit. */
    secrets,
  };
}
export type CreateInputs = CommonInputs & ReturnType<typeof createInputs>;

function revokeOnExit(input: InputReader): boolean {
  return input.boolean('revoke_on_exit', true);
}

/**
 * Whether the main step ran `create` with revoke_on_exit (the runner hands the post step the
 * same inputs), read by the very parser the main step used.
 */
export function ranCreateWithRevokeOnExit(readInput: ReadInput): boolean {
  const input = new InputReader(readInput);
  const revokes = revokeOnExit(input);
  return input.raw('operation') === 'create' && revokes && input.valid('revoke_on_exit');
}

export function rotateInputs(input: InputReader, nowMs: number) {
  const secrets = secretStoreInputs(input);
  const common = {
    serviceUserId: oneServiceUserId(input, 'rotate'),
    revokeCurrent: input.boolean('revoke_current', true),
  };
  if (secrets === undefined) {
    return {
      ...common,
      key: keyReference(input),
      /** Undefined: the new key never expires. */
      expiry: expiry(input, nowMs),
      secrets,
    };
  }
  return {
    ...common,
    /** Undefined: each target's key is found by the target's name. */
    key: storedKeyReference(input, secrets),
    expiry: expiry(input, nowMs) ?? DEFAULT_STORED_KEY_EXPIRY,
    secrets,
  };
}

/** With secret_name, api_key_id or key_name may name the key of a single repository. */
function storedKeyReference(input: InputReader, secrets: SecretStore): KeyReference | undefined {
  if (input.raw('api_key_id') === '' && input.raw('key_name') === '') return undefined;
  if (secrets.selection.named.length > 1 || secrets.selection.patterns.length > 0) {
    input.problem(
      'api_key_id',
      'api_key_id and key_name name one key, but repositories names several; leave them empty ' +
        "to find each repository's key by its name",
    );
    return undefined;
  }
  return keyReference(input);
}
type RotateOwnInputs = ReturnType<typeof rotateInputs>;
/** rotate without secret_name: one key, named by api_key_id or key_name, handed out as outputs. */
export type RotateInputs = CommonInputs & Extract<RotateOwnInputs, { secrets: undefined }>;
/** rotate with secret_name: each target's key rotated and stored in its secret. */
export type RotateInSecretsInputs = CommonInputs &
  Extract<RotateOwnInputs, { secrets: SecretStore }>;

/**
 * With an Enterprise admin's personal key, revoke takes an organization key of v2 by its id:
 * v2 keys have no names and no service users.
 */
export function revokeInputs(input: InputReader, _nowMs?: number, kind?: CredentialKind) {
  if (kind === 'personal-key') {
    for (const name of ['key_name', 'service_user_id']) {
      if (input.raw(name) !== '') input.problem(name, V2_REVOKE_BY_ID);
    }
    const id = input.optionalId('api_key_id', 'a key id');
    if (id === '' && input.valid('api_key_id')) {
      input.problem('api_key_id', 'is required: the id of the organization key to revoke (apk-…)');
    }
    return { apiVersion: 'v2' as const, serviceUserId: undefined, key: { id } };
  }
  return {
    apiVersion: 'v3' as const,
    serviceUserId: oneServiceUserId(input, 'revoke'),
    key: keyReference(input),
  };
}

const V2_REVOKE_BY_ID =
  "is not taken with a personal API key (apk_user_…): v2 revokes a key by its id alone; give the key's " +
  'api_key_id, as GET /v2/enterprise/api-keys lists it';
export type RevokeInputs = CommonInputs & ReturnType<typeof revokeInputs>;

const DEFAULT_ROTATE_BEFORE_SECONDS = 30 * 86_400;

const NO_STORE: SecretStore = {
  secretName: '',
  selection: { named: [], patterns: [], excluded: [], topics: [] },
  environment: undefined,
  githubToken: '',
};

/** rotate_before: how long before its expiry a stored key is rotated; shorter than expires_in. */
function rotateBefore(input: InputReader, keyExpiry: ExpirySpec, nowMs: number): number {
  const name = 'rotate_before';
  const raw = input.raw(name);
  const seconds = raw === '' ? DEFAULT_ROTATE_BEFORE_SECONDS : parseDuration(raw);
  if (seconds === undefined) {
    input.problem(name, `${quoteUntrusted(raw)} is not a duration such as 30d, 2w or 12h`);
    return DEFAULT_ROTATE_BEFORE_SECONDS;
  }
  const lifetime =
    'inSeconds' in keyExpiry ? keyExpiry.inSeconds : keyExpiry.atSeconds - Math.floor(nowMs / 1000);
  if (seconds >= lifetime && input.valid('expires_in', 'expires_at')) {
    input.problem(
      name,
      `${raw === '' ? 'is 30d by default, which' : quoteUntrusted(raw)} is not shorter than the ` +
        "keys' lifetime (expires_in or expires_at): every sync would rotate every key; give a " +
        'shorter rotate_before or a longer expires_in',
    );
  }
  return seconds;
}

/**
 * `sync`: the mode a scheduled workflow runs. Each selected target's secret is made to hold
 * exactly one live key of its own, doing only what is due.
 */
export function syncInputs(input: InputReader, nowMs: number) {
  const secrets = secretStoreInputs(input);
  if (input.raw('secret_name') === '') {
    input.problem(
      'secret_name',
      'is required for operation sync: which secret of each repository?',
    );
    if (input.raw('github_token') === '') {
      input.problem(
        'github_token',
        'is required for operation sync: a token that may write the secrets',
      );
    }
  }
  const keyExpiry = expiry(input, nowMs) ?? DEFAULT_STORED_KEY_EXPIRY;
  return {
    /** Undefined: the credential's own service user. */
    serviceUserId: oneServiceUserId(input, 'sync'),
    expiry: keyExpiry,
    rotateBeforeSeconds: rotateBefore(input, keyExpiry, nowMs),
    /** Revoke the keys named for targets that are no longer selected, and delete their secrets. */
    prune: input.boolean('prune', false),
    // Without secret_name the problem above throws before anything uses the stand-in.
    secrets: secrets ?? NO_STORE,
  };
}
export type SyncInputs = CommonInputs & ReturnType<typeof syncInputs>;
