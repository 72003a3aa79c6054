/**
 * `npm run demo`: starts the stand-in Devin API on 127.0.0.1 and runs the bundled action
 * (dist/) as the runner would, then shows what a person would see in the Actions UI: the log
 * with registered secrets as ***, the step outputs and the job summary.
 */
import { demoScenario, startFakeDevinApi } from '../test/fake-api/server.ts';
import { runAction, type ActionRun } from '../test/e2e/run-action.ts';

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/** The log as the Actions UI shows it: commands interpreted, secrets replaced by ***. */
function renderRunnerLog(stdout: string): string[] {
  const secrets: string[] = [];
  const shown: string[] = [];
  const unescape = (text: string): string =>
    text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const mask = (text: string): string =>
    secrets.reduce((masked, secret) => masked.split(secret).join('***'), text);
  for (const line of stdout.split('\n')) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    const [, name, value = ''] = command ?? [];
    if (name === 'add-mask') secrets.push(unescape(value));
    else if (name === 'debug' || name === 'endgroup') continue;
    else if (name === 'group') shown.push(`▶ ${mask(value)}`);
    else if (name !== undefined) shown.push(`${name}: ${mask(unescape(value))}`);
    else if (line !== '') shown.push(mask(line));
  }
  return shown;
}

function show(title: string, inputs: Record<string, string>, run: ActionRun): void {
  console.log(`\n${bold(`━━ ${title}`)}`);
  const shownInputs = Object.entries(inputs).map(([name, value]) =>
    name === 'token' ? `${name}: ***` : `${name}: ${value}`,
  );
  console.log(`with: ${shownInputs.join(', ')}`);
  console.log(bold('log:'));
  for (const line of renderRunnerLog(run.stdout)) console.log(`  ${line}`);
  console.log(`${bold('exit code:')} ${run.exitCode}`);
  console.log(bold('outputs:'));
  for (const [name, value] of Object.entries(run.outputs)) {
    const shown =
      value.length > 160 ? `${value.slice(0, 160)}… (${value.length} characters)` : value;
    console.log(`  ${name} = ${name === 'api_key' ? '*** (masked)' : shown}`);
  }
  if (run.summary.trim() !== '') {
    console.log(bold('job summary:'));
    for (const line of run.summary.trimEnd().split('\n')) console.log(`  ${line}`);
  }
}

async function demo(): Promise<void> {
  const scenario = demoScenario(Math.floor(Date.now() / 1000));
  const api = await startFakeDevinApi(scenario.options);
  console.log(`Stand-in Devin API listening on ${api.url}`);
  try {
    const cases: [string, Record<string, string>][] = [
      [
        'provision: a service API key for an organization',
        { operation: 'provision', org_id: scenario.orgId, token: scenario.adminKey },
      ],
      [
        'provision, dry run: checks everything, sends nothing',
        {
          operation: 'provision',
          org_id: scenario.orgId,
          token: scenario.adminKey,
          dry_run: 'true',
        },
      ],
      [
        'provision with the wrong kind of credential: refused before any request',
        { operation: 'provision', org_id: scenario.orgId, token: scenario.healthyCredential },
      ],
      [
        'audit of a healthy service user: passes',
        { operation: 'audit', token: scenario.healthyCredential },
      ],
      [
        'audit of a failing service user: expired and revoked keys fail the job',
        {
          operation: 'audit',
          token: scenario.failingCredential,
          service_user_id: 'service-user-failing',
        },
      ],
    ];
    for (const [title, inputs] of cases) {
      const run = await runAction({ inputs: { ...inputs, base_url: api.url }, debug: false });
      show(title, inputs, run);
    }

    // The post step runs when the job ends, with the same inputs and the state the main step saved.
    const create = { operation: 'create', token: scenario.healthyCredential, expires_in: '2h' };
    const created = await runAction({ inputs: { ...create, base_url: api.url }, debug: false });
    show('create: a key that lives only as long as the job', create, created);
    const postStep = await runAction({
      inputs: { ...create, base_url: api.url },
      state: created.state,
      debug: false,
    });
    show('create, post step when the job ends: the key is revoked', create, postStep);
  } finally {
    await api.close();
  }
}

await demo();
