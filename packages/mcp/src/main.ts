import { runStdio } from './stdio.js';

await runStdio(process.argv.slice(2));
