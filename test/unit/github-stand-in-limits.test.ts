/**
 * The GitHub stand-in enforces GitHub's rate limits, scaled down in time, and records whether a
 * client waited as it was told: the proof a benchmark or an end-to-end test leans on.
 */
import {
  leastTimeAllowedMs,
  startFakeGitHub,
  type FakeGitHub,
  type RateLimitOptions,
} from '../fake-github/server.ts';
import { call, sleep, type Reply } from './github-stand-in-calls.ts';

const INSTALLATION = 'ghs_CANARYlimits1d4f7a';
const PERSON = 'ghp_CANARYlimitsperson8e2b';
/** Added to every wait a polite client makes: clocks and timers are not exact. */
const MARGIN_MS = 25;

let github: FakeGitHub;
const started: FakeGitHub[] = [];

async function start(rateLimits: RateLimitOptions): Promise<void> {
  github = await startFakeGitHub({
    repository: 'acme/web',
    tokens: [{ token: INSTALLATION }, { token: PERSON, rateLimit: 1 }],
    repositories: [{ repository: 'acme/web' }, { repository: 'acme/api' }],
    rateLimits,
  });
  started.push(github);
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

const get = (path: string, token = INSTALLATION): Promise<Reply> =>
  call(`${github.url}${path}`, token);

const rateHeaders = (reply: Reply) => ({
  limit: reply.headers.get('x-ratelimit-limit'),
  remaining: reply.headers.get('x-ratelimit-remaining'),
  used: reply.headers.get('x-ratelimit-used'),
  resource: reply.headers.get('x-ratelimit-resource'),
});

/** Waits until the `x-ratelimit-reset` an answer named has passed. */
async function waitForReset(reply: Reply): Promise<void> {
  const resetMs = Number(reply.headers.get('x-ratelimit-reset')) * 1000;
  await sleep(Math.max(resetMs - Date.now(), 0) + MARGIN_MS);
}

/** Waits as long as the `retry-after` of an answer asks. */
async function waitRetryAfter(reply: Reply): Promise<void> {
  await sleep(Number(reply.headers.get('retry-after')) * 1000 + MARGIN_MS);
}

const PRIMARY_MESSAGE =
  /^API rate limit exceeded for installation ID \d+\. If you reach out to GitHub Support for help, please include the request ID (\S+) and timestamp \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/;
const SECONDARY_MESSAGE =
  /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\. If you reach out to GitHub Support for help, please include the request ID (\S+)\.$/;
const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

describe('with no limits configured', () => {
  test('answers carry the rate headers they always did and a request id, and nothing is refused', async () => {
    await start({});
    const replies = await Promise.all(Array.from({ length: 20 }, () => get('/repos/acme/web')));

    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(rateHeaders(replies[19] as Reply)).toEqual({
      limit: '1000',
      remaining: '999',
      used: null,
      resource: null,
    });
    expect(replies[0]?.headers.get('x-github-request-id')).toMatch(/^[0-9A-F:]+$/);
    expect(github.politeness().violations).toEqual([]);
  });
});

describe('the primary limit: a budget per token per window', () => {
  test('counted on every answer; used up, 403 with remaining 0 until the reset, then a fresh budget', async () => {
    await start({ primary: { limit: 3, windowMs: 1000 } });
    const allowed = [];
    for (let n = 0; n < 3; n++) allowed.push(await get('/repos/acme/web'));

    expect(allowed.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(allowed.map(rateHeaders)).toEqual(
      ['2', '1', '0'].map((remaining, index) => ({
        limit: '3',
        remaining,
        used: String(index + 1),
        resource: 'core',
      })),
    );
    const resets = allowed.map((reply) => reply.headers.get('x-ratelimit-reset'));
    expect(new Set(resets).size).toBe(1);
    expect(Number(resets[0])).toBeGreaterThan(Date.now() / 1000);
    expect(Number.isInteger(Number(resets[0]))).toBe(true);

    const refused = await get('/repos/acme/api/actions/secrets/public-key');
    expect(refused.status).toBe(403);
    expect(rateHeaders(refused)).toEqual({
      limit: '3',
      remaining: '0',
      used: '3',
      resource: 'core',
    });
    expect(refused.headers.get('x-ratelimit-reset')).toBe(resets[0]);
    const body = refused.body as { message: string; documentation_url: string };
    expect(body.message).toMatch(PRIMARY_MESSAGE);
    expect(PRIMARY_MESSAGE.exec(body.message)?.[1]).toBe(
      refused.headers.get('x-github-request-id'),
    );
    expect(body.documentation_url).toBe(
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    );

    await waitForReset(refused);
    const afterReset = await get('/repos/acme/web');
    expect(afterReset.status).toBe(200);
    expect(rateHeaders(afterReset)).toMatchObject({ remaining: '2', used: '1' });
    expect(Number(afterReset.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Number(resets[0]));

    // The refused request was sent after an answer said remaining 0: the recorder caught it.
    expect(github.politeness().violations).toMatchObject([
      {
        token: INSTALLATION,
        method: 'GET',
        path: '/repos/acme/api/actions/secrets/public-key',
        reason: 'x-ratelimit-reset',
        waitUntilMs: Number(resets[0]) * 1000,
      },
    ]);
  });

  test('429 when configured so; each token has its own budget, and may have its own size', async () => {
    await start({ primary: { limit: 5, windowMs: 60_000, status: 429 } });

    expect((await get('/repos/acme/web', PERSON)).status).toBe(200);
    const refused = await get('/repos/acme/web', PERSON);
    expect(refused.status).toBe(429);
    expect(rateHeaders(refused)).toEqual({
      limit: '1',
      remaining: '0',
      used: '1',
      resource: 'core',
    });
    expect((refused.body as { message: string }).message).toMatch(
      /^API rate limit exceeded for user ID \d+\./,
    );
    const other = await get('/repos/acme/web', INSTALLATION);
    expect(other.status).toBe(200);
    expect(rateHeaders(other)).toMatchObject({ limit: '5', remaining: '4' });
  });
});

describe('the secondary limit: points per endpoint per window', () => {
  test('a GET costs 1 and one route is one endpoint whatever it names; refused with retry-after, honoured, then served', async () => {
    await start({ secondary: { points: 3, windowMs: 1000 } });
    const allowed = [
      await get('/repos/acme/web/actions/secrets/ONE'),
      await get('/repos/acme/api/actions/secrets/TWO'),
      await get('/repos/ACME/web/actions/secrets/THREE'),
    ];
    expect(allowed.map((reply) => reply.status)).toEqual([404, 404, 404]);

    const refused = await get('/repos/acme/api/actions/secrets/FOUR');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({
      message: expect.stringMatching(SECONDARY_MESSAGE) as unknown,
      documentation_url: SECONDARY_DOCS,
      status: '403',
    });

    await waitRetryAfter(refused);
    expect((await get('/repos/acme/api/actions/secrets/FOUR')).status).toBe(404);
    expect(github.politeness().violations).toEqual([]);
    expect(github.politeness().endpoints).toEqual([
      {
        token: INSTALLATION,
        endpoint: 'GET /repos/{owner}/{repo}/actions/secrets/{secret_name}',
        requests: 5,
        points: 5,
      },
    ]);
  });

  test('a mutating request costs 5; once refused, the token is refused everywhere until the wait has passed', async () => {
    await start({ secondary: { points: 9, windowMs: 1000, status: 429 } });
    const remove = (name: string) =>
      call(`${github.url}/repos/acme/web/actions/secrets/${name}`, INSTALLATION, {
        method: 'DELETE',
      });

    expect((await remove('A')).status).toBe(404);
    const refused = await remove('B');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    // Another endpoint, sent at once: refused too, and recorded as sent while told to wait.
    const tooEarly = await get('/repos/acme/web');
    expect(tooEarly.status).toBe(429);
    expect(github.politeness().violations).toMatchObject([
      { token: INSTALLATION, path: '/repos/acme/web', reason: 'retry-after' },
    ]);

    await waitRetryAfter(tooEarly);
    expect((await get('/repos/acme/web')).status).toBe(200);
    expect((await remove('B')).status).toBe(404);
    expect(github.politeness().endpoints.find((use) => use.endpoint.startsWith('DELETE'))).toEqual({
      token: INSTALLATION,
      endpoint: 'DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}',
      requests: 3,
      points: 15,
    });
  });

  test('without retry-after when configured so: the client must wait a whole window', async () => {
    await start({ secondary: { points: 1, windowMs: 1500, retryAfter: 'absent' } });

    expect((await get('/repos/acme/web')).status).toBe(200);
    const refusedAtMs = Date.now();
    const refused = await get('/repos/acme/web');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect((refused.body as { message: string }).message).toMatch(SECONDARY_MESSAGE);

    // A second later the points are back, but the wait without retry-after is a whole window;
    // and the refusal of a request sent too early asks for a whole window again.
    await sleep(Math.max(refusedAtMs + 1000 - Date.now(), 0));
    const tooEarly = await get('/repos/acme/web');
    const tooEarlyAtMs = Date.now();
    expect(tooEarly.status).toBe(403);
    expect(tooEarly.headers.get('retry-after')).toBeNull();
    expect(github.politeness().violations).toMatchObject([
      { reason: 'secondary limit without retry-after' },
    ]);
    await sleep(Math.max(tooEarlyAtMs + 1500 - Date.now(), 0) + MARGIN_MS);
    expect((await get('/repos/acme/web')).status).toBe(200);
    expect(github.politeness().violations).toHaveLength(1);
  });

  test('at most N requests in flight: the one past it is refused with retry-after', async () => {
    await start({ secondary: { concurrent: 2 } });
    github.fail({ method: 'GET', path: '/repos/acme/web', delayMs: 400, times: 2 });

    const replies = await Promise.all([1, 2, 3].map(() => get('/repos/acme/web')));
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([200, 200, 403]);
    const refused = replies.find((reply) => reply.status === 403) as Reply;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((refused.body as { message: string }).message).toMatch(SECONDARY_MESSAGE);
    expect(github.politeness().maxInFlight).toBe(3);

    await waitRetryAfter(refused);
    expect((await get('/repos/acme/web')).status).toBe(200);
    expect(github.politeness().violations).toEqual([]);
  });
});

describe('the politeness recorder', () => {
  /** A client that does what GitHub asks: waits out retry-after and a used-up budget. */
  async function politeGet(path: string): Promise<Reply> {
    for (;;) {
      const reply = await get(path);
      if (reply.status === 403 || reply.status === 429) {
        if (reply.headers.get('retry-after') !== null) await waitRetryAfter(reply);
        else await waitForReset(reply);
        continue;
      }
      if (reply.headers.get('x-ratelimit-remaining') === '0') await waitForReset(reply);
      return reply;
    }
  }

  test('flags no request of a client that waits as it is told, through both limits', async () => {
    await start({
      primary: { limit: 4, windowMs: 1000 },
      secondary: { points: 3, windowMs: 1000 },
    });
    const replies = [];
    for (let n = 0; n < 7; n++)
      replies.push(await politeGet(`/repos/acme/web/actions/secrets/S${n}`));

    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: 7 }, () => 404));
    const record = github.politeness();
    expect(record.violations).toEqual([]);
    expect(record.requests).toBeGreaterThanOrEqual(7);
  });

  test('catches a request sent before a scripted retry-after had passed, and not the one after', async () => {
    await start({});
    github.fail({
      method: 'GET',
      path: '/repos/acme/web',
      status: 429,
      headers: { 'retry-after': '1' },
    });

    const limited = await get('/repos/acme/web');
    expect(limited.status).toBe(429);
    await sleep(200);
    await get('/repos/acme/web');
    await waitRetryAfter(limited);
    await get('/repos/acme/web');

    const { violations } = github.politeness();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ token: INSTALLATION, reason: 'retry-after' });
    expect((violations[0]?.waitUntilMs ?? 0) - (violations[0]?.arrivedAtMs ?? 0)).toBeGreaterThan(
      500,
    );
  });

  test('counts mutating requests and the shortest gap between two of them, reads aside', async () => {
    await start({});
    const remove = () =>
      call(`${github.url}/repos/acme/web/actions/secrets/GONE`, INSTALLATION, { method: 'DELETE' });

    await remove();
    await sleep(150);
    await get('/repos/acme/web');
    await remove();
    await sleep(400);
    await remove();

    const { mutating, requests } = github.politeness();
    expect(requests).toBe(4);
    expect(mutating.count).toBe(3);
    expect(mutating.shortestGapMs).toBeGreaterThanOrEqual(145);
    expect(mutating.shortestGapMs).toBeLessThan(390);
  });
});

describe('leastTimeAllowedMs', () => {
  const limits: RateLimitOptions = {
    primary: { limit: 100, windowMs: 1000 },
    secondary: { points: 50, windowMs: 500 },
  };

  test('the largest of the primary windows, the secondary windows and the pacing of writes', () => {
    const workload = { tokens: [{ requests: 250 }], endpoints: [{ points: 150 }], mutating: 30 };

    // 250 requests at 100 a window: two more windows; 150 points at 50 a window: two more.
    expect(leastTimeAllowedMs(limits, workload)).toBe(2000);
    // 30 writes a tenth of a second apart: 2.9 s.
    expect(leastTimeAllowedMs(limits, workload, 100)).toBe(2900);
    expect(
      leastTimeAllowedMs(limits, {
        tokens: [{ requests: 250, rateLimit: 50 }],
        endpoints: [],
        mutating: 0,
      }),
    ).toBe(4000);
    expect(leastTimeAllowedMs({}, workload)).toBe(0);
  });

  test('takes a recorded workload as it stands', async () => {
    await start({});
    for (let n = 0; n < 3; n++) await get('/repos/acme/web');
    const record = github.politeness();

    expect(
      leastTimeAllowedMs(
        { primary: { limit: 1, windowMs: 1000 } },
        { ...record, mutating: record.mutating.count },
      ),
    ).toBe(2000);
  });
});
