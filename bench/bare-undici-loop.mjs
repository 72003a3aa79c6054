/**
 * The baseline: the least any audit must do, fetch every page with bare undici and parse it.
 * Plain JavaScript, so that run as its own process it pays nothing for Node's type stripper.
 * Usage: node bench/bare-undici-loop.mjs BASE_URL SERVICE_USER_ID CREDENTIAL
 */
import { Agent, request } from 'undici';

/**
 * Fetches every page of a service user's keys over a connection of its own, as the action
 * does; returns how many keys there were.
 */
export async function fetchAllKeys(baseUrl, serviceUserId, credential) {
  const dispatcher = new Agent();
  let after = null;
  let keys = 0;
  do {
    const url = new URL(`/v3beta1/enterprise/service-users/${serviceUserId}/api-keys`, baseUrl);
    url.searchParams.set('status', 'all');
    url.searchParams.set('first', '200');
    if (after !== null) url.searchParams.set('after', after);
    const response = await request(url, {
      headers: { authorization: `Bearer ${credential}` },
      dispatcher,
    });
    const page = await response.body.json();
    keys += page.items.length;
    after = page.has_next_page ? page.end_cursor : null;
  } while (after !== null);
  await dispatcher.close();
  return keys;
}

if (import.meta.main) {
  const [baseUrl, serviceUserId, credential] = process.argv.slice(2);
  process.stdout.write(`${await fetchAllKeys(baseUrl, serviceUserId, credential)}\n`);
}
