/**
 * The contract, checked by an independent reader of it: one Prism serves
 * api/devin-keys.openapi.yaml as a mock, a second serves api/github-rest.openapi.yaml, and each
 * validates every request it receives against its file. Every operation of the action (and the
 * post step) runs as the runner runs it, dist/index.js as a child process, with base_url on the
 * first and GITHUB_API_URL on the second. Prism's answers are made up from the schemas, so an
 * operation may well fail on them; what must hold is that every request the action sent was
 * valid per the OpenAPI file of the API it went to.
 *
 * Between the action and each Prism sits a recording pass-through on 127.0.0.1, which pins each
 * request and Prism's verdict on it (the sl-violations header, or one of Prism's own error
 * bodies); Prism's log is read as well. Nothing leaves 127.0.0.1: the specs refer to nothing
 * outside themselves, and Prism loads them from disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { CREDENTIAL_KINDS } from '../../src/base/credentials.ts';
import { OPERATIONS, type Operation } from '../../src/operations/index.ts';
import { REPO_ROOT, runAction, type ActionRun } from '../e2e/run-action.ts';

const DEVIN_SPEC = join(REPO_ROOT, 'api/devin-keys.openapi.yaml');
const GITHUB_SPEC = join(REPO_ROOT, 'api/github-rest.openapi.yaml');
const PRISM_PACKAGE = join(REPO_ROOT, 'node_modules/@stoplight/prism-cli');
const STARTUP_TIMEOUT_MS = 60_000;

/** GitHub tokens: an installation's (GITHUB_TOKEN) and a person's, which list repositories apart. */
const GITHUB_TOKEN = 'ghs_CANARYprismgithub5d1e';
const PERSONAL_GITHUB_TOKEN = 'ghp_CANARYprismpersonal8c2a';

/** Canary credentials of each kind: Prism checks only the bearer scheme, the action the prefix. */
function credentialFor(operation: Operation): string {
  return `${CREDENTIAL_KINDS[OPERATIONS[operation].credential].prefix}CANARYprism3f9c1a7e`;
}

/** An Enterprise admin's personal key: audit and revoke take one for organization keys (v2). */
const PERSONAL_KEY = `${CREDENTIAL_KINDS['personal-key'].prefix}CANARYprism7b2d4f6a`;

interface Scenario {
  /** What the run does, for the test's name. */
  what: string;
  inputs: Record<string, string>;
}

/**
 * The runs of each operation: real ones (no dry_run), and a dry run, which must send nothing
 * invalid either. Typed against the registry, so a new operation needs its runs here.
 */
const SCENARIOS: { readonly [Name in Operation]: readonly Scenario[] } = {
  provision: [
    { what: 'an organization key', inputs: { org_id: 'org-abc123' } },
    {
      what: 'an organization key stored in a repository secret',
      inputs: { org_id: 'org-abc123', secret_name: 'DEVIN_API_KEY', repositories: 'acme/web' },
    },
    { what: 'a dry run', inputs: { org_id: 'org-abc123', dry_run: 'true' } },
  ],
  audit: [
    { what: "the credential's own service user", inputs: {} },
    {
      what: 'named service users, active keys, a report file',
      inputs: {
        service_user_id: 'service-user-abc123,service-user-def456',
        status: 'active',
        report_file: 'true',
        fail_on: 'none',
      },
    },
    {
      what: 'every service user of the enterprise',
      inputs: { service_user_id: 'all', fail_on: 'none' },
    },
    {
      what: 'named service users, keeping the tracking issue',
      inputs: { service_user_id: 'service-user-abc123', issue_on_failure: 'true' },
    },
    {
      what: 'every service user, keeping the tracking issue, failing on any finding',
      inputs: {
        service_user_id: 'all',
        issue_on_failure: 'true',
        fail_on: 'expired,revoked,expiring,stale,no_expiry',
      },
    },
    { what: 'a dry run', inputs: { service_user_id: 'service-user-abc123', dry_run: 'true' } },
    {
      what: 'the organization keys of the enterprise (v2), paged',
      inputs: { token: PERSONAL_KEY, fail_on: 'none' },
    },
    {
      what: "one organization's keys (v2), a report file, failing on aged keys",
      inputs: { token: PERSONAL_KEY, org_id: 'org-abc123', report_file: 'true', fail_on: 'aged' },
    },
  ],
  create: [
    { what: 'a key named after the run', inputs: { service_user_id: 'service-user-abc123' } },
    {
      what: "a named key for the credential's own service user, expiring in 2h, kept on exit",
      inputs: { key_name: 'deploy-bot', expires_in: '2h', revoke_on_exit: 'false' },
    },
    {
      what: 'a key expiring at a fixed time',
      inputs: {
        service_user_id: 'service-user-abc123',
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      },
    },
    {
      // The credential's own service user: Prism's made-up /v3/self names the same one each
      // time, so the key minted is found to work before it is stored.
      what: "keys of the credential's own service user stored in two environments' secrets",
      inputs: {
        secret_name: 'DEVIN_API_KEY',
        repositories: 'acme/web\nacme/api',
        environment: 'production',
      },
    },
    {
      // provision into a repository secret lists the organization first, and Prism's made-up
      // listing (more pages, the next not past the first) is refused before any key is made:
      // this run is the one that writes a repository secret.
      what: "a key of the credential's own service user stored in a repository secret",
      inputs: { secret_name: 'DEVIN_API_KEY', repositories: 'acme/web' },
    },
    { what: 'a dry run', inputs: { service_user_id: 'service-user-abc123', dry_run: 'true' } },
  ],
  rotate: [
    {
      what: 'a key by id, revoking it',
      inputs: { service_user_id: 'service-user-abc123', api_key_id: 'key-deploy' },
    },
    {
      what: 'a key by id, kept active, the new one expiring in 7d',
      inputs: {
        service_user_id: 'service-user-abc123',
        api_key_id: 'key-deploy',
        revoke_current: 'false',
        expires_in: '7d',
      },
    },
    // Prism's made-up keys are named "string": the name finds one.
    { what: "a key by name, of the credential's own service user", inputs: { key_name: 'string' } },
    {
      what: 'the key stored in a repository secret',
      inputs: {
        service_user_id: 'service-user-abc123',
        secret_name: 'DEVIN_API_KEY',
        repositories: 'acme/web',
      },
    },
    {
      what: 'a dry run',
      inputs: { service_user_id: 'service-user-abc123', api_key_id: 'key-deploy', dry_run: 'true' },
    },
  ],
  sync: [
    {
      what: 'two named repositories and a pattern, pruning',
      inputs: {
        service_user_id: 'service-user-abc123',
        secret_name: 'DEVIN_API_KEY',
        repositories: 'acme/web\nacme/api\nacme/svc-*',
        prune: 'true',
      },
    },
    {
      what: "every repository of an owner, listed with a person's token",
      inputs: {
        service_user_id: 'service-user-abc123',
        secret_name: 'DEVIN_API_KEY',
        repositories: 'octocat/*',
        github_token: PERSONAL_GITHUB_TOKEN,
      },
    },
    {
      what: 'a dry run',
      inputs: { secret_name: 'DEVIN_API_KEY', repositories: 'acme/web', dry_run: 'true' },
    },
  ],
  revoke: [
    {
      what: 'a key by id',
      inputs: { service_user_id: 'service-user-abc123', api_key_id: 'key-deploy' },
    },
    {
      what: 'an organization key by id (v2)',
      inputs: { token: PERSONAL_KEY, api_key_id: 'apk-abc123' },
    },
    {
      what: 'a key by name',
      inputs: { service_user_id: 'service-user-abc123', key_name: 'string' },
    },
    {
      what: 'a dry run',
      inputs: { service_user_id: 'service-user-abc123', api_key_id: 'key-deploy', dry_run: 'true' },
    },
  ],
};

// ---- Prism, and a recording pass-through in front of it ---------------------------------------

interface RecordedRequest {
  method: string;
  path: string;
  /** The accept header as the action sent it. */
  accept: string | undefined;
  status: number;
  /** What Prism found wrong with the request: its sl-violations, or its own error body. */
  violations: string[];
}

/** A free port on 127.0.0.1 (taken back at once: Prism takes a port number, not a socket). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

interface Prism {
  url: string;
  process: ChildProcess;
  /** Everything Prism printed so far. */
  log: () => string;
}

async function startPrism(spec: string): Promise<Prism> {
  const manifest = JSON.parse(readFileSync(join(PRISM_PACKAGE, 'package.json'), 'utf8')) as {
    bin: { prism: string };
  };
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(PRISM_PACKAGE, manifest.bin.prism),
      'mock',
      spec,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--errors',
    ],
    {
      cwd: REPO_ROOT,
      // Nothing of this machine's environment but PATH: no proxy settings, no colours.
      env: {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        SCARF_ANALYTICS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const listening = new Promise<void>((resolveListening, rejectListening) => {
    const timer = setTimeout(() => {
      rejectListening(new Error(`Prism did not start in ${STARTUP_TIMEOUT_MS} ms:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolveListening();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      rejectListening(
        new Error(`Prism exited (${code ?? signal ?? '?'}) before listening:\n${output}`),
      );
    });
  });
  try {
    await listening;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, process: child, log: () => output };
}

async function stopPrism(prism: Prism): Promise<void> {
  if (prism.process.exitCode !== null || prism.process.signalCode !== null) return;
  const exited = once(prism.process, 'exit');
  prism.process.kill('SIGTERM');
  const killer = setTimeout(() => prism.process.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/** Prism's error bodies (no route, no such method, ...) have a type under this address. */
const PRISM_ERROR_TYPE = 'https://stoplight.io/prism/errors#';

function violationsIn(violationsHeader: string | undefined, body: string): string[] {
  const found: string[] = [];
  if (violationsHeader !== undefined) {
    const listed = JSON.parse(violationsHeader) as { location?: string[]; message?: string }[];
    for (const violation of listed) {
      found.push(`${(violation.location ?? []).join('.')}: ${violation.message ?? '?'}`);
    }
  }
  try {
    const parsed = JSON.parse(body) as { type?: unknown; title?: unknown; detail?: unknown };
    if (typeof parsed.type === 'string' && parsed.type.startsWith(PRISM_ERROR_TYPE)) {
      found.push(`${parsed.type}: ${String(parsed.title)} ${String(parsed.detail)}`);
    }
  } catch {
    // Not JSON: not one of Prism's error bodies.
  }
  return found;
}

interface Recorder {
  url: string;
  server: Server;
  requests: RecordedRequest[];
}

/**
 * GitHub's media types (application/vnd.github.v3+json, which Octokit asks for, and
 * application/vnd.github+json) are JSON, and GitHub answers them with application/json; Prism
 * matches media types literally and would refuse them (406). The GitHub pass-through asks Prism
 * for application/json instead, and records what the action asked for.
 */
const GITHUB_JSON = /^application\/(vnd\.github(\.v3)?\+)?json$/;

/**
 * Forwards every request to Prism and records it with Prism's verdict: unchanged, or with
 * GitHub's media type asked for as application/json (see GITHUB_JSON).
 */
async function startRecorder(target: string, options: { gitHub: boolean }): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    const { accept } = incoming.headers;
    const headers =
      options.gitHub && accept !== undefined && GITHUB_JSON.test(accept)
        ? { ...incoming.headers, accept: 'application/json' }
        : incoming.headers;
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forwarded = httpRequest(
        new URL(incoming.url ?? '/', target),
        { method: incoming.method, headers },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(answerChunks);
            const header = answer.headers['sl-violations'];
            requests.push({
              method: incoming.method ?? '?',
              path: incoming.url ?? '?',
              accept,
              status: answer.statusCode ?? 0,
              violations: violationsIn(
                Array.isArray(header) ? header.join(',') : header,
                body.toString(),
              ),
            });
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(body);
          });
        },
      );
      forwarded.on('error', (error) => {
        requests.push({
          method: incoming.method ?? '?',
          path: incoming.url ?? '?',
          accept,
          status: 0,
          violations: [`not forwarded to Prism: ${error.message}`],
        });
        outgoing.writeHead(502).end();
      });
      forwarded.end(Buffer.concat(chunks));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, requests };
}

// ---- The runs -----------------------------------------------------------------------------------

/** Devin's Prism and its pass-through, base_url of every run. */
let prism: Prism;
let recorder: Recorder;
/** GitHub's Prism and its pass-through, GITHUB_API_URL of every run. */
let gitHubPrism: Prism;
let gitHubRecorder: Recorder;

beforeAll(async () => {
  [prism, gitHubPrism] = await Promise.all([startPrism(DEVIN_SPEC), startPrism(GITHUB_SPEC)]);
  recorder = await startRecorder(prism.url, { gitHub: false });
  gitHubRecorder = await startRecorder(gitHubPrism.url, { gitHub: true });
}, STARTUP_TIMEOUT_MS + 5_000);

afterAll(async () => {
  for (const { server } of [recorder, gitHubRecorder]) {
    await new Promise((resolveClosed) => server.close(resolveClosed));
  }
  await Promise.all([stopPrism(prism), stopPrism(gitHubPrism)]);
});

/** The requests each operation sent, over all its real runs. */
const sentBy = new Map<string, RecordedRequest[]>();

/** Whether a run of these inputs calls GitHub: it stores keys in secrets, or keeps an issue. */
const callsGitHub = (inputs: Record<string, string>) =>
  inputs.secret_name !== undefined || inputs.issue_on_failure === 'true';

/**
 * Runs the action (or its post step, given `state`) and returns the requests it sent to each
 * API.
 */
async function runAgainstPrism(
  operation: Operation,
  inputs: Record<string, string>,
  state?: Record<string, string>,
): Promise<{ run: ActionRun; requests: RecordedRequest[]; gitHubRequests: RecordedRequest[] }> {
  const first = recorder.requests.length;
  const firstToGitHub = gitHubRecorder.requests.length;
  const run = await runAction({
    inputs: {
      operation,
      token: credentialFor(operation),
      base_url: recorder.url,
      max_retries: '0',
      timeout_seconds: '10',
      ...(callsGitHub(inputs) ? { github_token: GITHUB_TOKEN } : {}),
      ...inputs,
    },
    env: { GITHUB_API_URL: gitHubRecorder.url },
    ...(state === undefined ? {} : { state }),
    debug: false,
  });
  const requests = recorder.requests.slice(first);
  const gitHubRequests = gitHubRecorder.requests.slice(firstToGitHub);
  return { run, requests, gitHubRequests };
}

function describeRequests(requests: readonly RecordedRequest[]): string[] {
  return requests.map((request) => `${request.method} ${request.path} -> ${request.status}`);
}

/** Lines of Prism's log that report a violation or an error. */
function violationLines(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /Violation:|did not pass the validation rules|✖/.test(line));
}

/** Prism logs a violation after it has answered: waits until its log stops growing. */
async function logSettled(of: Prism = prism): Promise<void> {
  for (let length = -1; length !== of.log().length;) {
    length = of.log().length;
    await sleep(300);
  }
}

/** Where the action's requests start, in the recorder and in Prism's log (after the self-check). */
let actionRequestsStart = 0;
let actionLogStart = 0;
let gitHubRequestsStart = 0;
let gitHubLogStart = 0;

test("an invalid request is caught: by the recorder, and in Prism's log", async () => {
  const keysUrl = `${recorder.url}/v3beta1/enterprise/service-users/service-user-abc123/api-keys`;
  const invalid = [
    // A key name the spec forbids (minLength 1), with a credential.
    fetch(keysUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${credentialFor('create')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: '' }),
    }),
    // No credential at all.
    fetch(keysUrl),
    // A path the spec does not have (a v2 endpoint outside this subset; any path under
    // /v2/enterprise/api-keys/ is now one key's, which the spec has).
    fetch(`${recorder.url}/v2/enterprise/organizations`),
  ];
  const answers = await Promise.all(invalid);
  await Promise.all(answers.map((answer) => answer.arrayBuffer()));
  expect(answers.map((answer) => answer.status).sort()).toEqual([401, 404, 422]);
  expect(recorder.requests).toHaveLength(invalid.length);
  for (const request of recorder.requests) expect(request.violations).not.toEqual([]);
  await logSettled();
  expect(violationLines(prism.log()).length).toBeGreaterThanOrEqual(invalid.length);
  actionRequestsStart = recorder.requests.length;
  actionLogStart = prism.log().length;
});

/** Every $ref in a parsed document, at any depth. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

test("an invalid GitHub request is caught: by the recorder, and in GitHub's Prism's log", async () => {
  const secretUrl = `${gitHubRecorder.url}/repos/acme/web/actions/secrets/DEVIN_API_KEY`;
  const authorized = { authorization: `token ${GITHUB_TOKEN}`, accept: 'application/json' };
  const invalid = [
    // A sealed value that is not base64, as the spec forbids.
    fetch(secretUrl, {
      method: 'PUT',
      headers: { ...authorized, 'content-type': 'application/json' },
      body: JSON.stringify({ encrypted_value: 'not base64!', key_id: '1234567' }),
    }),
    // No token at all.
    fetch(secretUrl, { headers: { accept: 'application/json' } }),
    // A path outside the subset the action calls.
    fetch(`${gitHubRecorder.url}/repos/acme/web/actions/variables`, { headers: authorized }),
  ];
  const answers = await Promise.all(invalid);
  await Promise.all(answers.map((answer) => answer.arrayBuffer()));
  expect(answers.map((answer) => answer.status).sort()).toEqual([401, 404, 422]);
  expect(gitHubRecorder.requests).toHaveLength(invalid.length);
  for (const request of gitHubRecorder.requests) expect(request.violations).not.toEqual([]);
  await logSettled(gitHubPrism);
  expect(violationLines(gitHubPrism.log()).length).toBeGreaterThanOrEqual(invalid.length);
  gitHubRequestsStart = gitHubRecorder.requests.length;
  gitHubLogStart = gitHubPrism.log().length;
});

test.each([DEVIN_SPEC, GITHUB_SPEC].map((spec) => relative(REPO_ROOT, spec)))(
  '%s refers to nothing outside itself, so Prism fetches nothing',
  (spec) => {
    const refs = refsIn(parse(readFileSync(join(REPO_ROOT, spec), 'utf8')));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !ref.startsWith('#/'))).toEqual([]);
  },
);

test('every operation of the registry has runs here', () => {
  expect(Object.keys(SCENARIOS).sort()).toEqual(Object.keys(OPERATIONS).sort());
});

const CASES = (Object.keys(SCENARIOS) as Operation[]).flatMap((operation) =>
  SCENARIOS[operation].map((scenario) => ({ operation, ...scenario })),
);

/** The state create saved for its post step, from the first run that saved one. */
let createdKeyState: Record<string, string> | undefined;

/** Every request the action sent GitHub, over all its runs. */
const sentToGitHub: RecordedRequest[] = [];

describe.each(CASES)('$operation: $what', ({ operation, inputs }) => {
  test('sends only requests valid per the OpenAPI file', async () => {
    const { run, requests, gitHubRequests } = await runAgainstPrism(operation, inputs);
    if (inputs.dry_run !== 'true') {
      sentBy.set(operation, [...(sentBy.get(operation) ?? []), ...requests]);
    }
    sentToGitHub.push(...gitHubRequests);
    if (operation === 'create' && createdKeyState === undefined && run.state.created_key) {
      createdKeyState = run.state;
    }
    // Whatever the outcome, the action ended by itself: no hang, no crash.
    expect([0, 1]).toContain(run.exitCode);
    expect(requests.flatMap((request) => request.violations)).toEqual([]);
    // GitHub: every request valid per api/github-rest.openapi.yaml, and only from the runs that
    // store keys in secrets or keep the tracking issue (a dry run of an audit sends none).
    expect(gitHubRequests.flatMap((request) => request.violations)).toEqual([]);
    if (!callsGitHub(inputs) || (operation === 'audit' && inputs.dry_run === 'true')) {
      expect(describeRequests(gitHubRequests)).toEqual([]);
    } else {
      expect(gitHubRequests.length).toBeGreaterThan(0);
    }
  });
});

test.each(Object.keys(OPERATIONS) as Operation[])(
  'operation %s sent Prism at least one request in its real runs',
  (operation) => {
    expect(sentBy.get(operation)?.length ?? 0).toBeGreaterThan(0);
  },
);

test("the post step revokes create's key with a request valid per the OpenAPI file", async () => {
  expect(createdKeyState).toBeDefined();
  const { run, requests, gitHubRequests } = await runAgainstPrism(
    'create',
    { service_user_id: 'service-user-abc123' },
    createdKeyState,
  );
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toContain('Revoked the key');
  // The listing checks that the saved id names a key of the name this run gave it.
  expect(describeRequests(requests)).toEqual([
    expect.stringMatching(/^GET \/v3beta1\/.*\/api-keys\?status=active/),
    expect.stringMatching(/^DELETE \/v3beta1\//),
  ]);
  expect(requests.flatMap((request) => request.violations)).toEqual([]);
  expect(describeRequests(gitHubRequests)).toEqual([]);
});

test('the v2 requests of the runs: the listing with its paging and org_id, and revoke by id', () => {
  const sent = [...sentBy.values()].flat().map((request) => `${request.method} ${request.path}`);
  expect(sent).toContainEqual(
    expect.stringMatching(/^GET \/v2\/enterprise\/api-keys\?page=1&per_page=100$/),
  );
  expect(sent).toContainEqual(
    expect.stringMatching(
      /^GET \/v2\/enterprise\/api-keys\?page=1&per_page=100&org_id=org-abc123$/,
    ),
  );
  expect(sent).toContain('DELETE /v2/enterprise/api-keys/apk-abc123');
  // Never without an id.
  expect(sent.filter((line) => /^DELETE \/v2\/enterprise\/api-keys\/?(\?|$)/.test(line))).toEqual(
    [],
  );
});

test('Prism saw every request the action sent, and logged no violation', async () => {
  await logSettled();
  const log = prism.log().slice(actionLogStart);
  const received = log.match(/\[HTTP SERVER\] \w+ \S+ .*Request received/g) ?? [];
  expect(received.length).toBe(recorder.requests.length - actionRequestsStart);
  expect(violationLines(log)).toEqual([]);
});

/** The spec's operation a request was for, as "METHOD /path/{param}"; undefined for none. */
function specOperationOf(request: RecordedRequest, paths: readonly string[]): string | undefined {
  const pathname = new URL(request.path, 'http://127.0.0.1').pathname;
  const path = paths.find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  );
  return path === undefined ? undefined : `${request.method} ${path}`;
}

test("GitHub's Prism saw every request the action sent, and logged no violation", async () => {
  await logSettled(gitHubPrism);
  const log = gitHubPrism.log().slice(gitHubLogStart);
  const received = log.match(/\[HTTP SERVER\] \w+ \S+ .*Request received/g) ?? [];
  expect(received.length).toBe(gitHubRecorder.requests.length - gitHubRequestsStart);
  expect(violationLines(log)).toEqual([]);
  // Each asked for JSON as GitHub serves it.
  const accepts = new Set(sentToGitHub.map((request) => request.accept));
  expect(
    [...accepts].filter((accept) => accept === undefined || !GITHUB_JSON.test(accept)),
  ).toEqual([]);
});

test('the GitHub calls the runs reach are the ones the spec has', () => {
  const spec = parse(readFileSync(GITHUB_SPEC, 'utf8')) as { paths: Record<string, object> };
  const paths = Object.keys(spec.paths);
  const reached = new Set(sentToGitHub.map((request) => specOperationOf(request, paths)));
  expect(reached.has(undefined)).toBe(false);
  // What Prism's made-up answers let the runs reach. The rest of the spec (deleting a secret,
  // an organization's listing, editing and commenting on the tracking issue) needs answers a
  // stateless mock cannot give (a secret to prune, an owner of type Organization, an open
  // issue holding the marker): the GitHub stand-in's suites reach those.
  expect([...reached].sort()).toEqual([
    'GET /installation/repositories',
    'GET /repos/{owner}/{repo}/actions/secrets/public-key',
    'GET /repos/{owner}/{repo}/actions/secrets/{secret_name}',
    'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key',
    'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
    'GET /repos/{owner}/{repo}/issues',
    'GET /users/{username}',
    'GET /users/{username}/repos',
    'POST /repos/{owner}/{repo}/issues',
    'PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}',
    'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
  ]);
});
