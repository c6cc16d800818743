// The thread a first start unpacks the build's image on (embedded.ts): it answers whether the
// image was restored into workerData.path, and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { restoreNewDataDir } from './embedded-image.js';

const { path } = workerData as { path: string };
parentPort?.postMessage(await restoreNewDataDir(path).catch(() => false));
