import { ActionError, explain } from '../../base/errors.ts';
import { quoteUntrusted } from '../../base/untrusted.ts';
import { counted } from '../../base/words.ts';
import type { RepositoryApi } from '../../github/repositories-api.ts';
import type { ListedRepository } from '../../github/schemas.ts';
import {
  patternMatches,
  selectsNothing,
  type RepositoryPattern,
  type RepositorySelection,
} from '../../inputs/repository-selection.ts';

/** The repositories a selection came to, and those it left out on the way, with why. */
export interface ResolvedSelection {
  /** owner/name: as given for named ones, as GitHub spells them for listed ones. */
  repositories: string[];
  skipped: { repository: string; why: string }[];
}

function describePatterns(patterns: readonly RepositoryPattern[]): string {
  return patterns.map((pattern) => quoteUntrusted(pattern.text)).join(', ');
}

function matchedNothing(selection: RepositorySelection, listed: number, skipped: number): string {
  const entries = [
    ...selection.named.map((name) => quoteUntrusted(name)),
    ...selection.patterns.map((pattern) => quoteUntrusted(pattern.text)),
  ].join(', ');
  const topics =
    selection.topics.length === 0 ? '' : ` carrying the topics ${selection.topics.join(', ')}`;
  const excluded =
    selection.excluded.length === 0
      ? ''
      : ` once ${describePatterns(selection.excluded)} are taken out`;
  return explain({
    problem:
      `repositories: ${entries} select no repository${topics}${excluded} ` +
      `(${counted(listed, 'repository', 'repositories')} listed, ${skipped} skipped).`,
    fix:
      'check the owners and patterns (names are matched ignoring case), the topics, and that ' +
      'github_token can see the repositories.',
  });
}

/** Why a listed repository cannot take a secret, if it cannot. */
function unusable(repository: ListedRepository): string | undefined {
  if (repository.archived) return 'archived (read-only)';
  if (repository.disabled) return 'disabled';
  return undefined;
}

function carriesTopics(repository: ListedRepository, topics: readonly string[]): boolean {
  const carried = new Set(repository.topics.map((topic) => topic.toLowerCase()));
  return topics.every((topic) => carried.has(topic));
}

/**
 * The repositories a selection names: each named one, and every repository of a pattern's owner
 * (listed once per owner, every page) that a pattern matches, carries every topic, and can take
 * a secret (archived and disabled ones are skipped); then the exclusions are taken out. Named
 * repositories are looked up only when topics must be checked.
 */
export async function resolveSelection(
  selection: RepositorySelection,
  api: RepositoryApi,
): Promise<ResolvedSelection> {
  if (selectsNothing(selection)) return { repositories: [], skipped: [] };
  const owners = new Set(selection.patterns.map((pattern) => pattern.owner));
  if (selection.topics.length > 0) {
    for (const named of selection.named) owners.add((named.split('/')[0] ?? '').toLowerCase());
  }
  const listings = new Map<string, ListedRepository>();
  for (const owner of owners) {
    for (const repository of await api.ownerRepositories(owner)) {
      listings.set(repository.full_name.toLowerCase(), repository);
    }
  }
  const skipped: ResolvedSelection['skipped'] = [];
  const chosen = new Map<string, string>();
  const consider = (name: string, listed: ListedRepository | undefined): void => {
    const key = name.toLowerCase();
    if (chosen.has(key) || skipped.some((skip) => skip.repository.toLowerCase() === key)) return;
    const why =
      listed === undefined
        ? undefined
        : (unusable(listed) ??
          (carriesTopics(listed, selection.topics)
            ? undefined
            : `lacks a topic of ${selection.topics.join(', ')}`));
    if (why === undefined) chosen.set(key, name);
    else skipped.push({ repository: name, why });
  };
  for (const named of selection.named) consider(named, listings.get(named.toLowerCase()));
  const listed = [...listings.values()].sort((a, b) => (a.full_name < b.full_name ? -1 : 1));
  for (const repository of listed) {
    if (selection.patterns.some((pattern) => patternMatches(pattern, repository.full_name))) {
      consider(repository.full_name, repository);
    }
  }
  const repositories = [...chosen.values()].filter(
    (name) => !selection.excluded.some((pattern) => patternMatches(pattern, name)),
  );
  if (repositories.length === 0) {
    throw new ActionError(matchedNothing(selection, listings.size, skipped.length));
  }
  return { repositories, skipped };
}
