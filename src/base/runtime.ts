import { rememberSecret } from './untrusted.ts';

/**
 * What the action needs from the runner, as an interface: `index.ts` backs it with
 * @actions/core, and unit tests hand in a recorder, so no test needs module mocking.
 */
export interface AnnotationProperties {
  title?: string;
}

export interface Runtime {
  getInput(name: string): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  notice(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  startGroup(name: string): void;
  endGroup(): void;
  /** Passes a value to this action's post step. Never a secret: state is not masked. */
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Appends markdown to the job summary; does nothing where the runner gives no summary file. */
  appendSummary(markdown: string): Promise<void>;
  /** A variable of the runner's environment (GITHUB_REPOSITORY, say); undefined when unset. */
  getEnv(name: string): string | undefined;
  /**
   * The runner's temporary directory (RUNNER_TEMP), for files later steps of the job may read;
   * undefined where the environment names none.
   */
  tempDir(): string | undefined;
}

/**
 * Registers a secret with the runner so that it prints as ***, and with `quoteUntrusted`, which
 * removes it before cutting text (the runner would not mask a part). A multi-line value is masked
 * line by line as well: the runner matches masks against single lines.
 */
export function maskSecret(runtime: Runtime, secret: string): void {
  const lines = secret.split(/\r?\n/).map((line) => line.trim());
  for (const value of new Set([secret.trim(), ...lines])) {
    if (value === '') continue;
    runtime.setSecret(value);
    rememberSecret(value);
  }
}
