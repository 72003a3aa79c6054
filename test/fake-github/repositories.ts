/**
 * The repositories and owners the stand-in knows, found by name case-insensitively as GitHub
 * finds them, and shown spelled as they were seeded.
 */

export type Visibility = 'public' | 'private' | 'internal';
/** write: read keys and metadata, write and delete secrets; read: writes are 403; none: all is 403. */
export type SecretAccess = 'write' | 'read' | 'none';
export type OwnerType = 'Organization' | 'User';

/** A repository whose Actions secrets a token may reach, and how far. */
export interface SecretRepositorySeed {
  /** owner/name */
  repository: string;
  environments?: string[];
  /** What any token granted the repository may do with its secrets (default write). */
  access?: SecretAccess;
}

/** A repository as listings show it. */
export interface RepositorySeed extends SecretRepositorySeed {
  /** Default private. */
  visibility?: Visibility;
  archived?: boolean;
  disabled?: boolean;
  fork?: boolean;
  topics?: string[];
  /** Default main. */
  defaultBranch?: string;
}

export interface OwnerSeed {
  login: string;
  type: OwnerType;
}

export interface FakeOwner {
  login: string;
  id: number;
  type: OwnerType;
}

export interface FakeRepository {
  id: number;
  owner: FakeOwner;
  name: string;
  /** owner/name as seeded */
  fullName: string;
  visibility: Visibility;
  archived: boolean;
  disabled: boolean;
  fork: boolean;
  topics: string[];
  defaultBranch: string;
  environments: string[];
  access: SecretAccess;
  /** Seed order is creation order, a day apart, so `sort=created` has something to sort by. */
  createdAt: string;
}

const FIRST_CREATED_MS = Date.UTC(2024, 0, 2, 9, 30);
const DAY_MS = 86_400_000;

/** "2024-01-02T09:30:00Z": GitHub's timestamps have no milliseconds. */
export function isoSeconds(atMs: number): string {
  return new Date(Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function splitFullName(fullName: string): [string, string] {
  const [owner, name, ...rest] = fullName.split('/');
  if (owner === undefined || owner === '' || name === undefined || name === '' || rest.length > 0) {
    throw new Error(`A seeded repository is "owner/name", not "${fullName}".`);
  }
  return [owner, name];
}

/** A later seed of the same repository sets what it names and leaves the rest. */
function mergeSeeds(seeds: readonly RepositorySeed[]): RepositorySeed[] {
  const merged = new Map<string, RepositorySeed>();
  for (const seed of seeds) {
    const key = seed.repository.toLowerCase();
    const named = Object.fromEntries(
      Object.entries(seed).filter(([, value]) => value !== undefined),
    ) as Partial<RepositorySeed>;
    const earlier = merged.get(key);
    merged.set(
      key,
      earlier === undefined ? seed : { ...earlier, ...named, repository: earlier.repository },
    );
  }
  return [...merged.values()];
}

export class RepositoryRegistry {
  private readonly repositories = new Map<string, FakeRepository>();
  private readonly owners = new Map<string, FakeOwner>();

  /** An owner that no seed types is an organization. */
  constructor(seeds: readonly RepositorySeed[], ownerSeeds: readonly OwnerSeed[]) {
    for (const seed of ownerSeeds) this.ownerNamed(seed.login, seed.type);
    mergeSeeds(seeds).forEach((seed, index) => {
      const [ownerLogin, name] = splitFullName(seed.repository);
      this.repositories.set(seed.repository.toLowerCase(), {
        id: 700_000_001 + index,
        owner: this.ownerNamed(ownerLogin, 'Organization'),
        name,
        fullName: seed.repository,
        visibility: seed.visibility ?? 'private',
        archived: seed.archived ?? false,
        disabled: seed.disabled ?? false,
        fork: seed.fork ?? false,
        topics: [...(seed.topics ?? [])],
        defaultBranch: seed.defaultBranch ?? 'main',
        environments: [...(seed.environments ?? [])],
        access: seed.access ?? 'write',
        createdAt: isoSeconds(FIRST_CREATED_MS + index * DAY_MS),
      });
    });
  }

  /** The owner of that login, made with the type given when it is new. */
  private ownerNamed(login: string, type: OwnerType): FakeOwner {
    const key = login.toLowerCase();
    let owner = this.owners.get(key);
    if (owner === undefined) {
      owner = { login, id: 2_000_001 + this.owners.size, type };
      this.owners.set(key, owner);
    }
    return owner;
  }

  find(owner: string, name: string): FakeRepository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }

  owner(login: string): FakeOwner | undefined {
    return this.owners.get(login.toLowerCase());
  }

  ownerWithId(id: string): FakeOwner | undefined {
    return [...this.owners.values()].find((owner) => String(owner.id) === id);
  }

  /** Every repository, in seed order. */
  all(): FakeRepository[] {
    return [...this.repositories.values()];
  }

  ownedBy(owner: FakeOwner): FakeRepository[] {
    return this.all().filter((repository) => repository.owner === owner);
  }
}

/** GitHub's simple user, for an organization as for a person. */
export function ownerJson(owner: FakeOwner, apiOrigin: string): Record<string, unknown> {
  return {
    login: owner.login,
    id: owner.id,
    node_id: `${owner.type === 'Organization' ? 'O' : 'U'}_fake${owner.id}`,
    type: owner.type,
    site_admin: false,
    url: `${apiOrigin}/users/${owner.login}`,
    html_url: `https://github.com/${owner.login}`,
    repos_url: `${apiOrigin}/users/${owner.login}/repos`,
  };
}

/** GitHub's repository object, as the listings show it. */
export function repositoryJson(
  repository: FakeRepository,
  apiOrigin: string,
): Record<string, unknown> {
  return {
    id: repository.id,
    node_id: `R_fake${repository.id}`,
    name: repository.name,
    full_name: repository.fullName,
    private: repository.visibility !== 'public',
    owner: ownerJson(repository.owner, apiOrigin),
    html_url: `https://github.com/${repository.fullName}`,
    description: null,
    fork: repository.fork,
    url: `${apiOrigin}/repos/${repository.fullName}`,
    created_at: repository.createdAt,
    updated_at: repository.createdAt,
    pushed_at: repository.createdAt,
    archived: repository.archived,
    disabled: repository.disabled,
    visibility: repository.visibility,
    topics: [...repository.topics],
    default_branch: repository.defaultBranch,
  };
}
