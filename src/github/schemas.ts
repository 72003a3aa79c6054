import { z } from 'zod';
import { quoteUntrusted } from '../base/untrusted.ts';

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
/**
 * A page of `GET /installation/repositories` as Octokit's paging hands it on: GitHub answers
 * `{total_count, repositories}`, and the paging takes the list out of that envelope.
 */
export const InstallationRepositoryPage = RepositoryPage.transform((repositories) => ({
  repositories,
}));

/** An owner of repositories: an organization or a user. */
export const Owner = z.object({ type: z.string() });

/** One secret's metadata; its value can never be read. */
export const SecretMetadata = z.object({
  name: z.string(),
  created_at: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time'),
  updated_at: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time'),
});

/** Keys beside the list in a listing's envelope, as Octokit's paging reads one. */
const ENVELOPE_KEYS = new Set([
  'incomplete_results',
  'repository_selection',
  'total_count',
  'total_commits',
]);

/** What a body that is no JSON object or list is, as a phrase: "text: \"<html>…\"". */
function describeBody(data: unknown): string {
  if (data === undefined || data === '') return 'empty';
  if (typeof data === 'string') return `text: ${quoteUntrusted(data, 60)}`;
  if (data instanceof ArrayBuffer) return 'binary';
  if (data === null) return 'null';
  return typeof data === 'object' ? 'an object' : `a ${typeof data}`;
}

/**
 * Why the body of an answer to a GET cannot be GitHub's, or undefined when it may be: every GET
 * the action makes is answered with a JSON object or list. Octokit hands on a body that is not
 * JSON as text, and its paging reads each page before the action does: it takes a listing out
 * of its envelope (an object with `total_count` and no `url`, the list under its first other
 * key), fails with a TypeError of its own on a page that is no object, and takes an empty one
 * for an empty list. Such an answer is refused before.
 */
export function unreadableBody(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || data instanceof ArrayBuffer) {
    return `is not a JSON object or list (it is ${describeBody(data)})`;
  }
  if (Array.isArray(data) || !('total_count' in data || 'total_commits' in data) || 'url' in data) {
    return undefined;
  }
  const listKey = Object.keys(data).find((key) => !ENVELOPE_KEYS.has(key));
  if (listKey === undefined) return 'is a listing that holds no list (no field but its counts)';
  const list: unknown = (data as Record<string, unknown>)[listKey];
  if (Array.isArray(list)) return undefined;
  return `is a listing whose ${quoteUntrusted(listKey)} is no list (it is ${describeBody(list)})`;
}
