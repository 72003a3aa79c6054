/**
 * `npm run bench`: measures the action against baselines in the same run, as ratios, so the
 * numbers mean the same on a fast or a slow machine.
 *   1. audit of 10,000 keys over 50 pages vs a bare undici loop fetching the same pages
 *   2. peak memory of an audit of 100,000 keys
 *   3. cold start: a dry run vs starting Node with nothing to do
 * Every process is the bundled dist/ (or the baseline script), started as the runner starts it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFakeDevinApi, type FakeKeySeed } from '../test/fake-api/server.ts';
import { REPO_ROOT, runAction } from '../test/e2e/run-action.ts';

const CREDENTIAL = 'cog_bench_credential';
const SERVICE_USER = 'service-user-bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET_RATIO = 1.15;
const TARGET_MAX_RSS_MIB = 150;

function seedKeys(count: number, nowSeconds: number): FakeKeySeed[] {
  return Array.from({ length: count }, (_, index) => ({
    api_key_name: `bench-key-${index}`,
    created_at: nowSeconds - 86_400 * (index % 400),
    expires_at: index % 10 === 0 ? nowSeconds - 3600 : nowSeconds + 86_400 * (index % 365),
    last_used_at: index % 3 === 0 ? null : nowSeconds - 86_400 * (index % 120),
    revoked_at: index % 17 === 0 ? nowSeconds - 7200 : null,
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
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

const auditInputs = (url: string): Record<string, string> => ({
  operation: 'audit',
  token: CREDENTIAL,
  service_user_id: SERVICE_USER,
  fail_on: 'none',
  base_url: url,
});

async function benchAuditThroughput(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: seedKeys(10_000, now) }],
    maxPageSize: 200,
  });
  try {
    const baseline: number[] = [];
    const action: number[] = [];
    // Interleaved, so drift in machine load hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      const bare = await timeProcess([
        join('bench', 'bare-undici-loop.mjs'),
        api.url,
        SERVICE_USER,
        CREDENTIAL,
      ]);
      if (bare.stdout.trim() !== '10000') throw new Error(`baseline read ${bare.stdout} keys`);
      baseline.push(bare.ms);
      const started = process.hrtime.bigint();
      const run = await runAction({ inputs: auditInputs(api.url), debug: false });
      action.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (run.exitCode !== 0 || run.outputs.key_count !== '10000') {
        throw new Error(`audit failed: exit ${run.exitCode}, key_count ${run.outputs.key_count}`);
      }
    }
    const ratio = median(action) / median(baseline);
    console.log(
      `audit of 10,000 keys / 50 pages: ${median(action).toFixed(0)} ms vs bare undici loop ${median(baseline).toFixed(0)} ms (medians of ${ROUNDS}) → ratio ${ratio.toFixed(3)}x (target ≤ ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
    );
  } finally {
    await api.close();
  }
}

async function benchAuditMemory(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const api = await startFakeDevinApi({
    serviceUsers: [{ id: SERVICE_USER, credential: CREDENTIAL, keys: seedKeys(100_000, now) }],
    maxPageSize: 200,
  });
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
    await api.close();
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

await benchAuditThroughput();
await benchAuditMemory();
await benchColdStart();
