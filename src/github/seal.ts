/**
 * Seals a value for an Actions secret: libsodium's crypto_box_seal against the target's public
 * key, as GitHub documents. libsodium is large, so it loads (a chunk of its own) only when the
 * first secret is written: never in a dry run, nor in a run that writes none.
 */
type Sodium = (typeof import('libsodium-wrappers'))['default'];

let sodiumLoaded: Promise<Sodium> | undefined;

function sodium(): Promise<Sodium> {
  sodiumLoaded ??= import('libsodium-wrappers').then(async ({ default: lib }) => {
    await lib.ready;
    return lib;
  });
  return sodiumLoaded;
}

/** Thrown when a public key is not a 32-byte X25519 key in base64. */
export class BadPublicKeyError extends Error {
  override readonly name = 'BadPublicKeyError';
}

/** The value sealed against `publicKey` (base64), base64 encoded: GitHub's `encrypted_value`. */
export async function sealSecret(value: string, publicKey: string): Promise<string> {
  const lib = await sodium();
  let key: Uint8Array;
  try {
    key = lib.from_base64(publicKey, lib.base64_variants.ORIGINAL);
  } catch {
    throw new BadPublicKeyError('the public key is not base64');
  }
  if (key.length !== lib.crypto_box_PUBLICKEYBYTES) {
    throw new BadPublicKeyError(`the public key has ${key.length} bytes, not 32`);
  }
  let sealed: Uint8Array;
  try {
    sealed = lib.crypto_box_seal(value, key);
  } catch {
    // libsodium says only "invalid usage": it refuses a key of low order (all zeros, say).
    throw new BadPublicKeyError(
      'libsodium refused it as a key to seal for (it is a weak key, such as all zeros)',
    );
  }
  return lib.to_base64(sealed, lib.base64_variants.ORIGINAL);
}
