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

/** The message of anything thrown: an Error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
