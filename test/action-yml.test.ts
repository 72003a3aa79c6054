import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OPERATIONS, parseInputs } from '../src/operations/index.ts';

interface ActionYml {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string };
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;

/** The inputs an operation reads, recorded while parsing (the parse may fail; names count). */
function inputsReadBy(operation: string): Set<string> {
  const names = new Set<string>();
  try {
    parseInputs((name) => {
      names.add(name);
      return name === 'operation' ? operation : '';
    });
  } catch {
    // Empty values are invalid; only the names read matter here.
  }
  return names;
}

test('runs the bundle on node24 and is fully described', () => {
  expect(action.runs).toMatchObject({
    using: 'node24',
    main: 'dist/index.js',
    post: 'dist/index.js',
  });
  expect(action.name).toBeTruthy();
  expect(action.description).toBeTruthy();
  expect(action.author).toBeTruthy();
  expect(action.branding?.icon).toBeTruthy();
  expect(action.branding?.color).toBeTruthy();
});

test('every input and output has a description', () => {
  const undescribed = [
    ...Object.entries(action.inputs).filter(([, input]) => !input.description?.trim()),
    ...Object.entries(action.outputs).filter(([, output]) => !output.description?.trim()),
  ].map(([name]) => name);
  expect(undescribed).toEqual([]);
});

test('action.yml declares exactly the inputs the code reads', () => {
  const read = new Set(
    Object.keys(OPERATIONS).flatMap((operation) => [...inputsReadBy(operation)]),
  );
  expect(Object.keys(action.inputs).sort()).toEqual([...read].sort());
});

test('the documented defaults are the ones the code applies', () => {
  const documented = Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)]),
  );
  // With action.yml's defaults filled in, as the runner does, the inputs equal the code's own defaults.
  const read = (defaults: Record<string, string>) => (name: string) =>
    ({ operation: 'audit', token: 'cog_x', ...defaults })[name] ?? '';
  expect(parseInputs(read(documented)).inputs).toEqual(parseInputs(read({})).inputs);
});

test('action.yml declares exactly the outputs the operations declare in the registry', () => {
  const declared = new Set(Object.values(OPERATIONS).flatMap((entry) => entry.outputs));
  expect(Object.keys(action.outputs).sort()).toEqual([...declared].sort());
});

/** The first cells of the rows of the README table under `heading`. */
function readmeTableNames(heading: string): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const table = /\n(\|.*\n)+/.exec(section)?.[0] ?? '';
  return [...table.matchAll(/^\| `([a-z_]+)`/gm)].map((match) => match[1] ?? '');
}

test('the README tables list every input and output, in any order, and nothing else', () => {
  expect(readmeTableNames('## Inputs').sort()).toEqual(Object.keys(action.inputs).sort());
  expect(readmeTableNames('## Outputs').sort()).toEqual(Object.keys(action.outputs).sort());
});
