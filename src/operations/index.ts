import { COUNT_NAMES } from '../audit/counts.ts';
import { ORG_KEY_COUNT_NAMES } from '../audit/org-keys-counts.ts';
import {
  CREDENTIAL_KINDS,
  credentialKindOf,
  describeCredentialKind,
  type CredentialKind,
} from '../base/credentials.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { gitHubApiUrlProblem } from '../github/api-url.ts';
import {
  auditInputsByKind,
  commonInputs,
  createInputs,
  provisionInputs,
  revokeInputs,
  rotateInputs,
  syncInputs,
  type CommonInputs,
} from '../inputs/parsers.ts';
import { InputReader, type ReadInput } from '../inputs/reader.ts';
import type { OperationContext } from './context.ts';

/** Every operation. Each has one entry in OPERATIONS below; the compiler holds the two together. */
export type Operation = 'provision' | 'audit' | 'create' | 'rotate' | 'revoke' | 'sync';

/** What the action knows of one operation before it loads the operation's own code. */
interface OperationEntry<OwnInputs> {
  /** The kind of credential its endpoints take: checked before any call. */
  credential: CredentialKind;
  /**
   * Another kind it takes, for the same work under another API version (v2 keys of
   * organizations with an Enterprise admin's personal key); the token's kind decides.
   */
  alsoTakes?: CredentialKind;
  /**
   * Reads the operation's own inputs (the common ones are read for every operation); `kind` is
   * the token's, when it is one the entry takes.
   */
  inputs: (input: InputReader, nowMs: number, kind: CredentialKind | undefined) => OwnInputs;
  /** Every output the operation may set: action.yml must declare each. */
  outputs: readonly string[];
  /** Loads the operation's module (a chunk of its own in the bundle) and runs it. */
  run: (inputs: CommonInputs & OwnInputs, context: OperationContext) => Promise<void>;
}

/** Infers an entry's own inputs from its parser, so that `run` is checked against them. */
function operation<OwnInputs>(entry: OperationEntry<OwnInputs>): OperationEntry<OwnInputs> {
  return entry;
}

const MINTED_KEY_OUTPUTS = ['api_key', 'api_key_id', 'api_key_name', 'expires_at'] as const;

const ENTRIES = {
  provision: operation({
    credential: 'personal-key',
    inputs: provisionInputs,
    outputs: ['api_key', 'org_id', 'secrets'],
    run: async (inputs, context) =>
      inputs.secrets === undefined
        ? (await import('./provision.ts')).provision(inputs, context)
        : (await import('./provision-in-secrets.ts')).provisionInSecrets(
            { ...inputs, secrets: inputs.secrets },
            context,
          ),
  }),
  audit: operation({
    credential: 'service-user-credential',
    alsoTakes: 'personal-key',
    inputs: auditInputsByKind,
    outputs: ['report', 'report_path', ...COUNT_NAMES, ...ORG_KEY_COUNT_NAMES],
    run: async (inputs, context) =>
      inputs.apiVersion === 'v2'
        ? (await import('./audit-org-keys.ts')).auditOrgKeys(inputs, context)
        : (await import('./audit.ts')).audit(inputs, context),
  }),
  create: operation({
    credential: 'service-user-credential',
    inputs: createInputs,
    outputs: [...MINTED_KEY_OUTPUTS, 'secrets'],
    run: async (inputs, context) =>
      inputs.secrets === undefined
        ? (await import('./create.ts')).create(inputs, context)
        : (await import('./create-in-secrets.ts')).createInSecrets(
            { ...inputs, secrets: inputs.secrets },
            context,
          ),
  }),
  rotate: operation({
    credential: 'service-user-credential',
    inputs: rotateInputs,
    outputs: [...MINTED_KEY_OUTPUTS, 'previous_api_key_id', 'secrets'],
    run: async (inputs, context) =>
      inputs.secrets === undefined
        ? (await import('./rotate.ts')).rotate(inputs, context)
        : (await import('./rotate-in-secrets.ts')).rotateInSecrets(inputs, context),
  }),
  sync: operation({
    credential: 'service-user-credential',
    inputs: syncInputs,
    outputs: ['secrets'],
    run: async (inputs, context) => (await import('./sync.ts')).sync(inputs, context),
  }),
  revoke: operation({
    credential: 'service-user-credential',
    alsoTakes: 'personal-key',
    inputs: revokeInputs,
    outputs: ['api_key_id'],
    run: async (inputs, context) => (await import('./revoke.ts')).revoke(inputs, context),
  }),
} satisfies Record<Operation, unknown>;

type OwnInputsOf<Name extends Operation> = ReturnType<(typeof ENTRIES)[Name]['inputs']>;

/** The registry: one entry per operation, no more, no fewer (a compile error otherwise). */
export const OPERATIONS: { readonly [Name in Operation]: OperationEntry<OwnInputsOf<Name>> } =
  ENTRIES;

const OPERATION_NAMES = Object.keys(OPERATIONS) as Operation[];

function isOperation(value: string): value is Operation {
  return Object.hasOwn(OPERATIONS, value);
}

/** The kinds of credential an operation takes, the one it is known for first. */
export function credentialKindsOf(operation: Operation): CredentialKind[] {
  const { credential, alsoTakes } = OPERATIONS[operation];
  return alsoTakes === undefined ? [credential] : [credential, alsoTakes];
}

function credentialProblem(token: string, operation: Operation): string | undefined {
  const needed = credentialKindsOf(operation);
  const actual = credentialKindOf(token);
  if (actual !== undefined && needed.includes(actual)) return undefined;
  const given =
    actual === undefined
      ? 'a value that is not a Devin API key (no apk_user_, apk_ or cog_ prefix)'
      : describeCredentialKind(actual);
  const kinds = needed.map(describeCredentialKind).join(' or ');
  const where = needed.map((kind) => CREDENTIAL_KINDS[kind].madeIn).join(', or ');
  return (
    `token: operation ${operation} needs ${kinds}, but the token is ` +
    `${given}. Make one in ${where}; store it as a secret and pass it ` +
    'as `token`.'
  );
}

/** An operation with its inputs parsed, ready to run. */
interface ParsedOperation {
  operation: Operation;
  /** The common inputs and the operation's own, as its `run` takes them. */
  inputs: CommonInputs;
  run(context: OperationContext): Promise<void>;
}

// Generic in the name so that the entry and its inputs are of one operation, checked without a
// cast; a plain `Operation` would make them unrelated unions.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function parsedOperation<Name extends Operation>(
  name: Name,
  common: CommonInputs,
  input: InputReader,
  nowMs: number,
): ParsedOperation {
  const entry = OPERATIONS[name];
  const kind = credentialKindOf(common.token);
  const taken = kind !== undefined && credentialKindsOf(name).includes(kind) ? kind : undefined;
  const inputs = { ...common, ...entry.inputs(input, nowMs, taken) };
  return { operation: name, inputs, run: (context) => entry.run(inputs, context) };
}

/**
 * Parses and checks every input of the operation asked for, before anything touches the
 * network. All problems are reported at once (an InputError), so a user fixes a workflow in
 * one round.
 */
export function parseInputs(
  readInput: ReadInput,
  nowMs: number = Date.now(),
  readEnv: (name: string) => string | undefined = () => undefined,
): ParsedOperation {
  const input = new InputReader(readInput);
  const name = input.raw('operation');
  if (!isOperation(name)) {
    const given = name === '' ? 'is required' : `${quoteUntrusted(name)} is unknown`;
    input.problem('operation', `${given}; valid operations: ${OPERATION_NAMES.join(', ')}`);
    commonInputs(input); // for its problems: every one is listed at once
    return input.reject();
  }
  const common = commonInputs(input);
  const parsed = parsedOperation(name, common, input, nowMs);
  if (input.valid('token')) {
    const problem = credentialProblem(common.token, name);
    if (problem !== undefined) input.generalProblem(problem);
  }
  // github_token goes to GITHUB_API_URL: a URL that would expose it is refused before any call.
  if (input.raw('github_token') !== '') {
    const problem = gitHubApiUrlProblem(readEnv('GITHUB_API_URL'));
    if (problem !== undefined) input.generalProblem(problem);
  }
  input.finish();
  return parsed;
}
