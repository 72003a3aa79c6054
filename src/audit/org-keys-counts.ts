/**
 * The counts only an audit of organization keys (v2) gives, besides the v3 audit's own (of
 * which v2 fills key_count and active_count: it lists active keys only). Its own module: the
 * registry reads it at start, without the tally.
 */
export const ORG_KEY_COUNT_NAMES = [
  'aged_count',
  'service_key_count',
  'personal_key_count',
] as const;
export type OrgKeyCountName = (typeof ORG_KEY_COUNT_NAMES)[number];
