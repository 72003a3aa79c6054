import { quoteUntrusted } from '../base/untrusted.ts';
import { listItems, type InputReader } from './reader.ts';

/**
 * Which repositories the keys go to, as `repositories` and `topics` say: repositories named as
 * owner/name, patterns of an owner's repositories (`acme/*`, `acme/web-*`: `*` and `?` within
 * the name), exclusions (`!acme/legacy-*`) applied after the rest, and topics every selected
 * repository must carry. GitHub compares names case-insensitively, and so does the selection.
 */
export interface RepositorySelection {
  /** owner/name as given (a `.git` ending dropped), repeats dropped whatever their case. */
  named: string[];
  /** Patterns with a wildcard: each is matched against its owner's listing. */
  patterns: RepositoryPattern[];
  /** `!` entries, with or without a wildcard: removed from whatever the rest selects. */
  excluded: RepositoryPattern[];
  /** Topics, in lower case: a selected repository carries every one. */
  topics: string[];
}

export interface RepositoryPattern {
  /** The owner, in lower case (no wildcard: patterns list one owner's repositories). */
  owner: string;
  /** The name's glob, in lower case. */
  name: string;
  /** As the input wrote it, for messages. */
  text: string;
}

// Owners: letters, digits and single hyphens (39 at most); names: letters, digits, . _ -.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const NAME_GLOB = /^[A-Za-z0-9._*?-]{1,100}$/;
// GitHub's topics: lower-case letters, digits and hyphens, starting with a letter or digit.
const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

const WILDCARD = /[*?]/;

/** Whether `name` matches `glob` (`*` any run of characters, `?` one), ignoring case. */
export function globMatches(glob: string, name: string): boolean {
  // Globs hold only letters, digits and . _ - * ?: the dot is the one to escape.
  const source = glob.toLowerCase().replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}

/** Whether a repository (owner/name) matches a pattern, ignoring case. */
export function patternMatches(pattern: RepositoryPattern, fullName: string): boolean {
  const [owner = '', name = ''] = fullName.split('/');
  return owner.toLowerCase() === pattern.owner && globMatches(pattern.name, name);
}

/** One entry of `repositories`, read: a repository, a pattern, or an exclusion; undefined if bad. */
function readEntry(
  item: string,
):
  | { kind: 'named'; repository: string }
  | { kind: 'pattern' | 'excluded'; pattern: RepositoryPattern }
  | undefined {
  const excluded = item.startsWith('!');
  const text = excluded ? item.slice(1).trim() : item;
  const [owner = '', name = '', ...rest] = text.replace(/\.git$/, '').split('/');
  const nameIsGlob = WILDCARD.test(name);
  const nameFits = nameIsGlob
    ? NAME_GLOB.test(name)
    : NAME.test(name) && name !== '.' && name !== '..';
  if (rest.length > 0 || !OWNER.test(owner) || !nameFits) return undefined;
  if (!excluded && !nameIsGlob) return { kind: 'named', repository: `${owner}/${name}` };
  const pattern = { owner: owner.toLowerCase(), name: name.toLowerCase(), text: item };
  return { kind: excluded ? 'excluded' : 'pattern', pattern };
}

const ENTRY_FORMS =
  'a repository as owner/repo, nor a pattern such as owner/* or owner/web-*, nor an exclusion ' +
  'such as !owner/legacy-*';

/** `repositories`: one per line or comma separated. */
export function repositorySelection(input: InputReader): RepositorySelection {
  const selection: RepositorySelection = {
    named: [],
    patterns: [],
    excluded: [],
    topics: topics(input),
  };
  const seen = new Set<string>();
  for (const item of listItems(input.raw('repositories'))) {
    const entry = readEntry(item);
    if (entry === undefined) {
      input.problem('repositories', `${quoteUntrusted(item)} is not ${ENTRY_FORMS}`);
      continue;
    }
    const key =
      entry.kind === 'named'
        ? entry.repository.toLowerCase()
        : `${entry.kind} ${entry.pattern.text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (entry.kind === 'named') selection.named.push(entry.repository);
    else if (entry.kind === 'pattern') selection.patterns.push(entry.pattern);
    else selection.excluded.push(entry.pattern);
  }
  if (selectsNothing(selection) && selection.excluded.length > 0) {
    input.problem(
      'repositories',
      'holds only exclusions: name the repositories or patterns to take them out of',
    );
  }
  return selection;
}

/** `topics`: one per line or comma separated, in lower case as GitHub keeps them. */
function topics(input: InputReader): string[] {
  const listed = [...new Set(listItems(input.raw('topics')).map((topic) => topic.toLowerCase()))];
  for (const topic of listed) {
    if (!TOPIC.test(topic)) {
      input.problem(
        'topics',
        `${quoteUntrusted(topic)} is not a GitHub topic (lower-case letters, digits and -)`,
      );
    }
  }
  return listed;
}

/** Whether the selection lists more than named repositories (so GitHub's listings are read). */
export function selectsByPattern(selection: RepositorySelection): boolean {
  return selection.patterns.length > 0;
}

/** Whether the selection names nothing at all (then: the repository the workflow runs in). */
export function selectsNothing(selection: RepositorySelection): boolean {
  return selection.named.length === 0 && selection.patterns.length === 0;
}
