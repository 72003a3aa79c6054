/**
 * How far a token reaches a repository, answered as GitHub answers: what it cannot see is 404
 * (GitHub never confirms a private repository exists), what it can see but was not granted is
 * 403, a disabled repository is blocked, an archived one is read-only.
 */
import { archivedRefusal, blockedRefusal, notAccessible, notFound } from './problems.ts';
import type { FakeRepository, RepositoryRegistry, SecretAccess } from './repositories.ts';
import { grants, lesserAccess, type FakeToken } from './tokens.ts';

/** see: read what anyone may read of a public repository; grant: act on it. */
export type Reach = 'see' | 'grant';

export function reachRepository(
  registry: RepositoryRegistry,
  token: FakeToken,
  owner: string,
  name: string,
  reach: Reach,
): FakeRepository {
  const repository = registry.find(owner, name);
  if (repository === undefined) throw notFound();
  if (!grants(token, repository.fullName)) {
    if (repository.visibility !== 'public') throw notFound();
    if (reach === 'grant') throw notAccessible(token.kind);
  }
  // Reading and writing the secrets of a disabled repository: GitHub blocks every call on a
  // repository it disabled, so both are refused, after visibility so a hidden one stays hidden.
  if (repository.disabled) {
    throw blockedRefusal(`https://github.com/${repository.fullName}`, repository.createdAt);
  }
  return repository;
}

export function refuseArchivedWrite(repository: FakeRepository): void {
  if (repository.archived) throw archivedRefusal();
}

export function secretAccessOf(repository: FakeRepository, token: FakeToken): SecretAccess {
  return lesserAccess(repository.access, token.secrets);
}

/** The environment as seeded, found case-insensitively; 404 when the repository has none such. */
export function environmentOf(repository: FakeRepository, requested: string): string {
  const found = repository.environments.find(
    (environment) => environment.toLowerCase() === requested.toLowerCase(),
  );
  if (found === undefined) throw notFound();
  return found;
}
