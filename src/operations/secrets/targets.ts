import { createHash } from 'node:crypto';
import { ActionError, explain } from '../../base/errors.ts';
import type { Runtime } from '../../base/runtime.ts';
import { MAX_KEY_NAME_LENGTH } from '../../inputs/parsers.ts';
import type { SecretStore, SecretTarget } from '../../inputs/secret-targets.ts';

/**
 * The name of the key stored in a target's secret, so that a later rotate finds it by name:
 * repository, environment and secret name. Too long a name is cut, with a hash of the whole.
 */
export function targetKeyName(target: SecretTarget): string {
  const name = [
    target.repository,
    ...(target.environment === undefined ? [] : ['environment', target.environment]),
    'secret',
    target.secretName,
  ].join(' ');
  if (name.length <= MAX_KEY_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_KEY_NAME_LENGTH - hash.length - 2)}… ${hash}`;
}

/** One target per repository of the store; none listed: the repository the workflow runs in. */
export function targetsOf(store: SecretStore, runtime: Pick<Runtime, 'getEnv'>): SecretTarget[] {
  let repositories = store.repositories;
  if (repositories.length === 0) {
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
    repositories = [current];
  }
  return repositories.map((repository) => ({
    repository,
    environment: store.environment,
    secretName: store.secretName,
  }));
}
