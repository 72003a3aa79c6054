import { InputError } from '../../src/base/errors.ts';
import { sealSecret, BadPublicKeyError } from '../../src/github/seal.ts';
import { parseInputs } from '../../src/operations/index.ts';
import { targetKeyName } from '../../src/operations/secrets/targets.ts';
import { secretsSummary } from '../../src/summary/secrets-summary.ts';

const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);
const DAY = 86_400;
const CREDENTIAL = 'cog_CANARYtargets4d5e6f';

function parse(inputs: Record<string, string>): Record<string, unknown> {
  return { ...parseInputs((name) => inputs[name] ?? '', NOW_MS).inputs };
}

function problemsOf(inputs: Record<string, string>): string {
  try {
    parse(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the inputs were accepted');
}

const create = (inputs: Record<string, string>) => ({
  operation: 'create',
  token: CREDENTIAL,
  github_token: 'ghs_x',
  secret_name: 'DEVIN_API_KEY',
  ...inputs,
});

describe('secret_name and its companions', () => {
  test('repositories: newline or comma separated, repeats dropped whatever their case', () => {
    const parsed = parse(create({ repositories: 'acme/web, acme/api\nACME/web\n\nacme/api.git' }));
    expect(parsed.secrets).toEqual({
      secretName: 'DEVIN_API_KEY',
      selection: { named: ['acme/web', 'acme/api'], patterns: [], excluded: [], topics: [] },
      environment: undefined,
      githubToken: 'ghs_x',
    });
  });

  test('no repositories: the current repository (resolved at run time)', () => {
    expect(parse(create({})).secrets).toMatchObject({
      selection: { named: [], patterns: [], excluded: [] },
    });
  });

  test('without secret_name, nothing changes: no store, create keeps its 1h default', () => {
    const parsed = parse({ operation: 'create', token: CREDENTIAL });
    expect(parsed.secrets).toBeUndefined();
    expect(parsed.expiry).toEqual({ inSeconds: 3_600 });
  });

  test('a stored key expires after 90 days by default, for create and rotate', () => {
    expect(parse(create({})).expiry).toEqual({ inSeconds: 90 * DAY });
    expect(parse({ ...create({}), operation: 'rotate' }).expiry).toEqual({ inSeconds: 90 * DAY });
    expect(parse(create({ expires_in: '7d' })).expiry).toEqual({ inSeconds: 7 * DAY });
  });

  test('rotate finds keys by target name, or by key_name for one repository', () => {
    expect(parse({ ...create({}), operation: 'rotate' }).key).toBeUndefined();
    expect(
      parse({ ...create({ repositories: 'acme/web' }), operation: 'rotate', key_name: 'k' }).key,
    ).toEqual({ name: 'k' });
  });

  test('every problem is listed at once', () => {
    const message = problemsOf(
      create({ secret_name: 'github_x', repositories: 'nope, -acme/web', github_token: '' }),
    );
    expect(message).toContain('secret_name: "github_x" starts with GITHUB_');
    expect(message).toContain('repositories: "nope" is not a repository as owner/repo');
    expect(message).toContain('repositories: "-acme/web" is not a repository as owner/repo');
    expect(message).toContain('github_token: is required with secret_name');
  });

  test('an environment named . or .. is refused: in a URL path it would mean another address', () => {
    for (const environment of ['.', '..']) {
      const message = problemsOf(create({ repositories: 'acme/web', environment }));
      expect(message).toContain(
        `environment: "${environment}" is not an environment name: . and .. alone mean ` +
          '"this directory" and "the parent" in a URL path, so the request would go to another ' +
          "address; give the environment's name as the repository's Settings > Environments shows it",
      );
    }
    expect(parse(create({ repositories: 'acme/web', environment: '...' })).secrets).toMatchObject({
      environment: '...',
    });
  });

  test('repositories or environment without secret_name are refused', () => {
    const message = problemsOf({
      operation: 'provision',
      token: 'apk_user_x',
      org_id: 'org-1',
      repositories: 'acme/web',
      environment: 'production',
    });
    expect(message).toContain('environment: needs secret_name');
    expect(message).toContain('repositories: needs secret_name');
  });
});

describe('target key names', () => {
  test('name repository, environment and secret', () => {
    expect(
      targetKeyName({ repository: 'acme/web', environment: 'prod', secretName: 'DEVIN_API_KEY' }),
    ).toBe('acme/web environment prod secret DEVIN_API_KEY');
    expect(targetKeyName({ repository: 'acme/web', environment: undefined, secretName: 'K' })).toBe(
      'acme/web secret K',
    );
  });

  test('a name past 256 characters is cut, distinct targets keeping distinct names', () => {
    const long = (environment: string) =>
      targetKeyName({ repository: 'acme/web', environment, secretName: 'K' });
    const a = long(`${'e'.repeat(250)}a`);
    const b = long(`${'e'.repeat(250)}b`);
    expect(a.length).toBeLessThanOrEqual(256);
    expect(a).not.toBe(b);
  });
});

describe('sealing', () => {
  test('a sealed value opens with the private key, and is never the value itself', async () => {
    const { default: sodium } = await import('libsodium-wrappers');
    await sodium.ready;
    const pair = sodium.crypto_box_keypair();
    const publicKey = sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL);
    const sealed = await sealSecret('cog_CANARYsealed', publicKey);
    expect(sealed).not.toContain('CANARY');
    const opened = sodium.crypto_box_seal_open(
      sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL),
      pair.publicKey,
      pair.privateKey,
    );
    expect(sodium.to_string(opened)).toBe('cog_CANARYsealed');
  });

  test('a public key that is not 32 bytes of base64 is refused', async () => {
    await expect(sealSecret('x', 'AAAA')).rejects.toBeInstanceOf(BadPublicKeyError);
    await expect(sealSecret('x', '!!not base64')).rejects.toBeInstanceOf(BadPublicKeyError);
  });
});

test('the summary makes untrusted names inert', () => {
  const summary = secretsSummary({
    heading: 'Stored',
    stored: [
      {
        repository: 'acme/web',
        environment: 'prod|<b>@team',
        secret_name: 'K',
        action: 'created',
        secret: 'created',
        api_key_name: null,
        api_key_id: null,
        expires_at: null,
      },
    ],
    failed: [{ repository: 'acme/x', environment: null, message: 'HTTP 404 | [link](x)' }],
  });
  expect(summary).toContain('prod\\|&lt;b&gt;@\u200bteam');
  expect(summary).toContain('- acme/x: HTTP 404 \\| \\[link\\](x)');
});
