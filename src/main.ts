import { ActionError, messageOf } from './base/errors.ts';
import { maskSecret, type Runtime } from './base/runtime.ts';
import { SECRET_INPUTS } from './inputs/parsers.ts';
import { withDefaults, type Dependencies } from './operations/dependencies.ts';
import { parseInputs } from './operations/index.ts';
import {
  RUN_FAILED_HEADING,
  failureSummary,
  summaryNotWritten,
} from './summary/failure-summary.ts';

/**
 * Saved by the main step: the runner starts the same entry again as the post step, which tells
 * itself apart by this state (state is per step of this action, so never a leftover).
 */
export const POST_STEP_STATE = 'isPost';

function failureMessage(error: unknown): string {
  if (error instanceof ActionError) return error.message;
  return (
    `Unexpected error: ${messageOf(error)}\nThis is a bug in devin-keys-action; please report it ` +
    'with this log (run with step debug logging for details).'
  );
}

/** The job summary, as the operation is handed it: what it wrote is known, and a failure is a warning. */
interface JobSummary {
  /** The runtime to hand the operation: its `appendSummary` never throws. */
  runtime: Runtime;
  /** Whether anything reached the summary, or a write was tried and failed (and warned of). */
  tried(): boolean;
}

/**
 * A summary that cannot be written (GITHUB_STEP_SUMMARY unwritable) must not end a run whose work
 * is done: the operation's own log lines and failure follow as they would, after one warning.
 */
function keptSummary(runtime: Runtime): JobSummary {
  let tried = false;
  let warned = false;
  const appendSummary = async (markdown: string): Promise<void> => {
    tried = true;
    try {
      await runtime.appendSummary(markdown);
    } catch (error) {
      if (!warned) runtime.warning(summaryNotWritten(error), { title: 'Job summary not written' });
      warned = true;
    }
  };
  const kept = new Proxy(runtime, {
    get(target, property) {
      if (property === 'appendSummary') return appendSummary;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => method.apply(target, args);
    },
  });
  return { runtime: kept, tried: () => tried };
}

/**
 * Fails the step with the error's message; when the run wrote no summary of its own, the summary
 * says what failed and the fix, so that every run has one.
 */
async function reportFailure(summary: JobSummary, error: unknown): Promise<void> {
  const { runtime } = summary;
  const message = failureMessage(error);
  runtime.setFailed(message);
  if (!(error instanceof ActionError) && error instanceof Error && error.stack !== undefined) {
    runtime.debug(error.stack);
  }
  if (!summary.tried()) await runtime.appendSummary(failureSummary(RUN_FAILED_HEADING, message));
}

/** Reads the inputs, runs the operation the registry names, reports any failure. Never throws. */
export async function main(runtime: Runtime, overrides: Partial<Dependencies> = {}): Promise<void> {
  // Before anything can print them, even a message about a malformed token.
  for (const name of SECRET_INPUTS) maskSecret(runtime, runtime.getInput(name));
  runtime.saveState(POST_STEP_STATE, 'true');
  const summary = keptSummary(runtime);
  try {
    const dependencies = withDefaults(overrides);
    const operation = parseInputs((name) => runtime.getInput(name), dependencies.now());
    await operation.run({ runtime: summary.runtime, dependencies });
  } catch (error) {
    await reportFailure(summary, error);
  }
}

/** The main step, or the post step when the main step ran before: one entry serves both. */
export async function runStep(runtime: Runtime): Promise<void> {
  if (runtime.getState(POST_STEP_STATE) === '') return main(runtime);
  const { post } = await import('./post.ts');
  return post(runtime);
}
