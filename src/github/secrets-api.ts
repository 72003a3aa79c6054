import type { Octokit } from './octokit.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { answeredStatus, unexpectedAnswer } from './errors.ts';
import { PublicKeyAnswer, SecretMetadata } from './schemas.ts';
import { failure, unusablePublicKey, type SecretsApi, type SecretTarget } from './secrets.ts';

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** The path parameters of a target's secrets: the repository's, or one of its environments'. */
function scopeOf(target: SecretTarget) {
  return { ...splitRepository(target.repository), environment_name: target.environment };
}

/** GitHub's Actions secrets API on an Octokit of GITHUB_API_URL (GitHub Enterprise Server too). */
export function octokitSecretsApi(octokit: Octokit): SecretsApi {
  const { actions } = octokit.rest;
  return {
    async publicKey(target) {
      const scope = scopeOf(target);
      let data: unknown;
      try {
        data = (
          scope.environment_name === undefined
            ? await actions.getRepoPublicKey(scope)
            : await actions.getEnvironmentPublicKey({
                ...scope,
                environment_name: scope.environment_name,
              })
        ).data;
      } catch (error) {
        throw failure(target, 'read the public key of', error);
      }
      const parsed = PublicKeyAnswer.safeParse(data);
      if (!parsed.success) throw unusablePublicKey(target);
      return { keyId: parsed.data.key_id, key: parsed.data.key };
    },
    async writeSecret(target, encryptedValue, keyId) {
      const scope = scopeOf(target);
      const body = {
        secret_name: target.secretName,
        encrypted_value: encryptedValue,
        key_id: keyId,
      };
      let status: number;
      try {
        status = (
          scope.environment_name === undefined
            ? await actions.createOrUpdateRepoSecret({ ...scope, ...body })
            : await actions.createOrUpdateEnvironmentSecret({
                ...scope,
                ...body,
                environment_name: scope.environment_name,
              })
        ).status;
      } catch (error) {
        throw failure(target, 'write secret', error);
      }
      return status === 201 ? 'created' : 'updated';
    },
    async secretTimes(target) {
      const scope = scopeOf(target);
      const named = { ...scope, secret_name: target.secretName };
      let data: unknown;
      try {
        data = (
          scope.environment_name === undefined
            ? await actions.getRepoSecret(named)
            : await actions.getEnvironmentSecret({
                ...named,
                environment_name: scope.environment_name,
              })
        ).data;
      } catch (error) {
        if (answeredStatus(error) === 404) return undefined;
        throw failure(target, 'read secret', error);
      }
      const parsed = SecretMetadata.safeParse(data);
      if (!parsed.success) {
        throw unexpectedAnswer(
          `read secret ${quoteUntrusted(target.secretName)}`,
          parsed.error.issues,
        );
      }
      return {
        createdAtMs: Date.parse(parsed.data.created_at),
        updatedAtMs: Date.parse(parsed.data.updated_at),
      };
    },
    async deleteSecret(target) {
      const scope = scopeOf(target);
      const named = { ...scope, secret_name: target.secretName };
      try {
        if (scope.environment_name === undefined) await actions.deleteRepoSecret(named);
        else
          await actions.deleteEnvironmentSecret({
            ...named,
            environment_name: scope.environment_name,
          });
      } catch (error) {
        if (answeredStatus(error) === 404) return 'absent';
        throw failure(target, 'delete secret', error);
      }
      return 'deleted';
    },
  };
}
