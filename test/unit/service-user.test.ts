/** The service-user helpers of the operations, against the stand-in on 127.0.0.1. */
import { DevinApiError } from '../../src/devin/errors.ts';
import { ownServiceUserId } from '../../src/operations/service-user.ts';
import { startFakeDevinApi, type FakeDevinApi } from '../fake-api/server.ts';
import { standInClient } from '../support/stand-in-fixture.ts';

const CREDENTIAL = 'cog_CANARYselfid55ee66ff';

let api: FakeDevinApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** The id `GET /v3/self` names, read through the client, or the error it ends in. */
async function ownIdWhenSelfNames(serviceUserId: string): Promise<string | DevinApiError> {
  api = await startFakeDevinApi({
    serviceUsers: [{ id: serviceUserId, credential: CREDENTIAL }],
  });
  const client = standInClient(api, CREDENTIAL);
  try {
    return await ownServiceUserId(client);
  } catch (error) {
    expect(error).toBeInstanceOf(DevinApiError);
    return error as DevinApiError;
  } finally {
    await client.close();
  }
}

describe('ownServiceUserId', () => {
  test.each(['service-user-ci', 'svc.team:ci@acme', '...'])('takes %j', async (id) => {
    expect(await ownIdWhenSelfNames(id)).toBe(id);
  });

  test.each([
    ['a dot path step', '.'],
    ['a parent path step', '..'],
    ['the end of an HTML comment', 'service-user-ci --> <b>hi</b>'],
    ['a slash', 'service-user/../other'],
    ['a line break and a workflow command', 'svc\n::warning::injected'],
    ['nothing', ''],
    ['more than 256 characters', 's'.repeat(257)],
  ])('refuses an id that holds %s, quoting it and saying what to do', async (_what, id) => {
    const error = await ownIdWhenSelfNames(id);

    expect(error).toBeInstanceOf(DevinApiError);
    const message = (error as DevinApiError).message;
    expect(message).toMatch(/^The API named a service user the action cannot use: /);
    expect(message).toContain(JSON.stringify(id.slice(0, 300)));
    expect(message).toContain('Fix: pass the service user');
    expect(message).toContain('service_user_id');
    expect(message).not.toContain('\n::');
    // Nothing was asked of a service user the action cannot name.
    expect(api?.requests.map((request) => request.path)).toEqual(['/v3/self']);
  });
});

test('a service user credential whose /v3/self names no id gets a message that holds together', async () => {
  api = await startFakeDevinApi({
    serviceUsers: [{ id: 'service-user-ci', credential: CREDENTIAL }],
  });
  api.fail({
    method: 'GET',
    path: '/v3/self',
    status: 200,
    body: { principal_type: 'service_user' },
  });
  const client = standInClient(api, CREDENTIAL);
  try {
    const error = (await ownServiceUserId(client).catch((thrown: unknown) => thrown)) as Error;
    expect(error).toBeInstanceOf(DevinApiError);
    expect(error.message).toContain('gives no service_user_id');
    expect(error.message).not.toContain('not a service user');
    expect(error.message).toContain('Fix: name the service user in service_user_id');
  } finally {
    await client.close();
  }
});
