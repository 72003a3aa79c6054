import type { FakeGitHub } from '../fake-github/server.ts';
import type { ActionRun } from './run-action.ts';

/** The message of the `::error::` command, unescaped as the runner shows it. */
export function failureMessage(run: ActionRun): string {
  const line = run.stdout.split('\n').find((entry) => entry.startsWith('::error::'));
  if (line === undefined) return '';
  return line
    .slice('::error::'.length)
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
}

/**
 * Every place a secret could leak: each secret may appear on stdout only as its own
 * `::add-mask::` command, which must come before any other line naming it; never on stderr,
 * in the summary, in saved state, in a file left in RUNNER_TEMP or in an output other than
 * `secretOutputs`.
 */
export function expectNoLeak(
  run: ActionRun,
  secrets: readonly string[],
  secretOutputs: readonly string[] = [],
): void {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret === '') continue;
    run.stdout.split('\n').forEach((line, index) => {
      if (line.includes(secret) && line !== `::add-mask::${secret}`) {
        leaks.push(`stdout line ${index + 1}`);
      }
    });
    if (run.stderr.includes(secret)) leaks.push('stderr');
    if (run.summary.includes(secret)) leaks.push('job summary');
    for (const [path, contents] of Object.entries(run.tempFiles)) {
      if (contents.includes(secret)) leaks.push(`file ${path}`);
    }
    for (const [name, value] of Object.entries(run.state)) {
      if (value.includes(secret)) leaks.push(`state ${name}`);
    }
    for (const [name, value] of Object.entries(run.outputs)) {
      if (value.includes(secret) && !secretOutputs.includes(name)) leaks.push(`output ${name}`);
    }
  }
  expect(leaks).toEqual([]);
}

/** Every string in a parsed request body, at any depth. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Nothing the GitHub stand-in received names a secret: no issue title or body, no comment, no
 * path, query or header. The authorization header is left out, as it carries the GitHub token
 * by design; the tracking-issue suite pins that it carries nothing else.
 */
export function expectNoLeakToGitHub(
  github: Pick<FakeGitHub, 'requests'>,
  secrets: readonly string[],
): void {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret === '') continue;
    github.requests.forEach((request, index) => {
      const where = `GitHub request ${index + 1} (${request.method} ${request.path})`;
      if (request.path.includes(secret)) leaks.push(`${where}: path`);
      for (const [name, value] of Object.entries(request.query)) {
        if (value.includes(secret)) leaks.push(`${where}: query ${name}`);
      }
      for (const [name, value] of Object.entries(request.headers)) {
        if (name !== 'authorization' && String(value).includes(secret)) {
          leaks.push(`${where}: header ${name}`);
        }
      }
      if (stringsIn(request.body).some((text) => text.includes(secret))) {
        leaks.push(`${where}: body`);
      }
    });
  }
  expect(leaks).toEqual([]);
}

/** The secret was registered with the runner before anything else on stdout named it. */
export function expectMaskedFirst(run: ActionRun, secret: string): void {
  const lines = run.stdout.split('\n');
  const firstMention = lines.findIndex((line) => line.includes(secret));
  expect(firstMention).toBeGreaterThanOrEqual(0);
  expect(lines[firstMention]).toBe(`::add-mask::${secret}`);
}

/** Expected failures are reported as a message, never as a stack trace. */
export function expectNoStackTrace(run: ActionRun): void {
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}
