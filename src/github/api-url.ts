import { ActionError } from '../base/errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';
import { isLoopback } from '../base/urls.ts';

/** Where GitHub's REST API is when the runner does not say (GitHub.com). */
const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

const SET_BY_RUNNER =
  'The runner sets GITHUB_API_URL (https://api.github.com, or https://<host>/api/v3 on GitHub ' +
  'Enterprise Server); an earlier step that writes it to $GITHUB_ENV changes it for this one.';

function notAUrl(value: string): string {
  return `GITHUB_API_URL ${quoteUntrusted(value)} is not an https:// URL. ${SET_BY_RUNNER}`;
}

function plainHttp(value: string): string {
  return (
    `GITHUB_API_URL ${quoteUntrusted(value)} uses http:// to a host that is not this machine, ` +
    'which would send github_token unencrypted, so no call was made. Fix: use https:// (plain ' +
    `http is allowed only for 127.0.0.1, localhost and [::1]). ${SET_BY_RUNNER}`
  );
}

/** What is wrong with GITHUB_API_URL as the runner hands it over; undefined when it is usable. */
export function gitHubApiUrlProblem(raw: string | undefined): string | undefined {
  const value = raw?.trim() || DEFAULT_GITHUB_API_URL;
  if (!URL.canParse(value)) return notAUrl(value);
  const url = new URL(value);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return plainHttp(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return notAUrl(value);
  return undefined;
}

/**
 * GITHUB_API_URL as a URL without trailing slashes, so that a path joined to it has one slash
 * (`…/v3/` + `/repos` would be `//repos`, which GitHub answers with a 404). Throws the problem
 * of `gitHubApiUrlProblem` for a value that is not usable.
 */
export function gitHubApiUrl(raw: string | undefined): URL {
  const problem = gitHubApiUrlProblem(raw);
  if (problem !== undefined) throw new GitHubApiUrlError(problem);
  const url = new URL(raw?.trim() || DEFAULT_GITHUB_API_URL);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** GITHUB_API_URL cannot be used: found before any call. */
export class GitHubApiUrlError extends ActionError {
  override readonly name = 'GitHubApiUrlError';
}
