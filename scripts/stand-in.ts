/**
 * `npm run stand-in` (or `node scripts/stand-in.ts` under Node 24): starts the stand-in Devin API
 * with the demo's fixed credentials in a background process on 127.0.0.1, prints its address and
 * how to stop it, and exits. Inside a GitHub Actions job it also writes DEVIN_API_URL (and
 * DEVIN_STAND_IN_PID) to $GITHUB_ENV, so later steps can give `base_url: ${{ env.DEVIN_API_URL }}`.
 * The process logs every request it serves to stand-in.log in the temporary directory.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoScenario, startFakeDevinApi } from '../test/fake-api/server.ts';

const SERVE = '--serve';

/** The background process: serves until it is killed. */
async function serve(): Promise<void> {
  const scenario = demoScenario(Math.floor(Date.now() / 1000));
  const api = await startFakeDevinApi(scenario.options);
  // The starting process waits for this message, then leaves this one running on its own.
  if (process.send !== undefined) {
    process.send({ url: api.url });
    process.disconnect();
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void api.close().then(() => process.exit(0)));
  }
  setInterval(() => {
    for (const request of api.requests.splice(0)) console.log(`${request.method} ${request.path}`);
  }, 500);
}

/** Starts `serve` detached, waits for its address, reports it. */
async function start(): Promise<void> {
  const logPath = join(process.env.RUNNER_TEMP ?? tmpdir(), 'stand-in.log');
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), SERVE], {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stand-in did not start in 10 s')), 10_000);
    child.once('message', (message: { url: string }) => {
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code) =>
      reject(new Error(`the stand-in exited (${code}); see ${logPath}`)),
    );
  });
  child.removeAllListeners('exit');
  child.unref();
  const scenario = demoScenario(0);
  console.log(
    `Stand-in Devin API on ${url} (pid ${child.pid}, log ${logPath}); stop it with: kill ${child.pid}`,
  );
  console.log(`Enterprise admin key: ${scenario.adminKey} (org ${scenario.orgId})`);
  console.log(`Service user credentials: ${scenario.healthyCredential} (service-user-healthy),`);
  console.log(`  ${scenario.failingCredential} (service-user-failing: expired and revoked keys)`);
  const githubEnv = process.env.GITHUB_ENV;
  if (githubEnv !== undefined && githubEnv !== '') {
    appendFileSync(githubEnv, `DEVIN_API_URL=${url}\nDEVIN_STAND_IN_PID=${child.pid}\n`);
  }
}

await (process.argv.includes(SERVE) ? serve() : start());
