import { getOctokit } from '@actions/github';
import { z } from 'zod';
import { ActionError, messageOf } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import type { SecretTarget } from '../inputs/secret-targets.ts';

/** A repository's or environment's public key, which secrets are sealed against. */
export interface PublicKey {
  keyId: string;
  /** base64, 32 bytes (X25519) */
  key: string;
}

/** Whether a write made the secret or replaced its value (GitHub's 201 or 204). */
export type SecretWrite = 'created' | 'updated';

/** The calls that store a key in an Actions secret. */
export interface SecretsApi {
  publicKey(target: SecretTarget): Promise<PublicKey>;
  writeSecret(target: SecretTarget, encryptedValue: string, keyId: string): Promise<SecretWrite>;
}

/** A GitHub call about one target failed; the message names the cause and the fix. */
export class SecretsApiError extends ActionError {
  override readonly name = 'SecretsApiError';
}

const PUBLIC_KEY = z.object({ key_id: z.string().min(1), key: z.string().min(1) });

/** "acme/web", or "acme/web environment production": where a target's secret lives. */
export function describeTarget(target: SecretTarget): string {
  const repository = quoteUntrusted(target.repository);
  return target.environment === undefined
    ? `repository ${repository}`
    : `environment ${quoteUntrusted(target.environment)} of repository ${repository}`;
}

function failure(
  target: SecretTarget,
  doing: 'read the public key of' | 'write secret',
  error: unknown,
): SecretsApiError {
  const status = (error as { status?: unknown }).status;
  const where = describeTarget(target);
  const what =
    doing === 'write secret'
      ? `write secret ${quoteUntrusted(target.secretName)} of ${where}`
      : `read the public key of ${where}`;
  const environmentRead = target.environment === undefined ? '' : ', and Environments read';
  let cause: string;
  if (status === 404) {
    cause =
      target.environment === undefined
        ? 'no such repository, or the token cannot see it. Fix: check the name in repositories, and give github_token access to the repository.'
        : "no such repository or environment, or the token cannot see it. Fix: check repositories and environment (make the environment in the repository's Settings > Environments), and give github_token access to the repository.";
  } else if (status === 403) {
    cause = `the token lacks the permission to ${doing === 'write secret' ? 'write' : 'read'} secrets. Fix: give github_token Secrets read and write${environmentRead} (fine-grained token or GitHub App), or the repo scope (classic token).`;
  } else if (status === 401) {
    cause = 'GitHub does not accept github_token (expired or revoked). Fix: pass a valid token.';
  } else {
    cause = `${quoteUntrusted(messageOf(error))}. Fix: run the job again; if it keeps failing, check GitHub's status and GITHUB_API_URL.`;
  }
  const code = typeof status === 'number' ? ` (HTTP ${status})` : '';
  return new SecretsApiError(`Could not ${what}${code}: ${cause}`);
}

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/**
 * GitHub's Actions secrets API through @actions/github, which takes its base URL from
 * GITHUB_API_URL, so GitHub Enterprise Server works as it is.
 */
export function githubSecretsApi(githubToken: string): SecretsApi {
  const octokit = getOctokit(githubToken);
  return {
    async publicKey(target) {
      const { owner, repo } = splitRepository(target.repository);
      let data: unknown;
      try {
        data = (
          target.environment === undefined
            ? await octokit.rest.actions.getRepoPublicKey({ owner, repo })
            : await octokit.rest.actions.getEnvironmentPublicKey({
                owner,
                repo,
                environment_name: target.environment,
              })
        ).data;
      } catch (error) {
        throw failure(target, 'read the public key of', error);
      }
      const parsed = PUBLIC_KEY.safeParse(data);
      if (!parsed.success) {
        throw new SecretsApiError(
          `Could not read the public key of ${describeTarget(target)}: GitHub's answer has no key_id and key. Fix: check that GITHUB_API_URL is GitHub's REST API.`,
        );
      }
      return { keyId: parsed.data.key_id, key: parsed.data.key };
    },
    async writeSecret(target, encryptedValue, keyId) {
      const { owner, repo } = splitRepository(target.repository);
      const body = { owner, repo, secret_name: target.secretName, encrypted_value: encryptedValue };
      let status: number;
      try {
        status = (
          target.environment === undefined
            ? await octokit.rest.actions.createOrUpdateRepoSecret({ ...body, key_id: keyId })
            : await octokit.rest.actions.createOrUpdateEnvironmentSecret({
                ...body,
                key_id: keyId,
                environment_name: target.environment,
              })
        ).status;
      } catch (error) {
        throw failure(target, 'write secret', error);
      }
      return status === 201 ? 'created' : 'updated';
    },
  };
}
