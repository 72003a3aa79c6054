/**
 * What `create` passes to the post step so that it can revoke the key: never the token, since
 * saved state is not masked.
 */
export const CREATED_KEY_STATE = 'created_key';

export interface CreatedKeyState {
  serviceUserId: string;
  apiKeyId: string;
  apiKeyName: string;
  /** UNIX seconds; null for a key that never expires. */
  expiresAt: number | null;
}

function isCreatedKeyState(value: unknown): value is CreatedKeyState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    typeof state.serviceUserId === 'string' &&
    typeof state.apiKeyId === 'string' &&
    typeof state.apiKeyName === 'string' &&
    (state.expiresAt === null || Number.isInteger(state.expiresAt))
  );
}

/** The state as `create` saved it; throws when it is anything else. */
export function parseCreatedKeyState(saved: string): CreatedKeyState {
  let value: unknown;
  try {
    value = JSON.parse(saved);
  } catch {
    value = undefined;
  }
  if (!isCreatedKeyState(value)) {
    throw new Error('the saved state does not name a key this action created');
  }
  return value;
}
