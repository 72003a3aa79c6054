/**
 * The workload of wire-workload.ts in a process of its own, for jest: @actions/github is an
 * ECMAScript module only, which jest's CommonJS cannot load, while Node runs this file as it is.
 * Usage: node test/support/wire-workload-process.ts '<WorkloadOptions as JSON>'
 * Prints the WorkloadResult as one JSON line.
 */
import { runWorkload, type WorkloadOptions } from './wire-workload.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as WorkloadOptions;
process.stdout.write(`${JSON.stringify(await runWorkload(options))}\n`);
