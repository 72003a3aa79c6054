/**
 * GitHub's page numbers: `per_page` (default 30, at most 100) and `page` from 1, with the other
 * pages named in a `link` header by absolute URL, the query kept as the caller sent it.
 */

/** GitHub's largest page. */
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 30;

export interface Page<T> {
  items: T[];
  /** The `link` header, or undefined when every item fits one page. */
  link: string | undefined;
}

/** A whole number of at least 1 from a query value; 1 for one that is not a number. */
function positiveWhole(value: string | undefined, fallback: number): number {
  return Math.max(Math.floor(Number(value ?? fallback)) || 1, 1);
}

/** The page the query asks for; `listUrl` is the absolute URL of the listing without a query. */
export function pageOf<T>(
  listed: readonly T[],
  query: Record<string, string>,
  listUrl: string,
): Page<T> {
  const perPage = Math.min(positiveWhole(query.per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = positiveWhole(query.page, 1);
  const lastPage = Math.max(Math.ceil(listed.length / perPage), 1);
  const pageUrl = (n: number): string => {
    const params = new URLSearchParams({ ...query, per_page: String(perPage), page: String(n) });
    return `<${listUrl}?${params.toString()}>`;
  };
  const links: string[] = [];
  if (page < lastPage) {
    links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`);
  }
  if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
  return {
    items: listed.slice((page - 1) * perPage, page * perPage),
    link: links.length > 0 ? links.join(', ') : undefined,
  };
}
