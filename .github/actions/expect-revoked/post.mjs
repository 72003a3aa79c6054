// Lists the service user's revoked keys through the API, as any client would, and fails the job
// unless the key created earlier in the job is among them.
import { readFileSync } from 'node:fs';

const input = (name) => process.env[`INPUT_${name.toUpperCase()}`] ?? '';
const keyId = readFileSync(input('key_id_file'), 'utf8').trim();
const url = new URL(
  `/v3beta1/enterprise/service-users/${encodeURIComponent(input('service_user_id'))}/api-keys`,
  input('base_url'),
);
url.searchParams.set('status', 'revoked');
url.searchParams.set('first', '200');
const response = await fetch(url, { headers: { authorization: `Bearer ${input('token')}` } });
const page = await response.json();
const revoked = response.ok && page.items.some((key) => key.api_key_id === keyId);
if (revoked) {
  console.log(`Key ${keyId} is revoked: the action's post step ran and revoked it.`);
} else {
  console.log(
    `::error::Key ${keyId} is not revoked (HTTP ${response.status}): the post step did not revoke it.`,
  );
  process.exitCode = 1;
}
