/**
 * The operation registry: one entry per operation, each with the credential its endpoints take,
 * its own input parser, the outputs it may set, and a run that loads its module on demand.
 */
import { InputError } from '../../src/base/errors.ts';
import { withDefaults } from '../../src/operations/dependencies.ts';
import {
  OPERATIONS,
  credentialKindsOf,
  parseInputs,
  type Operation,
} from '../../src/operations/index.ts';

// Held by the compiler: `tsc -p test` (npm run lint) fails if either stops holding.
// @ts-expect-error a registry that lacks an entry for an operation is not a registry
const incomplete: typeof OPERATIONS = { provision: OPERATIONS.provision };
const everyOperation: Record<Operation, unknown> = OPERATIONS;

const TOKENS = {
  'personal-key': 'apk_user_CANARYregistry1',
  'service-user-credential': 'cog_CANARYregistry2',
  'service-key': 'apk_CANARYregistry3',
};

/** The fewest inputs an operation takes. */
const MINIMAL_INPUTS: Record<Operation, Record<string, string>> = {
  provision: { org_id: 'org-1' },
  audit: {},
  create: {},
  rotate: { api_key_id: 'key-1' },
  revoke: { api_key_id: 'key-1' },
  sync: { secret_name: 'DEVIN_API_KEY', github_token: 'ghs_registry' },
};

test('every operation has an entry, and only those', () => {
  expect(Object.keys(everyOperation).sort()).toEqual(Object.keys(MINIMAL_INPUTS).sort());
  expect(Object.keys(incomplete)).toEqual(['provision']);
});

test.each(Object.keys(MINIMAL_INPUTS) as Operation[])(
  '%s: parsed by its own entry, with the credential kind the entry names',
  (operation) => {
    const entry = OPERATIONS[operation];
    const inputs: Record<string, string> = {
      operation,
      token: TOKENS[entry.credential],
      ...MINIMAL_INPUTS[operation],
    };
    const parsed = parseInputs((name) => inputs[name] ?? '');
    expect(parsed.operation).toBe(operation);
    expect(parsed.inputs).toMatchObject({ token: inputs.token, dryRun: false });

    const taken = credentialKindsOf(operation);
    for (const [kind, token] of Object.entries(TOKENS)) {
      if (taken.includes(kind as keyof typeof TOKENS)) continue;
      const wrongKind: Record<string, string> = { ...inputs, token };
      expect(() => parseInputs((name) => wrongKind[name] ?? '')).toThrow(InputError);
    }
  },
);

test('an operation runs only when asked, loading its module then', async () => {
  const inputs: Record<string, string> = {
    operation: 'provision',
    token: TOKENS['personal-key'],
    org_id: 'org-1',
    dry_run: 'true',
  };
  const parsed = parseInputs((name) => inputs[name] ?? '');
  const infos: string[] = [];
  const outputs: Record<string, string> = {};
  const runtime = {
    info: (message: string) => infos.push(message),
    setOutput: (name: string, value: string) => (outputs[name] = value),
    appendSummary: () => Promise.resolve(),
  };
  expect(infos).toEqual([]);
  await parsed.run({ runtime: runtime as never, dependencies: withDefaults() });
  expect(infos.join('\n')).toContain('Dry run');
  expect(Object.keys(outputs).every((name) => OPERATIONS.provision.outputs.includes(name))).toBe(
    true,
  );
});
