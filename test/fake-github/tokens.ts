/**
 * The tokens the stand-in accepts, each with what it was granted: a GitHub App installation's
 * token (`ghs_…`) reaches the repositories the installation was granted; a person's token
 * (`ghp_…`, `github_pat_…`) the repositories it was given. What a token was not granted is,
 * as on GitHub, invisible (404) when private and read-only when public.
 */
import type { SecretAccess } from './repositories.ts';

export type TokenKind = 'installation' | 'personal';

export interface TokenSeed {
  token: string;
  /** Default by its prefix: `ghs_` an installation's, anything else a person's. */
  kind?: TokenKind;
  /** The repositories (owner/name) it was granted; default every repository there is. */
  repositories?: string[];
  /** What it may do with the secrets of those (default write); a repository's own access caps it. */
  secrets?: SecretAccess;
  /** A person's login: /users/{login}/repos then lists that person's private repositories too. */
  login?: string;
  /** Its primary budget per window, in place of rateLimits.primary.limit. */
  rateLimit?: number;
}

export interface FakeToken {
  token: string;
  kind: TokenKind;
  /** The installation's id or the person's, as rate-limit messages name it. */
  id: number;
  /** Lower-cased owner/name, or every repository. */
  repositories: ReadonlySet<string> | 'all';
  secrets: SecretAccess;
  login: string | undefined;
  rateLimit: number | undefined;
}

export function tokenKindOf(token: string): TokenKind {
  return token.startsWith('ghs_') ? 'installation' : 'personal';
}

/** The token an Authorization header presents (`token …` or `Bearer …`), if any. */
export function presentedToken(authorization: string | undefined): string | undefined {
  return /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

export class TokenRegistry {
  private readonly tokens = new Map<string, FakeToken>();

  constructor(seeds: readonly TokenSeed[]) {
    if (seeds.length === 0) throw new Error('The GitHub stand-in needs `token` or `tokens`.');
    seeds.forEach((seed, index) => {
      if (this.tokens.has(seed.token)) throw new Error(`Token #${index + 1} is given twice.`);
      const kind = seed.kind ?? tokenKindOf(seed.token);
      this.tokens.set(seed.token, {
        token: seed.token,
        kind,
        id: (kind === 'installation' ? 50_000_001 : 10_000_001) + index,
        repositories:
          seed.repositories === undefined
            ? 'all'
            : new Set(seed.repositories.map((repository) => repository.toLowerCase())),
        secrets: seed.secrets ?? 'write',
        login: seed.login,
        rateLimit: seed.rateLimit,
      });
    });
  }

  fromAuthorization(authorization: string | undefined): FakeToken | undefined {
    const presented = presentedToken(authorization);
    return presented === undefined ? undefined : this.tokens.get(presented);
  }
}

/** Whether the token was granted the repository (owner/name, any case). */
export function grants(token: FakeToken, fullName: string): boolean {
  return token.repositories === 'all' || token.repositories.has(fullName.toLowerCase());
}

const ACCESS_ORDER: readonly SecretAccess[] = ['none', 'read', 'write'];

/** The lesser of two accesses: a read-only token on a writable repository reads. */
export function lesserAccess(a: SecretAccess, b: SecretAccess): SecretAccess {
  return ACCESS_ORDER.indexOf(a) < ACCESS_ORDER.indexOf(b) ? a : b;
}
