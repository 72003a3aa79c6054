import { z } from 'zod';

/**
 * What `create` passes to the post step so that it can revoke the key: never the token, since
 * saved state is not masked.
 */
export const CREATED_KEY_STATE = 'created_key';

export const CreatedKeyState = z.object({
  serviceUserId: z.string(),
  apiKeyId: z.string(),
  apiKeyName: z.string(),
  expiresAt: z.number().int().nullable(),
});
export type CreatedKeyState = z.infer<typeof CreatedKeyState>;
