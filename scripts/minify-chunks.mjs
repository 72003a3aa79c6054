/**
 * Minifies the chunks ncc writes beside dist/index.js: `ncc --minify` minifies only the entry.
 * Each chunk is loaded only by the operation that needs it, so this keeps dist/ small on disk
 * (and quick to read) without changing what runs. Plain JavaScript: part of every build.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = join(import.meta.dirname, '..', 'dist');
for (const name of readdirSync(dist)) {
  if (!/^\d+\.index\.js$/.test(name)) continue;
  const path = join(dist, name);
  const { code } = await minify(readFileSync(path, 'utf8'), {
    module: true,
    ecma: 2023,
    compress: true,
    mangle: true,
  });
  if (code === undefined) throw new Error(`terser returned nothing for ${name}`);
  writeFileSync(path, code);
}
