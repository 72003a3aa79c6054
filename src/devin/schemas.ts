import { z } from 'zod';

// Response shapes from api/devin-keys.openapi.yaml. Objects are not strict: fields the API adds
// later are ignored, while a missing or mistyped field is an error that names it.

const unixSeconds = z.number().int();

/**
 * A minting answer's other strings must not hold its secret: they become outputs and state,
 * which the runner does not mask. Such an answer is refused (it cannot be right), and the
 * client's handling of a minting answer it cannot read says that a key most likely exists.
 */
function holdsSecretOnlyIn<Answer extends Record<string, unknown>>(
  secretField: keyof Answer & string,
) {
  return (answer: Answer, context: z.RefinementCtx): void => {
    const secret = answer[secretField];
    if (typeof secret !== 'string' || secret === '') return;
    for (const [field, value] of Object.entries(answer)) {
      if (field === secretField || typeof value !== 'string' || !value.includes(secret)) continue;
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `holds the ${secretField}, which the API never puts there, so the answer is refused`,
      });
    }
  };
}

export const ServiceKeyResponse = z
  .object({
    api_key: z.string().min(1),
    org_id: z.string(),
  })
  .superRefine(holdsSecretOnlyIn('api_key'));
export type ServiceKeyResponse = z.infer<typeof ServiceKeyResponse>;

export const ApiKeyResponse = z.object({
  api_key_id: z.string(),
  api_key_name: z.string(),
  created_at: unixSeconds,
  expires_at: unixSeconds.nullable(),
  is_active: z.boolean(),
  last_used_at: unixSeconds.nullable(),
  revoked_at: unixSeconds.nullable(),
});
export type ApiKeyResponse = z.infer<typeof ApiKeyResponse>;

export const ApiKeyPage = z.object({
  items: z.array(ApiKeyResponse),
  end_cursor: z.string().nullish(),
  has_next_page: z.boolean().default(false),
  total: z.number().int().nullish(),
});
export type ApiKeyPage = z.infer<typeof ApiKeyPage>;

export const ApiKeyWithTokenResponse = z
  .object({
    api_key_id: z.string(),
    api_key_name: z.string(),
    token: z.string().min(1),
  })
  .superRefine(holdsSecretOnlyIn('token'));
export type ApiKeyWithTokenResponse = z.infer<typeof ApiKeyWithTokenResponse>;

export const SelfResponse = z.object({
  principal_type: z.string(),
  service_user_id: z.string().nullish(),
  service_user_name: z.string().nullish(),
  org_id: z.string().nullish(),
});
export type SelfResponse = z.infer<typeof SelfResponse>;

/** A member of the enterprise that is a service user; `expires_at` null: it never expires. */
export const ServiceUser = z.object({
  service_user_id: z.string(),
  name: z.string(),
  expires_at: unixSeconds.nullable(),
});
export type ServiceUser = z.infer<typeof ServiceUser>;

export const ServiceUserPage = z.object({
  items: z.array(ServiceUser),
  end_cursor: z.string().nullish(),
  has_next_page: z.boolean().default(false),
  total: z.number().int().nullish(),
});
export type ServiceUserPage = z.infer<typeof ServiceUserPage>;

/** An ISO 8601 time as v2 writes it (`2026-11-24T12:00:00Z`), as UNIX seconds. */
const isoSeconds = z
  .string()
  .refine((text) => Number.isFinite(Date.parse(text)), 'Invalid ISO 8601 time')
  .transform((text) => Math.floor(Date.parse(text) / 1000));

/**
 * A key of the enterprise as v2 lists it, without its value: what an audit reads. Leaving
 * `api_key_value` out of the parser keeps it out of everything the action holds.
 */
export const EnterpriseKey = z.object({
  id: z.string(),
  org_id: z.string(),
  org_name: z.string().nullish(),
  user_id: z.string().nullish(),
  user_email: z.string().nullish(),
  is_service_key: z.boolean(),
  created_at: isoSeconds,
});
export type EnterpriseKey = z.infer<typeof EnterpriseKey>;

/** The same with `api_key_value`, a secret (the whole key or a masked form of it). */
export const EnterpriseKeyWithValue = EnterpriseKey.extend({
  api_key_value: z.string().nullish(),
});
export type EnterpriseKeyWithValue = z.infer<typeof EnterpriseKeyWithValue>;

const enterpriseKeyPage = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    total: z.number().int().nullish(),
    has_more: z.boolean(),
    /** The next page's number, or null. */
    next_cursor: z.number().int().nullish(),
  });

export const EnterpriseKeyPage = enterpriseKeyPage(EnterpriseKey);
export type EnterpriseKeyPage = z.infer<typeof EnterpriseKeyPage>;
export const EnterpriseKeyWithValuePage = enterpriseKeyPage(EnterpriseKeyWithValue);
export type EnterpriseKeyWithValuePage = z.infer<typeof EnterpriseKeyWithValuePage>;

export const SuccessResponse = z.object({ status: z.string().optional() });

// Error bodies come in three shapes (api/README.md, "Errors").

const ValidationItem = z.object({
  loc: z.array(z.union([z.string(), z.number()])).default([]),
  msg: z.string(),
});

/** FastAPI's 422 body. */
export const ValidationErrorBody = z.object({ detail: z.array(ValidationItem).min(1) });

/** The legacy `{detail: "text"}`. */
export const LegacyErrorBody = z.object({ detail: z.string() });

/** RFC 9457 problem details, v3's error body. */
export const ProblemDetailBody = z.object({
  title: z.string(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  errors: z.array(ValidationItem).optional(),
});
