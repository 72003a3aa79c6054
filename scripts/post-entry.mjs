/**
 * Writes dist/post.js, the post step's entry (action.yml `runs.post`): it runs the main bundle,
 * which tells the two steps apart by the file the runner started. One bundle serves both, so
 * dist/ holds no second copy and the post step starts as fast as the main one. Part of every
 * build, so check-dist rebuilds it too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entry = join(import.meta.dirname, '..', 'dist', 'post.js');
writeFileSync(
  entry,
  "// The post step of devin-keys-action: dist/index.js runs as the post step when started from here.\nimport './index.js';\n",
);
