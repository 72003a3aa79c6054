import { ActionError, messageOf } from './base/errors.ts';
import { maskSecret, type Runtime } from './base/runtime.ts';
import { SECRET_INPUTS } from './inputs/parsers.ts';
import { withDefaults, type Dependencies } from './operations/dependencies.ts';
import { parseInputs } from './operations/index.ts';
import { POST_STEP_READS } from './operations/state-names.ts';
import {
  RUN_FAILED_HEADING,
  failureSummary,
  summaryNotWritten,
} from './summary/failure-summary.ts';

/** Which step this process is: the runner starts dist/index.js for the main one, dist/post.js after. */
export type Step = 'main' | 'post';

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
  // Whatever an earlier step planted under these names never reaches this action's post step.
  for (const name of POST_STEP_READS) runtime.saveState(name, '');
  const summary = keptSummary(runtime);
  try {
    const dependencies = withDefaults(overrides);
    const operation = parseInputs(
      (name) => runtime.getInput(name),
      dependencies.now(),
      (name) => runtime.getEnv(name),
    );
    await operation.run({ runtime: summary.runtime, dependencies });
  } catch (error) {
    await reportFailure(summary, error);
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
