import type { ApiKeyWithTokenResponse } from '../devin/schemas.ts';
import type { ExpirySpec } from '../inputs/parsers.ts';
import type { Runtime } from '../base/runtime.ts';
import { isoTime } from '../base/time.ts';

/** The UNIX time (seconds) an expiry means for a key made at `nowSeconds`. */
export function expiresAtSeconds(expiry: ExpirySpec, nowSeconds: number): number {
  return 'inSeconds' in expiry ? nowSeconds + expiry.inSeconds : expiry.atSeconds;
}

/**
 * Hands a new key to later steps. Its token was masked when the answer was parsed; only the
 * `api_key` output carries it.
 */
export function outputMintedKey(
  runtime: Runtime,
  minted: ApiKeyWithTokenResponse,
  expiresAt: number | null,
): void {
  runtime.setOutput('api_key', minted.token);
  runtime.setOutput('api_key_id', minted.api_key_id);
  runtime.setOutput('api_key_name', minted.api_key_name);
  runtime.setOutput('expires_at', expiresAt === null ? '' : isoTime(expiresAt));
}
