import { actionsRuntime } from './actions-runtime.ts';
import { main } from './main.ts';

await main(actionsRuntime);
