// The thread `npm start` compiles PGlite's WebAssembly on (embedded.ts): it posts the compiled
// module (or nothing, when there is none to compile) and ends.
import { parentPort } from 'node:worker_threads';
import { compilePGliteWasmHere } from './embedded.js';

parentPort?.postMessage(await compilePGliteWasmHere());
