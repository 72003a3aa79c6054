/** Which listed v2 key is the one a run minted, or the one a re-run replaced: never a guess. */
import type { ComparedEnterpriseKey } from '../../src/devin/client.ts';
import { identifyMintedKey, identifyReplacedKey } from '../../src/operations/provisioned-keys.ts';

const T = 1_800_000_000;

function key(id: string, overrides: Partial<ComparedEnterpriseKey> = {}): ComparedEnterpriseKey {
  return {
    id,
    org_id: 'org-1',
    is_service_key: true,
    created_at: T,
    valueMatch: 'unknown',
    ...overrides,
  };
}

const window = { orgId: 'org-1', before: new Set(['old-1', 'old-2']), sentAt: T };
const ids = (found: ReturnType<typeof identifyMintedKey>) =>
  found.kind === 'one'
    ? [found.key.id]
    : found.kind === 'several'
      ? found.candidates.map((k) => k.id)
      : [];

test('the one new service key of the organization made in the window is the minted key', () => {
  const keys = [
    key('old-1'),
    key('new-1'),
    key('user-1', { is_service_key: false }),
    key('b', { org_id: 'org-2' }),
  ];
  expect(identifyMintedKey(keys, window, T + 5)).toEqual({ kind: 'one', key: keys[1] });
});

test('two new keys at the same moment: several, unless the value says which', () => {
  expect(ids(identifyMintedKey([key('new-1'), key('new-2')], window, T))).toEqual([
    'new-1',
    'new-2',
  ]);
  expect(identifyMintedKey([key('new-1'), key('new-2')], window, T).kind).toBe('several');
  const told = identifyMintedKey(
    [key('new-1', { valueMatch: 'other' }), key('new-2', { valueMatch: 'same' })],
    window,
    T,
  );
  expect(ids(told)).toEqual(['new-2']);
  expect(told.kind).toBe('one');
  // A masked value that fits both says nothing.
  const masked = [key('new-1', { valueMatch: 'maybe' }), key('new-2', { valueMatch: 'maybe' })];
  expect(identifyMintedKey(masked, window, T).kind).toBe('several');
});

test('a new key made long before the minting is not it; none is an answer', () => {
  expect(identifyMintedKey([key('new-1', { created_at: T - 3_600 })], window, T).kind).toBe('none');
  expect(identifyMintedKey([key('old-1')], window, T).kind).toBe('none');
});

test('the replaced key: made before this run, within the store time before the last write', () => {
  const previous = { writtenAt: T - 600, storeSeconds: 2_700 };
  const keys = [
    key('old-1', { created_at: T - 700 }),
    key('old-2', { created_at: T - 90_000 }),
    key('new-1', { created_at: T, valueMatch: 'same' }),
  ];
  expect(ids(identifyReplacedKey(keys, window, previous))).toEqual(['old-1']);
  const twoOld = [key('old-1', { created_at: T - 700 }), key('old-2', { created_at: T - 650 })];
  expect(identifyReplacedKey(twoOld, window, previous).kind).toBe('several');
  expect(
    identifyReplacedKey([key('old-2', { created_at: T - 90_000 })], window, previous).kind,
  ).toBe('none');
});

test("a key made after the secret's last write is never the one it held (the next target's)", () => {
  const previous = { writtenAt: T - 600, storeSeconds: 2_700 };
  const nextTargets = key('old-3', { created_at: T - 598 });
  expect(identifyReplacedKey([nextTargets], window, previous).kind).toBe('none');
  const held = key('old-1', { created_at: T - 601 });
  expect(ids(identifyReplacedKey([held, nextTargets], window, previous))).toEqual(['old-1']);
});
