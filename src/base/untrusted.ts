/**
 * Strings that come from the API (key names, error texts) are untrusted: a key named
 * "x\n::add-mask::…" must not become a workflow command when we print it. Every such string
 * goes through `quoteUntrusted` before it reaches a log line, and through `markdownText`
 * before it reaches the job summary.
 */

const MAX_UNTRUSTED_LENGTH = 300;

// JSON.stringify escapes C0 controls and quotes; these it leaves alone, yet they break lines or
// reorder text on screen (C1 controls, line/paragraph separators, bidi overrides).
const INVISIBLE_OR_BREAKING = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function codeUnitEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function truncate(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

/**
 * A double-quoted, escaped, length-capped rendering: it holds no line break and starts with a
 * quote, so no part of it can stand at the start of a line, where the runner looks for `::`
 * and `##[` commands.
 */
export function quoteUntrusted(text: string, maxLength = MAX_UNTRUSTED_LENGTH): string {
  return JSON.stringify(truncate(text, maxLength)).replace(INVISIBLE_OR_BREAKING, codeUnitEscape);
}

// Inline markup a table cell still parses: escape, emphasis, code, links and images (`[` `]`;
// with them escaped, `(`, `)` and `!` are plain text), strikethrough, the cell separator, HTML
// and entities. Block syntax (`#`, `+`, `>` and the like) cannot start inside a cell.
const MARKDOWN_SPECIAL = /[\\`*_[\]|~<>&]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL = /[\u0000-\u001f]/g;
/** `@name` notifies, `#12` and `owner/repo#12` link (and leave a mark on) another issue. */
const REFERENCE = /@|#(?=\d)/g;
/** Any character one of markdownText's replacements would change: the four classes in one. */
const NEEDS_MARKDOWN_ESCAPE = new RegExp(
  `[${[CONTROL, INVISIBLE_OR_BREAKING, MARKDOWN_SPECIAL, /[@#]/].map((pattern) => pattern.source.slice(1, -1)).join('')}]`,
);
const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Text safe inside a markdown table cell of the job summary or a tracking issue: one line, no
 * markup, no HTML, no @-mention and no issue reference (a zero-width space after `@` or before
 * the number keeps GitHub from notifying whoever a key name names, or linking an issue), and no
 * escape that is not needed, so the text reads as it was written.
 */
export function markdownText(text: string, maxLength = MAX_UNTRUSTED_LENGTH): string {
  const capped = truncate(text, maxLength);
  // Most text needs none of the replacements below: one scan finds out (a summary has hundreds).
  if (!NEEDS_MARKDOWN_ESCAPE.test(capped)) return capped;
  return capped
    .replace(CONTROL, ' ')
    .replace(INVISIBLE_OR_BREAKING, codeUnitEscape)
    .replace(MARKDOWN_SPECIAL, (char) => HTML_ENTITIES[char] ?? `\\${char}`)
    .replace(REFERENCE, (char) => `${char}\u200b`);
}
