/**
 * A loopback stand-in for the parts of GitHub's REST API the action uses, written from GitHub's
 * documentation rather than from the action, so it catches the action's misreadings. The action
 * reaches it through GITHUB_API_URL, so the paths have no /api/v3 prefix. Node built-ins and
 * libsodium only, so it also runs under plain Node (scripts/demo.ts, bench/).
 *
 * What it serves (routes.ts), every answer shaped as GitHub's (errors with `message`,
 * `documentation_url` and `status`; `x-github-request-id`; rate-limit headers):
 * - issues of `repository` (the tracking issue): list, open, read, edit, comment (issues.ts);
 * - Actions secrets of a repository or an environment: public key, metadata
 *   (`{name, created_at, updated_at}`), write (201 new, 204 replaced), delete (204); each sealed
 *   box is opened, so `secrets()` reads back what each secret holds and its history (secrets.ts);
 * - `GET /repos/{owner}/{repo}`; repository listings `GET /orgs/{org}/repos`,
 *   `GET /users/{username}/repos`, `GET /installation/repositories`, and `GET /users/{owner}`,
 *   paged as GitHub pages them (listings.ts, paging.ts).
 * Owner, repository and environment names match case-insensitively and answers spell them as
 * seeded; secret names are upper-cased.
 *
 * Options (FakeGitHubOptions), all but `repository` optional:
 * - `repository`: owner/name whose issues are served; `issues`: its seeded issues.
 * - `token`: one token that reaches every repository (an installation's if it starts `ghs_`).
 *   `tokens: TokenSeed[]`: more, each `{token, kind?, repositories?, secrets?, login?,
 *   rateLimit?}` (tokens.ts). What a token was not granted is 404 when private, 403 to act on
 *   when public; `/installation/repositories` answers only an installation's token (403 else).
 * - `repositories: RepositorySeed[]`: `{repository, visibility?, archived?, disabled?, fork?,
 *   topics?, defaultBranch?, environments?, access?}`; `secretRepositories` (the older, smaller
 *   seed, merged with these); with neither, `repository` alone, writable. `owners: OwnerSeed[]`:
 *   `{login, type: 'Organization' | 'User'}`; an owner no seed types is an organization.
 *   An archived repository refuses writes (403, "Repository was archived so is read-only.");
 *   a disabled one refuses every call on it (403, "Repository access blocked"; access.ts).
 * - `rateLimits: {primary?: {limit, windowMs?, status?}, secondary?: {concurrent?, points?,
 *   windowMs?, status?, retryAfter?: 'present' | 'absent'}, secondMs?}`, off unless given
 *   (rate-limits.ts); `secondMs` is GitHub's second here (the unit of retry-after).
 *   Limits apply before scripted faults: a refused request takes no fault.
 * - `now`: the clock in epoch milliseconds (default Date.now), for secrets' times and the limits.
 * - `onSecretWrite`: called as each secret is written through the API, before the answer leaves.
 *
 * Handles (FakeGitHub): `requests`, `issues`, `secrets()`, `deletedSecrets()`,
 * `writeSecretAsSomeoneElse({repository, environment?, name, value, atMs?})` (another writer:
 * a new value and a later `updated_at`), `politeness()` (politeness.ts: violations of waits the
 * client was told, most requests in flight, pacing of mutating requests, use per endpoint),
 * `fail(...faults)` and `close()`.
 *
 * Faults (test/support/faults.ts) script any route: a status with headers and a body or raw
 * body; a redirect is a 3xx status with a `location` header (given GitHub's redirect body unless
 * the fault names one); a fault of headers alone (`deprecation`, `sunset`, `link`, …) adds them to
 * the real answer; hang, reset, delay and `process` as the fault says.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultPlan, answersItself, type Fault } from '../support/faults.ts';
import { IssueTracker, type FakeIssue, type SeedIssue } from './issues.ts';
import { PolitenessRecorder, type PolitenessRecord } from './politeness.ts';
import {
  DOCS,
  HttpProblem,
  badCredentials,
  notFound,
  problemAnswer,
  redirectBody,
  type Answer,
} from './problems.ts';
import { RateLimiter, UNLIMITED_HEADERS, type RateLimitOptions } from './rate-limits.ts';
import {
  RepositoryRegistry,
  type OwnerSeed,
  type RepositorySeed,
  type SecretRepositorySeed,
} from './repositories.ts';
import { Router } from './router.ts';
import { gitHubRoutes, type RequestContext } from './routes.ts';
import { SecretStore, loadSodium, refuseInvalidName, type FakeSecret } from './secrets.ts';
import { TokenRegistry, presentedToken, type FakeToken, type TokenSeed } from './tokens.ts';

export type { Fault };
export {
  GITHUB_ACTIONS_BOT,
  MAX_BODY_LENGTH,
  OUTSIDER,
  type AuthorAssociation,
  type FakeIssue,
  type IssueAuthor,
  type SeedIssue,
} from './issues.ts';
export {
  leastTimeAllowedMs,
  type PolitenessRecord,
  type PolitenessViolation,
} from './politeness.ts';
export type { PrimaryLimit, RateLimitOptions, SecondaryLimit } from './rate-limits.ts';
export type {
  OwnerSeed,
  RepositorySeed,
  SecretAccess,
  SecretRepositorySeed,
  Visibility,
} from './repositories.ts';
export type { FakeSecret, SecretWrite } from './secrets.ts';
export type { TokenKind, TokenSeed } from './tokens.ts';

export interface RecordedRequest {
  method: string;
  /** The pathname, without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

export interface FakeGitHubOptions {
  /** owner/name whose issues are served */
  repository: string;
  /** One token that reaches everything; with `tokens`, one more. */
  token?: string;
  tokens?: TokenSeed[];
  issues?: SeedIssue[];
  /** Repositories with secrets; with no `repositories` either: the repository above, writable. */
  secretRepositories?: SecretRepositorySeed[];
  /** Repositories as listings show them; merged with `secretRepositories` by name. */
  repositories?: RepositorySeed[];
  owners?: OwnerSeed[];
  /** GitHub's limits; each off unless given. */
  rateLimits?: RateLimitOptions;
  /** Epoch milliseconds; default Date.now. */
  now?: () => number;
  /** Called as each secret is written, before the answer leaves. */
  onSecretWrite?: (secret: FakeSecret) => void;
}

/** A write by someone other than the action: a person in the UI, another workflow. */
export interface OutsideSecretWrite {
  /** owner/name, any case */
  repository: string;
  environment?: string;
  name: string;
  value: string;
  /** When; default now, and at least a second after the secret's last write. */
  atMs?: number;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  /** Every Actions secret there is, as it is now. */
  secrets(): FakeSecret[];
  /** The secrets deleted, as they were when deleted. */
  deletedSecrets(): FakeSecret[];
  writeSecretAsSomeoneElse(write: OutsideSecretWrite): FakeSecret;
  /** The issues as they are now, pull requests included, by number. */
  readonly issues: FakeIssue[];
  /** How the clients have behaved under the limits so far. */
  politeness(): PolitenessRecord;
  fail(...faults: Fault[]): void;
  close(): Promise<void>;
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

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function headerIn(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** The body of a fault that names none: GitHub's redirect body, or an error for 4xx and 5xx. */
function faultBody(fault: Fault, status: number): unknown {
  if (fault.body !== undefined) return fault.body;
  if (REDIRECTS.has(status)) return redirectBody(status, headerIn(fault.headers ?? {}, 'location'));
  return status >= 400 ? { message: 'Injected fault', documentation_url: DOCS } : undefined;
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const now = options.now ?? Date.now;
  const tokens = new TokenRegistry([
    ...(options.token === undefined ? [] : [{ token: options.token }]),
    ...(options.tokens ?? []),
  ]);
  const registry = new RepositoryRegistry(
    [
      ...(options.secretRepositories ??
        (options.repositories === undefined ? [{ repository: options.repository }] : [])),
      ...(options.repositories ?? []),
    ],
    options.owners ?? [],
  );
  const secrets = new SecretStore(await loadSodium(), now);
  let url = '';
  const issues = new IssueTracker(options.repository, options.issues ?? [], () => url);
  const router = new Router<RequestContext>(
    gitHubRoutes({
      registry,
      secrets,
      issues,
      issueRepository: options.repository,
      origin: () => url,
      ...(options.onSecretWrite === undefined ? {} : { onSecretWrite: options.onSecretWrite }),
    }),
  );
  const limits = options.rateLimits ?? {};
  const limiter = new RateLimiter(limits, now);
  const secondMs = limits.secondMs ?? 1000;
  const politeness = new PolitenessRecorder(
    now,
    limits.secondary?.windowMs ?? 60 * secondMs,
    secondMs,
  );
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan();
  const sockets = new Set<Socket>();
  let requestCount = 0;

  /** GitHub's request id, as its support asks for it. */
  function nextRequestId(): string {
    requestCount++;
    const serial = requestCount.toString(16).toUpperCase().padStart(6, '0');
    return `C0DE:${serial}:5A1E:B00C:${Math.floor(now() / 1000)
      .toString(16)
      .toUpperCase()}`;
  }

  /** The answer GitHub would give, applying any change to the state. */
  function answerFor(
    method: string,
    pathname: string,
    context: Omit<RequestContext, 'token'> & { token: FakeToken | undefined },
  ): Answer {
    let docs = DOCS;
    try {
      const { token } = context;
      if (token === undefined) throw badCredentials();
      const served = router.match(method, pathname);
      if (served === undefined) throw notFound();
      docs = served.route.docs;
      return served.route.handle(served.params, { ...context, token });
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return problemAnswer(error, docs);
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const parsedUrl = new URL(request.url ?? '/', 'http://127.0.0.1');
    const pathname = parsedUrl.pathname;
    const authorization = request.headers.authorization;
    const endpoint = router.endpointOf(method, pathname);
    const arrival = politeness.arrived(
      presentedToken(authorization) ?? '',
      method,
      pathname,
      endpoint,
    );
    let release: (() => void) | undefined;
    response.on('close', () => {
      politeness.finished(arrival);
      release?.();
    });
    const query = Object.fromEntries(parsedUrl.searchParams);
    const body = parseBody(await readBody(request));
    requests.push({ method, path: pathname, query, headers: request.headers, body });
    const requestId = nextRequestId();
    const token = tokens.fromAuthorization(authorization);
    // While primary is off, answers carry the headers they always did; a request with no
    // token GitHub knows is counted against no budget.
    let rateHeaders: Record<string, string> =
      limits.primary === undefined ? { ...UNLIMITED_HEADERS } : {};

    const send = (answer: Answer, rawBody?: string): void => {
      const text = rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        ...rateHeaders,
        'x-github-request-id': requestId,
        ...answer.headers,
      };
      politeness.answered(arrival, answer.status, headers, rawBody ?? answer.body);
      response.writeHead(answer.status, {
        ...headers,
        'content-length': String(Buffer.byteLength(text)),
      });
      response.end(text);
    };

    if (token !== undefined) {
      const admission = limiter.admit(token, endpoint, method, requestId);
      if (!admission.admitted) {
        send(admission.answer);
        return;
      }
      release = admission.release;
      rateHeaders = admission.headers;
    }
    const answer = (): Answer => answerFor(method, pathname, { token, query, body });

    const fault = faults.take(method, pathname);
    if (fault === undefined) {
      send(answer());
      return;
    }
    if (fault.delayMs !== undefined) await sleep(fault.delayMs);
    if (fault.hang === true) return;
    if (fault.reset === true) {
      if (fault.process === true) answer();
      request.socket.destroy();
      return;
    }
    if (!answersItself(fault)) {
      const real = answer();
      send({ ...real, headers: { ...real.headers, ...fault.headers } });
      return;
    }
    if (fault.process === true) answer();
    const status = fault.status ?? 200;
    send({ status, body: faultBody(fault, status), headers: fault.headers ?? {} }, fault.rawBody);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        const text = JSON.stringify({
          message: `fake GitHub failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(text);
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
    secrets: () => secrets.current(),
    deletedSecrets: () => secrets.deleted(),
    writeSecretAsSomeoneElse(write) {
      const [owner = '', name = ''] = write.repository.split('/');
      const repository = registry.find(owner, name);
      if (repository === undefined) {
        throw new Error(`No repository "${write.repository}" is seeded.`);
      }
      const { environment } = write;
      const seededEnvironment = repository.environments.find(
        (seeded) => seeded.toLowerCase() === environment?.toLowerCase(),
      );
      if (environment !== undefined && seededEnvironment === undefined) {
        throw new Error(`No environment "${environment}" is seeded in "${write.repository}".`);
      }
      const place = { repository, environment: seededEnvironment ?? null };
      refuseInvalidName(write.name);
      const atMs = write.atMs ?? secrets.laterThanLastWrite(place, write.name);
      return secrets.write(place, write.name, write.value, 'someone else', atMs).secret;
    },
    get issues() {
      return issues.snapshot();
    },
    politeness: () => politeness.snapshot(),
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
