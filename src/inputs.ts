import { z } from 'zod';
import {
  CREDENTIAL_KINDS,
  credentialKindOf,
  describeCredentialKind,
  type CredentialKind,
} from './credentials.ts';
import { FINDING_CLASSES, type AuditPolicy, type FindingClass } from './audit/policy.ts';
import type { KeyStatusFilter } from './devin/client.ts';
import { InputError } from './errors.ts';
import { ID_RULE, MAX_ID_LENGTH, isUsableId } from './ids.ts';
import { quoteUntrusted } from './report/untrusted.ts';

/** Every operation, with the credential kind its endpoints take. */
export const OPERATIONS = {
  provision: 'personal-key',
  audit: 'service-user-credential',
  create: 'service-user-credential',
  rotate: 'service-user-credential',
  revoke: 'service-user-credential',
} as const satisfies Record<string, CredentialKind>;
export type Operation = keyof typeof OPERATIONS;
const OPERATION_NAMES = Object.keys(OPERATIONS) as Operation[];

/** Inputs that hold credentials: masked before anything else happens. */
export const SECRET_INPUTS = ['token', 'github_token'] as const;

export const DEFAULT_BASE_URL = 'https://api.devin.ai';

export interface CommonInputs {
  token: string;
  baseUrl: URL;
  timeoutSeconds: number;
  maxRetries: number;
  dryRun: boolean;
}

export interface ProvisionInputs extends CommonInputs {
  operation: 'provision';
  orgId: string;
}

export interface AuditInputs extends CommonInputs {
  operation: 'audit';
  /** Empty: the credential's own service user. */
  serviceUserIds: string[];
  status: KeyStatusFilter;
  policy: AuditPolicy;
  /** Set when a failing audit should open or update a tracking issue. */
  trackingIssue: { githubToken: string } | undefined;
  /** Whether to write every key to a report file (the output holds at most 1 MB). */
  reportFile: boolean;
}

/** When a key should expire: a span from the moment it is made, or a fixed time. */
export type ExpirySpec = { inSeconds: number } | { atSeconds: number };

/** A key named by id, or by name (resolved through the list). */
export type KeyReference = { id: string } | { name: string };

export interface CreateInputs extends CommonInputs {
  operation: 'create';
  /** Undefined: the credential's own service user. */
  serviceUserId: string | undefined;
  /** Undefined: a name unique to this run. */
  keyName: string | undefined;
  expiry: ExpirySpec;
  revokeOnExit: boolean;
}

export interface RotateInputs extends CommonInputs {
  operation: 'rotate';
  serviceUserId: string | undefined;
  key: KeyReference;
  /** Undefined: the new key never expires. */
  expiry: ExpirySpec | undefined;
  revokeCurrent: boolean;
}

export interface RevokeInputs extends CommonInputs {
  operation: 'revoke';
  serviceUserId: string | undefined;
  key: KeyReference;
}

export type ActionInputs =
  ProvisionInputs | AuditInputs | CreateInputs | RotateInputs | RevokeInputs;

/** Reads one input as the runner passes it (empty string when not given). */
export type ReadInput = (name: string) => string;

// Inputs arrive as strings; each parser below turns the raw string into a typed value, with a
// message that says what was expected. Values are echoed quoted, the token never.

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const baseUrl = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const value = raw === '' ? DEFAULT_BASE_URL : raw;
    const refuse = (message: string): typeof z.NEVER => {
      ctx.issues.push({ code: 'custom', input: raw, message });
      return z.NEVER;
    };
    // Only an @ makes a user name or password, so a value with one is refused without being
    // repeated, parsed or not: a password with an unescaped / or # does not even parse.
    if (value.includes('@')) {
      return refuse(
        'must not hold a user name or password (it holds an @, so it is not repeated here): credentials do not belong in base_url; the token input carries the credential',
      );
    }
    const fail = (why: string): typeof z.NEVER => refuse(`${quoteUntrusted(value)} ${why}`);
    if (!URL.canParse(value)) return fail('is not a URL');
    const url = new URL(value);
    if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      return fail(
        'uses http://, which would send the credential unencrypted; use https:// (plain http is allowed only for 127.0.0.1, localhost and [::1])',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return fail('must be an https:// URL');
    if (url.search !== '' || url.hash !== '') return fail('must not have a query or a fragment');
    return url;
  });

function numberInput(options: { fallback: number; min: number; max: number; integer: boolean }) {
  const kind = options.integer ? 'a whole number' : 'a number';
  return z
    .string()
    .trim()
    .transform((raw, ctx) => {
      if (raw === '') return options.fallback;
      const value = Number(raw);
      const fits =
        /^\d+(\.\d+)?$/.test(raw) &&
        (!options.integer || Number.isInteger(value)) &&
        value >= options.min &&
        value <= options.max;
      if (fits) return value;
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `${quoteUntrusted(raw)} is not ${kind} from ${options.min} to ${options.max}`,
      });
      return z.NEVER;
    });
}

// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them.
const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);

function booleanInput(fallback: boolean) {
  return z
    .string()
    .trim()
    .transform((raw, ctx) => {
      if (raw === '') return fallback;
      if (TRUE_WORDS.has(raw)) return true;
      if (FALSE_WORDS.has(raw)) return false;
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `${quoteUntrusted(raw)} is not true or false`,
      });
      return z.NEVER;
    });
}

/** A required identifier (see ids.ts for the rule). */
function identifier(forOperation: string) {
  return (
    z
      .string()
      .trim()
      // abort: an empty id is missing, and a long one too long, not also malformed.
      .min(1, { error: `is required for operation ${forOperation}`, abort: true })
      .max(MAX_ID_LENGTH, { error: `is longer than ${MAX_ID_LENGTH} characters`, abort: true })
      .refine(isUsableId, {
        error: (issue) => `${quoteUntrusted(String(issue.input))} is not an id (${ID_RULE})`,
      })
  );
}

// The token's value never appears in a message: only what is wrong with it.
const token = z
  .string()
  .trim()
  .min(1, { error: 'is required: pass the Devin credential from a secret' })
  .refine((value) => !/^bearer\s/i.test(value), {
    error: 'holds a "Bearer " prefix; give the key alone',
  })
  .refine((value) => !/\s/.test(value), {
    error: 'holds white space inside it; a Devin key is one word (check how the secret was pasted)',
  });

const CommonSchema = z.object({
  token,
  base_url: baseUrl,
  timeout_seconds: numberInput({ fallback: 30, min: 1, max: 600, integer: false }),
  max_retries: numberInput({ fallback: 3, min: 0, max: 10, integer: true }),
  dry_run: booleanInput(false),
});

/** Items of a list input: one per line or separated by commas. */
function listItems(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const serviceUserIds = z.string().transform((raw, ctx) => {
  const ids = [...new Set(listItems(raw))];
  for (const id of ids) {
    if (!isUsableId(id)) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `${quoteUntrusted(id)} is not a service user id (like service-user-abc123)`,
      });
    }
  }
  return ids;
});

const KEY_STATUS_FILTERS = ['active', 'revoked', 'expired', 'all'] as const;

function enumInput<const Values extends readonly [string, ...string[]]>(
  values: Values,
  fallback: Values[number],
) {
  const isValue = (raw: string): raw is Values[number] => values.includes(raw);
  return z
    .string()
    .trim()
    .transform((raw, ctx): Values[number] => {
      if (raw === '') return fallback;
      if (isValue(raw)) return raw;
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: `${quoteUntrusted(raw)} is not one of ${values.join(', ')}`,
      });
      return z.NEVER;
    });
}

const DEFAULT_CREATE_EXPIRY: ExpirySpec = { inSeconds: 3_600 };

const DEFAULT_FAIL_ON: readonly FindingClass[] = ['expired', 'revoked'];

const failOn = z.string().transform((raw, ctx) => {
  const items = listItems(raw);
  if (items.length === 0) return new Set(DEFAULT_FAIL_ON);
  if (items.length === 1 && items[0] === 'none') return new Set<FindingClass>();
  const unknown = items.filter((item) => !(FINDING_CLASSES as readonly string[]).includes(item));
  if (unknown.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: `${unknown.map((item) => quoteUntrusted(item)).join(', ')} not known; use any of ${FINDING_CLASSES.join(', ')}, or none alone`,
    });
    return z.NEVER;
  }
  return new Set(items as FindingClass[]);
});

const oneServiceUserId = serviceUserIds.refine((ids) => ids.length <= 1, {
  error: 'takes one service user for this operation',
});

export const MAX_KEY_NAME_LENGTH = 256;

const keyName = z
  .string()
  .trim()
  .max(MAX_KEY_NAME_LENGTH, { error: `is longer than ${MAX_KEY_NAME_LENGTH} characters` })
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), {
    error: 'holds a line break or another control character',
  });

const optionalId = z
  .string()
  .trim()
  .refine((id) => id === '' || isUsableId(id), {
    error: (issue) => `${quoteUntrusted(String(issue.input))} is not a key id`,
  });

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

const ISO_8601_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** expires_in or expires_at (never both), read together by `parseExpiry`. */
const EXPIRY_INPUTS = { expires_in: z.string().trim(), expires_at: z.string().trim() } as const;

/** The expiry the two inputs give, or a problem with one of them. */
function readExpiry(
  raw: { expires_in: string; expires_at: string },
  nowMs: number,
): ExpirySpec | { input: string; problem: string } | undefined {
  if (raw.expires_in !== '' && raw.expires_at !== '') {
    return { input: 'expires_at', problem: 'give expires_in or expires_at, not both' };
  }
  if (raw.expires_in !== '') {
    const seconds = parseDuration(raw.expires_in);
    const given = quoteUntrusted(raw.expires_in);
    if (seconds === undefined) {
      return {
        input: 'expires_in',
        problem: `${given} is not a duration such as 30m, 2h, 7d or 1h30m`,
      };
    }
    if (seconds < MIN_LIFETIME_SECONDS || seconds > MAX_LIFETIME_SECONDS) {
      return { input: 'expires_in', problem: `${given} is not between 1m and 366d` };
    }
    return { inSeconds: seconds };
  }
  if (raw.expires_at !== '') {
    const atMs = Date.parse(raw.expires_at);
    const given = quoteUntrusted(raw.expires_at);
    if (!ISO_8601_WITH_ZONE.test(raw.expires_at) || Number.isNaN(atMs)) {
      return {
        input: 'expires_at',
        problem: `${given} is not an ISO 8601 time with a zone, such as 2026-12-31T23:00:00Z`,
      };
    }
    if (atMs <= nowMs + MIN_LIFETIME_SECONDS * 1000) {
      return { input: 'expires_at', problem: `${given} is not at least a minute in the future` };
    }
    return { atSeconds: Math.floor(atMs / 1000) };
  }
  return undefined;
}

function parseExpiry(
  raw: { expires_in: string; expires_at: string },
  nowMs: number,
  ctx: z.RefinementCtx,
): ExpirySpec | undefined {
  const expiry = readExpiry(raw, nowMs);
  if (expiry === undefined || !('problem' in expiry)) return expiry;
  ctx.issues.push({ code: 'custom', input: raw, path: [expiry.input], message: expiry.problem });
  return undefined;
}

function keyReference(
  raw: { api_key_id: string; key_name: string },
  ctx: z.RefinementCtx,
): KeyReference | undefined {
  if (raw.api_key_id !== '' && raw.key_name !== '') {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      path: ['api_key_id'],
      message: 'give api_key_id or key_name, not both',
    });
    return undefined;
  }
  if (raw.api_key_id !== '') return { id: raw.api_key_id };
  if (raw.key_name !== '') return { name: raw.key_name };
  ctx.issues.push({
    code: 'custom',
    input: raw,
    path: ['api_key_id'],
    message: 'is required (or key_name): which key?',
  });
  return undefined;
}

/**
 * Each operation's own inputs: the raw schema by input name, and how its parsed values become
 * the operation's typed fields.
 */
function operationInputs(nowMs: number) {
  return {
    provision: z
      .object({ org_id: identifier('provision') })
      .transform((raw) => ({ orgId: raw.org_id })),
    audit: z
      .object({
        service_user_id: serviceUserIds,
        status: enumInput(KEY_STATUS_FILTERS, 'all'),
        fail_on: failOn,
        expiry_warning_days: numberInput({ fallback: 14, min: 0, max: 3650, integer: true }),
        stale_days: numberInput({ fallback: 90, min: 1, max: 3650, integer: true }),
        issue_on_failure: booleanInput(false),
        github_token: z.string().trim(),
        report_file: booleanInput(false),
      })
      .superRefine((raw, ctx) => {
        if (raw.issue_on_failure && raw.github_token === '') {
          ctx.issues.push({
            code: 'custom',
            input: raw.issue_on_failure,
            path: ['github_token'],
            message:
              'is required when issue_on_failure is true: pass ${{ github.token }} and grant the job `permissions: { issues: write }`',
          });
        }
      })
      .transform((raw) => ({
        serviceUserIds: raw.service_user_id,
        status: raw.status,
        policy: {
          failOn: raw.fail_on,
          expiryWarningDays: raw.expiry_warning_days,
          staleDays: raw.stale_days,
        },
        trackingIssue: raw.issue_on_failure ? { githubToken: raw.github_token } : undefined,
        reportFile: raw.report_file,
      })),
    create: z
      .object({
        service_user_id: oneServiceUserId,
        key_name: keyName,
        ...EXPIRY_INPUTS,
        revoke_on_exit: booleanInput(true),
      })
      .transform((raw, ctx) => ({
        serviceUserId: raw.service_user_id[0],
        keyName: raw.key_name === '' ? undefined : raw.key_name,
        expiry: parseExpiry(raw, nowMs, ctx) ?? DEFAULT_CREATE_EXPIRY,
        revokeOnExit: raw.revoke_on_exit,
      })),
    rotate: z
      .object({
        service_user_id: oneServiceUserId,
        api_key_id: optionalId,
        key_name: keyName,
        ...EXPIRY_INPUTS,
        revoke_current: booleanInput(true),
      })
      .transform((raw, ctx) => ({
        serviceUserId: raw.service_user_id[0],
        key: keyReference(raw, ctx),
        expiry: parseExpiry(raw, nowMs, ctx),
        revokeCurrent: raw.revoke_current,
      })),
    revoke: z
      .object({ service_user_id: oneServiceUserId, api_key_id: optionalId, key_name: keyName })
      .transform((raw, ctx) => ({
        serviceUserId: raw.service_user_id[0],
        key: keyReference(raw, ctx),
      })),
  } satisfies Record<Operation, z.ZodType>;
}

function isOperation(value: string): value is Operation {
  return Object.hasOwn(OPERATIONS, value);
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
}

type OperationSchemas = ReturnType<typeof operationInputs>;

/** The names of every input an operation reads, so the runner's values can be collected. */
function inputNames(schemas: OperationSchemas, operation: Operation | undefined): string[] {
  const names = Object.keys(CommonSchema.shape);
  if (operation !== undefined) names.push(...Object.keys(schemas[operation].in.shape));
  return names;
}

function credentialProblem(tokenValue: string, operation: Operation): string | undefined {
  const needed = OPERATIONS[operation];
  const actual = credentialKindOf(tokenValue);
  if (actual === needed) return undefined;
  const given =
    actual === undefined
      ? 'a value that is not a Devin API key (no apk_user_, apk_ or cog_ prefix)'
      : describeCredentialKind(actual);
  return `token: operation ${operation} needs ${describeCredentialKind(needed)}, but the token is ${given}. Make one in ${CREDENTIAL_KINDS[needed].madeIn}; store it as a secret and pass it as \`token\`.`;
}

/**
 * Only the inputs every operation shares: what the post step needs to reach the API again.
 * (An operation's own inputs may no longer hold: an expires_at may be past by then.)
 */
export function parseCommonInputs(readInput: ReadInput): CommonInputs {
  const raw = Object.fromEntries(
    Object.keys(CommonSchema.shape).map((name) => [name, readInput(name)]),
  );
  const common = CommonSchema.safeParse(raw);
  if (!common.success) {
    throw new InputError(
      `Invalid inputs:\n${problemsOf(common.error)
        .map((line) => `  - ${line}`)
        .join('\n')}`,
    );
  }
  const { data } = common;
  return {
    token: data.token,
    baseUrl: data.base_url,
    timeoutSeconds: data.timeout_seconds,
    maxRetries: data.max_retries,
    dryRun: data.dry_run,
  };
}

/**
 * Parses and checks every input, before anything touches the network. All problems are
 * reported at once, so a user fixes a workflow in one round.
 */
export function parseInputs(readInput: ReadInput, nowMs: number = Date.now()): ActionInputs {
  const operationName = readInput('operation').trim();
  const operation = isOperation(operationName) ? operationName : undefined;
  const schemas = operationInputs(nowMs);
  const names = inputNames(schemas, operation);
  const raw = Object.fromEntries(names.map((name) => [name, readInput(name)]));

  const problems: string[] = [];
  if (operation === undefined) {
    const given =
      operationName === '' ? 'is required' : `${quoteUntrusted(operationName)} is unknown`;
    problems.push(`operation: ${given}; valid operations: ${OPERATION_NAMES.join(', ')}`);
  }
  const common = CommonSchema.safeParse(raw);
  if (!common.success) problems.push(...problemsOf(common.error));
  const specific = operation === undefined ? undefined : schemas[operation].safeParse(raw);
  if (specific?.success === false) problems.push(...problemsOf(specific.error));
  if (common.success && operation !== undefined) {
    const problem = credentialProblem(common.data.token, operation);
    if (problem !== undefined) problems.push(problem);
  }

  if (problems.length > 0 || !common.success || operation === undefined || !specific?.success) {
    throw new InputError(`Invalid inputs:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
  const { data } = common;
  return {
    operation,
    token: data.token,
    baseUrl: data.base_url,
    timeoutSeconds: data.timeout_seconds,
    maxRetries: data.max_retries,
    dryRun: data.dry_run,
    ...specific.data,
    // TypeScript cannot see that `specific` was parsed by `operation`'s own schema.
  } as ActionInputs;
}
