/**
 * `npm run bench`: one table, each row a ratio of two things measured side by side in this run
 * (so the figures mean the same on a fast machine or a slow one). Everything the runner would
 * start as a process is measured as a whole process, started the way the runner starts it:
 *   - cold start of dist/ to its first input error, vs `node -e 0` and vs the bundle of
 *     create-github-app-token (bench/anchors), which also loads @actions/core 3 and undici;
 *   - dist/ on disk, vs that bundle;
 *   - an audit of 100,000 keys (500 pages of 200) vs a bare fetch loop over the same pages:
 *     wall time and peak memory;
 *   - an audit of 100,000 organization keys (v2, 1,000 pages of 100) vs a bare fetch loop over
 *     the same pages: wall time and peak memory;
 *   - an audit of 24 service users × 1,000 keys, every answer 25 ms late, vs the bare loop
 *     paging through them one after another: once with the service users named, once with
 *     `service_user_id: all` (the listing of service users is as late as every other answer).
 *   - `wire`, only when named (`npm run bench -- wire`: about five minutes, as GitHub's second is a
 *     real one there): 60 secret writes under GitHub's limits through our wire, getOctokit as it
 *     comes, and getOctokit with @octokit/plugin-throttling and @octokit/plugin-retry
 *     (bench/wire-vs-octokit.ts): what each stored and sent while told to wait, and how long.
 * The stand-in API runs in a process of its own. Rounds alternate between the two sides, so
 * drift in the machine's load hits both alike; each figure is a median.
 * BENCH_ROUNDS scales the number of rounds (default 1: the rounds below). Where the bundle of
 * create-github-app-token is missing, the row that needs it is skipped and the table says so.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseFileCommands, REPO_ROOT } from '../test/e2e/run-action.ts';
import {
  FLEET_CREDENTIAL,
  FLEET_GITHUB_TOKEN,
  FLEET_SECRET,
  FLEET_SERVICE_USER,
  SYNC_LATENCY_MS,
  WIRE_SECOND_MS,
  WIRE_TARGETS,
} from './fleet.ts';
import type { WorkloadResult } from '../test/support/wire-workload.ts';
import { benchServiceUserIds } from './seed-keys.ts';

const CREDENTIAL = 'cog_bench_credential';
const PERSONAL_KEY = 'apk_user_bench_admin';
const ANCHOR = join(REPO_ROOT, 'bench', 'anchors', 'create-github-app-token-3.1.1', 'main.cjs');
/** Why the rows against the anchor are skipped, or undefined when it is there. */
const ANCHOR_MISSING = existsSync(ANCHOR) ? undefined : `${relative(REPO_ROOT, ANCHOR)} is absent`;
const SCALE = Number(process.env.BENCH_ROUNDS ?? 1);
const MAX_RSS = join(REPO_ROOT, 'bench', 'max-rss.mjs');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface ProcessRun {
  ms: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory, when the run preloaded bench/max-rss.mjs. */
  maxRssMiB: number;
}

/** Runs Node 24 (this process's binary) with `args` and only `env`, as a whole process. */
function timeProcess(args: readonly string[], env: Record<string, string>): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const kib = Number(/max-rss-kib=(\d+)/.exec(stderr)?.[1]);
      resolve({ ms, exitCode, stdout, stderr, maxRssMiB: kib / 1024 });
    });
  });
}

/** The files a runner gives a step, fresh for each run. */
function runnerFiles(): Record<string, string> {
  const directory = mkdtempSync(join(tmpdir(), 'devin-keys-bench-'));
  const files = {
    GITHUB_OUTPUT: join(directory, 'output'),
    GITHUB_STATE: join(directory, 'state'),
    GITHUB_STEP_SUMMARY: join(directory, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return { ...files, RUNNER_TEMP: directory, GITHUB_ACTIONS: 'true' };
}

/** Runs `a` and `b` in turns, `rounds` times each; returns every run of each. */
async function alternate(
  rounds: number,
  a: () => Promise<ProcessRun>,
  b: () => Promise<ProcessRun>,
): Promise<[ProcessRun[], ProcessRun[]]> {
  const runsA: ProcessRun[] = [];
  const runsB: ProcessRun[] = [];
  for (let round = 0; round < rounds; round++) {
    runsA.push(await a());
    runsB.push(await b());
  }
  return [runsA, runsB];
}

interface Row {
  figure: string;
  measured: string;
  baseline: string;
  ratio: number;
  target: number;
}
/** A row that could not be measured, and why. */
interface SkippedRow {
  figure: string;
  target: number;
  skipped: string;
}
const rows: (Row | SkippedRow)[] = [];

function addRow(row: Row): void {
  rows.push(row);
  console.log(`  ${row.figure}: ${row.ratio.toFixed(3)}× (${row.measured} vs ${row.baseline})`);
}

function skipRow(row: SkippedRow): void {
  rows.push(row);
  console.log(`  ${row.figure}: skipped, as ${row.skipped}`);
}

const ms = (runs: readonly ProcessRun[]): string =>
  `${median(runs.map((run) => run.ms)).toFixed(0)} ms`;
const ratioOf = (
  a: readonly ProcessRun[],
  b: readonly ProcessRun[],
  of: (run: ProcessRun) => number,
) => median(a.map(of)) / median(b.map(of));

async function benchColdStart(): Promise<void> {
  const rounds = 21 * SCALE;
  // No inputs: the first thing either action does is fail on a missing input.
  const ours = async () => {
    const run = await timeProcess([join(REPO_ROOT, 'dist', 'index.js')], runnerFiles());
    if (run.exitCode !== 1 || !run.stdout.includes('Invalid inputs')) {
      throw new Error(`dist/ did not stop at an input error: ${run.stdout}${run.stderr}`);
    }
    return run;
  };
  const bare = () => timeProcess(['-e', '0'], {});
  const anchor = async () => {
    const run = await timeProcess([ANCHOR], {
      ...runnerFiles(),
      GITHUB_REPOSITORY: 'acme/widgets',
      GITHUB_REPOSITORY_OWNER: 'acme',
    });
    if (run.exitCode !== 1)
      throw new Error(`the anchor did not stop at an input error: ${run.stderr}`);
    return run;
  };
  const withAnchor = ANCHOR_MISSING === undefined;
  for (let warm = 0; warm < 3; warm++) {
    await Promise.all([ours(), bare(), ...(withAnchor ? [anchor()] : [])]);
  }
  const oursRuns: ProcessRun[] = [];
  const bareRuns: ProcessRun[] = [];
  const anchorRuns: ProcessRun[] = [];
  for (let round = 0; round < rounds; round++) {
    bareRuns.push(await bare());
    oursRuns.push(await ours());
    if (withAnchor) anchorRuns.push(await anchor());
  }
  const wall = (run: ProcessRun) => run.ms;
  addRow({
    figure: 'cold start of dist/ to its first input error vs bare `node -e 0`',
    measured: ms(oursRuns),
    baseline: ms(bareRuns),
    ratio: ratioOf(oursRuns, bareRuns, wall),
    target: 3.0,
  });
  const anchorFigure =
    'the same vs create-github-app-token 3.1.1 (its bundle, to its first input error)';
  if (ANCHOR_MISSING !== undefined) {
    skipRow({ figure: anchorFigure, target: 1.0, skipped: ANCHOR_MISSING });
    return;
  }
  addRow({
    figure: anchorFigure,
    measured: ms(oursRuns),
    baseline: ms(anchorRuns),
    ratio: ratioOf(oursRuns, anchorRuns, wall),
    target: 1.0,
  });
}

function sizeOnDisk(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOnDisk(join(path, name)), 0);
}

function benchDistSize(): void {
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
  const dist = sizeOnDisk(join(REPO_ROOT, 'dist'));
  const budget = 1.5e6;
  // The budget is the measure; the anchor's size is only shown beside it, when it is there.
  const anchorSize =
    ANCHOR_MISSING === undefined ? ` (the anchor's bundle: ${mb(sizeOnDisk(ANCHOR))})` : '';
  if (ANCHOR_MISSING !== undefined)
    console.log(`  the anchor's size is left out, as ${ANCHOR_MISSING}`);
  addRow({
    figure: `dist/ on disk vs a budget of ${mb(budget)}${anchorSize}`,
    measured: mb(dist),
    baseline: mb(budget),
    ratio: dist / budget,
    target: 1.0,
  });
}

/**
 * The stand-in in a process of its own, with `users` service users of `keysPerUser` keys; with
 * `orgKeys`, the enterprise has that many organization keys (v2) and the credential is a
 * personal key.
 */
async function startStandIn(users: number, keysPerUser: number, latencyMs: number, orgKeys = 0) {
  const child = spawn(
    process.execPath,
    [
      join('bench', 'stand-in-process.ts'),
      orgKeys > 0 ? PERSONAL_KEY : CREDENTIAL,
      String(users),
      String(keysPerUser),
      String(latencyMs),
      String(orgKeys),
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { url, close: () => child.stdin.end() };
}

/** One audit by dist/, started as the runner starts it, which must count `expectedKeys`. */
async function timedAudit(
  inputs: Record<string, string>,
  expectedKeys: number,
): Promise<ProcessRun> {
  const env = runnerFiles();
  const run = await timeProcess(['--import', MAX_RSS, join(REPO_ROOT, 'dist', 'index.js')], {
    ...env,
    INPUT_OPERATION: 'audit',
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
  });
  const keyCount = parseFileCommands(readFileSync(env.GITHUB_OUTPUT ?? '', 'utf8')).key_count;
  if (run.exitCode !== 0 || keyCount !== String(expectedKeys)) {
    throw new Error(`the audit failed: exit ${run.exitCode}, key_count ${keyCount}: ${run.stdout}`);
  }
  return run;
}

/** One bare loop (a script of bench/ and its arguments), which must print `expectedKeys`. */
async function timedLoop(
  script: string,
  args: readonly string[],
  expectedKeys: number,
): Promise<ProcessRun> {
  const run = await timeProcess(
    ['--import', MAX_RSS, join(REPO_ROOT, 'bench', script), ...args],
    {},
  );
  if (run.stdout.trim() !== String(expectedKeys)) {
    throw new Error(`the loop read ${run.stdout} (exit ${run.exitCode}): ${run.stderr}`);
  }
  return run;
}

/** An audit and its bare loop in turns, once each first to warm the stand-in and the file cache. */
async function auditAgainstLoop(
  audit: () => Promise<ProcessRun>,
  loop: () => Promise<ProcessRun>,
  rounds: number,
): Promise<[ProcessRun[], ProcessRun[]]> {
  await Promise.all([audit(), loop()]);
  return alternate(rounds, audit, loop);
}

/**
 * Our audit and the bare loop over the same service users, as processes, in turns. The audit is
 * given `serviceUserInput` as service_user_id (default: the ids, comma separated).
 */
function auditVersusLoop(
  url: string,
  serviceUserIds: readonly string[],
  expectedKeys: number,
  rounds: number,
  serviceUserInput: string = serviceUserIds.join(','),
): Promise<[ProcessRun[], ProcessRun[]]> {
  const inputs = {
    token: CREDENTIAL,
    service_user_id: serviceUserInput,
    fail_on: 'none',
    base_url: url,
  };
  const loopArgs = [url, CREDENTIAL, serviceUserIds.join(',')];
  return auditAgainstLoop(
    () => timedAudit(inputs, expectedKeys),
    () => timedLoop('bare-fetch-loop.mjs', loopArgs, expectedKeys),
    rounds,
  );
}

async function benchLargeAudit(): Promise<void> {
  const standIn = await startStandIn(1, 100_000, 0);
  try {
    const [audits, loops] = await auditVersusLoop(
      standIn.url,
      benchServiceUserIds(1),
      100_000,
      5 * SCALE,
    );
    addRow({
      figure: 'audit of 100,000 keys (500 pages of 200) vs a bare fetch loop, wall time',
      measured: ms(audits),
      baseline: ms(loops),
      ratio: ratioOf(audits, loops, (run) => run.ms),
      target: 1.15,
    });
    const mib = (runs: readonly ProcessRun[]) =>
      `${median(runs.map((run) => run.maxRssMiB)).toFixed(0)} MiB`;
    addRow({
      figure: 'the same, peak memory',
      measured: mib(audits),
      baseline: mib(loops),
      ratio: ratioOf(audits, loops, (run) => run.maxRssMiB),
      target: 1.25,
    });
  } finally {
    standIn.close();
  }
}

/** The v2 audit of organization keys and the bare loop over the same pages, in turns. */
function orgKeysAuditVersusLoop(
  url: string,
  expectedKeys: number,
  rounds: number,
): Promise<[ProcessRun[], ProcessRun[]]> {
  const inputs = { token: PERSONAL_KEY, max_key_age_days: '90', base_url: url };
  return auditAgainstLoop(
    () => timedAudit(inputs, expectedKeys),
    () => timedLoop('bare-org-keys-loop.mjs', [url, PERSONAL_KEY], expectedKeys),
    rounds,
  );
}

async function benchOrgKeysAudit(): Promise<void> {
  const standIn = await startStandIn(0, 0, 0, 100_000);
  try {
    const [audits, loops] = await orgKeysAuditVersusLoop(standIn.url, 100_000, 5 * SCALE);
    addRow({
      figure:
        'audit of 100,000 organization keys (v2, 1,000 pages of 100) vs a bare fetch loop, wall time',
      measured: ms(audits),
      baseline: ms(loops),
      ratio: ratioOf(audits, loops, (run) => run.ms),
      target: 1.15,
    });
    const mib = (runs: readonly ProcessRun[]) =>
      `${median(runs.map((run) => run.maxRssMiB)).toFixed(0)} MiB`;
    addRow({
      figure: 'the same, peak memory',
      measured: mib(audits),
      baseline: mib(loops),
      ratio: ratioOf(audits, loops, (run) => run.maxRssMiB),
      target: 1.25,
    });
  } finally {
    standIn.close();
  }
}

async function benchManyServiceUsers(): Promise<void> {
  const users = 24;
  const standIn = await startStandIn(users, 1_000, 25);
  try {
    for (const [how, input] of [
      ['named', undefined],
      ['service_user_id: all', 'all'],
    ] as const) {
      const [audits, loops] = await auditVersusLoop(
        standIn.url,
        benchServiceUserIds(users),
        users * 1_000,
        5 * SCALE,
        input,
      );
      addRow({
        figure: `audit of ${users} service users × 1,000 keys (${how}), 25 ms latency per answer, vs the bare loop one after another`,
        measured: ms(audits),
        baseline: ms(loops),
        ratio: ratioOf(audits, loops, (run) => run.ms),
        target: 0.35,
      });
    }
  } finally {
    standIn.close();
  }
}

/** What the fleet stand-ins saw (bench/fleet-stand-ins.ts). */
interface FleetReport {
  secrets: number;
  distinct: number;
  liveKeys: number;
  unheld: number;
  dead: number;
  violations: number;
  mutating: { count: number; shortestGapMs: number | null };
  minted: number;
  leastMs: number;
  spanMs: number;
}

/** Both stand-ins of a fleet scenario, in a process of their own. */
async function startFleetStandIns(scenario: 'create' | 'sync', count: number, secondMs: number) {
  const child = spawn(
    process.execPath,
    [join('bench', 'fleet-stand-ins.ts'), scenario, String(count), String(secondMs)],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => String((await lines.next()).value);
  const urls = JSON.parse(await next()) as { devin: string; github: string };
  return {
    ...urls,
    report: async (): Promise<FleetReport> => {
      child.stdin.write('report\n');
      return JSON.parse(await next()) as FleetReport;
    },
    close: () => child.stdin.end(),
  };
}

const FLEET_SIZE = 1_000;
/** GitHub's second in the fleet benchmarks: its limits and pacing, scaled down in time. */
const FLEET_SECOND_MS = 10;

function fleetRun(
  operation: 'create' | 'sync',
  standIns: { devin: string; github: string },
): Promise<ProcessRun> {
  return timeProcess([join(REPO_ROOT, 'dist', 'index.js')], {
    ...runnerFiles(),
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_API_URL: standIns.github,
    DEVIN_KEYS_ACTION_GITHUB_SECOND_MS: String(FLEET_SECOND_MS),
    INPUT_OPERATION: operation,
    INPUT_TOKEN: FLEET_CREDENTIAL,
    INPUT_SERVICE_USER_ID: FLEET_SERVICE_USER,
    INPUT_BASE_URL: standIns.devin,
    INPUT_GITHUB_TOKEN: FLEET_GITHUB_TOKEN,
    INPUT_SECRET_NAME: FLEET_SECRET,
    INPUT_REPOSITORIES: 'acme/repo-*',
  });
}

/**
 * 1,000 targets created under GitHub's limits (scaled in time): every one stored, no key left
 * active that no secret holds, nothing sent while told to wait, against the least time the
 * limits and the write pacing allow for what was sent.
 */
async function benchFleetCreate(): Promise<void> {
  const runs: { run: ProcessRun; report: FleetReport }[] = [];
  for (let round = 0; round < SCALE; round++) {
    const standIns = await startFleetStandIns('create', FLEET_SIZE, FLEET_SECOND_MS);
    try {
      const run = await fleetRun('create', standIns);
      const report = await standIns.report();
      const whole =
        run.exitCode === 0 &&
        report.secrets === FLEET_SIZE &&
        report.distinct === FLEET_SIZE &&
        report.unheld === 0 &&
        report.dead === 0 &&
        report.violations === 0;
      if (!whole) {
        throw new Error(
          `the fleet create fell short: ${JSON.stringify(report)}\n${run.stdout.slice(-2000)}`,
        );
      }
      runs.push({ run, report });
    } finally {
      standIns.close();
    }
  }
  const wall = median(runs.map(({ run }) => run.ms));
  const least = median(runs.map(({ report }) => report.leastMs));
  addRow({
    figure: `create into ${FLEET_SIZE.toLocaleString('en-US')} repositories under GitHub's limits (scaled: a second is ${FLEET_SECOND_MS} ms): all stored, none unheld, 0 sent while told to wait, vs the least time the limits and the write pacing allow`,
    measured: `${wall.toFixed(0)} ms`,
    baseline: `${least.toFixed(0)} ms`,
    ratio: wall / least,
    target: 1.3,
  });
}

/** A sync of 1,000 targets where nothing is due, against the reads it cannot do without. */
async function benchFleetSync(): Promise<void> {
  const standIns = await startFleetStandIns('sync', FLEET_SIZE, FLEET_SECOND_MS);
  try {
    const sync = async () => {
      const run = await fleetRun('sync', standIns);
      const report = await standIns.report();
      if (run.exitCode !== 0 || report.minted !== 0 || report.mutating.count !== 0) {
        throw new Error(
          `the sync minted or wrote: ${JSON.stringify(report)}\n${run.stdout.slice(-2000)}`,
        );
      }
      return run;
    };
    const loop = async () => {
      const run = await timeProcess(
        [
          join(REPO_ROOT, 'bench', 'bare-sync-reads.mjs'),
          standIns.devin,
          FLEET_CREDENTIAL,
          FLEET_SERVICE_USER,
          standIns.github,
          FLEET_GITHUB_TOKEN,
          FLEET_SECRET,
        ],
        {},
      );
      if (run.stdout.trim() !== String(FLEET_SIZE))
        throw new Error(`the loop read ${run.stdout}${run.stderr}`);
      return run;
    };
    await Promise.all([sync(), loop()]);
    const [syncs, loops] = await alternate(3 * SCALE, sync, loop);
    addRow({
      figure: `sync of ${FLEET_SIZE.toLocaleString('en-US')} targets with nothing due (no mint, no write), every GitHub answer ${SYNC_LATENCY_MS} ms late, vs a bare loop of the same reads at the same concurrency (8)`,
      measured: ms(syncs),
      baseline: ms(loops),
      ratio: ratioOf(syncs, loops, (run) => run.ms),
      target: 1.2,
    });
  } finally {
    standIns.close();
  }
}

/** One line of bench/wire-vs-octokit.ts: a workload's result, its wait lines counted. */
type WireFigures = Omit<WorkloadResult, 'waitLines'> & { scenario: string; waits: number };

const CLIENT_NAMES: Record<WireFigures['client'], string> = {
  wire: 'our wire',
  octokit: 'getOctokit as it comes',
  plugins: 'getOctokit + plugin-throttling + plugin-retry',
};

/**
 * The same fleet workload through our wire, getOctokit as it comes and getOctokit with the
 * plugins (a process of its own: bench/wire-vs-octokit.ts); the table beside the rows says what
 * each stored and sent. A row for each side that paces itself; as it comes has no waits to time.
 */
async function benchWireVersusOctokit(): Promise<void> {
  const run = await timeProcess(
    [join(REPO_ROOT, 'bench', 'wire-vs-octokit.ts'), String(WIRE_SECOND_MS)],
    {},
  );
  if (run.exitCode !== 0) throw new Error(`the wire comparison failed: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const figures = lines.map((line) => JSON.parse(line) as WireFigures);
  console.log(
    '  | scenario | client | stored | sent while told to wait | retries | requests | wall | least allowed |',
  );
  for (const f of figures) {
    console.log(
      `  | ${f.scenario} | ${CLIENT_NAMES[f.client]} | ${f.stored} of ${WIRE_TARGETS} | ${f.sentWhileToldToWait} | ${f.retries} | ${f.requests} of ${f.needed} | ${f.wallMs.toFixed(0)} ms | ${f.leastMs.toFixed(0)} ms |`,
    );
  }
  for (const f of figures.filter((figure) => figure.client !== 'octokit')) {
    if (
      f.client === 'wire' &&
      (f.stored !== WIRE_TARGETS || f.failed !== 0 || f.sentWhileToldToWait !== 0)
    ) {
      throw new Error(`the wire fell short: ${JSON.stringify(f)}`);
    }
    addRow({
      figure: `${WIRE_TARGETS} secret writes through ${CLIENT_NAMES[f.client]}, ${f.scenario}: ${f.stored} stored, ${f.sentWhileToldToWait} sent while told to wait, ${f.retries} retries, vs the least time allowed`,
      measured: `${f.wallMs.toFixed(0)} ms`,
      baseline: `${f.leastMs.toFixed(0)} ms`,
      ratio: f.wallMs / f.leastMs,
      target: 1.3,
    });
  }
}

/** Parts left out of `npm run bench` with no argument, and why; each runs when named. */
const ONLY_WHEN_NAMED: Record<string, string> = {
  wire: "it takes about five minutes (GitHub's second is a real one there); run `npm run bench -- wire`",
};

// `npm run bench -- startup` runs only that part, and so on.
const BENCHMARKS: Record<string, () => Promise<void> | void> = {
  startup: benchColdStart,
  size: benchDistSize,
  audit: benchLargeAudit,
  'org-keys': benchOrgKeysAudit,
  latency: benchManyServiceUsers,
  fleet: async () => {
    await benchFleetCreate();
    await benchFleetSync();
  },
  wire: benchWireVersusOctokit,
};
const chosen = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHMARKS)) {
  const left = ONLY_WHEN_NAMED[name];
  if (chosen.length === 0 && left !== undefined) {
    console.log(`${name}: left out, as ${left}`);
    continue;
  }
  if (chosen.length === 0 || chosen.includes(name)) {
    console.log(`${name}…`);
    await run();
  }
}

console.log('\n| figure | measured | baseline | ratio | target | |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const target = `≤ ${row.target.toFixed(2)}×`;
  if ('skipped' in row) {
    console.log(`| ${row.figure} | – | – | – | ${target} | skipped: ${row.skipped} |`);
    continue;
  }
  const met = row.ratio <= row.target;
  console.log(
    `| ${row.figure} | ${row.measured} | ${row.baseline} | ${row.ratio.toFixed(3)}× | ${target} | ${met ? 'met' : 'MISSED'} |`,
  );
}
