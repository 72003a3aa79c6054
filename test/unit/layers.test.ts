/**
 * The folders of src/ are layers: a module imports only from its own folder and the folders
 * below it, so that a helper everybody uses sits at the base and no feature reaches up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Lowest first. The entry points (src/*.ts) stand above every folder. */
const LAYERS = ['base', 'devin', 'audit', 'summary', 'github', 'inputs', 'operations'];
const ENTRY_LAYER = LAYERS.length;

const SRC = resolve('src');

function layerOf(file: string): number {
  const [top, ...rest] = relative(SRC, file).split('/');
  if (rest.length === 0) return ENTRY_LAYER;
  const layer = LAYERS.indexOf(top ?? '');
  if (layer === -1) throw new Error(`src/${top ?? ''} is in no layer: add it to LAYERS`);
  return layer;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of a module, static and dynamic, type-only ones included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) =>
    resolve(dirname(file), match[1] ?? ''),
  );
}

test('every folder of src/ is a layer, and no module imports from a layer above its own', () => {
  const upward = sourceFiles(SRC).flatMap((file) =>
    importsOf(file)
      .filter((imported) => layerOf(imported) > layerOf(file))
      .map((imported) => `${relative(SRC, file)} imports ${relative(SRC, imported)}`),
  );
  expect(upward).toEqual([]);
});

test('the layer check sees imports: the entry imports the registry', () => {
  expect(importsOf(join(SRC, 'main.ts'))).toContain(join(SRC, 'operations', 'index.ts'));
});
