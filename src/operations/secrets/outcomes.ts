import { isoTime } from '../../base/time.ts';
import type { SecretTarget, SecretWrite } from '../../github/secrets.ts';
import type {
  FailedTarget,
  SecretsAction,
  StoredSecret,
  TargetPlace,
} from '../../summary/secrets-summary.ts';
import type { MintedKey } from './messages.ts';
import type { TargetAction } from './plan.ts';

/** What is known of a key besides its token, which an outcome never holds. */
export type KeyFacts = Omit<MintedKey, 'token'>;

/** How one target ended. */
export type Outcome =
  | {
      kind: 'stored';
      target: SecretTarget;
      action: Exclude<TargetAction, 'unchanged'>;
      secret: SecretWrite;
      key: KeyFacts;
    }
  | { kind: 'unchanged'; target: SecretTarget; key: KeyFacts | undefined }
  | { kind: 'planned'; target: SecretTarget; action: SecretsAction; plan: string }
  | { kind: 'pruned'; target: SecretTarget; secret: 'deleted' | null; key: KeyFacts }
  | { kind: 'failed'; target: SecretTarget; message: string }
  | { kind: 'not attempted'; target: SecretTarget };

type OutcomeOf<Kind extends Outcome['kind']> = Extract<Outcome, { kind: Kind }>;

/** The key's facts without its token: what outcomes keep of a key. */
export function keyFacts(key: MintedKey | KeyFacts): KeyFacts {
  return { apiKeyId: key.apiKeyId, apiKeyName: key.apiKeyName, expiresAt: key.expiresAt };
}

function entry(
  target: SecretTarget,
  action: SecretsAction,
  secret: StoredSecret['secret'],
  key: KeyFacts | undefined,
): StoredSecret {
  return {
    repository: target.repository,
    environment: target.environment ?? null,
    secret_name: target.secretName,
    action,
    secret,
    api_key_name: key?.apiKeyName ?? null,
    api_key_id: key?.apiKeyId ?? null,
    expires_at:
      key?.expiresAt === null || key?.expiresAt === undefined ? null : isoTime(key.expiresAt),
  };
}

/** Every target's outcome of one run, read the ways the output, the summary and the log need. */
export class StoreReport {
  readonly outcomes: readonly Outcome[];
  readonly dryRun: boolean;
  /** Repositories the selection left out, and why. */
  readonly skipped: readonly { repository: string; why: string }[];

  constructor(
    outcomes: readonly Outcome[],
    dryRun: boolean,
    skipped: readonly { repository: string; why: string }[],
  ) {
    this.outcomes = outcomes;
    this.dryRun = dryRun;
    this.skipped = skipped;
  }

  of<Kind extends Outcome['kind']>(kind: Kind): OutcomeOf<Kind>[] {
    return this.outcomes.filter((outcome): outcome is OutcomeOf<Kind> => outcome.kind === kind);
  }

  /** The `secrets` output: every target whose secret holds its key now, and what was pruned. */
  entries(): StoredSecret[] {
    return this.outcomes.flatMap((outcome): StoredSecret[] => {
      switch (outcome.kind) {
        case 'stored':
          return [entry(outcome.target, outcome.action, outcome.secret, outcome.key)];
        case 'unchanged':
          return [entry(outcome.target, 'unchanged', null, outcome.key)];
        case 'pruned':
          return [entry(outcome.target, 'pruned', outcome.secret, outcome.key)];
        default:
          return [];
      }
    });
  }

  failed(): FailedTarget[] {
    return this.of('failed').map(({ target, message }) => ({
      repository: target.repository,
      environment: target.environment ?? null,
      message,
    }));
  }

  /** Targets a run that stopped early left: no key was made for them. */
  notAttempted(): TargetPlace[] {
    return this.of('not attempted').map(({ target }) => ({
      repository: target.repository,
      environment: target.environment ?? null,
    }));
  }

  planned(): { repository: string; environment: string | null; action: string }[] {
    return this.of('planned').map(({ target, plan }) => ({
      repository: target.repository,
      environment: target.environment ?? null,
      action: plan,
    }));
  }

  /** Targets that did not end well: failed, or not attempted once the run stopped. */
  unfinished(): Outcome[] {
    return this.outcomes.filter(({ kind }) => kind === 'failed' || kind === 'not attempted');
  }
}
