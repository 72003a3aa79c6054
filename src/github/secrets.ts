import { ApiError, messageOf } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';

/** A repository's (or one of its environments') Actions secret that a key is stored in. */
export interface SecretTarget {
  /** owner/repo */
  repository: string;
  /** Undefined: a repository secret. */
  environment: string | undefined;
  secretName: string;
}

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
export class SecretsApiError extends ApiError {
  override readonly name = 'SecretsApiError';
}

/** "acme/web", or "acme/web environment production": where a target's secret lives. */
export function describeTarget(target: SecretTarget): string {
  const repository = quoteUntrusted(target.repository);
  return target.environment === undefined
    ? `repository ${repository}`
    : `environment ${quoteUntrusted(target.environment)} of repository ${repository}`;
}

type SecretsCall = 'read the public key of' | 'write secret';

/** Why GitHub refused a secrets call, and the fix, by its status. */
function refusalCause(
  status: unknown,
  target: SecretTarget,
  doing: SecretsCall,
  error: unknown,
): string {
  const environmentRead = target.environment === undefined ? '' : ', and Environments read';
  switch (status) {
    case 404:
      return target.environment === undefined
        ? 'no such repository, or the token cannot see it. Fix: check the name in repositories, ' +
            'and give github_token access to the repository.'
        : 'no such repository or environment, or the token cannot see it. Fix: check ' +
            "repositories and environment (make the environment in the repository's Settings > " +
            'Environments), and give github_token access to the repository.';
    case 403:
      return (
        `the token lacks the permission to ${doing === 'write secret' ? 'write' : 'read'} ` +
        `secrets. Fix: give github_token Secrets read and write${environmentRead} (fine-grained ` +
        'token or GitHub App), or the repo scope (classic token).'
      );
    case 401:
      return 'GitHub does not accept github_token (expired or revoked). Fix: pass a valid token.';
    default:
      return (
        `${quoteUntrusted(messageOf(error))}. Fix: run the job again; if it keeps failing, ` +
        "check GitHub's status and GITHUB_API_URL."
      );
  }
}

/** The error of a secrets call about one target, from what Octokit threw. */
export function failure(target: SecretTarget, doing: SecretsCall, error: unknown): SecretsApiError {
  const status = (error as { status?: unknown }).status;
  const where = describeTarget(target);
  const what =
    doing === 'write secret'
      ? `write secret ${quoteUntrusted(target.secretName)} of ${where}`
      : `read the public key of ${where}`;
  const code = typeof status === 'number' ? ` (HTTP ${status})` : '';
  return new SecretsApiError(
    `Could not ${what}${code}: ${refusalCause(status, target, doing, error)}`,
    typeof status === 'number' ? status : undefined,
  );
}
