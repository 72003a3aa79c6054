import { createHash } from 'node:crypto';
import { ActionError, explain } from '../../base/errors.ts';
import type { Runtime } from '../../base/runtime.ts';
import { MAX_KEY_NAME_LENGTH } from '../../inputs/parsers.ts';
import type { SecretStore, SecretTarget } from '../../inputs/secret-targets.ts';

/**
 * The name of the key stored in a target's secret, so that a later run finds it by name:
 * repository, environment and secret name, as GitHub compares them (repository and environment
 * in lower case, the secret name in upper case: GitHub keeps it so). Too long a name is cut,
 * with a hash of the whole.
 */
export function targetKeyName(target: SecretTarget): string {
  const name = [
    target.repository.toLowerCase(),
    ...(target.environment === undefined ? [] : ['environment', target.environment.toLowerCase()]),
    'secret',
    target.secretName.toUpperCase(),
  ].join(' ');
  if (name.length <= MAX_KEY_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_KEY_NAME_LENGTH - hash.length - 2)}… ${hash}`;
}

/**
 * One target per selected repository; a selection of nothing: the repository the workflow runs
 * in.
 */
export function targetsOf(
  store: SecretStore,
  repositories: readonly string[],
  runtime: Pick<Runtime, 'getEnv'>,
): SecretTarget[] {
  let chosen = repositories;
  if (chosen.length === 0) {
    const current = runtime.getEnv('GITHUB_REPOSITORY') ?? '';
    if (current === '') {
      throw new ActionError(
        explain({
          problem:
            'repositories: is empty and GITHUB_REPOSITORY is not set, so there is no repository ' +
            'to store the key in.',
          fix: 'list the repositories as owner/repo.',
        }),
      );
    }
    chosen = [current];
  }
  return chosen.map((repository) => ({
    repository,
    environment: store.environment,
    secretName: store.secretName,
  }));
}

/**
 * Whether a key is named for the target: by its name as this version gives it, or as earlier
 * versions gave it, with the names in the letter case the workflow wrote them.
 */
export function isNamedFor(keyName: string, target: SecretTarget): boolean {
  return keyName.toLowerCase() === targetKeyName(target).toLowerCase();
}

const TARGET_KEY_NAME = /^(\S+\/\S+)(?: environment (.+))? secret ([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The target a key's name names, for pruning: only a name exactly of the form targetKeyName
 * gives (any letter case); anything else (a cut name, a name of the user's) is undefined, and
 * such a key is never touched.
 */
export function targetNamedBy(keyName: string): SecretTarget | undefined {
  const match = TARGET_KEY_NAME.exec(keyName);
  if (match === null) return undefined;
  const [, repository = '', environment, secretName = ''] = match;
  return { repository, environment, secretName };
}

/** The same target, whatever the letter case of its names. */
export function sameTarget(a: SecretTarget, b: SecretTarget): boolean {
  return targetKeyName(a) === targetKeyName(b);
}
