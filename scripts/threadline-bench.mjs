#!/usr/bin/env node
// `npm run bench`: registers the TypeScript loader, then runs the benchmarks in bench/.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
