/**
 * Every route the stand-in serves, under GitHub's path template, with the page of GitHub's
 * documentation its errors point at.
 */
import {
  environmentOf,
  reachRepository,
  refuseArchivedWrite,
  secretAccessOf,
  type Reach,
} from './access.ts';
import type { IssueTracker } from './issues.ts';
import {
  accountAnswer,
  accountRepositories,
  installationRepositories,
  organizationRepositories,
} from './listings.ts';
import { DOCS, notAccessible, notFound, unparsableJson } from './problems.ts';
import { repositoryJson, type RepositoryRegistry } from './repositories.ts';
import type { Route } from './router.ts';
import {
  refuseInvalidName,
  secretMetadataJson,
  type FakeSecret,
  type SecretPlace,
  type SecretStore,
} from './secrets.ts';
import { grants, type FakeToken } from './tokens.ts';

export interface RequestContext {
  token: FakeToken;
  query: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

export interface RouteDependencies {
  registry: RepositoryRegistry;
  secrets: SecretStore;
  issues: IssueTracker;
  /** owner/name of the repository whose issues are served. */
  issueRepository: string;
  /** The stand-in's origin, known once it listens. */
  origin: () => string;
  onSecretWrite?: (secret: FakeSecret) => void;
}

const SECRETS_DOCS = `${DOCS}/actions/secrets`;
const REPOS_DOCS = `${DOCS}/repos/repos`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function gitHubRoutes(dependencies: RouteDependencies): Route<RequestContext>[] {
  const { registry, secrets, issues, issueRepository, origin } = dependencies;

  /** The issue repository, as far as the token reaches it; it need not be a seeded one. */
  function reachIssues(params: Record<string, string>, token: FakeToken, reach: Reach): void {
    const { owner = '', repo = '' } = params;
    if (`${owner}/${repo}`.toLowerCase() !== issueRepository.toLowerCase()) throw notFound();
    if (params.issue_number !== undefined && !/^\d+$/.test(params.issue_number)) throw notFound();
    if (registry.find(owner, repo) === undefined) {
      if (!grants(token, issueRepository)) throw notFound();
      return;
    }
    const repository = reachRepository(registry, token, owner, repo, reach);
    if (reach === 'grant') refuseArchivedWrite(repository);
  }

  function placeOf(params: Record<string, string>, token: FakeToken) {
    const repository = reachRepository(
      registry,
      token,
      params.owner ?? '',
      params.repo ?? '',
      'grant',
    );
    const requested = params.environment_name;
    const place: SecretPlace = {
      repository,
      environment: requested === undefined ? null : environmentOf(repository, requested),
    };
    return { place, access: secretAccessOf(repository, token) };
  }

  /** The four secret routes, for a repository's own secrets or an environment's. */
  function secretRoutes(base: string, docs: Record<string, string>): Route<RequestContext>[] {
    return [
      {
        method: 'GET',
        template: `${base}/secrets/public-key`,
        docs: docs.publicKey ?? SECRETS_DOCS,
        handle: (params, { token }) => {
          const { place, access } = placeOf(params, token);
          if (access === 'none') throw notAccessible(token.kind);
          return { status: 200, body: secrets.publicKeyJson(place) };
        },
      },
      {
        method: 'GET',
        template: `${base}/secrets/{secret_name}`,
        docs: docs.get ?? SECRETS_DOCS,
        handle: (params, { token }) => {
          const { place, access } = placeOf(params, token);
          if (access === 'none') throw notAccessible(token.kind);
          const found = secrets.find(place, params.secret_name ?? '');
          if (found === undefined) throw notFound();
          return { status: 200, body: secretMetadataJson(found) };
        },
      },
      {
        method: 'PUT',
        template: `${base}/secrets/{secret_name}`,
        docs: docs.put ?? SECRETS_DOCS,
        handle: (params, { token, body }) => {
          const { place, access } = placeOf(params, token);
          refuseArchivedWrite(place.repository);
          if (access !== 'write') throw notAccessible(token.kind);
          if (!isRecord(body)) throw unparsableJson();
          const name = params.secret_name ?? '';
          refuseInvalidName(name);
          const value = secrets.open(place, body);
          const { created, secret } = secrets.write(place, name, value, 'api');
          dependencies.onSecretWrite?.(secret);
          return created ? { status: 201, body: {} } : { status: 204 };
        },
      },
      {
        method: 'DELETE',
        template: `${base}/secrets/{secret_name}`,
        docs: docs.delete ?? SECRETS_DOCS,
        handle: (params, { token }) => {
          const { place, access } = placeOf(params, token);
          refuseArchivedWrite(place.repository);
          if (access !== 'write') throw notAccessible(token.kind);
          if (!secrets.delete(place, params.secret_name ?? '')) throw notFound();
          return { status: 204 };
        },
      },
    ];
  }

  const issuesDocs = `${DOCS}/issues/issues`;
  return [
    {
      method: 'GET',
      template: '/repos/{owner}/{repo}',
      docs: `${REPOS_DOCS}#get-a-repository`,
      handle: (params, { token }) => {
        const repository = reachRepository(
          registry,
          token,
          params.owner ?? '',
          params.repo ?? '',
          'see',
        );
        return { status: 200, body: repositoryJson(repository, origin()) };
      },
    },
    {
      method: 'GET',
      template: '/repos/{owner}/{repo}/issues',
      docs: `${issuesDocs}#list-repository-issues`,
      handle: (params, { token, query }) => {
        reachIssues(params, token, 'see');
        return issues.list(query);
      },
    },
    {
      method: 'POST',
      template: '/repos/{owner}/{repo}/issues',
      docs: `${issuesDocs}#create-an-issue`,
      handle: (params, { token, body }) => {
        reachIssues(params, token, 'grant');
        return issues.create(body);
      },
    },
    {
      method: 'GET',
      template: '/repos/{owner}/{repo}/issues/{issue_number}',
      docs: `${issuesDocs}#get-an-issue`,
      handle: (params, { token }) => {
        reachIssues(params, token, 'see');
        return issues.get(params.issue_number ?? '');
      },
    },
    {
      method: 'PATCH',
      template: '/repos/{owner}/{repo}/issues/{issue_number}',
      docs: `${issuesDocs}#update-an-issue`,
      handle: (params, { token, body }) => {
        reachIssues(params, token, 'grant');
        return issues.update(params.issue_number ?? '', body);
      },
    },
    {
      method: 'POST',
      template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      docs: `${DOCS}/issues/comments#create-an-issue-comment`,
      handle: (params, { token, body }) => {
        reachIssues(params, token, 'grant');
        return issues.comment(params.issue_number ?? '', body);
      },
    },
    ...secretRoutes('/repos/{owner}/{repo}/actions', {
      publicKey: `${SECRETS_DOCS}#get-a-repository-public-key`,
      get: `${SECRETS_DOCS}#get-a-repository-secret`,
      put: `${SECRETS_DOCS}#create-or-update-a-repository-secret`,
      delete: `${SECRETS_DOCS}#delete-a-repository-secret`,
    }),
    ...secretRoutes('/repos/{owner}/{repo}/environments/{environment_name}', {
      publicKey: `${SECRETS_DOCS}#get-an-environment-public-key`,
      get: `${SECRETS_DOCS}#get-an-environment-secret`,
      put: `${SECRETS_DOCS}#create-or-update-an-environment-secret`,
      delete: `${SECRETS_DOCS}#delete-an-environment-secret`,
    }),
    {
      method: 'GET',
      template: '/orgs/{org}/repos',
      docs: `${REPOS_DOCS}#list-organization-repositories`,
      handle: (params, { token, query }) =>
        organizationRepositories(
          registry.owner(params.org ?? ''),
          registry,
          token,
          query,
          origin(),
        ),
    },
    {
      method: 'GET',
      template: '/organizations/{organization_id}/repos',
      docs: `${REPOS_DOCS}#list-organization-repositories`,
      handle: (params, { token, query }) =>
        organizationRepositories(
          registry.ownerWithId(params.organization_id ?? ''),
          registry,
          token,
          query,
          origin(),
        ),
    },
    {
      method: 'GET',
      template: '/users/{username}',
      docs: `${DOCS}/users/users#get-a-user`,
      handle: (params) => accountAnswer(registry.owner(params.username ?? ''), origin()),
    },
    {
      method: 'GET',
      template: '/users/{username}/repos',
      docs: `${REPOS_DOCS}#list-repositories-for-a-user`,
      handle: (params, { token, query }) =>
        accountRepositories(
          registry.owner(params.username ?? ''),
          registry,
          token,
          query,
          origin(),
        ),
    },
    {
      method: 'GET',
      template: '/user/{account_id}/repos',
      docs: `${REPOS_DOCS}#list-repositories-for-a-user`,
      handle: (params, { token, query }) =>
        accountRepositories(
          registry.ownerWithId(params.account_id ?? ''),
          registry,
          token,
          query,
          origin(),
        ),
    },
    {
      method: 'GET',
      template: '/installation/repositories',
      docs: `${DOCS}/apps/installations#list-repositories-accessible-to-the-app-installation`,
      handle: (_params, { token, query }) =>
        installationRepositories(registry, token, query, origin()),
    },
  ];
}
