import { actionsRuntime } from './actions-runtime.ts';
import { runStep } from './main.ts';

await runStep(actionsRuntime);
