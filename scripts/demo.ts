/**
 * `npm run demo`: starts the stand-in Devin API and the stand-in GitHub API on 127.0.0.1 and runs
 * the bundled action (dist/) as the runner would, for every operation (provision, audit with a
 * tracking issue, create and its post step, rotate, revoke, and a key stored as the Actions
 * secret of two repositories, then rotated), then shows what a person would see in the Actions
 * UI: the log with registered secrets as ***, the step outputs, the job summary, the tracking
 * issue and the secrets GitHub holds.
 */
import { demoScenario, startFakeDevinApi } from '../test/fake-api/server.ts';
import { startFakeGitHub } from '../test/fake-github/server.ts';
import { runAction, type ActionRun } from '../test/e2e/run-action.ts';

const REPOSITORY = 'acme/widgets';
/** The repositories the demo stores a key in, each its own. */
const SECRET_REPOSITORIES = ['acme/web', 'acme/api'];
const GITHUB_TOKEN = 'ghs_demo_token';
/** The organization's repositories as its listing shows them, for the sync over `acme/*`. */
const FLEET_REPOSITORIES = [
  { repository: 'acme/docs', topics: ['devin'] },
  { repository: 'acme/legacy-portal', archived: true },
];
/** A scheduled sync's selection: every repository of acme but the one the workflows run in. */
const FLEET_SELECTION = `acme/*\n!${REPOSITORY}`;

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
    name === 'token' || name === 'github_token' ? `${name}: ***` : `${name}: ${value}`,
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

/** A step of the action, as the runner starts it. */
function runStep(inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun> {
  return runAction({ inputs, debug: false, ...(env === undefined ? {} : { env }) });
}

/** The post step, as the runner starts it when the job ends: the same inputs, the saved state. */
function runPostStep(
  inputs: Record<string, string>,
  state: Record<string, string>,
): Promise<ActionRun> {
  // The post step's own entry, dist/post.js, as action.yml's runs.post.
  return runAction({ inputs, state, post: true, debug: false });
}

async function demo(): Promise<void> {
  const scenario = demoScenario(Math.floor(Date.now() / 1000));
  const api = await startFakeDevinApi(scenario.options);
  const github = await startFakeGitHub({
    repository: REPOSITORY,
    token: GITHUB_TOKEN,
    secretRepositories: [
      { repository: REPOSITORY },
      ...SECRET_REPOSITORIES.map((repository) => ({ repository })),
    ],
    // What `acme/*` lists for the sync: two repositories keyed above, one new, one archived.
    repositories: FLEET_REPOSITORIES,
    owners: [{ login: 'acme', type: 'Organization' }],
  });
  console.log(`Stand-in Devin API listening on ${api.url}, stand-in GitHub API on ${github.url}`);
  const step = async (
    title: string,
    inputs: Record<string, string>,
    env?: Record<string, string>,
  ) => {
    const run = await runStep({ ...inputs, base_url: api.url }, env);
    show(title, inputs, run);
    return run;
  };
  try {
    await step('provision: a service API key for an organization', {
      operation: 'provision',
      org_id: scenario.orgId,
      token: scenario.adminKey,
    });
    await step('provision, dry run: checks everything, sends nothing', {
      operation: 'provision',
      org_id: scenario.orgId,
      token: scenario.adminKey,
      dry_run: 'true',
    });
    await step('provision with the wrong kind of credential: refused before any request', {
      operation: 'provision',
      org_id: scenario.orgId,
      token: scenario.healthyCredential,
    });
    await step('audit of a healthy service user: passes', {
      operation: 'audit',
      token: scenario.healthyCredential,
    });
    await step(
      'audit of a failing service user: expired and revoked keys fail the job, and a tracking issue is opened',
      {
        operation: 'audit',
        token: scenario.failingCredential,
        service_user_id: 'service-user-failing',
        issue_on_failure: 'true',
        github_token: GITHUB_TOKEN,
      },
      {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_SERVER_URL: 'https://github.com',
      },
    );
    for (const issue of github.issues) {
      console.log(
        bold(`tracking issue #${issue.number} (${issue.state}) in ${REPOSITORY}: ${issue.title}`),
      );
      for (const line of (issue.body ?? '').trimEnd().split('\n')) console.log(`  ${line}`);
    }

    const create = {
      operation: 'create',
      token: scenario.healthyCredential,
      expires_in: '2h',
    };
    const created = await runStep({ ...create, base_url: api.url });
    show('create: a key that lives only as long as the job', create, created);
    const postStep = await runPostStep({ ...create, base_url: api.url }, created.state);
    show('create, post step when the job ends: the key is revoked', create, postStep);

    const rotated = await step(
      'rotate: a new key in place of ci-deploy, the old one kept for now',
      {
        operation: 'rotate',
        token: scenario.healthyCredential,
        key_name: 'ci-deploy',
        expires_in: '90d',
        revoke_current: 'false',
      },
    );
    await step('revoke: the rotated key, once its consumers have moved', {
      operation: 'revoke',
      token: scenario.healthyCredential,
      api_key_id: rotated.outputs.previous_api_key_id ?? '',
    });

    const toSecrets = {
      token: scenario.healthyCredential,
      github_token: GITHUB_TOKEN,
      secret_name: 'DEVIN_API_KEY',
      repositories: SECRET_REPOSITORIES.join(', '),
    };
    const githubEnv = { GITHUB_API_URL: github.url };
    await step(
      'create with secret_name: one key per repository, stored as its Actions secret',
      { operation: 'create', ...toSecrets },
      githubEnv,
    );
    await step(
      'rotate with secret_name: each new key stored before the old one is revoked',
      { operation: 'rotate', ...toSecrets },
      githubEnv,
    );
    const issued = new Set(api.mintedTokens());
    console.log(bold('Actions secrets the stand-in GitHub holds (it opens every sealed box):'));
    for (const secret of github.secrets()) {
      const matches = issued.has(secret.value) ? 'a key the Devin stand-in issued' : 'NOT a key';
      console.log(
        `  ${secret.repository} ${secret.name}: written ${secret.writes}×, opens to ${matches} (shown here as ***)`,
      );
    }
    const values = github.secrets().map((secret) => secret.value);
    console.log(`  distinct keys: ${new Set(values).size} of ${values.length}`);

    const sync = { operation: 'sync', ...toSecrets, repositories: FLEET_SELECTION };
    await step(
      'sync over acme/*, dry run: the plan for each repository, nothing minted or written',
      { ...sync, dry_run: 'true' },
      githubEnv,
    );
    await step(
      'sync over acme/*: keys that are fine stay, the new repository gets one, archived is skipped',
      sync,
      githubEnv,
    );
  } finally {
    await Promise.all([api.close(), github.close()]);
  }
}

await demo();
