/**
 * `npm run bench`: measures the action against baselines in the same run, as ratios, so the
 * numbers mean the same on a fast or a slow machine.
 *   1. audit of 10,000 keys over 50 pages vs a bare undici loop fetching the same pages:
 *      a. the audit's own work, in one process: the audit operation of src/ vs the loop, both
 *         warmed up, the stand-in in a process of its own (the target applies here);
 *      b. whole processes, as the runner starts them: the bundled dist/ vs the loop as a
 *         script, so Node's start and the bundle's load are in it (see 3 for those alone)
 *   2. peak memory of an audit of 100,000 keys (the bundled dist/, as the runner starts it)
 *   3. cold start: a dry run of the bundled dist/ vs starting Node with nothing to do
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT, runAction } from '../test/e2e/run-action.ts';
import { parseInputs, type AuditInputs } from '../src/inputs.ts';
import { audit } from '../src/operations/audit.ts';
import type { Runtime } from '../src/runtime.ts';
import { fetchAllKeys } from './bare-undici-loop.mjs';

const CREDENTIAL = 'cog_bench_credential';
const SERVICE_USER = 'service-user-bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** In-process rounds before measuring: both sides run until the JIT has settled on them. */
const WARM_UP_ROUNDS = 10;
const TARGET_RATIO = 1.15;
const TARGET_MAX_RSS_MIB = 150;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/** Wall time of a child process, in ms. */
function timeProcess(args: string[]): Promise<{ ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve({ ms, stdout, stderr });
      else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** The stand-in serving `count` keys, in a process of its own. */
async function startStandInProcess(count: number): Promise<{ url: string; close: () => void }> {
  const child = spawn(
    process.execPath,
    [join('bench', 'stand-in-process.ts'), String(count), SERVICE_USER, CREDENTIAL],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { url, close: () => child.stdin.end() };
}

const auditInputs = (url: string): Record<string, string> => ({
  operation: 'audit',
  token: CREDENTIAL,
  service_user_id: SERVICE_USER,
  fail_on: 'none',
  base_url: url,
});

/** A runner that prints nothing, keeps the last outputs, and fails loudly. */
function quietRuntime(inputs: Record<string, string>): Runtime & { outputs: Map<string, string> } {
  const outputs = new Map<string, string>();
  const nothing = (): void => undefined;
  return {
    outputs,
    getInput: (name) => inputs[name] ?? '',
    setSecret: nothing,
    setOutput: (name, value) => outputs.set(name, value),
    setFailed: (message) => {
      throw new Error(`audit failed: ${message}`);
    },
    debug: nothing,
    info: nothing,
    notice: nothing,
    warning: nothing,
    startGroup: nothing,
    endGroup: nothing,
    saveState: nothing,
    getState: () => '',
    appendSummary: () => Promise.resolve(),
  };
}

async function benchAuditInProcess(url: string): Promise<void> {
  // The report file goes where the runner would put it.
  process.env.RUNNER_TEMP = mkdtempSync(join(tmpdir(), 'devin-keys-bench-'));
  const rawInputs = auditInputs(url);
  const inputs = parseInputs((name) => rawInputs[name] ?? '', Date.now()) as AuditInputs;
  const runAudit = async (): Promise<void> => {
    const runtime = quietRuntime(rawInputs);
    await audit(inputs, { runtime, dependencies: {} });
    if (runtime.outputs.get('key_count') !== '10000') throw new Error('audit read too few keys');
  };
  const runLoop = async (): Promise<void> => {
    const keys = await fetchAllKeys(url, SERVICE_USER, CREDENTIAL);
    if (keys !== 10_000) throw new Error(`baseline read ${keys} keys`);
  };
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    await runLoop();
    await runAudit();
  }
  const baseline: number[] = [];
  const action: number[] = [];
  // Interleaved, so drift in machine load hits both sides alike.
  // A round in one process takes tens of milliseconds: many rounds, for steadier medians.
  const rounds = ROUNDS * 12;
  for (let round = 0; round < rounds; round++) {
    baseline.push((await timed(runLoop)).ms);
    action.push((await timed(runAudit)).ms);
  }
  const ratio = median(action) / median(baseline);
  console.log(
    `audit of 10,000 keys / 50 pages, in process: ${median(action).toFixed(1)} ms vs bare undici loop ${median(baseline).toFixed(1)} ms (medians of ${rounds}) → ratio ${ratio.toFixed(3)}x (target ≤ ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
  );
}

async function benchAuditProcesses(url: string): Promise<void> {
  const baseline: number[] = [];
  const action: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await timeProcess([
      join('bench', 'bare-undici-loop.mjs'),
      url,
      SERVICE_USER,
      CREDENTIAL,
    ]);
    if (bare.stdout.trim() !== '10000') throw new Error(`baseline read ${bare.stdout} keys`);
    baseline.push(bare.ms);
    const { ms, result: run } = await timed(() =>
      runAction({ inputs: auditInputs(url), debug: false }),
    );
    action.push(ms);
    if (run.exitCode !== 0 || run.outputs.key_count !== '10000') {
      throw new Error(`audit failed: exit ${run.exitCode}, key_count ${run.outputs.key_count}`);
    }
  }
  console.log(
    `audit of 10,000 keys / 50 pages, whole processes: ${median(action).toFixed(0)} ms vs bare undici loop ${median(baseline).toFixed(0)} ms (medians of ${ROUNDS}) → ratio ${(median(action) / median(baseline)).toFixed(3)}x (includes starting Node and loading the bundle; no target)`,
  );
}

async function benchAuditThroughput(): Promise<void> {
  const standIn = await startStandInProcess(10_000);
  try {
    await benchAuditInProcess(standIn.url);
    await benchAuditProcesses(standIn.url);
  } finally {
    standIn.close();
  }
}

async function benchAuditMemory(): Promise<void> {
  const api = await startStandInProcess(100_000);
  try {
    const run = await runAction({
      inputs: auditInputs(api.url),
      debug: false,
      nodeOptions: ['--import', join(REPO_ROOT, 'bench', 'max-rss.mjs')],
      killAfterMs: 300_000,
    });
    const kib = Number(/max-rss-kib=(\d+)/.exec(run.stderr)?.[1]);
    if (run.exitCode !== 0 || run.outputs.key_count !== '100000' || Number.isNaN(kib)) {
      throw new Error(`audit of 100,000 keys failed: exit ${run.exitCode}, ${run.stderr}`);
    }
    const mib = kib / 1024;
    console.log(
      `audit of 100,000 keys: peak memory ${mib.toFixed(1)} MiB (target ≤ ${TARGET_MAX_RSS_MIB} MiB) ${mib <= TARGET_MAX_RSS_MIB ? 'OK' : 'OVER TARGET'}`,
    );
  } finally {
    api.close();
  }
}

async function benchColdStart(): Promise<void> {
  const bare: number[] = [];
  const dryRun: number[] = [];
  for (let round = 0; round < ROUNDS * 2; round++) {
    bare.push((await timeProcess(['-e', ''])).ms);
    const started = process.hrtime.bigint();
    const run = await runAction({
      inputs: {
        operation: 'provision',
        token: 'apk_user_bench',
        org_id: 'org-bench',
        dry_run: 'true',
      },
      debug: false,
    });
    dryRun.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (run.exitCode !== 0) throw new Error(`dry run failed: ${run.stdout}`);
  }
  console.log(
    `cold start (provision dry run): ${median(dryRun).toFixed(0)} ms vs empty node ${median(bare).toFixed(0)} ms → ratio ${(median(dryRun) / median(bare)).toFixed(2)}x`,
  );
}

// `npm run bench -- memory` runs only the memory benchmark, and so on.
const BENCHMARKS = {
  throughput: benchAuditThroughput,
  memory: benchAuditMemory,
  startup: benchColdStart,
};
const chosen = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (chosen.length === 0 || chosen.includes(name)) await run();
}
