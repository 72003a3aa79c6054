/**
 * The one rule for the ids the action handles, whether a user gives them or the API names them:
 * they go into URL paths (through `pathSegment`) and into the tracking issue's HTML-comment
 * marker, so an id that passes this rule is safe in both.
 */

export const MAX_ID_LENGTH = 256;

/** One word of printable characters; none of them can close an HTML comment. */
const ID_CHARACTERS = /^[A-Za-z0-9._:@-]+$/;

/** Made only of id characters, but in a URL path they mean "this directory" and "the parent". */
const DOT_SEGMENTS = new Set(['.', '..']);

/** The rule in words, for messages: "an id must be …". */
export const ID_RULE = `at most ${MAX_ID_LENGTH} letters, digits and . _ : @ -, and not . or .. alone`;

/** Whether the action can use `value` as an id. */
export function isUsableId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && ID_CHARACTERS.test(value) && !DOT_SEGMENTS.has(value);
}
