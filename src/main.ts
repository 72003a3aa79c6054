import { ActionError } from './errors.ts';
import { SECRET_INPUTS, parseInputs, type ActionInputs } from './inputs.ts';
import type { OperationContext } from './operations/context.ts';
import { maskSecret, type Dependencies, type Runtime } from './runtime.ts';

/**
 * Each operation is loaded only when asked for (the bundler gives each its own chunk), so a
 * run pays at start only for what it uses.
 */
async function runOperation(inputs: ActionInputs, context: OperationContext): Promise<void> {
  switch (inputs.operation) {
    case 'provision': {
      const { provision } = await import('./operations/provision.ts');
      return provision(inputs, context);
    }
    case 'audit': {
      const { audit } = await import('./operations/audit.ts');
      return audit(inputs, context);
    }
    case 'create': {
      const { create } = await import('./operations/create.ts');
      return create(inputs, context);
    }
    case 'rotate': {
      const { rotate } = await import('./operations/rotate.ts');
      return rotate(inputs, context);
    }
    case 'revoke': {
      const { revoke } = await import('./operations/revoke.ts');
      return revoke(inputs, context);
    }
  }
}

export function reportFailure(runtime: Runtime, error: unknown): void {
  if (error instanceof ActionError) {
    runtime.setFailed(error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  runtime.setFailed(
    `Unexpected error: ${message}\nThis is a bug in devin-keys-action; please report it with this log (run with step debug logging for details).`,
  );
  if (error instanceof Error && error.stack !== undefined) runtime.debug(error.stack);
}

/** Reads the inputs, runs the operation, reports any failure. Never throws. */
export async function main(runtime: Runtime, dependencies: Dependencies = {}): Promise<void> {
  // Before anything can print them, even a message about a malformed token.
  for (const name of SECRET_INPUTS) maskSecret(runtime, runtime.getInput(name));
  try {
    const now = dependencies.now ?? Date.now;
    const inputs = parseInputs((name) => runtime.getInput(name), now());
    await runOperation(inputs, { runtime, dependencies });
  } catch (error) {
    reportFailure(runtime, error);
  }
}
