import {
  markdownCode,
  markdownText,
  quoteUntrusted,
  rememberSecret,
} from '../../src/base/untrusted.ts';
import { maskSecret, type Runtime } from '../../src/base/runtime.ts';

// Names a key's maker may choose, each trying to become a workflow command or markup.
const HOSTILE = [
  'evil\n::set-env name=PATH::/tmp',
  'x\r\n::add-mask::y',
  'x%0A::add-mask::y',
  '::error::fake',
  '##[set-output name=api_key;]stolen',
  'a\u2028::warning::b',
  'bidi \u202e reversed',
];

describe('quoteUntrusted', () => {
  test.each(HOSTILE)('%j stays on one line, starting with a quote', (name) => {
    const quoted = quoteUntrusted(name);
    expect(quoted.startsWith('"')).toBe(true);
    expect(quoted).not.toMatch(/[\r\n\u2028\u2029\u202e]/);
  });

  test('escapes as JSON does, and writes invisible characters as \\u escapes', () => {
    expect(quoteUntrusted('evil\n::set-env')).toBe('"evil\\n::set-env"');
    expect(quoteUntrusted('a\u2028b\u202ec')).toBe('"a\\u2028b\\u202ec"');
    expect(quoteUntrusted('say "hi"')).toBe('"say \\"hi\\""');
  });

  test('caps the length', () => {
    expect(quoteUntrusted('k'.repeat(1_000))).toBe(`"${'k'.repeat(300)}…"`);
    expect(quoteUntrusted('abcdef', 3)).toBe('"abc…"');
  });
});

describe('markdownText', () => {
  test.each(HOSTILE)('%j is one line', (name) => {
    expect(markdownText(name)).not.toMatch(/[\r\n\u2028\u2029\u202e]/);
  });

  test('no markup, no HTML, no table breakout, no mention', () => {
    expect(markdownText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markdownText('a | b')).toBe('a \\| b');
    expect(markdownText('**bold** [link](http://x) ![img](x) `code` ~~gone~~ &amp;')).toBe(
      '\\*\\*bold\\*\\* \\[link\\](http:\u200b//x) !\\[img\\](x) \\`code\\` \\~\\~gone\\~\\~ &amp;amp;',
    );
    expect(markdownText('cc @acme/security')).toBe('cc @\u200bacme/security');
    expect(markdownText('see #12 and acme/widgets#3')).toBe(
      'see #\u200b12 and acme/widgets#\u200b3',
    );
    expect(markdownText('line\nbreak')).toBe('line break');
  });

  test('a single special character anywhere in plain text is still escaped', () => {
    const special = [
      ...Array.from('\\`*_[]<>|~&@'),
      ...['\u0000', '\u001f', '\u007f', '\u009f', '\u2028', '\u200e', '\u202e', '\u2069'],
    ];
    for (const char of special) {
      expect([char, markdownText(`key-${char}-name`)]).not.toEqual([char, `key-${char}-name`]);
    }
    expect(markdownText('plain-key.name 42')).toBe('plain-key.name 42');
  });

  test('characters that are plain text inside a table cell are left as they are', () => {
    for (const text of [
      'deploy (prod)',
      'v2+ build!',
      'ci #nightly',
      '# release',
      '{a, b}',
      '- item',
      '1. first',
    ]) {
      expect(markdownText(text)).toBe(text);
    }
  });
});

describe('legacy ##[ commands, found anywhere in a line', () => {
  test.each([
    'pr-##[set-output name=api_key_id;]x',
    '##[add-mask]y',
    'a ##[error]b ##[warning]c',
    '###[group]x',
  ])('%j holds no "##[" once quoted', (text) => {
    const quoted = quoteUntrusted(text);
    expect(quoted).not.toContain('##[');
    // Still readable as the JSON string it is.
    expect(JSON.parse(quoted)).toBe(text);
  });
});

describe('known secrets are removed before text is cut', () => {
  const SECRET = 'cog_CANARYcut0123456789abcdefghijklm';

  test('a secret that straddles the cut shows no part of itself', () => {
    rememberSecret(SECRET);
    const text = `${'e'.repeat(270)}${SECRET} and more`;
    for (const rendered of [quoteUntrusted(text), markdownText(text)]) {
      expect(rendered).not.toContain(SECRET.slice(0, 8));
      expect(rendered).not.toContain(SECRET.slice(-8));
      expect(rendered.replace(/\\/g, '')).toContain('***');
    }
  });

  test('maskSecret remembers what it masks', () => {
    const secret = 'cog_CANARYmasked9876543210zyxwvu';
    maskSecret({ setSecret: () => undefined } as unknown as Runtime, secret);
    expect(quoteUntrusted(`${'x'.repeat(295)}${secret}`)).not.toContain(secret.slice(0, 5));
  });
});

describe('no bare links in markdown', () => {
  test.each([
    ['https://evil.example/login', 'https://evil.example'],
    ['see www.evil.example now', 'www.evil.example'],
    ['HTTP://EVIL.example', 'HTTP://EVIL'],
    ['ftp://files.example', 'ftp://'],
  ])('%j is no autolink', (text, link) => {
    const rendered = markdownText(text);
    expect(rendered).not.toContain(link);
    expect(rendered.replace(/\u200b/g, '')).toBe(text);
  });

  test('text without links is left as it is', () => {
    expect(markdownText('deploy bot nightly')).toBe('deploy bot nightly');
    expect(markdownText('wwwx.example')).toBe('wwwx.example');
  });
});

describe('markdownCode: untrusted text in a code span', () => {
  test('a URL stays whole, so that it can be copied, and is no link', () => {
    expect(markdownCode('https://api.devin.ai')).toBe('`https://api.devin.ai`');
    expect(markdownCode('http://127.0.0.1:8080/v3')).not.toContain('\u200b');
  });

  test('the fence is longer than any run of backticks inside', () => {
    expect(markdownCode('a`b``c')).toBe('```a`b``c```');
    // A backtick at either end is kept apart from the fence by a space, which the span drops.
    expect(markdownCode('`x`')).toBe('`` `x` ``');
  });

  test('one line, no cell separator, no invisible characters', () => {
    const rendered = markdownCode('a|b\nc\u202ed');
    expect(rendered).toBe('`a\\|b c\\u202ed`');
  });

  test.each(HOSTILE)('%j cannot break out of its span or its line', (text) => {
    const rendered = markdownCode(text);
    expect(rendered).not.toMatch(/[\n\r\u2028]/);
    expect(rendered).toMatch(/^`[^`]/);
    expect(rendered).toMatch(/[^`]`$/);
  });
});
