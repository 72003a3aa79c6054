import { explain, messageOf } from '../base/errors.ts';
import { markdownText, quoteUntrusted } from '../base/untrusted.ts';

/** The longest line of a failure the summary shows; a message's lines are far shorter. */
const MAX_LINE_LENGTH = 2_000;

/**
 * A job summary (or tracking issue body) for a run that failed: a heading, then the message, which
 * says what failed and the fix. The message quotes what the APIs said, so it is shown as inert
 * text: each line through `markdownText`, in one paragraph that our own words open, so no line
 * can start a block (a heading, a list, a quote) either.
 */
export function failureSummary(heading: string, message: string): string {
  const lines = message
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => markdownText(line, MAX_LINE_LENGTH));
  return [`### ❌ ${heading}`, '', `**What failed:** ${lines.join('<br>')}`, ''].join('\n');
}

/** The heading of the job summary of a run that failed before it could write its own. */
export const RUN_FAILED_HEADING = 'devin-keys-action failed';

/** The heading of an audit that could not run at all, in the summary and the tracking issue. */
export const AUDIT_NOT_RUN_HEADING = 'Devin API key audit could not run';

/** The warning when the job summary could not be written: what the run did stands, in the log. */
export function summaryNotWritten(error: unknown): string {
  return explain({
    problem:
      `The job summary could not be written (${quoteUntrusted(messageOf(error))}); everything ` +
      'the run did is in the log above and in the outputs.',
    fix: 'check that GITHUB_STEP_SUMMARY names a file the job may append to (a runner sets it).',
  });
}
