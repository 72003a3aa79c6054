/**
 * Failures the action expects (bad input, an API that refused) carry a message written for the
 * user and are reported without a stack trace. Anything else is a bug and is reported as such.
 */
export class ActionError extends Error {
  override readonly name: string = 'ActionError';
}

/** An input is missing, malformed or contradicts another; raised before any network call. */
export class InputError extends ActionError {
  override readonly name = 'InputError';
}

/**
 * An API (Devin's or GitHub's) refused, failed, or answered something that cannot be right; the
 * message says what to do. `status` is the HTTP status, undefined when no answer came.
 */
export class ApiError extends ActionError {
  override readonly name: string = 'ApiError';
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** The message of anything thrown: an Error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure told as a user needs it: what went wrong, what likely caused it, what to do. */
export interface Explanation {
  /** What went wrong, as one or more sentences. */
  problem: string;
  /** What most likely caused it; rendered as "Likely causes: …". */
  causes?: string | undefined;
  /** What to do about it; rendered as "Fix: …". */
  fix?: string | undefined;
}

/** The one rendering of an Explanation: the problem, then the causes and the fix, a line each. */
/** What went wrong, without the fix a message goes on to give: for a message with a fix of its own. */
export function problemOf(error: unknown): string {
  return messageOf(error).split('\n')[0] ?? '';
}

export function explain({ problem, causes, fix }: Explanation): string {
  const lines = [problem];
  if (causes !== undefined) lines.push(`Likely causes: ${causes}`);
  if (fix !== undefined) lines.push(`Fix: ${fix}`);
  return lines.join('\n');
}
