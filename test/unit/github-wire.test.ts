import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { WireError, gitHubFetch } from '../../src/github/wire.ts';

const ORIGIN = 'http://127.0.0.1:9';

function wire() {
  return gitHubFetch({
    origin: ORIGIN,
    timeoutMs: 1_000,
    maxRetries: 0,
    maxWaitMs: 60_000,
    secondMs: 10,
    now: Date.now,
    sleep: () => Promise.resolve(),
    random: () => 0,
    dispatcher: new Agent(),
    env: {},
    onWait: () => undefined,
  });
}

describe('addresses the wire is asked to fetch', () => {
  test('one off GITHUB_API_URL origin is refused as a wire error', async () => {
    await expect(wire()('https://elsewhere.example/x')).rejects.toThrow(WireError);
  });

  // Known bug in wire.ts: the address is parsed before any guard, so one that is no URL (a
  // page link GitHub's answer named, which Octokit joins to GITHUB_API_URL, as
  // "http://127.0.0.1:9::error::x") throws the URL parser's TypeError ("Invalid URL"), which
  // Octokit then reports as a failed request of status 500. It should be refused as the
  // off-origin address is, saying that the answer named an address that is not a URL. When
  // wire.ts is fixed, this becomes a plain test.
  test.failing('one that is no URL is refused as a wire error', async () => {
    await expect(wire()(`${ORIGIN}::error title=forged::x`)).rejects.toThrow(WireError);
  });
});

describe('a refusal by a limit whose body is slow to arrive', () => {
  // The first call is refused with retry-after at once, its body a moment later; a second call of
  // the same token starts in between. The wait is in the headers, so the gate must close on
  // them, not once the body has been read.
  const arrivals: { path: string; atMs: number }[] = [];
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      arrivals.push({ path: request.url ?? '', atMs: Date.now() });
      if (request.url === '/refused' && arrivals.length === 1) {
        response.writeHead(403, { 'retry-after': '30', 'content-type': 'application/json' });
        response.flushHeaders();
        setTimeout(
          () => response.end('{"message":"You have exceeded a secondary rate limit."}'),
          300,
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  test('the second call is not sent before the wait has passed', async () => {
    const dispatcher = new Agent();
    const fetch = gitHubFetch({
      origin,
      timeoutMs: 5_000,
      maxRetries: 0,
      maxWaitMs: 60_000,
      secondMs: 10,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: () => 0,
      dispatcher,
      env: {},
      onWait: () => undefined,
    });
    const refused = fetch(`${origin}/refused`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = fetch(`${origin}/second`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refusedAt = arrivals.find(({ path }) => path === '/refused')?.atMs ?? 0;
    // Sent at ~100 ms, inside the wait of 30 × 10 ms that the headers named at ~0 ms.
    expect(arrivals.filter(({ path }) => path === '/second')).toEqual([]);
    const { status } = await second;
    expect(status).toBe(200);
    expect(arrivals.find(({ path }) => path === '/second')?.atMs).toBeGreaterThanOrEqual(
      refusedAt + 300,
    );
    expect((await refused).status).toBe(200);
    await dispatcher.close();
  });
});
