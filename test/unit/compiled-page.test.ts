import { CompiledApiKeyPage } from '../../src/devin/compiled-page.ts';
import { ApiKeyPage } from '../../src/devin/schemas.ts';

const key = {
  api_key_id: 'key-1',
  api_key_name: 'ci',
  created_at: 1_764_000_000,
  expires_at: null,
  is_active: true,
  last_used_at: 1_764_100_000,
  revoked_at: null,
};

// Answers as the API might give them, good and bad, each as parsed JSON.
const ANSWERS: Record<string, string> = {
  'a full page': JSON.stringify({ items: [key], end_cursor: 'c1', has_next_page: true, total: 9 }),
  'the last page, with nulls': JSON.stringify({ items: [key], end_cursor: null, total: null }),
  'fields the API added later': JSON.stringify({
    items: [{ ...key, status: 'active', scopes: ['x'] }],
    has_next_page: false,
    next: 'x',
  }),
  'a key named __proto__ in an item': `{"items":[{"__proto__":{"polluted":true},${JSON.stringify(key).slice(1)}]}`,
  'items missing': '{"end_cursor":null}',
  'items null': '{"items":null}',
  'a key without created_at': JSON.stringify({ items: [{ ...key, created_at: undefined }] }),
  'a time that is not a whole second': JSON.stringify({ items: [{ ...key, expires_at: 1.5 }] }),
  'a time as a string': JSON.stringify({ items: [{ ...key, revoked_at: '2026-11-01' }] }),
  'has_next_page as a string': JSON.stringify({ items: [], has_next_page: 'yes' }),
  'a cursor that is a number': JSON.stringify({ items: [], end_cursor: 5 }),
  'an array': '[]',
};

test.each(Object.entries(ANSWERS))(
  '%s: the compiled schema answers exactly as ApiKeyPage does',
  (_, json) => {
    const compiled = CompiledApiKeyPage.safeParse(JSON.parse(json));
    const generic = ApiKeyPage.safeParse(JSON.parse(json));

    expect(compiled.success).toBe(generic.success);
    expect(compiled.data).toEqual(generic.data);
    expect(compiled.error?.issues).toEqual(generic.error?.issues);
  },
);

test('the schema is really compiled, not handed back as it was', () => {
  expect(CompiledApiKeyPage).not.toBe(ApiKeyPage);
});
