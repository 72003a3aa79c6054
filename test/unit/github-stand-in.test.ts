/**
 * The GitHub stand-in answers as GitHub does where the action depends on it: the end-to-end
 * tracking-issue suite is only as strict as this server.
 */
import {
  GITHUB_ACTIONS_BOT,
  MAX_BODY_LENGTH,
  OUTSIDER,
  startFakeGitHub,
  type FakeGitHub,
  type SeedIssue,
} from '../fake-github/server.ts';

const TOKEN = 'ghs_CANARYstandin0a1b2c3d';
const REPOSITORY = 'acme/widgets';

let github: FakeGitHub;

async function startGitHub(issues: SeedIssue[]): Promise<void> {
  github = await startFakeGitHub({ repository: REPOSITORY, token: TOKEN, issues });
}

afterEach(async () => {
  await github.close();
});

async function call(
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; answer: unknown }> {
  const response = await fetch(`${github.url}/repos/${REPOSITORY}${path}`, {
    method,
    headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, answer: await response.json() };
}

describe('a body longer than 65,536 characters is refused with GitHub’s 422', () => {
  const tooLong = 'x'.repeat(MAX_BODY_LENGTH + 1);
  const justFits = 'x'.repeat(MAX_BODY_LENGTH);

  beforeEach(async () => {
    await startGitHub([{ title: 'Existing', body: 'short' }]);
  });

  function refusal(resource: string, documentationUrl: string) {
    return {
      message: 'Validation Failed',
      errors: [
        {
          resource,
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url: documentationUrl,
    };
  }

  test('when an issue is opened', async () => {
    const { status, answer } = await call('POST', '/issues', { title: 'New', body: tooLong });

    expect(status).toBe(422);
    expect(answer).toMatchObject(
      refusal('Issue', 'https://docs.github.com/rest/issues/issues#create-an-issue'),
    );
    expect(github.issues).toHaveLength(1);
  });

  test('when an issue is edited', async () => {
    const { status, answer } = await call('PATCH', '/issues/1', { title: 'Edited', body: tooLong });

    expect(status).toBe(422);
    expect(answer).toMatchObject(
      refusal('Issue', 'https://docs.github.com/rest/issues/issues#update-an-issue'),
    );
    expect(github.issues[0]).toMatchObject({ title: 'Existing', body: 'short' });
  });

  test('when a comment is added', async () => {
    const { status, answer } = await call('POST', '/issues/1/comments', { body: tooLong });

    expect(status).toBe(422);
    expect(answer).toMatchObject(
      refusal(
        'IssueComment',
        'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      ),
    );
    expect(github.issues[0]?.comments).toEqual([]);
  });

  test('while a body of exactly 65,536 characters is taken everywhere', async () => {
    expect((await call('POST', '/issues', { title: 'New', body: justFits })).status).toBe(201);
    expect((await call('PATCH', '/issues/1', { body: justFits })).status).toBe(200);
    expect((await call('POST', '/issues/1/comments', { body: justFits })).status).toBe(201);
    expect(github.issues.map((issue) => issue.body?.length)).toEqual([
      MAX_BODY_LENGTH,
      MAX_BODY_LENGTH,
    ]);
  });
});

describe('an issue shows who opened it', () => {
  test('as `user` and `author_association`, for seeds and for issues opened through the API', async () => {
    await startGitHub([
      { title: 'By default' },
      {
        title: 'By a maintainer',
        author: { login: 'maintainer', type: 'User' },
        authorAssociation: 'MEMBER',
      },
    ]);
    expect((await call('POST', '/issues', { title: 'Through the API' })).status).toBe(201);

    const response = await fetch(`${github.url}/repos/${REPOSITORY}/issues?state=open`, {
      headers: { authorization: `token ${TOKEN}` },
    });
    const listed = (await response.json()) as {
      title: string;
      user: { login: string; type: string };
      author_association: string;
    }[];
    const authors = listed.map(({ title, user, author_association }) => ({
      title,
      login: user.login,
      type: user.type,
      author_association,
    }));
    expect(authors).toEqual([
      {
        title: 'Through the API',
        login: GITHUB_ACTIONS_BOT.login,
        type: 'Bot',
        author_association: 'NONE',
      },
      { title: 'By a maintainer', login: 'maintainer', type: 'User', author_association: 'MEMBER' },
      { title: 'By default', login: OUTSIDER.login, type: 'User', author_association: 'NONE' },
    ]);
  });
});
