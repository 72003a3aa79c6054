import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OPERATIONS, type Operation } from '../../src/operations/index.ts';

/**
 * The repository root (where action.yml is), found from the working directory: npm scripts and
 * jest both run there, and this file must work both under jest and under plain Node.
 */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'action.yml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no action.yml above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(process.cwd());

/**
 * How long GitHub's second lasts in the end-to-end tests (the action honours it for a loopback
 * GitHub only): GitHub's pacing and waits, scaled down in time. A stand-in with rate limits is
 * given the same second.
 */
export const GITHUB_SECOND_MS = '10';

export interface RunOptions {
  /** Bundle entry to run, relative to the repository root. */
  entry?: string;
  /** Action inputs by their action.yml names; passed as INPUT_* like the runner does. */
  inputs: Record<string, string>;
  /**
   * State the runner hands over as STATE_*: what the main step saved (for the post step), or
   * what an earlier step planted through $GITHUB_ENV.
   */
  state?: Record<string, string>;
  /**
   * Run the post step's entry (dist/post.js), as action.yml's `runs.post`; by default a run
   * handed state is the post step, one without is the main step.
   */
  post?: boolean;
  env?: Record<string, string>;
  /** Runner debug logging (ACTIONS_STEP_DEBUG): on by default, so debug lines are checked too. */
  debug?: boolean;
  /** Kills the child after this long; a test that hits it has found a hang. */
  killAfterMs?: number;
  /** Node options before the entry (the benchmark preloads a memory probe). */
  nodeOptions?: string[];
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  /** Every other file the run left in RUNNER_TEMP, by path: a report file, say. */
  tempFiles: Record<string, string>;
  elapsedMs: number;
}

/** Reads a GITHUB_OUTPUT / GITHUB_STATE file: `name<<delimiter\nvalue\ndelimiter` entries. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (header === null) continue;
    const [, name, delimiter] = header as unknown as [string, string, string];
    const end = lines.indexOf(delimiter, i + 1);
    if (end === -1) throw new Error(`unterminated value for ${name}`);
    values[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return values;
}

function runnerInputName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

async function readTempFiles(
  directory: string,
  runnerFiles: readonly string[],
): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !runnerFiles.includes(path))
      contents[path] = await readFile(path, 'utf8');
  }
  return contents;
}

/**
 * An operation sets only the outputs its registry entry declares, which the action.yml test
 * holds to what action.yml declares: so every run checks that no output goes undeclared.
 */
function expectDeclaredOutputs(operation: string | undefined, outputs: Record<string, string>) {
  if (operation === undefined || !Object.hasOwn(OPERATIONS, operation)) return;
  const declared: readonly string[] = OPERATIONS[operation as Operation].outputs;
  const undeclared = Object.keys(outputs).filter((name) => !declared.includes(name));
  if (undeclared.length > 0) {
    throw new Error(
      `operation ${operation} set outputs its registry entry does not declare: ${undeclared.join(', ')}`,
    );
  }
}

/**
 * Runs a bundled entry point as the runner does: a child process of Node 24 (the node running
 * the tests), inputs in INPUT_*, file commands in fresh files, and nothing else of this
 * machine's environment but PATH.
 */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const workDir = await mkdtemp(join(tmpdir(), 'devin-keys-action-'));
  const files = {
    output: join(workDir, 'output'),
    summary: join(workDir, 'summary'),
    state: join(workDir, 'state'),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/widgets',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy',
    RUNNER_TEMP: workDir,
    // GitHub's second as the loopback stand-in keeps it: paced writes take milliseconds.
    DEVIN_KEYS_ACTION_GITHUB_SECOND_MS: GITHUB_SECOND_MS,
    ...(options.debug === false ? {} : { RUNNER_DEBUG: '1' }),
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[runnerInputName(name)] = value;
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const started = Date.now();
  try {
    const post = options.post ?? options.state !== undefined;
    const entry = join(REPO_ROOT, options.entry ?? (post ? 'dist/post.js' : 'dist/index.js'));
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), entry], {
      cwd: workDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
    const exitCode = await new Promise<number | null>((resolveExit) =>
      child.on('close', (code) => resolveExit(code)),
    );
    clearTimeout(killer);
    const outputs = parseFileCommands(await readFile(files.output, 'utf8'));
    expectDeclaredOutputs(options.inputs.operation, outputs);
    return {
      exitCode,
      stdout,
      stderr,
      outputs,
      summary: await readFile(files.summary, 'utf8'),
      state: parseFileCommands(await readFile(files.state, 'utf8')),
      tempFiles: await readTempFiles(workDir, Object.values(files)),
      elapsedMs: Date.now() - started,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
