import { setImmediate as nextTurn } from 'node:timers/promises';
import { DevinApiError, couldNot } from './errors.ts';
import { quoteUntrusted } from '../base/untrusted.ts';

/** The most the API serves in one page (api/README.md, "Paging"). */
export const PAGE_SIZE = 200;
/** A million keys for one service user: past this, the API is looping, not listing. */
const MAX_PAGES = 5_000;

/** One page of a cursor-paged v3 listing (api/README.md, "Paging"). */
interface Page<Item> {
  items: Item[];
  end_cursor?: string | null | undefined;
  has_next_page: boolean;
}

type FetchPage<Item> = (after: string | undefined) => Promise<Page<Item>>;

/**
 * Reads every page, handing each page's items to `visit` as it arrives (so a large listing
 * is never held twice). The next page is asked for before this one is visited, so the API
 * prepares it while the items are worked through; still one request at a time. Stops on
 * `has_next_page: false`; more pages without a cursor is an error rather than a short listing,
 * and a cursor seen before, or more than `maxPages` pages, is an error rather than an endless
 * loop.
 */
export async function forEachPage<Item>(
  fetchPage: FetchPage<Item>,
  visit: (items: Item[]) => void,
  describe: string,
  maxPages = MAX_PAGES,
): Promise<number> {
  const seenCursors = new Set<string>();
  let nextPage = fetchPage(undefined);
  for (let pages = 1; ; pages++) {
    const page = await nextPage;
    const cursor = page.end_cursor;
    if (!page.has_next_page) {
      visit(page.items);
      return pages;
    }
    if (cursor === null || cursor === undefined || cursor === '') {
      throw brokenListing(describe, noCursorAfter(pages));
    }
    if (seenCursors.has(cursor)) throw brokenListing(describe, cursorRepeated(cursor, pages));
    if (pages >= maxPages) throw brokenListing(describe, tooManyPages(pages));
    seenCursors.add(cursor);
    nextPage = fetchPage(cursor);
    // Awaited on the next round, unless visiting this page fails first: then the failure to
    // report is that one, and the page in flight no longer matters.
    nextPage.catch(() => undefined);
    // undici writes a request on a kept-alive connection only in the event loop's check phase
    // (it first looks for stray bytes on the idle socket): yield until then, so that the next
    // page is on its way while this one is worked through, not after.
    await nextTurn();
    visit(page.items);
  }
}

/** One page of a v2 listing, numbered from 1 (api/README.md, v2). */
interface NumberedPage<Item> {
  items: Item[];
  has_more: boolean;
  next_cursor?: number | null | undefined;
}

/**
 * `forEachPage` over a page-numbered v2 listing, with the same guards; a next page that is not
 * past the current one would list pages again, so it is an error too.
 */
export async function forEachNumberedPage<Item>(
  fetchPage: (page: number) => Promise<NumberedPage<Item>>,
  visit: (items: Item[]) => void,
  describe: string,
  maxPages = MAX_PAGES,
): Promise<number> {
  const fetchCursorPage = async (after: string | undefined): Promise<Page<Item>> => {
    const current = after === undefined ? 1 : Number(after);
    const page = await fetchPage(current);
    const next = page.next_cursor;
    if (page.has_more && next !== null && next !== undefined && next <= current) {
      throw brokenListing(describe, pageWentBack(current, next));
    }
    const cursor = next === null || next === undefined ? null : String(next);
    return { items: page.items, has_next_page: page.has_more, end_cursor: cursor };
  };
  return forEachPage(fetchCursorPage, visit, describe, maxPages);
}

function pageWentBack(current: number, next: number): string {
  return (
    `page ${current} names page ${next} as the next one; the listing would never end, so the ` +
    'action stopped.'
  );
}

/** A listing the API broke off; it may not happen again. */
function brokenListing(describe: string, problem: string): DevinApiError {
  const fix = 'run the job again; if it happens again, report it to Devin support.';
  return new DevinApiError(couldNot(`list ${describe}`, { problem, fix }));
}

function noCursorAfter(page: number): string {
  return (
    `page ${page} says more pages follow (has_next_page: true) but gives no cursor (end_cursor) ` +
    'to ask for them, so the listing cannot be completed and any count would be short.'
  );
}

function cursorRepeated(cursor: string, pages: number): string {
  return (
    `the API gave the cursor ${quoteUntrusted(cursor)} a second time, after ${pages} pages; ` +
    'the listing would never end, so the action stopped.'
  );
}

function tooManyPages(pages: number): string {
  return (
    `the API still had more pages after ${pages}, more than any real listing; the action ` +
    'stopped to avoid an endless loop.'
  );
}
