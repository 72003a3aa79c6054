import { DevinClient } from '../devin/client.ts';
import type { CommonInputs } from '../inputs/parsers.ts';
import { maskSecret, type Dependencies, type Runtime } from '../base/runtime.ts';

/** What every operation is handed by `main`. */
export interface OperationContext {
  runtime: Runtime;
  dependencies: Dependencies;
}

/** A client for the inputs' API, which masks every secret it parses. */
export function openDevinClient(inputs: CommonInputs, context: OperationContext): DevinClient {
  const { runtime, dependencies } = context;
  return new DevinClient({
    baseUrl: inputs.baseUrl,
    token: inputs.token,
    timeoutMs: inputs.timeoutSeconds * 1000,
    maxRetries: inputs.maxRetries,
    maskSecret: (secret) => maskSecret(runtime, secret),
    debug: (message) => runtime.debug(message),
    ...dependencies,
  });
}
