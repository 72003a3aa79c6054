/**
 * dist/licenses.txt is written by `npm run notices` (generate-license-file, run after every
 * build) from the production dependency tree; .ci/check-dist fails when it is stale. These tests
 * pin the two assumptions that make that tree the right one: the bundle only pulls in production
 * dependencies, and the file names every package of that tree at its locked version.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

interface PackageJson {
  dependencies: Record<string, string>;
}
interface LockEntry {
  version?: string;
  dev?: boolean;
}
interface PackageLock {
  packages: Record<string, LockEntry>;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as PackageLock;
const notices = readFileSync('dist/licenses.txt', 'utf8');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

test('src/ imports no package that is not a production dependency', () => {
  const builtins = new Set(builtinModules);
  const imported = new Set<string>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('node:') && !builtins.has(specifier))
        imported.add(packageName(specifier));
    }
  }
  const undeclared = [...imported].filter((name) => !(name in manifest.dependencies));
  expect(undeclared).toEqual([]);
});

test('dist/licenses.txt names every package of the production tree at its locked version', () => {
  const production = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.dev !== true)
    .map(
      ([path, entry]) => `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${entry.version}`,
    );
  expect(production.length).toBeGreaterThan(0);
  const listed = new Set([...notices.matchAll(/^ - (\S+)$/gm)].map((match) => match[1]));
  expect(production.filter((name) => !listed.has(name))).toEqual([]);
});
