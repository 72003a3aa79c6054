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

/**
 * Every secret this process has masked. The runner masks only whole values, so a secret cut in
 * two by `truncate` would show in part: each is removed before any text is cut.
 */
const knownSecrets = new Set<string>();

/** Called for every value the runner is asked to mask (see `maskSecret`). */
export function rememberSecret(secret: string): void {
  if (secret !== '') knownSecrets.add(secret);
}

function withoutSecrets(text: string): string {
  let clean = text;
  for (const secret of knownSecrets) {
    if (clean.includes(secret)) clean = clean.split(secret).join('***');
  }
  return clean;
}

function truncate(text: string, maxLength: number): string {
  const clean = withoutSecrets(text);
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}

/** The runner's legacy command form, `##[name …]`, which it finds anywhere in a line. */
const LEGACY_COMMAND = /##\[/g;

/**
 * A double-quoted, escaped, length-capped rendering: it holds no line break and starts with a
 * quote, so no part of it can stand at the start of a line, where the runner looks for `::`
 * commands; and no `##[`, which the runner looks for anywhere (its second `#` is written as the
 * JSON escape \u0023).
 */
export function quoteUntrusted(text: string, maxLength = MAX_UNTRUSTED_LENGTH): string {
  return JSON.stringify(truncate(text, maxLength))
    .replace(INVISIBLE_OR_BREAKING, codeUnitEscape)
    .replace(LEGACY_COMMAND, '#\\u0023[');
}

// Inline markup a table cell still parses: escape, emphasis, code, links and images (`[` `]`;
// with them escaped, `(`, `)` and `!` are plain text), strikethrough, the cell separator, HTML
// and entities. Block syntax (`#`, `+`, `>` and the like) cannot start inside a cell.
const MARKDOWN_SPECIAL = /[\\`*_[\]|~<>&]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL = /[\u0000-\u001f]/g;
/** `@name` notifies, `#12` and `owner/repo#12` link (and leave a mark on) another issue. */
const REFERENCE = /@|#(?=\d)/g;
/**
 * What GitHub turns into a link without any markup: `www.` and a scheme's `:` (emails are
 * covered by the `@` above). A zero-width space after them keeps the text from being a link.
 */
const AUTOLINK = /\bwww(?=\.)|\b(?:https?|ftp|mailto|xmpp):/gi;
/** Any character one of markdownText's replacements would change: the five classes in one. */
const ESCAPED_CLASSES = [CONTROL, INVISIBLE_OR_BREAKING, MARKDOWN_SPECIAL, /[@#:]/];
const NEEDS_MARKDOWN_ESCAPE = new RegExp(
  `[${ESCAPED_CLASSES.map((pattern) => pattern.source.slice(1, -1)).join('')}]|www\\.`,
  'i',
);
const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Text safe inside a markdown table cell of the job summary or a tracking issue: one line, no
 * markup, no HTML, no @-mention, no issue reference and no bare link (a zero-width space after
 * `@`, before the number or inside `https:` and `www.` keeps GitHub from notifying whoever a key
 * name names, linking an issue or linking a page), and no
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
    .replace(REFERENCE, (char) => `${char}\u200b`)
    .replace(AUTOLINK, (word) => `${word}\u200b`);
}

/** A line break, in any form, ends a table row: within a span it becomes a space. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const LINE_BREAKING = /[\u0000-\u001f]/g;

/**
 * Text as a code span of the job summary: nothing inside is markup, a mention, a reference or a
 * link, yet it reads, and copies, as written (a URL stays a working URL). The fence is longer
 * than any run of backticks inside; a table cell still splits at `|`, so that one is escaped.
 */
export function markdownCode(text: string, maxLength = MAX_UNTRUSTED_LENGTH): string {
  const inner = truncate(text, maxLength)
    .replace(LINE_BREAKING, ' ')
    .replace(INVISIBLE_OR_BREAKING, codeUnitEscape)
    .replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A span drops one space at each end, which keeps a backtick at an end apart from the fence.
  const padding = inner.startsWith('`') || inner.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${inner}${padding}${fence}`;
}
