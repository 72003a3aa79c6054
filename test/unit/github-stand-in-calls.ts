/**
 * Plain `fetch` against the GitHub stand-in, for its own tests: nothing of the action's client,
 * so what these tests prove is what the stand-in answers on the wire.
 */
export interface Reply {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when there is none. */
  body: unknown;
}

export async function call(
  url: string,
  token: string,
  init: { method?: string; body?: unknown; redirect?: 'follow' | 'manual' | 'error' } = {},
): Promise<Reply> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    redirect: init.redirect ?? 'follow',
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** The URLs of a `link` header by rel. */
export function linksOf(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (match?.[1] !== undefined && match[2] !== undefined) links[match[2]] = match[1];
  }
  return links;
}

/** Follows `rel="next"` from the first page to the last; every page's reply, in order. */
export async function allPages(firstUrl: string, token: string): Promise<Reply[]> {
  const pages: Reply[] = [];
  let next: string | undefined = firstUrl;
  while (next !== undefined) {
    if (pages.length > 50) throw new Error('more than 50 pages: the links go round');
    const page = await call(next, token);
    pages.push(page);
    next = linksOf(page.headers.get('link')).next;
  }
  return pages;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
