import { quoteUntrusted } from '../base/untrusted.ts';
import { GitHubApiError, gitHubFailure, unexpectedAnswer } from './errors.ts';
import type { Octokit } from './octokit.ts';
import {
  InstallationRepositoryPage,
  Owner,
  RepositoryPage,
  type ListedRepository,
} from './schemas.ts';
import type { z } from 'zod';

/** The repositories of an owner, as the token sees them. */
export interface RepositoryApi {
  ownerRepositories(owner: string): Promise<ListedRepository[]>;
}

/** A thousand pages of a hundred: past this, GitHub is looping, not listing. */
const MAX_PAGES = 1_000;

/** An installation's token (a GitHub App's, GITHUB_TOKEN too) lists what it was granted. */
const INSTALLATION_TOKEN = /^ghs_/;

const LISTING_HINTS = {
  notFound:
    'no such owner, or the token cannot see it. Fix: check the owner in the patterns of ' +
    'repositories, and give github_token access to its repositories.',
  forbidden:
    "the token may not list the owner's repositories. Fix: give github_token Metadata read on " +
    'the repositories (fine-grained token or GitHub App), or the repo scope (classic token).',
};

function tooManyPages(doing: string): GitHubApiError {
  return new GitHubApiError(
    `Could not ${doing}: GitHub still had more pages after ${MAX_PAGES}, more than any real ` +
      'listing; the action stopped to avoid an endless loop. Fix: check GITHUB_API_URL.',
    undefined,
    { everyTarget: true, mayHaveTakenEffect: false },
  );
}

/** Every page of a listing, each parsed; `items` takes the repositories out of a page. */
async function everyPage<Page extends z.ZodType>(
  pages: AsyncIterable<{ data: unknown }>,
  schema: Page,
  items: (page: z.infer<Page>) => ListedRepository[],
  doing: string,
): Promise<ListedRepository[]> {
  const repositories: ListedRepository[] = [];
  let count = 0;
  try {
    for await (const { data } of pages) {
      const page = schema.safeParse(data);
      if (!page.success) throw unexpectedAnswer(doing, page.error.issues);
      repositories.push(...items(page.data));
      if (++count >= MAX_PAGES) throw tooManyPages(doing);
    }
  } catch (error) {
    throw gitHubFailure(doing, error, LISTING_HINTS);
  }
  return repositories;
}

/** Repository listings on an Octokit: the installation's, an organization's or a user's. */
export function octokitRepositoryApi(octokit: Octokit, token: string): RepositoryApi {
  const perPage = { per_page: 100 };
  return {
    async ownerRepositories(owner) {
      if (INSTALLATION_TOKEN.test(token)) {
        const listing = octokit.paginate.iterator('GET /installation/repositories', perPage);
        const all = await everyPage(
          listing,
          InstallationRepositoryPage,
          (page) => page.repositories,
          "list the repositories of the token's installation",
        );
        const prefix = `${owner.toLowerCase()}/`;
        return all.filter((repository) => repository.full_name.toLowerCase().startsWith(prefix));
      }
      const doing = `list the repositories of ${quoteUntrusted(owner)}`;
      let type: string;
      try {
        const parsed = Owner.safeParse(
          (await octokit.rest.users.getByUsername({ username: owner })).data,
        );
        if (!parsed.success) throw unexpectedAnswer(doing, parsed.error.issues);
        type = parsed.data.type;
      } catch (error) {
        throw gitHubFailure(doing, error, LISTING_HINTS);
      }
      const listing =
        type === 'Organization'
          ? octokit.paginate.iterator('GET /orgs/{org}/repos', {
              org: owner,
              type: 'all',
              ...perPage,
            })
          : octokit.paginate.iterator('GET /users/{username}/repos', {
              username: owner,
              ...perPage,
            });
      return everyPage(listing, RepositoryPage, (page) => page, doing);
    },
  };
}
