// The thread `npm start` compiles WebAssembly on (embedded.ts): PGlite's, then Prisma's query
// compiler when asked, each posted as it is compiled (or nothing, when there is none); then it ends.
import { parentPort, workerData } from 'node:worker_threads';
import { compileOnThisThread, type ThreadCompiled } from './embedded.js';

await compileOnThisThread(workerData as ThreadCompiled[], (answer) => parentPort?.postMessage(answer));
