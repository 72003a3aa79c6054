/**
 * Properties of the input parsers, over the registry: for every operation and every input its
 * parser reads (found by recording the names it asks the reader for, so inputs and operations
 * added later are covered without touching this file), arbitrary strings either parse into a
 * typed value or are refused with the one InputError format, and never echo a secret.
 */
import fc from 'fast-check';
import { FINDING_CLASSES } from '../../src/audit/policy.ts';
import { CREDENTIAL_KINDS } from '../../src/base/credentials.ts';
import { InputError } from '../../src/base/errors.ts';
import { quoteUntrusted } from '../../src/base/untrusted.ts';
import { KEY_STATUS_FILTERS } from '../../src/devin/key-status.ts';
import { parseCommonInputs, SECRET_INPUTS, type CommonInputs } from '../../src/inputs/parsers.ts';
import type { ReadInput } from '../../src/inputs/reader.ts';
import { OPERATIONS, parseInputs, type Operation } from '../../src/operations/index.ts';

const NOW_MS = Date.UTC(2026, 11, 1, 12, 0, 0);
const OPERATION_NAMES = Object.keys(OPERATIONS) as Operation[];
const BASE_URL = 'base_url';
const SECRET_NAMES: readonly string[] = SECRET_INPUTS;
/** Enough runs to reach every parser's branches, few enough that the file takes seconds. */
const RUNS_PER_OPERATION = 300;

// ---- Which inputs each parser reads ----------------------------------------------------------

/** Values every input gets at once while the names are recorded: each may unlock other reads. */
const PROBE_FILLS = ['', 'true', 'false', 'all', 'none', '1', 'x', 'cog_x', 'apk_user_x'];

/** The names `parse` asks for, over a few uniform fillings (some reads depend on others). */
function namesReadBy(parse: (readInput: ReadInput) => unknown, operation?: string): string[] {
  const names = new Set<string>();
  for (const fill of PROBE_FILLS) {
    try {
      parse((name) => {
        names.add(name);
        return name === 'operation' && operation !== undefined ? operation : fill;
      });
    } catch {
      // Most fillings are invalid; only the names read matter here.
    }
  }
  return [...names].sort();
}

const INPUTS_OF: Readonly<Record<Operation, readonly string[]>> = Object.fromEntries(
  OPERATION_NAMES.map((name) => [
    name,
    namesReadBy((readInput) => parseInputs(readInput, NOW_MS), name),
  ]),
) as Record<Operation, string[]>;
const COMMON_INPUTS = namesReadBy(parseCommonInputs);
const EVERY_INPUT = [...new Set([...Object.values(INPUTS_OF).flat(), ...COMMON_INPUTS])].sort();

// ---- Arbitrary values --------------------------------------------------------------------------

const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '\f',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2003',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u3000',
  '\u200b',
  '\ufeff',
];
const whitespace = fc.string({ unit: fc.constantFrom(...WHITESPACE), maxLength: 4 });
/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const controlCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u007f', '\u0085', '\u009b', '\u200e', '\u202e', '\u2066', '\u2069'),
);

const wildShort = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ unit: controlCharacter, maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  whitespace,
);

/** Huge values, cheap to make: a short piece repeated up to 200,000 characters. */
function huge(piece: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      piece.filter((text) => text !== ''),
      fc.integer({ min: 1_000, max: 200_000 }),
    )
    .map(([text, length]) => text.repeat(Math.ceil(length / text.length)).slice(0, length));
}

const NUMBERS: readonly string[] = [
  '0',
  '1',
  '3',
  '10',
  '30',
  '600',
  '601',
  '3650',
  '3651',
  '0.5',
  '1.5',
  '1.',
  '.5',
  '1.0',
  '00',
  '007',
  '-1',
  '+1',
  '1e3',
  '0x1f',
  '1_000',
  'Infinity',
  'NaN',
  '\u0663',
  '\uff11',
  '9'.repeat(400),
  `1.${'0'.repeat(30)}1`,
];
const numbers = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.integer().map(String),
  fc.double().map(String),
);

const URLS: readonly string[] = [
  'https://api.devin.ai',
  'https://api.devin.ai/',
  'https://api.acme.devinenterprise.com/base/',
  'HTTPS://API.DEVIN.AI',
  'http://127.0.0.1:4010',
  'http://127.1',
  'http://127.0.0.1.example.com',
  'http://0x7f000001',
  'http://localhost:1',
  'http://LOCALHOST',
  'http://localhost.',
  'http://[::1]:8080/',
  'http://[::ffff:127.0.0.1]',
  'http://api.devin.ai',
  'https://api.devin.ai?x=1',
  'https://api.devin.ai#fragment',
  'https://api.devin.ai//v3',
  'https://api.devin.ai/%2e%2e/',
  'https://api.devin.ai\\v3',
  'https://api.devin.ai:99999',
  'https://[::1',
  'https://',
  'https:api.devin.ai',
  '//api.devin.ai',
  'api.devin.ai',
  'https://a b',
  'ftp://api.devin.ai',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/plain,x',
];
const urls = fc.oneof(
  fc.constantFrom(...URLS),
  fc.webUrl({
    validSchemes: ['https', 'http', 'ftp'],
    withQueryParameters: true,
    withFragments: true,
    authoritySettings: { withIPv4: true, withIPv6: true, withPort: true },
  }),
);

const IDS: readonly string[] = [
  'service-user-abc123',
  'org-abc123',
  'key-deploy',
  'all',
  'none',
  '.',
  '..',
  '...',
  '-',
  ':',
  'a@b',
  'a/b',
  'a?b',
  'a#b',
  'a%2fb',
  'a b',
  'a,b',
  'a\nb',
  '<!--',
  '-->',
  'a'.repeat(256),
  'a'.repeat(257),
];
const ids = fc.oneof(fc.constantFrom(...IDS), fc.stringMatching(/^[A-Za-z0-9._:@-]{1,24}$/));

const DURATIONS: readonly string[] = [
  '30m',
  '2h',
  '7d',
  '1h30m',
  '1w',
  '1m',
  '60s',
  '59s',
  '0s',
  '366d',
  '367d',
  '1H',
  '1.5h',
  '1h 30m',
  '-1h',
  'h',
  '30',
  '1d1d',
  '1e3s',
  '\u0663h',
  `${'9'.repeat(30)}d`,
];
const durations = fc.oneof(
  fc.constantFrom(...DURATIONS),
  fc
    .tuple(fc.nat(), fc.constantFrom('s', 'm', 'h', 'd', 'w', 'y', ''))
    .map(([amount, unit]) => `${amount}${unit}`),
);

/** ISO times at the edges of "at least a minute in the future", in several spellings. */
const isoTimes = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(-86_400_000, -1, 0, 59_999, 60_000, 60_001, 3_600_000, 31_708_800_000),
        fc.integer({ min: -1e12, max: 1e13 }),
      ),
      fc.constantFrom<(iso: string) => string>(
        (iso) => iso,
        (iso) => iso.replace(/\.\d+Z$/, 'Z'),
        (iso) => iso.replace(/:\d{2}\.\d+Z$/, 'Z'),
        (iso) => iso.replace('Z', '+00:00'),
        (iso) => iso.replace('Z', '-23:59'),
        (iso) => iso.replace('Z', 'z'),
        (iso) => iso.replace('Z', ''),
        (iso) => iso.replace('T', ' '),
      ),
    )
    .map(([offsetMs, spell]) => spell(new Date(NOW_MS + offsetMs).toISOString())),
  fc.constantFrom(
    '2026-12-31T23:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-31T24:00:00Z',
    '2026-12-31T23:00:00+25:00',
    '2026-12-31',
    '+275760-09-13T00:00:00Z',
    '9999-12-31T23:59:59.999999999999+14:00',
    '0000-01-01T00:00:00Z',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

const BOOLEANS: readonly string[] = [
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'tRUE',
  'yes',
  'no',
  'on',
  'off',
  '1',
  '0',
];
const booleans = fc.constantFrom(...BOOLEANS);

const WORDS: readonly string[] = [...FINDING_CLASSES, ...KEY_STATUS_FILTERS, 'none', 'all'];
const words = fc.constantFrom(...WORDS);

const lists = fc
  .tuple(
    fc.array(fc.oneof(words, ids, fc.constant('')), { maxLength: 6 }),
    fc.constantFrom(',', '\n', ', ', ',,', '\r\n', ';', ' ', ' ,\n'),
  )
  .map(([items, separator]) => items.join(separator));

const nearValid = fc.oneof(numbers, urls, ids, durations, isoTimes, booleans, words, lists);

/** A near-valid value, bent: padded, recased, cut, or with a stray character inside. */
const bent = fc
  .tuple(nearValid, wildShort, fc.nat(), fc.constantFrom('pad', 'upper', 'cut', 'insert', 'twice'))
  .map(([value, extra, at, how]) => {
    const index = value.length === 0 ? 0 : at % value.length;
    switch (how) {
      case 'pad':
        return `${extra}${value}${extra}`;
      case 'upper':
        return value.toUpperCase();
      case 'cut':
        return value.slice(0, index);
      case 'insert':
        return `${value.slice(0, index)}${extra}${value.slice(index)}`;
      case 'twice':
        return `${value},${value}`;
    }
  });

const anyValue = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 8, arbitrary: nearValid },
  { weight: 3, arbitrary: bent },
  { weight: 3, arbitrary: wildShort },
  { weight: 1, arbitrary: huge(fc.oneof(wildShort, nearValid)) },
);

/** A random tag that no generated value holds by chance: its presence in a message is a leak. */
const canaryTag = fc.stringMatching(/^[A-Za-z0-9]{12}$/).map((tag) => `CANARY${tag}`);

interface Canary {
  value: string;
  tag: string;
}

/** A secret input's value: a key of the preferred prefix mostly, the canary, any suffix. */
function secretValue(preferredPrefix: string): fc.Arbitrary<Canary> {
  const prefix = fc.oneof(
    { weight: 6, arbitrary: fc.constant(preferredPrefix) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        ...Object.values(CREDENTIAL_KINDS).map((kind) => kind.prefix),
        'ghp_',
        'Bearer cog_',
        'bearer\tapk_user_',
        '',
      ),
    },
  );
  const suffix = fc.oneof(
    { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/) },
    { weight: 2, arbitrary: wildShort },
    { weight: 1, arbitrary: huge(fc.stringMatching(/^[A-Za-z0-9]{1,8}$/)) },
  );
  return fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: fc.constant('') }, whitespace),
      prefix,
      canaryTag,
      suffix,
    )
    .map(([pad, chosen, tag, rest]) => ({ value: `${pad}${chosen}${tag}${rest}${pad}`, tag }));
}

/** A base_url with an @ (user info, or an @ anywhere), holding a canary before the @. */
const baseUrlWithAt: fc.Arbitrary<Canary> = fc
  .tuple(
    fc.constantFrom('https://', 'http://', 'HTTPS://', '', 'https://user:'),
    canaryTag,
    fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z:/#?%]{0,10}$/), wildShort),
    fc.constantFrom('@', '@@', '%40@', '@:'),
    fc.oneof(urls, fc.constantFrom('api.devin.ai', '127.0.0.1:4010', '[::1]/v3', ''), wildShort),
  )
  .map(([scheme, tag, middle, at, rest]) => ({
    value: `${scheme}${tag}${middle}${at}${rest.replace(/^https?:\/\//, '')}`,
    tag,
  }));

// ---- A valid starting point per operation, found through the registry -------------------------

/** Every fixed near-valid value above: what a search for valid inputs may try. */
const CANDIDATES: readonly string[] = [
  ...NUMBERS,
  ...URLS,
  ...IDS,
  ...DURATIONS,
  ...BOOLEANS,
  ...WORDS,
  new Date(NOW_MS + 86_400_000).toISOString(),
];

/** The inputs named by the problems of a refused parse; undefined when the parse succeeds. */
function problemInputs(values: Record<string, string>): string[] | undefined {
  try {
    parseInputs((name) => values[name] ?? '', NOW_MS);
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message
      .split('\n')
      .slice(1)
      .map((line) => /^ {2}- ([a-z_]+):/.exec(line)?.[1] ?? line);
  }
}

/** The prefix of the credential an operation takes, from the registry. */
function credentialPrefix(operation: Operation): string {
  return CREDENTIAL_KINDS[OPERATIONS[operation].credential].prefix;
}

const VALID_INPUTS = new Map<Operation, Record<string, string>>();

/**
 * Inputs that parse for `operation`, found by fixing one refused input at a time with the first
 * candidate that clears it: random values alone seldom make every input valid at once, and
 * perturbing a valid set reaches the checks that come after the others have passed.
 */
function validInputs(operation: Operation): Record<string, string> {
  const known = VALID_INPUTS.get(operation);
  if (known !== undefined) return known;
  const values: Record<string, string> = {
    operation,
    token: `${credentialPrefix(operation)}CANARYbaseline`,
  };
  for (let round = 0; round < 2 * INPUTS_OF[operation].length; round++) {
    const problems = problemInputs(values);
    if (problems === undefined) {
      VALID_INPUTS.set(operation, values);
      return values;
    }
    const [name = ''] = problems;
    const fix = CANDIDATES.find((candidate) => {
      const left = problemInputs({ ...values, [name]: candidate });
      return left === undefined || (!left.includes(name) && left.length < problems.length);
    });
    if (fix === undefined) {
      throw new Error(
        `no candidate makes ${name} of operation ${operation} valid: add a valid value to the pools`,
      );
    }
    values[name] = fix;
  }
  throw new Error(`found no valid inputs for operation ${operation}`);
}

interface Inputs {
  /** By input name; a name left out reads as empty, as the runner passes it. */
  values: Record<string, string>;
  /** Canaries that must appear in no message. */
  canaries: string[];
  /** Values that must not be repeated in any form: a base_url with an @. */
  unrepeatable: string[];
  /** Values for names read that recording did not find (read only in some cases): in order. */
  extras: string[];
}

/**
 * Inputs drawn around `start` (usually valid ones): each input kept or, one time in eight,
 * replaced by an arbitrary value; secrets always canaries, of the right prefix mostly.
 */
function inputsArbitrary(
  names: readonly string[],
  operation: fc.Arbitrary<string>,
  start: Record<string, string>,
  tokenPrefix: string,
): fc.Arbitrary<Inputs> {
  const plain = names.filter((name) => name !== 'operation' && !SECRET_NAMES.includes(name));
  const replaced = fc.oneof(
    { weight: 7, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: anyValue },
  );
  return fc
    .record({
      operation,
      fromStart: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
      plain: fc.record(Object.fromEntries(plain.map((name) => [name, replaced]))),
      secrets: fc.record(
        Object.fromEntries(
          SECRET_NAMES.map((name) => [
            name,
            fc.option(secretValue(name === 'token' ? tokenPrefix : ''), {
              freq: 8,
              nil: undefined,
            }),
          ]),
        ),
      ),
      baseUrlWithAt: fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: baseUrlWithAt },
      ),
      extras: fc.array(anyValue, { maxLength: 3 }),
    })
    .map((drawn): Inputs => {
      const values: Record<string, string> = {};
      if (drawn.fromStart) {
        for (const name of plain) if (start[name] !== undefined) values[name] = start[name];
      }
      values.operation = drawn.operation;
      for (const [name, value] of Object.entries(drawn.plain)) {
        if (value !== undefined) values[name] = value;
      }
      const canaries: string[] = [];
      const unrepeatable: string[] = [];
      for (const [name, canary] of Object.entries(drawn.secrets)) {
        if (canary === undefined) continue;
        values[name] = canary.value;
        canaries.push(canary.tag);
      }
      if (drawn.baseUrlWithAt !== undefined && names.includes(BASE_URL)) {
        values[BASE_URL] = drawn.baseUrlWithAt.value;
        canaries.push(drawn.baseUrlWithAt.tag);
        unrepeatable.push(drawn.baseUrlWithAt.value.trim());
      }
      return { values, canaries, unrepeatable, extras: drawn.extras };
    });
}

/** Reads `inputs` by name, recording each name read. */
function readerOf(inputs: Inputs): { readInput: ReadInput; namesRead: Set<string> } {
  const namesRead = new Set<string>();
  const extras = [...inputs.extras];
  const given = new Map<string, string>();
  const readInput = (name: string): string => {
    namesRead.add(name);
    const value = Object.hasOwn(inputs.values, name) ? inputs.values[name] : undefined;
    if (value !== undefined) return value;
    if (!EVERY_INPUT.includes(name)) {
      // A name the recording missed: fuzz it too, the same value each time it is read.
      if (!given.has(name)) given.set(name, extras.shift() ?? '');
      return given.get(name) ?? '';
    }
    return '';
  };
  return { readInput, namesRead };
}

// ---- What every outcome must look like ----------------------------------------------------------

type Outcome<Value> = { value: Value } | { error: unknown };

function outcomeOf<Value>(parse: () => Value): Outcome<Value> {
  try {
    return { value: parse() };
  } catch (error) {
    return { error };
  }
}

/** The InputError format: a head line, then one "  - <input>: <problem>" per problem. */
function expectInputErrorFormat(error: unknown, inputs: Inputs, namesRead: Set<string>): void {
  if (!(error instanceof InputError)) {
    throw new Error(
      `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, not an InputError`,
      { cause: error },
    );
  }
  const [head, ...lines] = error.message.split('\n');
  expect(head).toBe('Invalid inputs:');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const named = /^ {2}- ([a-z_]+): \S/.exec(line);
    expect({ line, problem: named !== null }).toEqual({ line, problem: true });
    expect([...namesRead]).toContain(named?.[1]);
  }
  for (const canary of inputs.canaries) expect(error.message).not.toContain(canary);
  for (const value of inputs.unrepeatable) {
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain(quoteUntrusted(value));
  }
}

/** The common inputs, typed: what every operation and the post step build on. */
function expectTypedCommonInputs(inputs: CommonInputs, readInput: ReadInput): void {
  expect(inputs.token).toBe(readInput('token').trim());
  expect(inputs.token).not.toBe('');
  expect(inputs.baseUrl).toBeInstanceOf(URL);
  expect(['https:', 'http:']).toContain(inputs.baseUrl.protocol);
  expect([inputs.baseUrl.username, inputs.baseUrl.password]).toEqual(['', '']);
  expect([inputs.baseUrl.search, inputs.baseUrl.hash]).toEqual(['', '']);
  expect(Number.isFinite(inputs.timeoutSeconds) && inputs.timeoutSeconds > 0).toBe(true);
  expect(Number.isInteger(inputs.maxRetries) && inputs.maxRetries >= 0).toBe(true);
  expect(typeof inputs.dryRun).toBe('boolean');
}

const nowMs = fc.oneof(
  { weight: 4, arbitrary: fc.constant(NOW_MS) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }) },
);

// ---- The properties ------------------------------------------------------------------------------

test('recording finds the inputs of every operation, the common ones among them', () => {
  for (const operation of OPERATION_NAMES) {
    expect(INPUTS_OF[operation]).toEqual(expect.arrayContaining([...COMMON_INPUTS, 'operation']));
  }
  expect(COMMON_INPUTS).toEqual(expect.arrayContaining(['token', BASE_URL]));
});

test.each(OPERATION_NAMES)('the search finds inputs that parse for operation %s', (operation) => {
  expect(problemInputs(validInputs(operation))).toBeUndefined();
});

describe.each(OPERATION_NAMES)('operation %s', (operation) => {
  test('any inputs parse into the typed operation or an InputError that echoes no secret', () => {
    const outcomes = { parsed: 0, refused: 0 };
    const operationValue = fc.oneof(
      { weight: 8, arbitrary: fc.constant(operation) },
      { weight: 1, arbitrary: whitespace.map((pad) => `${pad}${operation}${pad}`) },
    );
    fc.assert(
      fc.property(
        inputsArbitrary(
          INPUTS_OF[operation],
          operationValue,
          validInputs(operation),
          credentialPrefix(operation),
        ),
        nowMs,
        (inputs, now) => {
          const { readInput, namesRead } = readerOf(inputs);
          const outcome = outcomeOf(() => parseInputs(readInput, now));
          if ('error' in outcome) {
            outcomes.refused++;
            expectInputErrorFormat(outcome.error, inputs, namesRead);
            return;
          }
          outcomes.parsed++;
          expect(outcome.value.operation).toBe(operation);
          expect(typeof outcome.value.run).toBe('function');
          expectTypedCommonInputs(outcome.value.inputs, readInput);
          // The post step reads the common inputs again: what the main step took, it takes alike.
          const common = parseCommonInputs(readInput);
          const parsed: Record<string, unknown> = { ...outcome.value.inputs };
          expect(Object.fromEntries(Object.keys(common).map((key) => [key, parsed[key]]))).toEqual(
            common,
          );
        },
      ),
      { numRuns: RUNS_PER_OPERATION },
    );
    // Both outcomes were reached, so the properties were tested on each side.
    expect(outcomes.parsed).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

test('any operation name parses into a known operation or an InputError', () => {
  const operationValue = fc.oneof(
    fc.constantFrom(...OPERATION_NAMES),
    fc.constantFrom('', 'Provision', 'AUDIT', 'delete', 'list', '__proto__', 'constructor'),
    bent,
    wildShort,
  );
  fc.assert(
    fc.property(
      fc.oneof(
        ...OPERATION_NAMES.map((start) =>
          inputsArbitrary(EVERY_INPUT, operationValue, validInputs(start), credentialPrefix(start)),
        ),
      ),
      nowMs,
      (inputs, now) => {
        const { readInput, namesRead } = readerOf(inputs);
        const outcome = outcomeOf(() => parseInputs(readInput, now));
        if ('error' in outcome) {
          expectInputErrorFormat(outcome.error, inputs, namesRead);
          return;
        }
        expect(OPERATION_NAMES).toContain(outcome.value.operation);
        expect(outcome.value.operation).toBe(readInput('operation').trim());
        expectTypedCommonInputs(outcome.value.inputs, readInput);
      },
    ),
    { numRuns: RUNS_PER_OPERATION },
  );
});

test("the post step's common inputs parse into typed values or an InputError that echoes no secret", () => {
  const outcomes = { parsed: 0, refused: 0 };
  fc.assert(
    fc.property(
      fc.oneof(
        ...OPERATION_NAMES.map((start) =>
          inputsArbitrary(
            COMMON_INPUTS,
            fc.constant(''),
            validInputs(start),
            credentialPrefix(start),
          ),
        ),
      ),
      (inputs) => {
        const { readInput, namesRead } = readerOf(inputs);
        const outcome = outcomeOf(() => parseCommonInputs(readInput));
        if ('error' in outcome) {
          outcomes.refused++;
          expectInputErrorFormat(outcome.error, inputs, namesRead);
          return;
        }
        outcomes.parsed++;
        expectTypedCommonInputs(outcome.value, readInput);
      },
    ),
    { numRuns: RUNS_PER_OPERATION },
  );
  expect(outcomes.parsed).toBeGreaterThan(0);
  expect(outcomes.refused).toBeGreaterThan(0);
});
