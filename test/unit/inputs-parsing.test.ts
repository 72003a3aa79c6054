import { InputError } from '../../src/base/errors.ts';
import { parseCommonInputs, parseDuration, type CommonInputs } from '../../src/inputs/parsers.ts';
import { parseInputs, type Operation } from '../../src/operations/index.ts';
import { gitHubApiUrl } from '../../src/github/api-url.ts';

const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);
const NOW_SECONDS = NOW_MS / 1000;
const HOUR = 3_600;
const ADMIN_KEY = 'apk_user_CANARYinputs1a2b3c';
const CREDENTIAL = 'cog_CANARYinputs4d5e6f';

/** The parsed inputs, with the operation they are for. */
function parse(
  inputs: Record<string, string>,
): { operation: Operation } & CommonInputs & Record<string, unknown> {
  const parsed = parseInputs((name) => inputs[name] ?? '', NOW_MS);
  return { operation: parsed.operation, ...parsed.inputs };
}

/** The problems listed by the input error, one per line, without the leading "  - ". */
function problems(inputs: Record<string, string>): string[] {
  let error: unknown;
  try {
    parse(inputs);
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(InputError);
  const message = (error as InputError).message;
  expect(message.split('\n')[0]).toBe('Invalid inputs:');
  return message
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/^ {2}- /, ''));
}

const provision = (inputs: Record<string, string> = {}) => ({
  operation: 'provision',
  token: ADMIN_KEY,
  org_id: 'org-abc123',
  ...inputs,
});
const audit = (inputs: Record<string, string> = {}) => ({
  operation: 'audit',
  token: CREDENTIAL,
  ...inputs,
});

describe('common inputs', () => {
  test('defaults: the public API, 30 s, 3 retries, no dry run', () => {
    expect(parse(provision())).toEqual({
      operation: 'provision',
      token: ADMIN_KEY,
      orgId: 'org-abc123',
      baseUrl: new URL('https://api.devin.ai'),
      timeoutSeconds: 30,
      maxRetries: 3,
      dryRun: false,
    });
  });

  test('an unknown or missing operation lists the valid ones', () => {
    expect(problems(provision({ operation: 'mint' }))).toContain(
      'operation: "mint" is unknown; valid operations: provision, audit, create, rotate, sync, revoke',
    );
    expect(problems(provision({ operation: '' }))[0]).toBe(
      'operation: is required; valid operations: provision, audit, create, rotate, sync, revoke',
    );
  });

  test.each([
    ['https://api.acme.devinenterprise.com', 'https://api.acme.devinenterprise.com/'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
    ['http://localhost:3000/', 'http://localhost:3000/'],
    ['http://[::1]:9000', 'http://[::1]:9000/'],
  ])('base_url %s is accepted', (given, href) => {
    expect(parse(provision({ base_url: given })).baseUrl.href).toBe(href);
  });

  test.each([
    ['http://api.devin.ai', 'uses http://, which would send the credential unencrypted'],
    ['http://10.0.0.5', 'uses http://'],
    ['ftp://api.devin.ai', 'must be an https:// URL'],
    ['https://user:pw@api.devin.ai', 'must not hold a user name or password'],
    ['https://api.devin.ai/?x=1', 'must not have a query or a fragment'],
    ['api.devin.ai', 'is not a URL'],
    ['https://api.devin.ai//x', 'has an empty path segment (//)'],
    ['https://api.devin.ai/a//b/', 'has an empty path segment (//)'],
  ])('base_url %s is refused', (given, why) => {
    expect(problems(provision({ base_url: given })).join('\n')).toContain(why);
  });

  // Whatever else is wrong with a base_url, a password in it is never repeated.
  test.each([
    ['https://ci:CANARYpw1@api.devin.ai'],
    ['https://:CANARYpw2@api.devin.ai'],
    ['https://CANARYuser3@api.devin.ai'],
    ['http://ci:CANARYpw4@api.devin.ai'],
    ['http://ci:CANARYpw5@127.0.0.1:8080'],
    ['ftp://ci:CANARYpw6@api.devin.ai'],
    ['https://ci:CANARYpw7@api.devin.ai/?x=1'],
    ['ci:CANARYpw8@api.devin.ai'],
    ['https://ci:CANARY/pw9@api.devin.ai'],
    ['https://ci:CANARY pw10@api.devin.ai'],
    ['https://ci:CANARYpw11\uff20api.devin.ai'],
    ['https://ci:CANARYpw12\ufe6bapi.devin.ai'],
  ])('base_url %s is refused without repeating its credentials', (given) => {
    const listed = problems(provision({ base_url: given }));
    expect(listed).toEqual([
      'base_url: must not hold a user name or password (it holds an @, so it is not repeated here): credentials do not belong in base_url; the token input carries the credential',
    ]);
    expect(listed.join('\n')).not.toContain('CANARY');
  });

  test('the post step refuses a base_url with credentials without repeating them', () => {
    const read = (name: string) =>
      ({ token: CREDENTIAL, base_url: 'http://ci:CANARYpost@127.0.0.1:8080' })[name] ?? '';
    expect(() => parseCommonInputs(read)).toThrow(InputError);
    expect(() => parseCommonInputs(read)).toThrow(/credentials do not belong in base_url/);
    expect(() => parseCommonInputs(read)).not.toThrow(/CANARYpost/);
  });

  test.each([
    ['timeout_seconds', '0', '"0" is not a number from 1 to 600'],
    ['timeout_seconds', 'soon', '"soon" is not a number from 1 to 600'],
    ['max_retries', '2.5', '"2.5" is not a whole number from 0 to 10'],
    ['max_retries', '11', '"11" is not a whole number from 0 to 10'],
    ['dry_run', 'yes', '"yes" is not true or false'],
  ])('%s %s is refused', (name, value, why) => {
    expect(problems(provision({ [name]: value }))).toContain(`${name}: ${why}`);
  });

  test('YAML booleans are read as the runner writes them', () => {
    for (const value of ['true', 'True', 'TRUE'])
      expect(parse(provision({ dry_run: value })).dryRun).toBe(true);
    for (const value of ['false', 'False', 'FALSE', ''])
      expect(parse(provision({ dry_run: value })).dryRun).toBe(false);
  });

  test('every problem is listed at once', () => {
    const listed = problems({
      operation: 'provision',
      token: '',
      org_id: '',
      base_url: 'http://example.com',
      max_retries: '-1',
    });
    expect(listed.map((line) => line.split(':')[0])).toEqual([
      'token',
      'base_url',
      'max_retries',
      'org_id',
    ]);
  });
});

describe('the token', () => {
  test.each([
    [
      'provision',
      'cog_CANARYwrongkind000',
      'needs a personal API key (apk_user_…), but the token is a service user credential (cog_…)',
    ],
    [
      'provision',
      'apk_CANARYwrongkind111',
      'but the token is an organization service API key (apk_…)',
    ],
    [
      'audit',
      'apk_CANARYwrongkind444',
      'needs a service user credential (cog_…) or a personal API key (apk_user_…), but the ' +
        'token is an organization service API key (apk_…)',
    ],
    ['create', 'apk_CANARYwrongkind222', 'needs a service user credential (cog_…)'],
    ['revoke', 'sk-CANARYnotdevin333', 'a value that is not a Devin API key'],
  ])(
    '%s with the wrong kind of credential says which kind is needed and where it is made',
    (operation, tokenValue, why) => {
      const listed = problems({
        operation,
        token: tokenValue,
        org_id: 'org-1',
        api_key_id: 'key-1',
      });
      const line = listed.find((problem) => problem.startsWith('token:')) ?? '';
      expect(line).toContain(why);
      expect(line).toMatch(/Make one in (Settings > API Keys|Enterprise Settings > Service Users)/);
      expect(listed.join('\n')).not.toContain(tokenValue);
    },
  );

  test.each([
    ['', 'token: is required: pass the Devin credential from a secret'],
    [`Bearer ${CREDENTIAL}`, 'token: holds a "Bearer " prefix; give the key alone'],
    ['cog_CANARY split', 'token: holds white space inside it'],
    ['cog_CANARY\u00e9accent', 'token: holds a character that cannot be sent in an HTTP header'],
    ['cog_CANARY\u0000nul', 'token: holds a character that cannot be sent in an HTTP header'],
  ])('a malformed token is refused without echoing it', (tokenValue, why) => {
    const listed = problems(audit({ token: tokenValue }));
    expect(listed.join('\n')).toContain(why);
    if (tokenValue !== '') expect(listed.join('\n')).not.toContain('CANARY');
  });
});

describe('provision', () => {
  test('org_id is required, and no other input is read', () => {
    expect(problems(provision({ org_id: '' }))).toEqual([
      'org_id: is required for operation provision',
    ]);
  });
});

describe('audit', () => {
  test('defaults: own service user, all keys, fail on expired and revoked keys and expired or unreadable service users, 14 and 90 days', () => {
    expect(parse(audit())).toMatchObject({
      operation: 'audit',
      serviceUserIds: [],
      allServiceUsers: false,
      status: 'all',
      policy: {
        failOn: new Set(['expired', 'revoked', 'service_user_expired', 'service_user_unreadable']),
        expiryWarningDays: 14,
        staleDays: 90,
      },
      trackingIssue: undefined,
      reportFile: false,
    });
  });

  test('service users one per line or comma separated, repeats dropped', () => {
    const parsed = parse(
      audit({ service_user_id: 'service-user-ci,\n service-user-deploy\n\nservice-user-ci' }),
    );
    expect(parsed).toMatchObject({ serviceUserIds: ['service-user-ci', 'service-user-deploy'] });
  });

  test('service_user_id: all asks for every service user of the enterprise, and stands alone', () => {
    expect(parse(audit({ service_user_id: 'all' }))).toMatchObject({
      serviceUserIds: [],
      allServiceUsers: true,
    });
    expect(problems(audit({ service_user_id: 'all, service-user-ci' }))).toEqual([
      'service_user_id: all audits every service user of the enterprise, so it stands alone; give either all or a list of ids',
    ]);
  });

  test('fail_on takes classes or none alone', () => {
    expect(parse(audit({ fail_on: 'expiring, stale\nno_expiry' }))).toMatchObject({
      policy: { failOn: new Set(['expiring', 'stale', 'no_expiry']) },
    });
    expect(parse(audit({ fail_on: 'none' }))).toMatchObject({ policy: { failOn: new Set() } });
    expect(problems(audit({ fail_on: 'expired, dead' }))).toEqual([
      'fail_on: "dead" not known; use any of expired, revoked, expiring, stale, no_expiry, service_user_expired, service_user_expiring, service_user_unreadable, or none alone',
    ]);
    expect(parse(audit({ fail_on: 'service_user_expiring' }))).toMatchObject({
      policy: { failOn: new Set(['service_user_expiring']) },
    });
  });

  test('issue_on_failure needs github_token', () => {
    expect(problems(audit({ issue_on_failure: 'true' }))[0]).toMatch(
      /^github_token: is required when issue_on_failure is true/,
    );
    expect(parse(audit({ issue_on_failure: 'true', github_token: 'ghs_x' }))).toMatchObject({
      trackingIssue: { githubToken: 'ghs_x' },
    });
  });

  test.each([
    ['status', 'dead', 'status: "dead" is not one of active, revoked, expired, all'],
    [
      'service_user_id',
      'bad id!',
      'service_user_id: "bad id!" is not a service user id (like service-user-abc123)',
    ],
    ['stale_days', '0', 'stale_days: "0" is not a whole number from 1 to 3650'],
  ])('%s %j is refused', (name, value, why) => {
    expect(problems(audit({ [name]: value }))).toContain(why);
  });
});

describe('ids that a URL path would read as a directory step', () => {
  // `.` and `..` are made of id characters, but in a path they mean "here" and "up one".
  test.each([
    ['audit', '.', '"."'],
    ['audit', '..', '".."'],
    ['audit', 'service-user-ci\n..', '".."'],
    ['audit', 'service-user-ci, .', '"."'],
    ['create', '..', '".."'],
    ['rotate', '.', '"."'],
    ['revoke', '..', '".."'],
  ])('%s: service_user_id %j is refused like any malformed id', (operation, value, quoted) => {
    const listed = problems({
      operation,
      token: CREDENTIAL,
      service_user_id: value,
      api_key_id: 'k',
    });
    expect(listed).toEqual([
      `service_user_id: ${quoted} is not a service user id (like service-user-abc123)`,
    ]);
  });

  test.each([
    ['rotate', '.'],
    ['rotate', '..'],
    ['revoke', '.'],
    ['revoke', '..'],
  ])('%s: api_key_id %j is refused like any malformed key id', (operation, value) => {
    expect(problems({ operation, token: CREDENTIAL, api_key_id: value })).toEqual([
      `api_key_id: ${JSON.stringify(value)} is not a key id`,
    ]);
  });

  test('org_id follows the same id rule', () => {
    expect(problems(provision({ org_id: '..' }))).toEqual([
      'org_id: ".." is not an id (at most 256 letters, digits and . _ : @ -, and not . or .. alone)',
    ]);
  });

  test('ids that only hold dots among other characters are still ids', () => {
    expect(parse(audit({ service_user_id: '...,.hidden,a..b' }))).toMatchObject({
      serviceUserIds: ['...', '.hidden', 'a..b'],
    });
    expect(parse({ operation: 'revoke', token: CREDENTIAL, api_key_id: 'key.v2' })).toMatchObject({
      key: { id: 'key.v2' },
    });
  });
});

describe('create, rotate, revoke', () => {
  const create = (inputs: Record<string, string> = {}) =>
    parse({ operation: 'create', token: CREDENTIAL, ...inputs });

  test('create defaults: own service user, a run-unique name later, 1h, revoked on exit', () => {
    expect(create()).toMatchObject({
      serviceUserId: undefined,
      keyName: undefined,
      expiry: { inSeconds: 3_600 },
      revokeOnExit: true,
    });
  });

  test.each([
    ['30m', 1_800],
    ['2h', 7_200],
    ['7d', 604_800],
    ['1h30m', 5_400],
    ['2w', 1_209_600],
  ])('expires_in %s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
    expect(create({ expires_in: text })).toMatchObject({ expiry: { inSeconds: seconds } });
  });

  test.each(['', '2', 'h', '2 h', '-2h', '2x', '1.5h'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test('expires_at is a time with a zone, at least a minute ahead', () => {
    expect(create({ expires_at: '2026-11-24T14:00:00+01:00' })).toMatchObject({
      expiry: { atSeconds: NOW_SECONDS + HOUR },
    });
    expect(
      problems({ operation: 'create', token: CREDENTIAL, expires_at: '2026-11-24T12:00:30Z' }),
    ).toEqual(['expires_at: "2026-11-24T12:00:30Z" is not at least a minute in the future']);
    expect(
      problems({ operation: 'create', token: CREDENTIAL, expires_at: '2026-11-25T12:00:00' }),
    ).toEqual([
      'expires_at: "2026-11-25T12:00:00" is not an ISO 8601 time with a zone, such as 2026-12-31T23:00:00Z',
    ]);
  });

  test('create takes one service user, not a list', () => {
    expect(problems({ operation: 'create', token: CREDENTIAL, service_user_id: 'a,b' })).toEqual([
      'service_user_id: takes one service user for this operation',
    ]);
  });

  test('service_user_id: all is for audit alone: create, rotate, revoke and sync refuse it', () => {
    const own: Record<string, Record<string, string>> = {
      create: {},
      rotate: { api_key_id: 'key-1' },
      revoke: { api_key_id: 'key-1' },
      sync: { secret_name: 'DEVIN_API_KEY', repositories: 'acme/web', github_token: 'ghs_x' },
    };
    for (const operation of Object.keys(own)) {
      expect(
        problems({ operation, token: CREDENTIAL, service_user_id: 'all', ...own[operation] }),
      ).toEqual([
        'service_user_id: all stands for every service user, which only operation audit takes; ' +
          `operation ${operation} acts on one: give its id (like service-user-abc123), or leave ` +
          "service_user_id empty for the credential's own service user",
      ]);
    }
  });

  test('rotate and revoke need exactly one of api_key_id and key_name', () => {
    for (const operation of ['rotate', 'revoke']) {
      expect(problems({ operation, token: CREDENTIAL })).toEqual([
        'api_key_id: is required (or key_name): which key?',
      ]);
      expect(
        problems({ operation, token: CREDENTIAL, api_key_id: 'key-1', key_name: 'ci' }),
      ).toEqual(['api_key_id: give api_key_id or key_name, not both']);
    }
    expect(parse({ operation: 'revoke', token: CREDENTIAL, key_name: ' ci ' })).toMatchObject({
      key: { name: 'ci' },
    });
  });

  test('rotate without an expiry makes a key that never expires, and revokes the current one', () => {
    expect(parse({ operation: 'rotate', token: CREDENTIAL, api_key_id: 'key-1' })).toMatchObject({
      key: { id: 'key-1' },
      expiry: undefined,
      revokeCurrent: true,
    });
  });
});

describe('the post step', () => {
  test('reads only the common inputs, so a create input gone stale cannot stop the cleanup', () => {
    const read = (name: string) =>
      ({ token: CREDENTIAL, expires_at: '2020-01-01T00:00:00Z', timeout_seconds: '5' })[name] ?? '';
    expect(parseCommonInputs(read)).toEqual({
      token: CREDENTIAL,
      baseUrl: new URL('https://api.devin.ai'),
      timeoutSeconds: 5,
      maxRetries: 3,
      dryRun: false,
    });
  });
});

describe('GITHUB_API_URL', () => {
  const withGitHubToken = {
    operation: 'create',
    token: CREDENTIAL,
    secret_name: 'DEVIN_API_KEY',
    github_token: 'ghs_x',
  };
  const parseWith = (url: string | undefined, inputs: Record<string, string>) => () =>
    parseInputs(
      (name) => inputs[name] ?? '',
      NOW_MS,
      (name) => (name === 'GITHUB_API_URL' ? url : undefined),
    );

  test('plain http to a host that is not this machine is an input problem when github_token is given', () => {
    expect(parseWith('http://ghe.example.com/api/v3', withGitHubToken)).toThrow(
      /GITHUB_API_URL "http:\/\/ghe\.example\.com\/api\/v3" uses http:\/\/ to a host that is not this machine/,
    );
    expect(parseWith('http://127.0.0.1:8080', withGitHubToken)).not.toThrow();
    expect(parseWith(undefined, withGitHubToken)).not.toThrow();
    // Without github_token nothing goes to GitHub, so the variable is not read.
    expect(
      parseWith('http://ghe.example.com', { operation: 'create', token: CREDENTIAL }),
    ).not.toThrow();
  });

  test('gitHubApiUrl drops trailing slashes', () => {
    expect(gitHubApiUrl('https://ghe.example.com/api/v3//').href).toBe(
      'https://ghe.example.com/api/v3',
    );
    expect(gitHubApiUrl('').href).toBe('https://api.github.com/');
  });
});
