/**
 * The baseline: the least any audit must do. Pages through the keys of each service user, one
 * after another, with Node's own fetch, and parses each page. Plain JavaScript, so that as a
 * process of its own it pays nothing for Node's type stripper.
 * Usage: node bench/bare-fetch-loop.mjs BASE_URL CREDENTIAL SERVICE_USER_ID[,SERVICE_USER_ID…]
 * Prints how many keys it read.
 */
const [baseUrl, credential, serviceUserIds] = process.argv.slice(2);
let keys = 0;
for (const serviceUserId of serviceUserIds.split(',')) {
  let after = null;
  do {
    const url = new URL(`/v3beta1/enterprise/service-users/${serviceUserId}/api-keys`, baseUrl);
    url.searchParams.set('status', 'all');
    url.searchParams.set('first', '200');
    if (after !== null) url.searchParams.set('after', after);
    const response = await fetch(url, { headers: { authorization: `Bearer ${credential}` } });
    const page = await response.json();
    keys += page.items.length;
    after = page.has_next_page ? page.end_cursor : null;
  } while (after !== null);
}
process.stdout.write(`${keys}\n`);
