/**
 * expires_at must name the instant it spells. `Date.parse` rolls a day the calendar does not
 * have over into the next month (2026-02-30 becomes 2026-03-02), so a check that leans on it
 * alone lets a key expire on a day nobody wrote.
 */
import { InputError } from '../../src/base/errors.ts';
import { CREDENTIAL_KINDS } from '../../src/base/credentials.ts';
import { OPERATIONS, parseInputs, type Operation } from '../../src/operations/index.ts';

const NOW_MS = Date.UTC(2026, 0, 1);

/** The operations whose parser reads expires_at, found by recording the names read. */
const READ_BY = (Object.keys(OPERATIONS) as Operation[]).filter((operation) => {
  const names = new Set<string>();
  try {
    parseInputs((name) => {
      names.add(name);
      return name === 'operation' ? operation : '';
    }, NOW_MS);
  } catch {
    // Only the names read matter here.
  }
  return names.has('expires_at');
});

/** The inputs the refusal names; undefined when the inputs parse. */
function problemsWith(operation: Operation, expiresAt: string): string[] | undefined {
  const token = `${CREDENTIAL_KINDS[OPERATIONS[operation].credential].prefix}CANARYcalendar`;
  const inputs: Record<string, string> = {
    operation,
    token,
    api_key_id: 'key-deploy',
    expires_at: expiresAt,
    // sync takes a secret to keep the key in, and a short enough rotate_before for the expiry.
    ...(operation === 'sync'
      ? { secret_name: 'K', github_token: 'ghs_calendar', rotate_before: '1d' }
      : {}),
  };
  try {
    parseInputs((name) => inputs[name] ?? '', NOW_MS);
    return undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message
      .split('\n')
      .slice(1)
      .map((line) => /^ {2}- ([a-z_]+):/.exec(line)?.[1] ?? line);
  }
}

test('some operations read expires_at', () => {
  expect(READ_BY.length).toBeGreaterThan(0);
});

describe.each(READ_BY)('operation %s', (operation) => {
  test('takes a real day at the end of a month', () => {
    expect(problemsWith(operation, '2026-02-28T12:00:00Z')).toBeUndefined();
    expect(problemsWith(operation, '2028-02-29T12:00:00Z')).toBeUndefined();
  });

  test.each(['2026-02-30T00:00:00Z', '2027-02-29T12:00:00Z', '2026-04-31T08:00:00+02:00'])(
    'refuses expires_at %s, a day the calendar does not have',
    (expiresAt) => {
      expect(problemsWith(operation, expiresAt)).toContain('expires_at');
    },
  );
});
