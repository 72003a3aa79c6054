import { z } from 'zod';

export { CREATED_KEY_STATE } from './state-names.ts';

const unixSecondsOrNever = z.number().int().nullable();

/** Saved once the create's answer is in: the key, by id. */
export const CreatedKeyState = z.object({
  serviceUserId: z.string(),
  apiKeyId: z.string(),
  apiKeyName: z.string(),
  /** UNIX seconds; null for a key that never expires. */
  expiresAt: unixSecondsOrNever,
});
export type CreatedKeyState = z.infer<typeof CreatedKeyState>;

/**
 * Saved just before the create request is sent, and replaced by a CreatedKeyState once its
 * answer is in: should the job be cancelled in between, the post step finds the key by name.
 */
export const PendingKeyState = z.object({
  serviceUserId: z.string(),
  apiKeyName: z.string(),
  /** Whether the name is unique to this run, so that a key with it is this run's. */
  nameIsUnique: z.boolean(),
  /** UNIX seconds, when the create was sent. */
  sentAt: z.number().int(),
  expiresAt: unixSecondsOrNever,
  // A state with an id is a created key's, never a pending one stripped of its id.
  apiKeyId: z.undefined().optional(),
});
export type PendingKeyState = z.infer<typeof PendingKeyState>;

const SavedKeyState = z.union([CreatedKeyState, PendingKeyState]);

/** The state as `create` saved it; throws when it is anything else. */
export function parseCreatedKeyState(saved: string): CreatedKeyState | PendingKeyState {
  let value: unknown;
  try {
    value = JSON.parse(saved);
  } catch {
    value = undefined;
  }
  const parsed = SavedKeyState.safeParse(value);
  if (!parsed.success) throw new Error('the saved state does not name a key this action created');
  return parsed.data;
}

export function isPending(state: CreatedKeyState | PendingKeyState): state is PendingKeyState {
  return state.apiKeyId === undefined;
}
