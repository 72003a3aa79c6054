import type { Octokit } from './octokit.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import {
  answeredStatus,
  gitHubSaid,
  GitHubApiError,
  undocumentedSuccess,
  unexpectedAnswer,
} from './errors.ts';
import { PublicKeyAnswer, SecretMetadata } from './schemas.ts';
import { RedirectRefusedError, wireErrorOf } from './wire.ts';
import {
  describeTarget,
  failure,
  unusablePublicKey,
  type SecretsApi,
  type SecretTarget,
} from './secrets.ts';

// GitHub's 403 for a repository it archived or disabled: a refusal of that one repository, not
// a permission the token lacks (which would stop the run for every target).
const ARCHIVED = /archived so is read-only/i;
const BLOCKED = /repository access blocked/i;

function archivedRepository(target: SecretTarget): string {
  return (
    `${describeTarget(target)} is archived, so GitHub refuses to change its secrets (HTTP 403). ` +
    'Fix: take it out of repositories, or unarchive it (a pattern skips archived repositories).'
  );
}

function blockedRepository(target: SecretTarget): string {
  return (
    `GitHub has disabled ${describeTarget(target)} and refuses every call on it (HTTP 403). ` +
    'Fix: take it out of repositories (a pattern skips disabled repositories).'
  );
}

/** The error of a secrets call: the repository's own refusal when GitHub says so, else failure's. */
function secretsFailure(
  target: SecretTarget,
  doing: Parameters<typeof failure>[1],
  error: unknown,
): GitHubApiError {
  const said = answeredStatus(error) === 403 ? gitHubSaid(error) : '';
  const own = { everyTarget: false, mayHaveTakenEffect: false };
  if (ARCHIVED.test(said)) return new GitHubApiError(archivedRepository(target), 403, own);
  if (BLOCKED.test(said)) return new GitHubApiError(blockedRepository(target), 403, own);
  return failure(target, doing, error);
}

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** 'read secret "K" of repository "acme/web"', as `failure` says it, for answers it does not see. */
function secretCall(
  doing: 'read secret' | 'write secret' | 'delete secret',
  target: SecretTarget,
): string {
  return `${doing} ${quoteUntrusted(target.secretName)} of ${describeTarget(target)}`;
}

type RepositoryScope = { owner: string; repo: string };

/** Calls a target's repository endpoint, or its environment's when the target names one. */
function inScope<Result>(
  target: SecretTarget,
  repositoryCall: (scope: RepositoryScope) => Promise<Result>,
  environmentCall: (scope: RepositoryScope & { environment_name: string }) => Promise<Result>,
): Promise<Result> {
  const repository = splitRepository(target.repository);
  return target.environment === undefined
    ? repositoryCall(repository)
    : environmentCall({ ...repository, environment_name: target.environment });
}

/** GitHub's Actions secrets API on an Octokit of GITHUB_API_URL (GitHub Enterprise Server too). */
export function octokitSecretsApi(octokit: Octokit): SecretsApi {
  const { actions } = octokit.rest;
  return {
    async publicKey(target) {
      let data: unknown;
      try {
        data = (
          await inScope(
            target,
            (scope) => actions.getRepoPublicKey(scope),
            (scope) => actions.getEnvironmentPublicKey(scope),
          )
        ).data;
      } catch (error) {
        throw secretsFailure(target, 'read the public key of', error);
      }
      const parsed = PublicKeyAnswer.safeParse(data);
      if (!parsed.success) throw unusablePublicKey(target);
      return { keyId: parsed.data.key_id, key: parsed.data.key };
    },
    async writeSecret(target, encryptedValue, keyId) {
      const body = {
        secret_name: target.secretName,
        encrypted_value: encryptedValue,
        key_id: keyId,
      };
      let status: number;
      try {
        status = (
          await inScope(
            target,
            (scope) => actions.createOrUpdateRepoSecret({ ...scope, ...body }),
            (scope) => actions.createOrUpdateEnvironmentSecret({ ...scope, ...body }),
          )
        ).status;
      } catch (error) {
        throw secretsFailure(target, 'write secret', error);
      }
      if (status === 201) return 'created';
      if (status === 204) return 'updated';
      throw undocumentedSuccess(
        secretCall('write secret', target),
        status,
        '201 (created) or 204 (updated)',
      );
    },
    async secretTimes(target) {
      const named = { secret_name: target.secretName };
      let data: unknown;
      try {
        data = (
          await inScope(
            target,
            (scope) => actions.getRepoSecret({ ...scope, ...named }),
            (scope) => actions.getEnvironmentSecret({ ...scope, ...named }),
          )
        ).data;
      } catch (error) {
        if (answeredStatus(error) === 404) return undefined;
        throw secretsFailure(target, 'read secret', error);
      }
      const parsed = SecretMetadata.safeParse(data);
      if (!parsed.success) {
        throw unexpectedAnswer(secretCall('read secret', target), parsed.error.issues);
      }
      return {
        createdAtMs: Date.parse(parsed.data.created_at),
        updatedAtMs: Date.parse(parsed.data.updated_at),
      };
    },
    async deleteSecret(target) {
      const named = { secret_name: target.secretName };
      let status: number;
      try {
        status = (
          await inScope(
            target,
            (scope) => actions.deleteRepoSecret({ ...scope, ...named }),
            (scope) => actions.deleteEnvironmentSecret({ ...scope, ...named }),
          )
        ).status;
      } catch (error) {
        if (answeredStatus(error) === 404) return 'absent';
        const said = answeredStatus(error) === 403 ? gitHubSaid(error) : '';
        if (ARCHIVED.test(said)) return 'archived';
        if (BLOCKED.test(said)) return 'disabled';
        const wire = wireErrorOf(error);
        if (wire instanceof RedirectRefusedError && wire.sameOrigin) return 'moved';
        throw secretsFailure(target, 'delete secret', error);
      }
      if (status !== 204)
        throw undocumentedSuccess(secretCall('delete secret', target), status, '204');
      return 'deleted';
    },
  };
}
