/**
 * The baseline of a sync where nothing is due: the reads it cannot do without, with Node's own
 * fetch, at the action's read concurrency (8: GitHub asks clients to keep requests few). The
 * service user's keys, the owner and its repositories (every page), then each repository's
 * secret metadata. Plain JavaScript, so that as a process it pays nothing for type stripping.
 * Usage: node bench/bare-sync-reads.mjs DEVIN_URL CREDENTIAL SERVICE_USER GITHUB_URL TOKEN SECRET
 * Prints how many secrets it read.
 */
const [devinUrl, credential, serviceUser, githubUrl, token, secret] = process.argv.slice(2);
const CONCURRENCY = 8;
const github = { authorization: `token ${token}`, accept: 'application/vnd.github+json' };

let after = null;
do {
  const url = new URL(`/v3beta1/enterprise/service-users/${serviceUser}/api-keys`, devinUrl);
  url.searchParams.set('status', 'active');
  url.searchParams.set('first', '200');
  if (after !== null) url.searchParams.set('after', after);
  const page = await (
    await fetch(url, { headers: { authorization: `Bearer ${credential}` } })
  ).json();
  after = page.has_next_page ? page.end_cursor : null;
} while (after !== null);

await (await fetch(new URL('/users/acme', githubUrl), { headers: github })).json();
const repositories = [];
for (let next = new URL('/orgs/acme/repos?type=all&per_page=100', githubUrl); next !== null;) {
  const answer = await fetch(next, { headers: github });
  repositories.push(...(await answer.json()).map((repository) => repository.full_name));
  const link = /<([^>]+)>;\s*rel="next"/.exec(answer.headers.get('link') ?? '');
  next = link === null ? null : new URL(link[1]);
}

let read = 0;
let index = 0;
async function worker() {
  while (index < repositories.length) {
    const repository = repositories[index++];
    const answer = await fetch(
      new URL(`/repos/${repository}/actions/secrets/${secret}`, githubUrl),
      {
        headers: github,
      },
    );
    await answer.json();
    read++;
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
process.stdout.write(`${read}\n`);
