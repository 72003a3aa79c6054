/**
 * Repository listings as GitHub pages them. Like GitHub, the `link` header of an owner's listing
 * names the owner by id (`/organizations/{id}/repos`, `/user/{id}/repos`), so a client must
 * follow the links it is given rather than rebuild them; those paths are served too.
 */
import { pageOf } from './paging.ts';
import { notAnInstallation, notFound, type Answer } from './problems.ts';
import {
  ownerJson,
  repositoryJson,
  type FakeOwner,
  type FakeRepository,
  type RepositoryRegistry,
} from './repositories.ts';
import { grants, type FakeToken } from './tokens.ts';

/** What anyone may list: public repositories, and those the token was granted. */
const visibleTo = (token: FakeToken) => (repository: FakeRepository) =>
  repository.visibility === 'public' || grants(token, repository.fullName);

/** GitHub's order: `sort` created (seed order), updated, pushed or full_name; `direction`. */
function sortedAs(
  repositories: FakeRepository[],
  query: Record<string, string>,
  defaultSort: 'created' | 'full_name',
): FakeRepository[] {
  const sort = query.sort ?? defaultSort;
  const direction = query.direction ?? (sort === 'full_name' ? 'asc' : 'desc');
  const ascending = [...repositories].sort((a, b) =>
    sort === 'full_name'
      ? a.fullName.toLowerCase().localeCompare(b.fullName.toLowerCase())
      : a.id - b.id,
  );
  return direction === 'desc' ? ascending.reverse() : ascending;
}

/** `type` of an organization's listing; one GitHub does not know lists everything. */
function ofOrganizationType(type: string | undefined) {
  return (repository: FakeRepository): boolean => {
    switch (type) {
      case 'public':
        return repository.visibility === 'public';
      case 'private':
        return repository.visibility === 'private';
      case 'internal':
        return repository.visibility === 'internal';
      case 'forks':
        return repository.fork;
      case 'sources':
        return !repository.fork;
      default:
        return true;
    }
  };
}

function pagedRepositories(
  repositories: FakeRepository[],
  query: Record<string, string>,
  listUrl: string,
  origin: string,
): Answer {
  const page = pageOf(repositories, query, listUrl);
  return {
    status: 200,
    body: page.items.map((repository) => repositoryJson(repository, origin)),
    headers: page.link === undefined ? {} : { link: page.link },
  };
}

/** `GET /orgs/{org}/repos`, or the same by id: 404 for an owner that is not an organization. */
export function organizationRepositories(
  organization: FakeOwner | undefined,
  registry: RepositoryRegistry,
  token: FakeToken,
  query: Record<string, string>,
  origin: string,
): Answer {
  if (organization?.type !== 'Organization') throw notFound();
  const listed = registry
    .ownedBy(organization)
    .filter(visibleTo(token))
    .filter(ofOrganizationType(query.type));
  return pagedRepositories(
    sortedAs(listed, query, 'created'),
    query,
    `${origin}/organizations/${organization.id}/repos`,
    origin,
  );
}

/**
 * `GET /users/{username}/repos`, or the same by id: the public repositories the account owns,
 * as GitHub documents; to a person's own token, its private ones too. `type=member` lists none:
 * the stand-in has no collaborators.
 */
export function accountRepositories(
  account: FakeOwner | undefined,
  registry: RepositoryRegistry,
  token: FakeToken,
  query: Record<string, string>,
  origin: string,
): Answer {
  if (account === undefined) throw notFound();
  const ownToken =
    token.kind === 'personal' && token.login?.toLowerCase() === account.login.toLowerCase();
  const listed =
    query.type === 'member'
      ? []
      : registry
          .ownedBy(account)
          .filter(
            (repository) =>
              repository.visibility === 'public' ||
              (ownToken && grants(token, repository.fullName)),
          );
  return pagedRepositories(
    sortedAs(listed, query, 'full_name'),
    query,
    `${origin}/user/${account.id}/repos`,
    origin,
  );
}

/** `GET /users/{username}`: an organization or a person. */
export function accountAnswer(account: FakeOwner | undefined, origin: string): Answer {
  if (account === undefined) throw notFound();
  return { status: 200, body: ownerJson(account, origin) };
}

/** `GET /installation/repositories`: only an installation's token, its repositories in order. */
export function installationRepositories(
  registry: RepositoryRegistry,
  token: FakeToken,
  query: Record<string, string>,
  origin: string,
): Answer {
  if (token.kind !== 'installation') throw notAnInstallation();
  const granted = registry.all().filter((repository) => grants(token, repository.fullName));
  const page = pageOf(granted, query, `${origin}/installation/repositories`);
  return {
    status: 200,
    body: {
      total_count: granted.length,
      repository_selection: token.repositories === 'all' ? 'all' : 'selected',
      repositories: page.items.map((repository) => repositoryJson(repository, origin)),
    },
    headers: page.link === undefined ? {} : { link: page.link },
  };
}
