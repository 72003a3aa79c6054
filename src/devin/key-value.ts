/**
 * What the v2 listing's `api_key_value` says of a key whose value the action holds. The
 * reference leaves open whether it is the whole key or a masked form, so both are read: a
 * masked form (`apk_****wxyz`) can only say that a key may be the one, never that it is.
 */
export type ValueMatch = 'same' | 'maybe' | 'other' | 'unknown';

/** A run of `*` (or `•`) stands for the hidden part of a masked value. */
const HIDDEN_PART = /[*•]+/;

export function matchKeyValue(
  listed: string | null | undefined,
  token: string | undefined,
): ValueMatch {
  if (token === undefined || listed === null || listed === undefined || listed === '') {
    return 'unknown';
  }
  if (listed === token) return 'same';
  const hidden = HIDDEN_PART.exec(listed);
  if (hidden === null) return 'other';
  const shown = listed.slice(0, hidden.index);
  const tail = listed.slice(hidden.index + hidden[0].length);
  const fits =
    shown.length + tail.length < token.length && token.startsWith(shown) && token.endsWith(tail);
  return fits ? 'maybe' : 'other';
}
