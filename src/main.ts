import { ActionError, messageOf } from './base/errors.ts';
import { maskSecret, type Runtime } from './base/runtime.ts';
import { SECRET_INPUTS } from './inputs/parsers.ts';
import { withDefaults, type Dependencies } from './operations/dependencies.ts';
import { parseInputs } from './operations/index.ts';
import { POST_STEP_READS } from './operations/state-names.ts';

/** Which step this process is: the runner starts dist/index.js for the main one, dist/post.js after. */
export type Step = 'main' | 'post';

function reportFailure(runtime: Runtime, error: unknown): void {
  if (error instanceof ActionError) {
    runtime.setFailed(error.message);
    return;
  }
  runtime.setFailed(
    `Unexpected error: ${messageOf(error)}\nThis is a bug in devin-keys-action; please report it ` +
      'with this log (run with step debug logging for details).',
  );
  if (error instanceof Error && error.stack !== undefined) runtime.debug(error.stack);
}

/** Reads the inputs, runs the operation the registry names, reports any failure. Never throws. */
export async function main(runtime: Runtime, overrides: Partial<Dependencies> = {}): Promise<void> {
  // Before anything can print them, even a message about a malformed token.
  for (const name of SECRET_INPUTS) maskSecret(runtime, runtime.getInput(name));
  // Whatever an earlier step planted under these names never reaches this action's post step.
  for (const name of POST_STEP_READS) runtime.saveState(name, '');
  try {
    const dependencies = withDefaults(overrides);
    const operation = parseInputs(
      (name) => runtime.getInput(name),
      dependencies.now(),
      (name) => runtime.getEnv(name),
    );
    await operation.run({ runtime, dependencies });
  } catch (error) {
    reportFailure(runtime, error);
  }
}

/**
 * The main step or the post step, as the entry file the runner started says: never by state or
 * environment, which an earlier step of the job can set.
 */
export async function runStep(runtime: Runtime, step: Step): Promise<void> {
  if (step === 'main') return main(runtime);
  const { post } = await import('./post.ts');
  return post(runtime);
}
