import { actionsRuntime } from './actions-runtime.ts';
import { postMain } from './post-main.ts';

await postMain(actionsRuntime);
