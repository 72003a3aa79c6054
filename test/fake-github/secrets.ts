/**
 * Actions secrets as GitHub keeps them: a key pair per repository and per environment, names
 * upper-cased, `created_at` from the first write and `updated_at` from every write. Each sealed
 * box written is opened, so a test reads back the value each secret holds and every value it
 * held before.
 */
import { HttpProblem } from './problems.ts';
import { isoSeconds, type FakeRepository } from './repositories.ts';

type Sodium = (typeof import('libsodium-wrappers'))['default'];

export async function loadSodium(): Promise<Sodium> {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  return sodium;
}

interface KeyPair {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** One write of a secret: through the API with a token, or by someone else (a test's hook). */
export interface SecretWrite {
  value: string;
  /** ISO 8601, whole seconds. */
  at: string;
  by: 'api' | 'someone else';
}

/** An Actions secret as it is now, its sealed value opened. */
export interface FakeSecret {
  repository: string;
  /** null: a repository secret. */
  environment: string | null;
  name: string;
  value: string;
  /** How many times it was written. */
  writes: number;
  createdAt: string;
  updatedAt: string;
  /** Every write, oldest first. */
  history: SecretWrite[];
}

/** Where a secret lives: the environment spelled as seeded, null for the repository's own. */
export interface SecretPlace {
  repository: FakeRepository;
  environment: string | null;
}

interface StoredSecret {
  secret: FakeSecret;
  createdMs: number;
  updatedMs: number;
}

const scopeOf = (place: SecretPlace): string =>
  `${place.repository.fullName.toLowerCase()}\u0000${place.environment?.toLowerCase() ?? ''}`;

const copyOf = (secret: FakeSecret): FakeSecret => ({
  ...secret,
  history: secret.history.map((write) => ({ ...write })),
});

const invalid = (field: string): HttpProblem =>
  new HttpProblem(422, 'Invalid request.', {
    errors: [{ resource: 'Secret', code: 'invalid', field }],
  });

/** GitHub's rule for secret names: letters, digits and `_`, not a digit first, not GITHUB_. */
export function refuseInvalidName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) throw invalid('name');
}

export class SecretStore {
  private readonly keyPairs = new Map<string, KeyPair>();
  private readonly stored = new Map<string, StoredSecret>();
  private readonly removed: FakeSecret[] = [];
  private nextKeyId = 1;

  private readonly sodium: Sodium;
  private readonly now: () => number;

  constructor(sodium: Sodium, now: () => number) {
    this.sodium = sodium;
    this.now = now;
  }

  /** The key pair of a place, made on first use. */
  private keyPairOf(place: SecretPlace): KeyPair {
    const scope = scopeOf(place);
    let pair = this.keyPairs.get(scope);
    if (pair === undefined) {
      const made = this.sodium.crypto_box_keypair();
      pair = {
        keyId: `568250167242549${String(this.nextKeyId++).padStart(3, '0')}`,
        publicKey: made.publicKey,
        privateKey: made.privateKey,
      };
      this.keyPairs.set(scope, pair);
    }
    return pair;
  }

  publicKeyJson(place: SecretPlace): { key_id: string; key: string } {
    const pair = this.keyPairOf(place);
    return {
      key_id: pair.keyId,
      key: this.sodium.to_base64(pair.publicKey, this.sodium.base64_variants.ORIGINAL),
    };
  }

  /** The value a PUT body sealed for the place; GitHub's 422 for a body it cannot take. */
  open(place: SecretPlace, body: Record<string, unknown>): string {
    const pair = this.keyPairOf(place);
    if (body.key_id !== pair.keyId) throw invalid('key_id');
    if (typeof body.encrypted_value !== 'string') throw invalid('encrypted_value');
    try {
      return this.sodium.to_string(
        this.sodium.crypto_box_seal_open(
          this.sodium.from_base64(body.encrypted_value, this.sodium.base64_variants.ORIGINAL),
          pair.publicKey,
          pair.privateKey,
        ),
      );
    } catch {
      throw invalid('encrypted_value');
    }
  }

  /**
   * Writes the value; `atMs` defaults to now. Whether the secret is new (GitHub's 201) or was
   * replaced (204), and the secret as it is now.
   */
  write(
    place: SecretPlace,
    name: string,
    value: string,
    by: SecretWrite['by'],
    atMs: number = this.now(),
  ): { created: boolean; secret: FakeSecret } {
    const key = `${scopeOf(place)}\u0000${name.toUpperCase()}`;
    const existing = this.stored.get(key);
    const at = isoSeconds(atMs);
    const createdMs = existing?.createdMs ?? atMs;
    const secret: FakeSecret = {
      repository: place.repository.fullName,
      environment: place.environment,
      name: name.toUpperCase(),
      value,
      writes: (existing?.secret.writes ?? 0) + 1,
      createdAt: isoSeconds(createdMs),
      updatedAt: at,
      history: [...(existing?.secret.history ?? []), { value, at, by }],
    };
    this.stored.set(key, { secret, createdMs, updatedMs: atMs });
    return { created: existing === undefined, secret: copyOf(secret) };
  }

  /** When someone else writes: now, yet always after the last write, as a later edit would be. */
  laterThanLastWrite(place: SecretPlace, name: string): number {
    const existing = this.stored.get(`${scopeOf(place)}\u0000${name.toUpperCase()}`);
    return Math.max(this.now(), (existing?.updatedMs ?? -Infinity) + 1000);
  }

  find(place: SecretPlace, name: string): FakeSecret | undefined {
    const found = this.stored.get(`${scopeOf(place)}\u0000${name.toUpperCase()}`);
    return found === undefined ? undefined : copyOf(found.secret);
  }

  /** Whether there was such a secret to delete. */
  delete(place: SecretPlace, name: string): boolean {
    const key = `${scopeOf(place)}\u0000${name.toUpperCase()}`;
    const found = this.stored.get(key);
    if (found === undefined) return false;
    this.stored.delete(key);
    this.removed.push(found.secret);
    return true;
  }

  current(): FakeSecret[] {
    return [...this.stored.values()].map((stored) => copyOf(stored.secret));
  }

  deleted(): FakeSecret[] {
    return this.removed.map(copyOf);
  }
}

/** GitHub's metadata of a secret: never its value. */
export function secretMetadataJson(secret: FakeSecret): Record<string, string> {
  return { name: secret.name, created_at: secret.createdAt, updated_at: secret.updatedAt };
}
