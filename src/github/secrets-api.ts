import { z } from 'zod';
import type { Octokit } from './octokit.ts';
import { describeTarget, failure, SecretsApiError, type SecretsApi } from './secrets.ts';

/** An X25519 public key: 32 bytes, in base64 (44 characters with its padding). */
const PUBLIC_KEY = z.object({
  key_id: z.string().min(1),
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});

function splitRepository(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** GitHub's Actions secrets API on an Octokit of GITHUB_API_URL (GitHub Enterprise Server too). */
export function octokitSecretsApi(octokit: Octokit, timeoutMs: number): SecretsApi {
  // Every call ends within timeout_seconds, as the Devin calls do: an abort ends a fetch
  // wherever it is, a proxy's CONNECT included.
  const within = () => ({ request: { signal: AbortSignal.timeout(timeoutMs) } });
  return {
    async publicKey(target) {
      const { owner, repo } = splitRepository(target.repository);
      let data: unknown;
      try {
        data = (
          target.environment === undefined
            ? await octokit.rest.actions.getRepoPublicKey({ owner, repo, ...within() })
            : await octokit.rest.actions.getEnvironmentPublicKey({
                owner,
                repo,
                environment_name: target.environment,
                ...within(),
              })
        ).data;
      } catch (error) {
        throw failure(target, 'read the public key of', error);
      }
      const parsed = PUBLIC_KEY.safeParse(data);
      if (!parsed.success) {
        throw new SecretsApiError(
          `Could not read the public key of ${describeTarget(target)}: GitHub's answer has no ` +
            'key_id, or no key that is 32 bytes in base64, so nothing could be sealed for it. ' +
            `Fix: check that GITHUB_API_URL is GitHub's REST API.`,
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
            ? await octokit.rest.actions.createOrUpdateRepoSecret({
                ...body,
                key_id: keyId,
                ...within(),
              })
            : await octokit.rest.actions.createOrUpdateEnvironmentSecret({
                ...body,
                key_id: keyId,
                environment_name: target.environment,
                ...within(),
              })
        ).status;
      } catch (error) {
        throw failure(target, 'write secret', error);
      }
      return status === 201 ? 'created' : 'updated';
    },
  };
}
