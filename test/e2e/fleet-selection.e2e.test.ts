/**
 * Selecting repositories, end to end: patterns, exclusions, topics and letter case resolved
 * against the GitHub stand-in's listings (an organization's, a user's, an installation's, each
 * paged to the end as GitHub links its pages), archived and disabled repositories left out and
 * named, and keys found whatever the letter case the workflow wrote the names in.
 */
import type { RepositorySeed } from '../fake-github/server.ts';
import {
  GITHUB_TOKEN,
  PERSONAL_TOKEN,
  SECRET,
  actionsOf,
  devinCalls,
  expectConverged,
  expectFailed,
  expectSucceeded,
  gitHubCalls,
  keyHeldIn,
  linesStarting,
  liveKeysOf,
  runFleet,
  secretIn,
  seedSecretHolding,
  seededKey,
  startFleet,
  stopFleets,
  type Fleet,
} from './fleet-support.ts';
import type { ActionRun } from './run-action.ts';

afterEach(stopFleets);

/** More than a page of Acme's: 110 fillers besides the ones the patterns are about. */
const FILLERS = Array.from(
  { length: 110 },
  (_, index) => `Acme/filler-${String(index).padStart(3, '0')}`,
);
const WEB = Array.from({ length: 12 }, (_, index) => `Acme/web-${index + 1}`);

const ACME: RepositorySeed[] = [
  ...WEB.map((repository, index) => ({
    repository,
    topics: index < 2 ? ['team-a'] : [],
  })),
  { repository: 'Acme/api', topics: ['team-a', 'prod'] },
  { repository: 'Acme/svc-a' },
  { repository: 'Acme/svc-b' },
  { repository: 'Acme/svc-10' },
  { repository: 'Acme/legacy-1' },
  { repository: 'Acme/legacy-2' },
  { repository: 'Acme/fork-of-tool', fork: true },
  { repository: 'Acme/old-thing', archived: true },
  { repository: 'Acme/web-archived', archived: true },
  { repository: 'Acme/blocked', disabled: true },
  ...FILLERS.map((repository) => ({ repository })),
];
const USABLE_ACME = ACME.filter((seed) => seed.archived !== true && seed.disabled !== true);

async function startAcme(
  options: { personal?: boolean; keys?: ReturnType<typeof seededKey>[] } = {},
): Promise<Fleet> {
  return startFleet(
    {
      tokens: [{ token: GITHUB_TOKEN }, { token: PERSONAL_TOKEN, login: 'octo' }],
      repositories: [
        ...ACME,
        { repository: 'Globex/web-1' },
        { repository: 'octo/tool-public', visibility: 'public' },
        { repository: 'octo/tool-private' },
      ],
      owners: [
        { login: 'Acme', type: 'Organization' },
        { login: 'octo', type: 'User' },
      ],
    },
    options.keys ?? [],
  );
}

const dryRunSync = (fleet: Fleet, inputs: Record<string, string>) =>
  runFleet(fleet, { operation: 'sync', dry_run: 'true', ...inputs });

/** The repositories a dry run would key, in the order it names them. */
function plannedRepositories(run: ActionRun): string[] {
  return linesStarting(run, 'Dry run: repository "').map(
    (line) => /^Dry run: repository "([^"]+)"/.exec(line)?.[1] ?? '',
  );
}

const lower = (names: readonly string[]) => names.map((name) => name.toLowerCase()).sort();

describe('patterns list every repository of the owner, page after page', () => {
  test("an installation's token: /installation/repositories to the last page, only the owner's, archived and disabled skipped and named", async () => {
    const fleet = await startAcme();
    const result = await dryRunSync(fleet, { repositories: 'acme/*' });

    expectSucceeded(fleet, result);
    expect(lower(plannedRepositories(result))).toEqual(lower(USABLE_ACME.map((s) => s.repository)));
    expect(USABLE_ACME.length).toBeGreaterThan(100);
    const pages = gitHubCalls(fleet, 'GET', /^\/installation\/repositories$/);
    expect(pages.map((request) => request.query.page ?? '1')).toEqual(['1', '2']);
    expect(pages[0]?.query.per_page).toBe('100');
    // An installation's token never asks who the owner is: its installation says what it sees.
    expect(gitHubCalls(fleet, 'GET', /^\/(users|orgs)\//)).toEqual([]);
    expect(result.stdout).toContain('Skipped repository "Acme/old-thing": archived (read-only).');
    expect(result.stdout).toContain(
      'Skipped repository "Acme/web-archived": archived (read-only).',
    );
    expect(result.stdout).toContain('Skipped repository "Acme/blocked": disabled.');
    expect(result.summary).toContain('**Left out of the selection (3)**');
    // A dry run lists every resolved target, and touches none.
    expect(result.stdout).toContain(
      `Dry run: ${USABLE_ACME.length} of ${USABLE_ACME.length} targets would change;`,
    );
    expect(gitHubCalls(fleet, 'PUT')).toEqual([]);
    expect(devinCalls(fleet, 'POST')).toEqual([]);
  });

  test("an organization's listing with a person's token: /orgs/{org}/repos?type=all, its links followed by id to the end", async () => {
    const fleet = await startAcme();
    const result = await dryRunSync(fleet, {
      repositories: 'ACME/*',
      github_token: PERSONAL_TOKEN,
    });

    expectSucceeded(fleet, result);
    expect(lower(plannedRepositories(result))).toEqual(lower(USABLE_ACME.map((s) => s.repository)));
    expect(gitHubCalls(fleet, 'GET', /^\/users\/acme$/i)).toHaveLength(1);
    const first = gitHubCalls(fleet, 'GET', /^\/orgs\/acme\/repos$/i);
    expect(first.map((request) => request.query)).toEqual([{ type: 'all', per_page: '100' }]);
    // GitHub links the next page by the organization's id: followed as given, to the end.
    const next = gitHubCalls(fleet, 'GET', /^\/organizations\/\d+\/repos$/);
    expect(next.map((request) => request.query.page)).toEqual(['2']);
    expect(result.stdout).toContain('Skipped repository "Acme/blocked": disabled.');
  });

  test("a user's listing: /users/{user}/repos, the person's private repositories too with their own token", async () => {
    const fleet = await startAcme();
    const result = await dryRunSync(fleet, {
      repositories: 'octo/tool-*',
      github_token: PERSONAL_TOKEN,
    });

    expectSucceeded(fleet, result);
    expect(plannedRepositories(result).sort()).toEqual(['octo/tool-private', 'octo/tool-public']);
    expect(gitHubCalls(fleet, 'GET', /^\/users\/octo\/repos$/)).toHaveLength(1);
  });
});

describe('patterns, exclusions and topics', () => {
  test('owner/web-*, ? for one character, a named repository, and exclusions applied after the rest', async () => {
    const fleet = await startAcme();
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/web-*\nacme/svc-?, acme/legacy-1\n!acme/legacy-*\n!acme/web-1?',
    });

    expectSucceeded(fleet, result);
    const expected = [...WEB.slice(0, 9), 'Acme/svc-a', 'Acme/svc-b'];
    expect(lower(Object.keys(actionsOf(result)))).toEqual(lower(expected));
    expect(new Set(Object.values(actionsOf(result)))).toEqual(new Set(['created']));
    // Keys named and secrets written as GitHub compares the names; a secret for each, no other.
    expect(lower(fleet.github.secrets().map((secret) => secret.repository))).toEqual(
      lower(expected),
    );
    for (const repository of expected) expectConverged(fleet, repository);
    // The archived web repository matched the pattern, and was left out, named.
    expect(result.stdout).toContain(
      'Skipped repository "Acme/web-archived": archived (read-only).',
    );
    expect(result.stdout).not.toContain('Skipped repository "Acme/old-thing"');
  });

  test('topics keep only the repositories carrying every topic listed, a named one too', async () => {
    const fleet = await startAcme();
    const oneTopic = await dryRunSync(fleet, { repositories: 'acme/*', topics: 'Team-A' });

    expectSucceeded(fleet, oneTopic);
    expect(lower(plannedRepositories(oneTopic))).toEqual(
      lower(['Acme/web-1', 'Acme/web-2', 'Acme/api']),
    );

    const both = await dryRunSync(fleet, {
      repositories: 'acme/web-*, acme/svc-a, acme/api',
      topics: 'team-a\nprod',
    });
    expectSucceeded(fleet, both);
    expect(plannedRepositories(both)).toEqual(['acme/api']);
    expect(both.stdout).toContain(
      'Skipped repository "acme/svc-a": lacks a topic of team-a, prod.',
    );
  });

  test('a selection that matches nothing is an error naming the patterns, before any key is made', async () => {
    const fleet = await startAcme();
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'acme/nothing-*, acme/web-1\n!acme/web-*',
      topics: 'team-a',
    });

    const message = expectFailed(fleet, result);
    expect(message).toContain(
      'repositories: "acme/web-1", "acme/nothing-*" select no repository carrying the topics team-a once "!acme/web-*" are taken out',
    );
    expect(message).toContain(
      'Fix: check the owners and patterns (names are matched ignoring case)',
    );
    expect(devinCalls(fleet, 'POST')).toEqual([]);
    expect(gitHubCalls(fleet, 'PUT')).toEqual([]);
  });

  test('an owner the token cannot see is named with the fix', async () => {
    const fleet = await startAcme();
    const result = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'nobody/*',
      github_token: PERSONAL_TOKEN,
    });

    const message = expectFailed(fleet, result);
    expect(message).toContain(
      'Could not list the repositories of "nobody" (HTTP 404): no such owner',
    );
    expect(devinCalls(fleet, 'POST')).toEqual([]);
  });
});

describe('letter case', () => {
  test('Acme/Web + devin_api_key finds the key acme/web + DEVIN_API_KEY stored: sync leaves it, rotate rotates it', async () => {
    const fleet = await startAcme();
    expectSucceeded(
      fleet,
      await runFleet(fleet, { operation: 'create', repositories: 'acme/web-1' }),
    );
    const [stored] = liveKeysOf(fleet, 'acme/web-1');

    const synced = await runFleet(fleet, {
      operation: 'sync',
      repositories: 'Acme/Web-1',
      secret_name: 'devin_api_key',
    });
    expectSucceeded(fleet, synced);
    expect(actionsOf(synced)).toEqual({ 'Acme/Web-1': 'unchanged' });
    expect(fleet.api.mintedTokens()).toHaveLength(1);

    const rotated = await runFleet(fleet, {
      operation: 'rotate',
      repositories: 'ACME/WEB-1',
      secret_name: 'Devin_Api_Key',
    });
    expectSucceeded(fleet, rotated);
    expect(actionsOf(rotated)).toEqual({ 'ACME/WEB-1': 'rotated' });
    expectConverged(fleet, 'acme/web-1');
    expect(liveKeysOf(fleet, 'acme/web-1')[0]?.api_key_id).not.toBe(stored?.api_key_id);
    // One secret, as GitHub keeps it: upper case, whatever case it was written in.
    expect(fleet.github.secrets().map((secret) => `${secret.repository} ${secret.name}`)).toEqual([
      `Acme/web-1 ${SECRET}`,
    ]);
  });

  test('a key named by an earlier version in the letter case the workflow wrote is found', async () => {
    const earlier = seededKey('Acme/Web-1', { name: 'Acme/Web-1 secret devin_api_key' });
    const fleet = await startAcme({ keys: [earlier] });
    seedSecretHolding(fleet, 'acme/web-1', earlier);
    const result = await runFleet(fleet, { operation: 'sync', repositories: 'acme/web-1' });

    expectSucceeded(fleet, result);
    expect(actionsOf(result)).toEqual({ 'acme/web-1': 'unchanged' });
    expect(keyHeldIn(fleet, 'acme/web-1')?.api_key_id).toBe(earlier.api_key_id);
    expect(fleet.api.mintedTokens()).toEqual([]);

    const rotated = await runFleet(fleet, { operation: 'rotate', repositories: 'acme/web-1' });
    expectSucceeded(fleet, rotated);
    expectConverged(fleet, 'acme/web-1');
    expect(secretIn(fleet, 'acme/web-1')?.value).toBe(fleet.api.mintedTokens()[0]);
  });
});

describe('named repositories that cannot take a secret', () => {
  test('an archived and a disabled repository named by hand fail alone; the others are stored', async () => {
    const fleet = await startAcme();
    const result = await runFleet(fleet, {
      operation: 'create',
      repositories: 'acme/web-1, acme/old-thing, acme/blocked, acme/web-2',
    });

    const message = expectFailed(fleet, result);
    expect(secretIn(fleet, 'acme/web-1')).toBeDefined();
    expect(secretIn(fleet, 'acme/web-2')).toBeDefined();
    expect(message).toContain(
      'repository "acme/old-thing": repository "acme/old-thing" is archived, so GitHub refuses to change its secrets (HTTP 403).',
    );
    expect(message).toContain(
      'repository "acme/blocked": GitHub has disabled repository "acme/blocked" and refuses every call on it (HTTP 403).',
    );
    // Neither is a permission the token lacks: the run goes on for every other target.
    expect(message).not.toContain('lacks the permission');
    expect(message).not.toContain('not attempted');
    expect(message).toContain('The key made for it ("');
    // Nothing is left active that no secret holds.
    const live = fleet.api.keysOf('service-user-fleet').filter((key) => key.status === 'active');
    expect(live.map((key) => key.api_key_name).sort()).toEqual([
      'acme/web-1 secret DEVIN_API_KEY',
      'acme/web-2 secret DEVIN_API_KEY',
    ]);
  });
});
