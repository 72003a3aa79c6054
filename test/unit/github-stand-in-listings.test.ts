/**
 * The GitHub stand-in lists repositories as GitHub does: paged with `link` headers, names found
 * in any case and spelled as seeded, each token seeing only what it was granted.
 */
import { startFakeGitHub, type FakeGitHub, type RepositorySeed } from '../fake-github/server.ts';
import { allPages, call, linksOf } from './github-stand-in-calls.ts';

const INSTALLATION = 'ghs_CANARYinstallation7f3e21';
const PERSON = 'ghp_CANARYperson4a9c0d';
const EVERYTHING = 'ghs_CANARYeverything2b8d1e';

/** 75 repositories of Acme: every fifth public, every seventh archived, every eleventh a fork. */
const ACME: RepositorySeed[] = Array.from({ length: 75 }, (_, index) => ({
  repository: `Acme/Repo-${String(index).padStart(2, '0')}`,
  visibility: index % 5 === 0 ? 'public' : 'private',
  archived: index % 7 === 0,
  fork: index % 11 === 0,
  topics: index % 2 === 0 ? ['devin', 'even'] : [],
}));

let github: FakeGitHub;

afterEach(async () => {
  await github.close();
});

async function start(): Promise<void> {
  github = await startFakeGitHub({
    repository: 'Acme/Repo-00',
    token: EVERYTHING,
    tokens: [
      { token: INSTALLATION, repositories: ['acme/repo-01', 'ACME/REPO-02', 'octo-person/tool'] },
      { token: PERSON, login: 'Octo-Person', repositories: ['octo-person/notes', 'acme/repo-03'] },
    ],
    repositories: [
      ...ACME,
      { repository: 'Acme/Gone', disabled: true },
      { repository: 'Octo-Person/tool', visibility: 'public' },
      { repository: 'Octo-Person/notes' },
    ],
    owners: [{ login: 'Octo-Person', type: 'User' }],
  });
}

const names = (body: unknown): string[] =>
  (body as { full_name: string }[]).map((r) => r.full_name);

describe('GET /orgs/{org}/repos', () => {
  test('pages of 30 by default, followed by rel="next" to the end, with GitHub’s four links', async () => {
    await start();
    const pages = await allPages(`${github.url}/orgs/acme/repos?type=all`, EVERYTHING);

    expect(pages.map((page) => (page.body as unknown[]).length)).toEqual([30, 30, 16]);
    const listed = pages.flatMap((page) => names(page.body));
    // GitHub's default order is `created`, newest first; seeds are created in order.
    expect(listed).toEqual([...ACME.map((seed) => seed.repository), 'Acme/Gone'].reverse());
    const [first, middle, last] = pages.map((page) => linksOf(page.headers.get('link')));
    expect(Object.keys(first ?? {}).sort()).toEqual(['last', 'next']);
    expect(Object.keys(middle ?? {}).sort()).toEqual(['first', 'last', 'next', 'prev']);
    expect(Object.keys(last ?? {}).sort()).toEqual(['first', 'prev']);
    for (const link of Object.values({ ...first, ...middle, ...last })) {
      expect(link.startsWith(`${github.url}/`)).toBe(true);
      expect(new URL(link).searchParams.get('type')).toBe('all');
    }
    // Like GitHub, the links name the organization by id: a client follows them, never rebuilds.
    expect(first?.next).toMatch(/\/organizations\/\d+\/repos\?type=all&per_page=30&page=2$/);
    expect(first?.last).toMatch(/page=3$/);
  });

  test('per_page up to 100, and 100 for anything larger', async () => {
    await start();
    const pages = await allPages(`${github.url}/orgs/acme/repos?per_page=500`, EVERYTHING);

    expect(pages).toHaveLength(1);
    expect((pages[0]?.body as unknown[]).length).toBe(76);
    expect(pages[0]?.headers.get('link')).toBeNull();
    const small = await allPages(`${github.url}/orgs/acme/repos?per_page=40&page=1`, EVERYTHING);
    expect(small.map((page) => (page.body as unknown[]).length)).toEqual([40, 36]);
  });

  test('names in any case, answered as seeded, with every flag GitHub shows', async () => {
    await start();
    const { status, body } = await call(
      `${github.url}/orgs/ACME/repos?sort=full_name&per_page=100`,
      EVERYTHING,
    );

    expect(status).toBe(200);
    const repositories = body as Record<string, unknown>[];
    const repo07 = repositories.find((r) => r.full_name === 'Acme/Repo-07');
    const repo22 = repositories.find((r) => r.full_name === 'Acme/Repo-22');
    expect(repo07).toMatchObject({
      name: 'Repo-07',
      full_name: 'Acme/Repo-07',
      owner: { login: 'Acme', type: 'Organization' },
      private: true,
      visibility: 'private',
      archived: true,
      disabled: false,
      fork: false,
      topics: [],
      default_branch: 'main',
      html_url: 'https://github.com/Acme/Repo-07',
      url: `${github.url}/repos/Acme/Repo-07`,
    });
    expect(typeof repo07?.id).toBe('number');
    expect(repo22).toMatchObject({ fork: true, archived: false, topics: ['devin', 'even'] });
    expect(repositories.find((r) => r.full_name === 'Acme/Gone')).toMatchObject({
      disabled: true,
    });
    expect(repositories.find((r) => r.full_name === 'Acme/Repo-05')).toMatchObject({
      private: false,
      visibility: 'public',
    });
    expect(names(body)[0]).toBe('Acme/Gone');
  });

  test('type filters as GitHub’s do: public, private, forks, sources', async () => {
    await start();
    const count = async (type: string): Promise<number> =>
      (
        await allPages(`${github.url}/orgs/acme/repos?type=${type}&per_page=100`, EVERYTHING)
      ).flatMap((page) => names(page.body)).length;

    expect(await count('public')).toBe(15);
    expect(await count('private')).toBe(61);
    expect(await count('forks')).toBe(7);
    expect(await count('sources')).toBe(69);
  });

  test('each token lists the public repositories and what it was granted', async () => {
    await start();
    const listedBy = async (token: string): Promise<string[]> =>
      (await allPages(`${github.url}/orgs/acme/repos?sort=full_name`, token)).flatMap((page) =>
        names(page.body),
      );
    const publicOnes = ACME.filter((seed) => seed.visibility === 'public').map(
      (seed) => seed.repository,
    );

    expect(await listedBy(INSTALLATION)).toEqual(
      ['Acme/Repo-01', 'Acme/Repo-02', ...publicOnes].sort(),
    );
    expect(await listedBy(PERSON)).toEqual(['Acme/Repo-03', ...publicOnes].sort());
  });

  test('an owner that is a user, or none, is 404 with GitHub’s body', async () => {
    await start();
    for (const owner of ['octo-person', 'nobody-at-all']) {
      const { status, body } = await call(`${github.url}/orgs/${owner}/repos`, EVERYTHING);
      expect(status).toBe(404);
      expect(body).toEqual({
        message: 'Not Found',
        documentation_url:
          'https://docs.github.com/rest/repos/repos#list-organization-repositories',
        status: '404',
      });
    }
  });
});

describe('GET /users/{owner} and GET /users/{username}/repos', () => {
  test('an owner’s type, in any case, spelled as seeded; 404 for none', async () => {
    await start();
    const org = await call(`${github.url}/users/aCmE`, EVERYTHING);
    const user = await call(`${github.url}/users/OCTO-PERSON`, EVERYTHING);
    const none = await call(`${github.url}/users/nobody-at-all`, EVERYTHING);

    expect(org.body).toMatchObject({ login: 'Acme', type: 'Organization' });
    expect(user.body).toMatchObject({ login: 'Octo-Person', type: 'User' });
    expect(typeof (user.body as { id: unknown }).id).toBe('number');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ message: 'Not Found', status: '404' });
  });

  test('a user’s public repositories to anyone; to that person’s own token, its private ones too', async () => {
    await start();
    const byInstallation = await allPages(`${github.url}/users/octo-person/repos`, INSTALLATION);
    const byOwner = await allPages(`${github.url}/users/octo-person/repos`, PERSON);

    expect(byInstallation.flatMap((page) => names(page.body))).toEqual(['Octo-Person/tool']);
    expect(byOwner.flatMap((page) => names(page.body))).toEqual([
      'Octo-Person/notes',
      'Octo-Person/tool',
    ]);
  });

  test('paged like the rest, the links naming the account by id', async () => {
    await start();
    const pages = await allPages(`${github.url}/users/acme/repos?per_page=4`, EVERYTHING);

    expect(pages).toHaveLength(4);
    expect(pages.flatMap((page) => names(page.body))).toHaveLength(15);
    expect(linksOf(pages[0]?.headers.get('link') ?? null).next).toMatch(
      /\/user\/\d+\/repos\?per_page=4&page=2$/,
    );
  });
});

describe('GET /installation/repositories', () => {
  test('an installation’s token gets the repositories it was granted, with total_count, paged', async () => {
    await start();
    const pages = await allPages(
      `${github.url}/installation/repositories?per_page=2`,
      INSTALLATION,
    );

    expect(pages).toHaveLength(2);
    expect(pages.map((page) => (page.body as { total_count: number }).total_count)).toEqual([3, 3]);
    expect(
      pages.flatMap((page) => names((page.body as { repositories: unknown }).repositories)),
    ).toEqual(['Acme/Repo-01', 'Acme/Repo-02', 'Octo-Person/tool']);
  });

  test('any other token is refused with GitHub’s 403', async () => {
    await start();
    const { status, body } = await call(`${github.url}/installation/repositories`, PERSON);

    expect(status).toBe(403);
    expect(body).toEqual({
      message:
        'You must authenticate with an installation access token in order to list repositories for an installation.',
      documentation_url:
        'https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation',
      status: '403',
    });
  });

  test('an unknown token is 401 Bad credentials', async () => {
    await start();
    const { status, body } = await call(`${github.url}/installation/repositories`, 'ghs_unknown');

    expect(status).toBe(401);
    expect(body).toMatchObject({ message: 'Bad credentials' });
  });
});

describe('what a token was not granted', () => {
  test('a private repository is 404, as if there were none; a public one 403 to write its secrets', async () => {
    await start();
    const privateOne = await call(
      `${github.url}/repos/acme/repo-04/actions/secrets/public-key`,
      INSTALLATION,
    );
    const publicOne = await call(
      `${github.url}/repos/acme/repo-05/actions/secrets/public-key`,
      INSTALLATION,
    );
    const publicByPerson = await call(
      `${github.url}/repos/acme/repo-05/actions/secrets/public-key`,
      PERSON,
    );
    const granted = await call(
      `${github.url}/repos/ACME/repo-01/actions/secrets/public-key`,
      INSTALLATION,
    );

    expect(privateOne.status).toBe(404);
    expect(publicOne.status).toBe(403);
    expect(publicOne.body).toMatchObject({ message: 'Resource not accessible by integration' });
    expect(publicByPerson.body).toMatchObject({
      message: 'Resource not accessible by personal access token',
    });
    expect(granted.status).toBe(200);
    expect(await call(`${github.url}/repos/acme/repo-05`, INSTALLATION)).toMatchObject({
      status: 200,
      body: { full_name: 'Acme/Repo-05' },
    });
    expect((await call(`${github.url}/repos/acme/repo-04`, INSTALLATION)).status).toBe(404);
  });
});
