import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './e2e/run-action.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Workflow {
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

function workflow(name: string): Workflow {
  return parse(readFileSync(join(REPO_ROOT, '.github/workflows', name), 'utf8')) as Workflow;
}

describe('the release workflow, whose job may write contents', () => {
  const steps = workflow('release.yml').jobs['move-major-tag']?.steps ?? [];

  test('its checkout leaves no credential in .git/config for later steps to read', () => {
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts).toHaveLength(1);
    for (const checkout of checkouts) expect(checkout.with?.['persist-credentials']).toBe(false);
  });

  test('npm ci runs no install scripts; only the node package, which the build runs on, runs its own', () => {
    const installs = steps.filter((step) => /\bnpm (ci|install)\b/.test(step.run ?? ''));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.run).toContain('--ignore-scripts');
    const rebuilds = steps.filter((step) => /\bnpm rebuild\b/.test(step.run ?? ''));
    expect(rebuilds.map((step) => step.run?.trim())).toEqual(['npm rebuild node']);
  });

  test('only the step that pushes the tag is handed the token', () => {
    const withToken = steps.filter((step) =>
      Object.values(step.env ?? {}).some((value) => value.includes('github.token')),
    );
    expect(withToken.map((step) => step.run?.includes('git') && step.run.includes('push'))).toEqual(
      [true],
    );
  });
});
