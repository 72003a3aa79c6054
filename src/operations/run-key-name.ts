import { MAX_KEY_NAME_LENGTH } from '../inputs/parsers.ts';

type GetEnv = (name: string) => string | undefined;

/** What makes a key name this run's: repository, run id and attempt, job. */
function runNamePrefix(getEnv: GetEnv): string {
  return [
    getEnv('GITHUB_REPOSITORY') ?? 'local',
    `run ${getEnv('GITHUB_RUN_ID') ?? '0'}.${getEnv('GITHUB_RUN_ATTEMPT') ?? '1'}`,
    getEnv('GITHUB_JOB') ?? 'job',
  ].join(' ');
}

/**
 * A name unique to this run, so that a key whose answer was lost can be found again:
 * repository, run id and attempt, job, and a random tag (matrix jobs share a job id).
 */
export function runKeyName(getEnv: GetEnv, tag: string): string {
  const name = `${runNamePrefix(getEnv)} ${tag}`;
  // Keep the tag, which makes it unique, when a long repository name must be cut.
  return name.length <= MAX_KEY_NAME_LENGTH
    ? name
    : `${name.slice(0, MAX_KEY_NAME_LENGTH - tag.length - 2)}… ${tag}`;
}

/**
 * Whether a key of this name is one this run's create may have made: the key_name it was given,
 * or a name `runKeyName` gives in this run (repository, run and job are this one's). The post
 * step revokes nothing else, whatever the saved state says.
 */
export function isNamedForThisRun(name: string, getEnv: GetEnv, keyName: string): boolean {
  if (keyName !== '') return name === keyName;
  // A repository's full name has at most 140 characters: the prefix is never cut.
  return name.startsWith(`${runNamePrefix(getEnv)} `);
}
