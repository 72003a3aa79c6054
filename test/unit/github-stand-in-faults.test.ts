/**
 * Hostile and odd answers scripted on any route of the GitHub stand-in: redirects elsewhere,
 * headers of deprecation, and headers added to an answer that is otherwise real.
 */
import { startFakeGitHub, type FakeGitHub } from '../fake-github/server.ts';
import { call, linksOf } from './github-stand-in-calls.ts';

const TOKEN = 'ghs_CANARYfaults9b1c3e';

let github: FakeGitHub;

beforeEach(async () => {
  github = await startFakeGitHub({
    repository: 'acme/widgets',
    token: TOKEN,
    issues: [{ title: 'Existing' }],
    repositories: [{ repository: 'acme/widgets' }, { repository: 'acme/web' }],
  });
});

afterEach(async () => {
  await github.close();
});

test('a 307 to another origin, with GitHub’s redirect body, on any route', async () => {
  const elsewhere = 'https://attacker.example/repos/acme/web/actions/secrets/public-key';
  github.fail(
    {
      path: '/repos/acme/web/actions/secrets/public-key',
      status: 307,
      headers: { location: elsewhere },
    },
    { path: '/orgs/acme/repos', status: 301, headers: { location: `${elsewhere}?page=2` } },
  );

  const secret = await call(`${github.url}/repos/acme/web/actions/secrets/public-key`, TOKEN, {
    redirect: 'manual',
  });
  const listing = await call(`${github.url}/orgs/acme/repos`, TOKEN, { redirect: 'manual' });

  expect(secret.status).toBe(307);
  expect(secret.headers.get('location')).toBe(elsewhere);
  expect(secret.body).toMatchObject({ message: 'Temporary Redirect', url: elsewhere });
  expect(listing.status).toBe(301);
  expect(listing.body).toMatchObject({ message: 'Moved Permanently' });
  // Scripted once each: the next request is answered for real.
  expect((await call(`${github.url}/orgs/acme/repos`, TOKEN)).status).toBe(200);
});

test('headers alone are added to the real answer: deprecation, sunset, a link of its own', async () => {
  github.fail({
    method: 'GET',
    path: /\/issues$/,
    headers: {
      deprecation: '@1767225600',
      sunset: 'Wed, 01 Jul 2026 00:00:00 GMT',
      link: '<https://docs.github.com/changes>; rel="deprecation"',
    },
  });

  const reply = await call(`${github.url}/repos/acme/widgets/issues`, TOKEN);

  expect(reply.status).toBe(200);
  expect((reply.body as { title: string }[]).map((issue) => issue.title)).toEqual(['Existing']);
  expect(reply.headers.get('deprecation')).toBe('@1767225600');
  expect(reply.headers.get('sunset')).toBe('Wed, 01 Jul 2026 00:00:00 GMT');
  expect(linksOf(reply.headers.get('link'))).toEqual({
    deprecation: 'https://docs.github.com/changes',
  });
});

test('a scripted link header replaces the listing’s own, so a hostile next page can be served', async () => {
  github.fail({
    path: '/orgs/acme/repos',
    headers: { link: '<https://attacker.example/orgs/acme/repos?page=2>; rel="next"' },
  });

  const reply = await call(`${github.url}/orgs/acme/repos`, TOKEN);

  expect(reply.status).toBe(200);
  expect((reply.body as unknown[]).length).toBe(2);
  expect(linksOf(reply.headers.get('link')).next).toBe(
    'https://attacker.example/orgs/acme/repos?page=2',
  );
});

test('a status with headers and a raw body, on a route that writes, leaves nothing written', async () => {
  github.fail({
    method: 'PUT',
    status: 502,
    headers: { 'content-type': 'text/html' },
    rawBody: '<html>Bad gateway</html>',
  });

  const response = await fetch(`${github.url}/repos/acme/web/actions/secrets/X`, {
    method: 'PUT',
    headers: { authorization: `token ${TOKEN}` },
    body: '{}',
  });

  expect(response.status).toBe(502);
  expect(response.headers.get('content-type')).toBe('text/html');
  expect(await response.text()).toBe('<html>Bad gateway</html>');
  expect(github.secrets()).toEqual([]);
});
