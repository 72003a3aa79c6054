import { ActionError, messageOf } from './base/errors.ts';
import { maskSecret, type Runtime } from './base/runtime.ts';
import { SECRET_INPUTS } from './inputs/parsers.ts';
import { withDefaults, type Dependencies } from './operations/dependencies.ts';
import { parseInputs } from './operations/index.ts';

/**
 * Saved by the main step: the runner starts the same entry again as the post step, which tells
 * itself apart by this state (state is per step of this action, so never a leftover).
 */
export const POST_STEP_STATE = 'isPost';

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
  runtime.saveState(POST_STEP_STATE, 'true');
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

/** The main step, or the post step when the main step ran before: one entry serves both. */
export async function runStep(runtime: Runtime): Promise<void> {
  if (runtime.getState(POST_STEP_STATE) === '') return main(runtime);
  const { post } = await import('./post.ts');
  return post(runtime);
}
