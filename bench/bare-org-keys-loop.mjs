/**
 * The baseline of the v2 audit: the least it must do. Pages through the enterprise's keys with
 * Node's own fetch (100 a page, v2's most), and parses each page. Plain JavaScript, so that as a
 * process of its own it pays nothing for Node's type stripper.
 * Usage: node bench/bare-org-keys-loop.mjs BASE_URL PERSONAL_KEY
 * Prints how many keys it read.
 */
const [baseUrl, personalKey] = process.argv.slice(2);
let keys = 0;
for (let page = 1; page !== null;) {
  const url = new URL('/v2/enterprise/api-keys', baseUrl);
  url.searchParams.set('page', String(page));
  url.searchParams.set('per_page', '100');
  const response = await fetch(url, { headers: { authorization: `Bearer ${personalKey}` } });
  const body = await response.json();
  keys += body.items.length;
  page = body.has_more ? body.next_cursor : null;
}
process.stdout.write(`${keys}\n`);
