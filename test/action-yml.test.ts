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
    post: 'dist/post.js',
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
  // Each kind of credential an audit takes: a default that one kind refuses would fail every run.
  for (const token of ['cog_x', 'apk_user_x']) {
    const read = (defaults: Record<string, string>) => (name: string) =>
      ({ operation: 'audit', token, ...defaults })[name] ?? '';
    expect(parseInputs(read(documented)).inputs).toEqual(parseInputs(read({})).inputs);
  }
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

/**
 * The Feather icons GitHub accepts for `branding.icon`: the "Exhaustive list of all currently
 * supported icons" under branding.icon in
 * https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#brandingicon
 * (Feather v4.28.0 less brand icons and coffee, columns, divide-*, frown, hexagon, key, meh,
 * mouse-pointer, smile, tool, x-octagon).
 */
const BRANDING_ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left
  align-right anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down
  arrow-left-circle arrow-left arrow-right-circle arrow-right arrow-up-circle arrow-up-left
  arrow-up-right arrow-up at-sign award bar-chart-2 bar-chart battery-charging battery bell-off
  bell bluetooth bold book-open book bookmark box briefcase calendar camera-off camera cast
  check-circle check-square check chevron-down chevron-left chevron-right chevron-up chevrons-down
  chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning
  cloud-off cloud-rain cloud-snow cloud code command compass copy corner-down-left
  corner-down-right corner-left-down corner-left-up corner-right-down corner-right-up
  corner-up-left corner-up-right cpu credit-card crop crosshair database delete disc dollar-sign
  download-cloud download droplet edit-2 edit-3 edit external-link eye-off eye fast-forward
  feather file-minus file-plus file-text file film filter flag folder-minus folder-plus folder
  gift git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones
  heart help-circle home image inbox info italic layers layout life-buoy link-2 link list loader
  lock log-in log-out mail map-pin map maximize-2 maximize menu message-circle message-square
  mic-off mic minimize-2 minimize minus-circle minus-square minus monitor moon more-horizontal
  more-vertical move music navigation-2 navigation octagon package paperclip pause-circle pause
  percent phone-call phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone
  pie-chart play-circle play plus-circle plus-square plus pocket power printer radio refresh-ccw
  refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search send server settings
  share-2 share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back
  skip-forward slash sliders smartphone speaker square star stop-circle sun sunrise sunset table
  tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left toggle-right trash-2
  trash trending-down trending-up triangle truck tv type umbrella underline unlock upload-cloud
  upload user-check user-minus user-plus user-x user users video-off video voicemail volume-1
  volume-2 volume-x volume watch wifi-off wifi wind x-circle x-square x zap-off zap zoom-in
  zoom-out`.split(/\s+/),
);

/** The badge colours of the same docs section (branding.color). */
const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark',
];

test('the branding is one the Marketplace accepts', () => {
  expect(BRANDING_ICONS.has('key')).toBe(false);
  expect(BRANDING_ICONS.has(action.branding?.icon ?? '')).toBe(true);
  expect(BRANDING_COLORS).toContain(action.branding?.color);
});

test('the author is named, not the action', () => {
  expect(action.author?.trim()).toBeTruthy();
  expect(action.author).not.toBe('devin-keys-action');
});
