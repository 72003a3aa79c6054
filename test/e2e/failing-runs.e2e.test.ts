/**
 * A run that fails still ends well: every run writes a job summary that says what failed and
 * the fix, in inert text; a summary that cannot be written is a warning after everything done
 * was told in the log; a report file without RUNNER_TEMP is an environment error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { expectNoLeak, expectNoStackTrace, failureMessage } from './assertions.ts';
import { SERVICE_USER, SERVICE_USER_CREDENTIAL, expiredKey, healthyKey } from './audit-support.ts';
import { runAction, type ActionRun } from './run-action.ts';

const GITHUB_TOKEN = 'ghs_CANARYfailingruns7d3a9e';
const servers: { close(): Promise<void> }[] = [];
const directories: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(directories.splice(0).map((path) => rm(path, { recursive: true })));
});

async function startApi(): Promise<FakeDevinApi> {
  const api = await startFakeDevinApi({
    serviceUsers: [
      {
        id: SERVICE_USER,
        credential: SERVICE_USER_CREDENTIAL,
        keys: [healthyKey('fine'), expiredKey('dead')],
      },
    ],
  });
  servers.push(api);
  return api;
}

async function startGitHub(): Promise<FakeGitHub> {
  const github = await startFakeGitHub({
    repository: 'acme/widgets',
    token: GITHUB_TOKEN,
    secretRepositories: [{ repository: 'acme/web' }, { repository: 'acme/api' }],
  });
  servers.push(github);
  return github;
}

function expectNoBug(run: ActionRun): void {
  expectNoStackTrace(run);
  expect(run.stdout + run.stderr).not.toContain('This is a bug');
  expectNoLeak(run, [SERVICE_USER_CREDENTIAL, GITHUB_TOKEN]);
}

/** A directory where the summary file should be: the runner cannot append to it. */
async function unwritableSummary(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'devin-keys-summary-'));
  directories.push(directory);
  return directory;
}

describe('a job summary for every run', () => {
  test('a run that fails on its inputs says what failed and the fix, as inert text', async () => {
    const run = await runAction({
      inputs: {
        operation: 'audit @octocat [x](https://evil.example) <img src=x> ::stop-commands::',
        token: SERVICE_USER_CREDENTIAL,
      },
    });

    expect(run.exitCode).toBe(1);
    expectNoBug(run);
    expect(run.summary).toMatch(/^### ❌ devin-keys-action failed/);
    expect(run.summary).toContain('operation');
    expect(run.summary).toContain('valid operations: provision, audit');
    // Inert: no mention, no link, no HTML.
    expect(run.summary).not.toContain('@octocat');
    expect(run.summary).not.toMatch(/(?<!\\)\]\(/);
    expect(run.summary).not.toContain('<img');
    expect(run.summary).not.toContain('https://evil');
  });

  test('a run that fails on the API says what failed and the fix', async () => {
    const api = await startApi();
    const run = await runAction({
      inputs: {
        operation: 'audit',
        token: 'cog_CANARYnotknown55b2e1',
        service_user_id: SERVICE_USER,
        base_url: api.url,
      },
    });

    expect(run.exitCode).toBe(1);
    expectNoBug(run);
    expect(run.summary).toMatch(/^### ❌ devin-keys-action failed/);
    expect(run.summary).toContain('HTTP 401');
    expect(run.summary).toContain('Fix:');
    expect(run.summary).not.toContain('cog_CANARYnotknown55b2e1');
  });

  test('an audit that failed on its findings writes its own summary only, once', async () => {
    const api = await startApi();
    const run = await runAction({
      inputs: {
        operation: 'audit',
        token: SERVICE_USER_CREDENTIAL,
        service_user_id: SERVICE_USER,
        base_url: api.url,
      },
    });
    expect(run.exitCode).toBe(1);
    expect(failureMessage(run)).toContain('key "dead"');
    expect(run.summary).not.toContain('devin-keys-action failed');
    expect(run.summary.match(/^### /gm)).toHaveLength(1);
  });
});

describe('an unwritable GITHUB_STEP_SUMMARY', () => {
  test('after the secrets were written: the total is in the log and the summary a warning', async () => {
    const api = await startApi();
    const github = await startGitHub();
    const run = await runAction({
      inputs: {
        operation: 'create',
        token: SERVICE_USER_CREDENTIAL,
        service_user_id: SERVICE_USER,
        base_url: api.url,
        github_token: GITHUB_TOKEN,
        secret_name: 'DEVIN_API_KEY',
        repositories: 'acme/web\nacme/api',
      },
      env: { GITHUB_API_URL: github.url, GITHUB_STEP_SUMMARY: await unwritableSummary() },
    });

    expect(run.exitCode).toBe(0);
    expectNoBug(run);
    const lines = run.stdout.split('\n');
    const total = lines.findIndex((line) =>
      line.startsWith('Stored a key in 2 of 2 secrets named "DEVIN_API_KEY"'),
    );
    const warning = lines.findIndex((line) =>
      line.startsWith('::warning title=Job summary not written::'),
    );
    expect(total).toBeGreaterThan(-1);
    expect(warning).toBeGreaterThan(-1);
    // The run's verdict is told before the summary's trouble, never after it.
    expect(total).toBeLessThan(warning);
  });

  test('with a target that failed: the total and the failure are told, the summary a warning', async () => {
    const api = await startApi();
    const github = await startGitHub();
    const run = await runAction({
      inputs: {
        operation: 'create',
        token: SERVICE_USER_CREDENTIAL,
        service_user_id: SERVICE_USER,
        base_url: api.url,
        github_token: GITHUB_TOKEN,
        secret_name: 'DEVIN_API_KEY',
        repositories: 'acme/web\nacme/ghost',
      },
      env: { GITHUB_API_URL: github.url, GITHUB_STEP_SUMMARY: await unwritableSummary() },
    });

    expect(run.exitCode).toBe(1);
    expectNoBug(run);
    expect(run.stdout).toContain('Stored a key in 1 of 2 secrets');
    expect(failureMessage(run)).toContain('acme/ghost');
  });
});

test('report_file without RUNNER_TEMP is an environment error that says what to set', async () => {
  const api = await startApi();
  const run = await runAction({
    inputs: {
      operation: 'audit',
      token: SERVICE_USER_CREDENTIAL,
      service_user_id: SERVICE_USER,
      base_url: api.url,
      report_file: 'true',
    },
    env: { RUNNER_TEMP: '' },
  });

  expect(run.exitCode).toBe(1);
  expectNoBug(run);
  expect(failureMessage(run)).toContain('RUNNER_TEMP');
  expect(failureMessage(run)).toContain('report_file');
});
