/**
 * The baseline: the least any audit must do, fetch every page with bare undici and parse it.
 * Run as its own process, like the action, so both pay for starting Node. Plain JavaScript:
 * a .ts file would also pay for Node's type stripper and flatter the action's ratio.
 * Usage: node bench/bare-undici-loop.mjs BASE_URL SERVICE_USER_ID CREDENTIAL
 */
import { request } from 'undici';

const [baseUrl, serviceUserId, credential] = process.argv.slice(2);
let after = null;
let keys = 0;
do {
  const url = new URL(`/v3beta1/enterprise/service-users/${serviceUserId}/api-keys`, baseUrl);
  url.searchParams.set('status', 'all');
  url.searchParams.set('first', '200');
  if (after !== null) url.searchParams.set('after', after);
  const response = await request(url, { headers: { authorization: `Bearer ${credential}` } });
  const page = await response.body.json();
  keys += page.items.length;
  after = page.has_next_page ? page.end_cursor : null;
} while (after !== null);
process.stdout.write(`${keys}\n`);
