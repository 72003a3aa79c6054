/**
 * A loopback stand-in for the parts of GitHub's REST API the action uses: list, create and
 * update issues, and comment on them (the tracking issue); read the public key of a repository
 * or environment and write its Actions secrets. The action reaches it through GITHUB_API_URL,
 * so the paths have no /api/v3 prefix. Node built-ins and libsodium only, so it also runs under
 * plain Node. Each repository and environment has a key pair of its own, and every sealed box
 * written is opened, so a test reads back the value each secret holds.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultPlan, answersItself, type Fault } from '../support/faults.ts';

type Sodium = (typeof import('libsodium-wrappers'))['default'];

async function loadSodium(): Promise<Sodium> {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  return sodium;
}

interface KeyPair {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export type { Fault };

/** Who opened an issue, as GitHub's `user` field shows it. */
export interface IssueAuthor {
  login: string;
  type: 'User' | 'Bot' | 'Organization';
}

/** GitHub's `author_association`: how the author stands to the repository. */
export type AuthorAssociation =
  | 'OWNER'
  | 'MEMBER'
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'MANNEQUIN'
  | 'NONE';

/** The author of issues opened with a workflow's GITHUB_TOKEN. */
export const GITHUB_ACTIONS_BOT: IssueAuthor = { login: 'github-actions[bot]', type: 'Bot' };

/** The author of a seed that names none: someone with no write access to the repository. */
export const OUTSIDER: IssueAuthor = { login: 'octocat', type: 'User' };

export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  author: IssueAuthor;
  authorAssociation: AuthorAssociation;
  state: 'open' | 'closed';
  stateReason: string | null;
  /** GitHub lists pull requests among issues, marked with a `pull_request` field. */
  isPullRequest: boolean;
  /** The bodies of the comments, oldest first. */
  comments: string[];
}

export interface SeedIssue {
  title: string;
  body?: string | null;
  /** Default OUTSIDER, with author_association NONE. */
  author?: IssueAuthor;
  authorAssociation?: AuthorAssociation;
  state?: 'open' | 'closed';
  isPullRequest?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The pathname, without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

/** A repository whose Actions secrets the token may reach, and how far. */
export interface SecretRepositorySeed {
  /** owner/name */
  repository: string;
  environments?: string[];
  /** write (default): read keys, write secrets; read: writes are 403; none: all is 403. */
  access?: 'write' | 'read' | 'none';
}

/** An Actions secret as it is now, its sealed value opened. */
export interface FakeSecret {
  repository: string;
  /** null: a repository secret. */
  environment: string | null;
  name: string;
  value: string;
  /** How many times it was written. */
  writes: number;
}

export interface FakeGitHubOptions {
  /** owner/name */
  repository: string;
  token: string;
  issues?: SeedIssue[];
  /** Repositories with secrets; default: the repository above, with write access. */
  secretRepositories?: SecretRepositorySeed[];
  /** Called as each secret is written, before the answer leaves. */
  onSecretWrite?: (secret: FakeSecret) => void;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  /** Every Actions secret written, as it is now. */
  secrets(): FakeSecret[];
  /** The issues as they are now, pull requests included, by number. */
  readonly issues: FakeIssue[];
  fail(...faults: Fault[]): void;
  close(): Promise<void>;
}

/** GitHub's largest page. */
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 30;
const DOCS = 'https://docs.github.com/rest';
/** GitHub refuses an issue or comment body longer than this many characters. */
export const MAX_BODY_LENGTH = 65_536;

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class HttpProblem extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where GitHub's error answer points, by the call that sent the body. */
const BODY_DOCS = {
  create: `${DOCS}/issues/issues#create-an-issue`,
  update: `${DOCS}/issues/issues#update-an-issue`,
  comment: `${DOCS}/issues/comments#create-an-issue-comment`,
} as const;

/** GitHub's answer to a body past its limit, word for word. */
function refuseLongBody(text: string | undefined, call: keyof typeof BODY_DOCS): void {
  if (text === undefined || text.length <= MAX_BODY_LENGTH) return;
  throw new HttpProblem(422, 'Validation Failed', {
    errors: [
      {
        resource: call === 'comment' ? 'IssueComment' : 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
      },
    ],
    documentation_url: BODY_DOCS[call],
  });
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new HttpProblem(422, 'Validation Failed', {
      errors: [{ resource: 'Issue', code: 'invalid', field }],
    });
  }
  return value;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const [owner, repo] = options.repository.split('/');
  const issues: FakeIssue[] = (options.issues ?? []).map((seed, index) => ({
    number: index + 1,
    title: seed.title,
    body: seed.body ?? null,
    author: seed.author ?? OUTSIDER,
    authorAssociation: seed.authorAssociation ?? 'NONE',
    state: seed.state ?? 'open',
    stateReason: null,
    isPullRequest: seed.isPullRequest ?? false,
    comments: [],
  }));
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan();
  const sockets = new Set<Socket>();
  const created = '2026-01-05T10:00:00Z';
  let url = '';
  let nextCommentId = 9_000_001;
  const userIds = new Map<string, number>([[GITHUB_ACTIONS_BOT.login, 41898282]]);
  const sodium = await loadSodium();
  const secretRepositories = new Map(
    (options.secretRepositories ?? [{ repository: options.repository }]).map((seed) => [
      seed.repository.toLowerCase(),
      seed,
    ]),
  );
  const keyPairs = new Map<string, KeyPair>();
  const secrets = new Map<string, FakeSecret>();
  let nextKeyId = 1;

  /** The key pair of a repository (environment undefined) or environment, made on first use. */
  function keyPairOf(scope: string): KeyPair {
    let pair = keyPairs.get(scope);
    if (pair === undefined) {
      const made = sodium.crypto_box_keypair();
      pair = {
        keyId: `568250167242549${String(nextKeyId++).padStart(3, '0')}`,
        publicKey: made.publicKey,
        privateKey: made.privateKey,
      };
      keyPairs.set(scope, pair);
    }
    return pair;
  }

  /** The answer to a secrets call; undefined when the path is not one. */
  function secretsRoute(method: string, pathname: string, body: unknown): Answer | undefined {
    const match =
      /^\/repos\/([^/]+)\/([^/]+)\/(?:actions|environments\/([^/]+))\/secrets\/([^/]+)$/.exec(
        pathname,
      );
    if (match === null) return undefined;
    const [, pathOwner = '', pathRepo = '', rawEnvironment, rawName = ''] = match;
    const repository = `${decodeURIComponent(pathOwner)}/${decodeURIComponent(pathRepo)}`;
    const seed = secretRepositories.get(repository.toLowerCase());
    if (seed === undefined) throw new HttpProblem(404, 'Not Found');
    const environment = rawEnvironment === undefined ? null : decodeURIComponent(rawEnvironment);
    if (environment !== null && !(seed.environments ?? []).includes(environment)) {
      throw new HttpProblem(404, 'Not Found');
    }
    const access = seed.access ?? 'write';
    const forbidden = (): HttpProblem =>
      new HttpProblem(403, 'Resource not accessible by personal access token');
    const scope = `${repository.toLowerCase()}\u0000${environment ?? ''}`;
    const name = decodeURIComponent(rawName);
    if (name === 'public-key' && method === 'GET') {
      if (access === 'none') throw forbidden();
      const pair = keyPairOf(scope);
      return {
        status: 200,
        body: {
          key_id: pair.keyId,
          key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
        },
      };
    }
    if (method !== 'PUT') throw new HttpProblem(404, 'Not Found');
    if (access !== 'write') throw forbidden();
    if (!isRecord(body)) throw new HttpProblem(400, 'Problems parsing JSON');
    const pair = keyPairOf(scope);
    const invalid = (field: string): HttpProblem =>
      new HttpProblem(422, 'Invalid request.', {
        errors: [{ resource: 'Secret', code: 'invalid', field }],
      });
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) throw invalid('name');
    if (body.key_id !== pair.keyId) throw invalid('key_id');
    if (typeof body.encrypted_value !== 'string') throw invalid('encrypted_value');
    let value: string;
    try {
      value = sodium.to_string(
        sodium.crypto_box_seal_open(
          sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL),
          pair.publicKey,
          pair.privateKey,
        ),
      );
    } catch {
      throw invalid('encrypted_value');
    }
    const secretKey = `${scope}\u0000${name.toUpperCase()}`;
    const existing = secrets.get(secretKey);
    const secret: FakeSecret = {
      repository: seed.repository,
      environment,
      name: name.toUpperCase(),
      value,
      writes: (existing?.writes ?? 0) + 1,
    };
    secrets.set(secretKey, secret);
    options.onSecretWrite?.({ ...secret });
    return existing === undefined ? { status: 201, body: {} } : { status: 204 };
  }

  /** GitHub's simple user: the same login always has the same id. */
  function userJson(user: IssueAuthor): Record<string, unknown> {
    let id = userIds.get(user.login);
    if (id === undefined) {
      id = 1_000_000 + userIds.size;
      userIds.set(user.login, id);
    }
    return { login: user.login, id, type: user.type };
  }

  const repoApi = `/repos/${owner ?? ''}/${repo ?? ''}`;
  const repoHtml = `https://github.com/${owner ?? ''}/${repo ?? ''}`;

  function issueJson(issue: FakeIssue): Record<string, unknown> {
    const kind = issue.isPullRequest ? 'pull' : 'issues';
    return {
      id: 5_000_000 + issue.number,
      node_id: `I_fake${issue.number}`,
      url: `${url}${repoApi}/issues/${issue.number}`,
      repository_url: `${url}${repoApi}`,
      comments_url: `${url}${repoApi}/issues/${issue.number}/comments`,
      html_url: `${repoHtml}/${kind}/${issue.number}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      locked: false,
      user: userJson(issue.author),
      labels: [],
      assignees: [],
      comments: issue.comments.length,
      created_at: created,
      updated_at: created,
      closed_at: issue.state === 'closed' ? created : null,
      author_association: issue.authorAssociation,
      ...(issue.isPullRequest
        ? {
            pull_request: {
              url: `${url}${repoApi}/pulls/${issue.number}`,
              html_url: `${repoHtml}/pull/${issue.number}`,
              diff_url: `${repoHtml}/pull/${issue.number}.diff`,
              patch_url: `${repoHtml}/pull/${issue.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
    };
  }

  function findIssue(issueNumber: string): FakeIssue {
    const found = issues.find((issue) => String(issue.number) === issueNumber);
    if (found === undefined) throw new HttpProblem(404, 'Not Found');
    return found;
  }

  function listIssues(query: Record<string, string>): Answer {
    const state = query.state ?? 'open';
    const perPage = Math.min(
      Math.max(Number(query.per_page ?? DEFAULT_PER_PAGE) || 1, 1),
      MAX_PER_PAGE,
    );
    const page = Math.max(Number(query.page ?? 1) || 1, 1);
    const listed = issues
      .filter((issue) => state === 'all' || issue.state === state)
      .sort((a, b) => b.number - a.number);
    const lastPage = Math.max(Math.ceil(listed.length / perPage), 1);
    const pageUrl = (n: number): string => {
      const params = new URLSearchParams({ ...query, per_page: String(perPage), page: String(n) });
      return `<${url}${repoApi}/issues?${params.toString()}>`;
    };
    const links: string[] = [];
    if (page < lastPage)
      links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
    return {
      status: 200,
      body: listed.slice((page - 1) * perPage, page * perPage).map(issueJson),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  function createIssue(body: unknown): Answer {
    if (!isRecord(body)) throw new HttpProblem(400, 'Problems parsing JSON');
    const title = optionalString(body, 'title');
    if (title === undefined || title === '') {
      throw new HttpProblem(422, 'Validation Failed', {
        errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
      });
    }
    const text = optionalString(body, 'body');
    refuseLongBody(text, 'create');
    const issue: FakeIssue = {
      number: issues.reduce((max, existing) => Math.max(max, existing.number), 0) + 1,
      title,
      body: text ?? null,
      // The action's GITHUB_TOKEN opens issues as the Actions bot, with no association.
      author: GITHUB_ACTIONS_BOT,
      authorAssociation: 'NONE',
      state: 'open',
      stateReason: null,
      isPullRequest: false,
      comments: [],
    };
    issues.push(issue);
    return { status: 201, body: issueJson(issue) };
  }

  function updateIssue(issue: FakeIssue, body: unknown): Answer {
    if (!isRecord(body)) throw new HttpProblem(400, 'Problems parsing JSON');
    const title = optionalString(body, 'title');
    const text = optionalString(body, 'body');
    const state = optionalString(body, 'state');
    const stateReason = optionalString(body, 'state_reason');
    if (state !== undefined && state !== 'open' && state !== 'closed') {
      throw new HttpProblem(422, 'Validation Failed', {
        errors: [{ resource: 'Issue', code: 'invalid', field: 'state' }],
      });
    }
    refuseLongBody(text, 'update');
    if (title !== undefined) issue.title = title;
    if (text !== undefined) issue.body = text;
    if (state !== undefined) {
      issue.state = state;
      issue.stateReason = state === 'closed' ? (stateReason ?? 'completed') : 'reopened';
    }
    return { status: 200, body: issueJson(issue) };
  }

  function addComment(issue: FakeIssue, body: unknown): Answer {
    if (!isRecord(body)) throw new HttpProblem(400, 'Problems parsing JSON');
    const text = optionalString(body, 'body');
    if (text === undefined || text === '') {
      throw new HttpProblem(422, 'Validation Failed', {
        errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
      });
    }
    refuseLongBody(text, 'comment');
    issue.comments.push(text);
    const id = nextCommentId++;
    return {
      status: 201,
      body: {
        id,
        node_id: `IC_fake${id}`,
        url: `${url}${repoApi}/issues/comments/${id}`,
        html_url: `${repoHtml}/issues/${issue.number}#issuecomment-${id}`,
        issue_url: `${url}${repoApi}/issues/${issue.number}`,
        body: text,
        user: userJson(GITHUB_ACTIONS_BOT),
        created_at: created,
        updated_at: created,
      },
    };
  }

  function isAuthorized(header: string | undefined): boolean {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
    return match?.[1] === options.token;
  }

  /** The answer GitHub would give, applying any change to the state. */
  function route(
    method: string,
    pathname: string,
    query: Record<string, string>,
    body: unknown,
    authorization: string | undefined,
  ): Answer {
    if (!isAuthorized(authorization)) {
      throw new HttpProblem(401, 'Bad credentials');
    }
    const secretsAnswer = secretsRoute(method, pathname, body);
    if (secretsAnswer !== undefined) return secretsAnswer;
    const match = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+)(\/comments)?)?$/.exec(pathname);
    if (match === null) throw new HttpProblem(404, 'Not Found');
    const [, pathOwner, pathRepo, issueNumber, comments] = match;
    if (
      pathOwner?.toLowerCase() !== owner?.toLowerCase() ||
      pathRepo?.toLowerCase() !== repo?.toLowerCase()
    ) {
      throw new HttpProblem(404, 'Not Found');
    }
    if (issueNumber === undefined) {
      if (method === 'GET') return listIssues(query);
      if (method === 'POST') return createIssue(body);
    } else if (comments === undefined) {
      if (method === 'GET') return { status: 200, body: issueJson(findIssue(issueNumber)) };
      if (method === 'PATCH') return updateIssue(findIssue(issueNumber), body);
    } else if (method === 'POST') {
      return addComment(findIssue(issueNumber), body);
    }
    throw new HttpProblem(404, 'Not Found');
  }

  function answerFor(
    method: string,
    pathname: string,
    query: Record<string, string>,
    body: unknown,
    authorization: string | undefined,
  ): Answer {
    try {
      return route(method, pathname, query, body, authorization);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return {
        status: error.status,
        body: {
          message: error.message,
          documentation_url: DOCS,
          status: String(error.status),
          // Some answers point at the documentation of the very call.
          ...error.extra,
        },
      };
    }
  }

  function send(response: ServerResponse, answer: Answer, rawBody?: string): void {
    const text = rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    response.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      ...answer.headers,
      'content-length': String(Buffer.byteLength(text)),
    });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const parsedUrl = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(parsedUrl.searchParams);
    const body = parseBody(await readBody(request));
    requests.push({ method, path: parsedUrl.pathname, query, headers: request.headers, body });
    const authorization = request.headers.authorization;

    const fault = faults.take(method, parsedUrl.pathname);
    if (fault === undefined) {
      send(response, answerFor(method, parsedUrl.pathname, query, body, authorization));
      return;
    }
    if (fault.delayMs !== undefined) await sleep(fault.delayMs);
    if (fault.hang === true) return;
    if (fault.reset === true) {
      if (fault.process === true) answerFor(method, parsedUrl.pathname, query, body, authorization);
      request.socket.destroy();
      return;
    }
    if (!answersItself(fault)) {
      send(response, answerFor(method, parsedUrl.pathname, query, body, authorization));
      return;
    }
    if (fault.process === true) answerFor(method, parsedUrl.pathname, query, body, authorization);
    const status = fault.status ?? 200;
    send(
      response,
      {
        status,
        body:
          fault.body ??
          (status >= 400 ? { message: 'Injected fault', documentation_url: DOCS } : undefined),
        headers: fault.headers ?? {},
      },
      fault.rawBody,
    );
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, {
          status: 500,
          body: {
            message: `fake GitHub failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        });
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    secrets: () => [...secrets.values()].map((secret) => ({ ...secret })),
    get issues() {
      return issues.map((issue) => ({ ...issue, comments: [...issue.comments] }));
    },
    fail(...added) {
      faults.add(...added);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error === undefined ? resolve() : reject(error))),
      );
    },
  };
}
