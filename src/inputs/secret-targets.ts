import { quoteUntrusted } from '../base/untrusted.ts';
import type { InputReader } from './reader.ts';
import {
  repositorySelection,
  selectsNothing,
  type RepositorySelection,
} from './repository-selection.ts';

export type { SecretTarget } from '../github/secrets.ts';

/** Where keys go when `secret_name` is set: one target per repository, each its own key. */
export interface SecretStore {
  secretName: string;
  /** repositories and topics; naming nothing: the repository the workflow runs in. */
  selection: RepositorySelection;
  environment: string | undefined;
  githubToken: string;
}

// GitHub's rules: letters, digits and _, not starting with a digit or GITHUB_ (case does not
// matter: GitHub stores names in upper case).
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_ENVIRONMENT_LENGTH = 255;

function dotEnvironment(value: string): string {
  return (
    `${quoteUntrusted(value)} is not an environment name: . and .. alone mean "this directory" ` +
    'and "the parent" in a URL path, so the request would go to another address; give the ' +
    "environment's name as the repository's Settings > Environments shows it"
  );
}

function secretName(input: InputReader): string {
  const name = 'secret_name';
  const value = input.raw(name);
  if (value === '') return value;
  if (!SECRET_NAME.test(value)) {
    input.problem(
      name,
      `${quoteUntrusted(value)} is not a secret name: use letters, digits and _ only, not starting with a digit`,
    );
  } else if (/^GITHUB_/i.test(value)) {
    input.problem(name, `${quoteUntrusted(value)} starts with GITHUB_, which GitHub reserves`);
  }
  return value;
}

function environment(input: InputReader): string | undefined {
  const name = 'environment';
  const value = input.raw(name);
  if (value === '') return undefined;
  if (value.length > MAX_ENVIRONMENT_LENGTH) {
    input.problem(name, `is longer than ${MAX_ENVIRONMENT_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
  } else if (/[\u0000-\u001f\u007f]/.test(value)) {
    input.problem(name, 'holds a line break or another control character');
  } else if (value === '.' || value === '..') {
    // Encoding leaves dots as they are, so these would be resolved away from the environment.
    input.problem(name, dotEnvironment(value));
  }
  return value;
}

/**
 * secret_name, repositories, environment and github_token: undefined when no secret_name is
 * given, so that the operation hands its key out as an output, as it always did.
 */
export function secretStoreInputs(input: InputReader): SecretStore | undefined {
  const name = secretName(input);
  const selection = repositorySelection(input);
  const env = environment(input);
  const githubToken = input.raw('github_token');
  if (name === '') {
    if (env !== undefined) {
      input.problem('environment', 'needs secret_name: which secret of the environment?');
    }
    if (!selectsNothing(selection) || selection.excluded.length > 0) {
      input.problem('repositories', 'needs secret_name: which secret of each repository?');
    }
    if (selection.topics.length > 0) {
      input.problem('topics', 'needs secret_name: which secret of each repository?');
    }
    return undefined;
  }
  if (githubToken === '') {
    input.problem(
      'github_token',
      'is required with secret_name: pass a token that may write Actions secrets of every ' +
        'repository (see the README: Secrets read and write, Environments read)',
    );
  }
  return { secretName: name, selection, environment: env, githubToken };
}
