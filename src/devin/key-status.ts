/** The `status` filter of a key listing (api/devin-keys.openapi.yaml). */
export const KEY_STATUS_FILTERS = ['active', 'revoked', 'expired', 'all'] as const;
export type KeyStatusFilter = (typeof KEY_STATUS_FILTERS)[number];
