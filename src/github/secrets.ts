import { GitHubApiError, gitHubFailure, type RefusalHints } from './errors.ts';
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
/**
 * What became of a secret asked to be deleted: deleted; absent (there was none, or no repository
 * of that name); left in an archived repository (GitHub refuses to change it) or a disabled one
 * (GitHub refuses every call on it); or not reached, as GitHub redirects the repository's name
 * elsewhere (renamed or transferred), and a redirect is never followed.
 */
export type SecretDeletion = 'deleted' | 'absent' | 'archived' | 'disabled' | 'moved';

export interface SecretsApi {
  publicKey(target: SecretTarget): Promise<PublicKey>;
  writeSecret(target: SecretTarget, encryptedValue: string, keyId: string): Promise<SecretWrite>;
  /** When the secret was made and last written; undefined when there is none. */
  secretTimes(target: SecretTarget): Promise<SecretTimes | undefined>;
  /** Deletes the secret; see SecretDeletion for what else may become of it. */
  deleteSecret(target: SecretTarget): Promise<SecretDeletion>;
}

/** A secret's times, in milliseconds since 1970 (its value can never be read). */
export interface SecretTimes {
  createdAtMs: number;
  updatedAtMs: number;
}

/** "acme/web", or "acme/web environment production": where a target's secret lives. */
export function describeTarget(target: SecretTarget): string {
  const repository = quoteUntrusted(target.repository);
  return target.environment === undefined
    ? `repository ${repository}`
    : `environment ${quoteUntrusted(target.environment)} of repository ${repository}`;
}

type SecretsCall = 'read the public key of' | 'write secret' | 'read secret' | 'delete secret';

/** What a refusal of a secrets call means: the cause and the fix. */
function secretsHints(target: SecretTarget, doing: SecretsCall): RefusalHints {
  const environmentRead = target.environment === undefined ? '' : ', and Environments read';
  return {
    notFound:
      target.environment === undefined
        ? 'no such repository, or the token cannot see it. Fix: check the name in repositories, ' +
          'and give github_token access to the repository.'
        : 'no such repository or environment, or the token cannot see it. Fix: check ' +
          "repositories and environment (make the environment in the repository's Settings > " +
          'Environments), and give github_token access to the repository.',
    forbidden:
      `the token lacks the permission to ${doing === 'write secret' || doing === 'delete secret' ? 'write' : 'read'} ` +
      `secrets. Fix: give github_token Secrets read and write${environmentRead} (fine-grained ` +
      'token or GitHub App), or the repo scope (classic token).',
  };
}

/** The error of a secrets call about one target, from what Octokit threw. */
export function failure(target: SecretTarget, doing: SecretsCall, error: unknown): GitHubApiError {
  const where = describeTarget(target);
  const what =
    doing === 'read the public key of'
      ? `read the public key of ${where}`
      : `${doing} ${quoteUntrusted(target.secretName)} of ${where}`;
  return gitHubFailure(what, error, secretsHints(target, doing));
}

/** A public key GitHub answered with that nothing can be sealed against. */
export function unusablePublicKey(target: SecretTarget): GitHubApiError {
  return new GitHubApiError(
    `Could not read the public key of ${describeTarget(target)}: GitHub's answer has no key_id, ` +
      'or no key that is 32 bytes in base64, so nothing could be sealed for it. Fix: check that ' +
      "GITHUB_API_URL is GitHub's REST API.",
    undefined,
    { everyTarget: false, mayHaveTakenEffect: false },
  );
}

/** A public key of the right shape that nothing could be sealed against all the same. */
export function publicKeyRefused(
  target: SecretTarget,
  keyId: string,
  problem: string,
): GitHubApiError {
  return new GitHubApiError(
    `Could not seal the key for ${describeTarget(target)}: the public key GitHub gave for it ` +
      `(key_id ${quoteUntrusted(keyId)}) cannot be used: ${problem}. GitHub's own keys can, so ` +
      "nothing was written. Fix: check that GITHUB_API_URL is GitHub's REST API; if it is, run " +
      'again, and report it to GitHub if the key stays the same.',
    undefined,
    { everyTarget: false, mayHaveTakenEffect: false },
  );
}
