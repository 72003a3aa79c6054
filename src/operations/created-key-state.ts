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

/**
 * Saved just before the create request is sent, and replaced by a CreatedKeyState once its
 * answer is in: should the job be cancelled in between, the post step finds the key by name.
 */
export interface PendingKeyState {
  serviceUserId: string;
  apiKeyName: string;
  /** Whether the name is unique to this run, so that a key with it is this run's. */
  nameIsUnique: boolean;
  /** UNIX seconds, when the create was sent. */
  sentAt: number;
  expiresAt: number | null;
}

const isExpiry = (value: unknown): boolean => value === null || Number.isInteger(value);

function isCreatedKeyState(state: Record<string, unknown>): boolean {
  return (
    typeof state.serviceUserId === 'string' &&
    typeof state.apiKeyId === 'string' &&
    typeof state.apiKeyName === 'string' &&
    isExpiry(state.expiresAt)
  );
}

function isPendingKeyState(state: Record<string, unknown>): boolean {
  return (
    state.apiKeyId === undefined &&
    typeof state.serviceUserId === 'string' &&
    typeof state.apiKeyName === 'string' &&
    typeof state.nameIsUnique === 'boolean' &&
    Number.isInteger(state.sentAt) &&
    isExpiry(state.expiresAt)
  );
}

/** The state as `create` saved it; throws when it is anything else. */
export function parseCreatedKeyState(saved: string): CreatedKeyState | PendingKeyState {
  let value: unknown;
  try {
    value = JSON.parse(saved);
  } catch {
    value = undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const state = value as Record<string, unknown>;
    if (isCreatedKeyState(state)) return state as unknown as CreatedKeyState;
    if (isPendingKeyState(state)) return state as unknown as PendingKeyState;
  }
  throw new Error('the saved state does not name a key this action created');
}

export function isPending(state: CreatedKeyState | PendingKeyState): state is PendingKeyState {
  return !('apiKeyId' in state);
}
