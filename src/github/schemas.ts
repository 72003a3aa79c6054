import { z } from 'zod';

// GitHub's answers, parsed like Devin's: a field the action uses that is missing or of another
// type is an error that names it, never a value taken on trust. Objects are not strict: fields
// GitHub adds later are ignored.

/** An X25519 public key: 32 bytes, in base64 (44 characters with its padding). */
export const PublicKeyAnswer = z.object({
  key_id: z.string().min(1),
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});

/** An issue number: a positive integer, never text (it is printed and put into paths). */
const IssueNumber = z.number().int().positive();

/** An issue as a listing of issues gives it: what finding the tracking issue needs. */
export const ListedIssue = z.object({
  number: IssueNumber,
  body: z.string().nullish(),
  pull_request: z.unknown().optional(),
  user: z.object({ type: z.string().optional() }).nullish(),
  author_association: z.string().optional(),
});
export const IssuePage = z.array(ListedIssue);

export const CreatedIssue = z.object({ number: IssueNumber });

/** A repository as GitHub's listings give it: what selecting repositories needs. */
export const ListedRepository = z.object({
  full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  archived: z.boolean().default(false),
  disabled: z.boolean().default(false),
  topics: z.array(z.string()).default([]),
});
export type ListedRepository = z.infer<typeof ListedRepository>;
export const RepositoryPage = z.array(ListedRepository);
export const InstallationRepositoryPage = z.object({ repositories: RepositoryPage });

/** An owner of repositories: an organization or a user. */
export const Owner = z.object({ type: z.string() });

/** One secret's metadata; its value can never be read. */
export const SecretMetadata = z.object({
  name: z.string(),
  created_at: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time'),
  updated_at: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time'),
});
