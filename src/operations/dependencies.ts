import type { Dispatcher } from 'undici';
import type { ConnectGitHub } from '../github/clients.ts';

// A module of its own, without the Devin client: the entry imports it, and nothing here may
// load an API's code at start (cold start is a measured goal).

/**
 * Every I/O an operation does besides the runner's: the clock, sleep, randomness, the Devin
 * API's HTTP dispatcher and GitHub's REST API. `main` fills in the real ones once; a test hands
 * in its own.
 */
export interface Dependencies {
  /** Milliseconds since 1970. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Undefined: the Devin client makes its own (proxy-aware) dispatcher. */
  devinDispatcher: Dispatcher | undefined;
  connectGitHub: ConnectGitHub;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The real I/O, with any of it replaced. GitHub's client loads only when a run first needs it. */
export function withDefaults(overrides: Partial<Dependencies> = {}): Dependencies {
  return {
    now: Date.now,
    sleep: sleepFor,
    random: Math.random,
    devinDispatcher: undefined,
    connectGitHub: async (connection) =>
      (await import('../github/octokit.ts')).connectOctokit(connection),
    ...overrides,
  };
}

/** Now, in UNIX seconds: the unit of every time the Devin API gives. */
export function nowSeconds(dependencies: Pick<Dependencies, 'now'>): number {
  return Math.floor(dependencies.now() / 1000);
}
