/**
 * The stand-in Devin API in a process of its own, so that serving pages does not share an event
 * loop (or a core) with the code being measured. Prints its URL, serves until stdin closes.
 * Usage: node bench/stand-in-process.ts KEY_COUNT SERVICE_USER_ID CREDENTIAL
 */
import { startFakeDevinApi } from '../test/fake-api/server.ts';
import { seedKeys } from './seed-keys.ts';

const [count, serviceUserId, credential] = process.argv.slice(2) as [string, string, string];
const api = await startFakeDevinApi({
  serviceUsers: [
    {
      id: serviceUserId,
      credential,
      keys: seedKeys(Number(count), Math.floor(Date.now() / 1000)),
    },
  ],
  maxPageSize: 200,
});
process.stdout.write(`${api.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void api.close());
