import { basename } from 'node:path';
import { actionsRuntime } from './actions-runtime.ts';
import { runStep } from './main.ts';

// action.yml runs dist/index.js as the main step and dist/post.js (which imports this bundle)
// as the post step: the file the runner started is the one thing an earlier step cannot set.
const started = basename(process.argv[1] ?? '');
await runStep(actionsRuntime, started === 'post.js' ? 'post' : 'main');
