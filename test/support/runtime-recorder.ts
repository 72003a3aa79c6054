import { tmpdir } from 'node:os';
import type { AnnotationProperties, Runtime } from '../../src/base/runtime.ts';

/** One thing the action did through its Runtime, in order. */
export type RuntimeEvent =
  | { kind: 'secret'; value: string }
  | { kind: 'output'; name: string; value: string }
  | { kind: 'failed'; message: string }
  | { kind: 'debug' | 'info'; message: string }
  | { kind: 'notice' | 'warning'; message: string; properties?: AnnotationProperties }
  | { kind: 'group'; name: string }
  | { kind: 'endgroup' }
  | { kind: 'state'; name: string; value: string }
  | { kind: 'summary'; markdown: string };

/**
 * A Runtime for unit tests: inputs and saved state from plain records, and every call kept in
 * order, so a test can ask what was masked before what was printed.
 */
export class RuntimeRecorder implements Runtime {
  readonly events: RuntimeEvent[] = [];
  private readonly inputs: Record<string, string>;
  private readonly state: Record<string, string>;
  private readonly env: Record<string, string>;

  constructor(
    inputs: Record<string, string> = {},
    state: Record<string, string> = {},
    env: Record<string, string> = {},
  ) {
    this.inputs = inputs;
    this.state = state;
    this.env = env;
  }

  getInput(name: string): string {
    return (this.inputs[name] ?? '').trim();
  }
  setSecret(value: string): void {
    this.events.push({ kind: 'secret', value });
  }
  setOutput(name: string, value: string): void {
    this.events.push({ kind: 'output', name, value });
  }
  setFailed(message: string): void {
    this.events.push({ kind: 'failed', message });
  }
  debug(message: string): void {
    this.events.push({ kind: 'debug', message });
  }
  info(message: string): void {
    this.events.push({ kind: 'info', message });
  }
  notice(message: string, properties?: AnnotationProperties): void {
    this.events.push({ kind: 'notice', message, ...(properties ? { properties } : {}) });
  }
  warning(message: string, properties?: AnnotationProperties): void {
    this.events.push({ kind: 'warning', message, ...(properties ? { properties } : {}) });
  }
  startGroup(name: string): void {
    this.events.push({ kind: 'group', name });
  }
  endGroup(): void {
    this.events.push({ kind: 'endgroup' });
  }
  saveState(name: string, value: string): void {
    this.events.push({ kind: 'state', name, value });
  }
  getState(name: string): string {
    return this.state[name] ?? '';
  }
  appendSummary(markdown: string): Promise<void> {
    this.events.push({ kind: 'summary', markdown });
    return Promise.resolve();
  }

  getEnv(name: string): string | undefined {
    return this.env[name];
  }
  tempDir(): string {
    return this.env.RUNNER_TEMP ?? tmpdir();
  }

  get secrets(): string[] {
    return this.events.flatMap((event) => (event.kind === 'secret' ? [event.value] : []));
  }
  get outputs(): Record<string, string> {
    return Object.fromEntries(
      this.events.flatMap((event) => (event.kind === 'output' ? [[event.name, event.value]] : [])),
    );
  }
  /** The failure message, or undefined when the run did not fail. */
  get failure(): string | undefined {
    const failed = this.events.find((event) => event.kind === 'failed');
    return failed?.kind === 'failed' ? failed.message : undefined;
  }
  messages(kind: 'debug' | 'info' | 'notice' | 'warning'): string[] {
    return this.events.flatMap((event) => (event.kind === kind ? [event.message] : []));
  }
  /** Every text the runner would print or store, but the secrets' own registrations. */
  printed(): string[] {
    return this.events.flatMap((event) => {
      switch (event.kind) {
        case 'secret':
        case 'endgroup':
          return [];
        case 'output':
        case 'state':
          return [event.value];
        case 'failed':
        case 'debug':
        case 'info':
        case 'notice':
        case 'warning':
          return [event.message];
        case 'group':
          return [event.name];
        case 'summary':
          return [event.markdown];
      }
    });
  }
}
