// The ingress thread's Worker (./worker.ts): made when the receiver starts, or earlier by
// `npm start` (src/main.ts), so that the thread's own start runs while the app loads.
import type { Worker } from 'node:worker_threads';
import { fromSource, moduleThread } from '../../shared/module-thread.js';
import type { IngressOptions, ToIngress } from './protocol.js';

const NAME = 'slack-ingress';

let early: Worker | undefined;

/**
 * Starts the ingress thread before the app's modules load: Node's start of a thread and the
 * loading of its modules (~50 ms, measured at the end of a 1-s restart, after the app was up)
 * then run on another core while the app loads. The thread waits for its options (a `start`
 * message) before it opens the public port, and keeps nothing alive until it has them. From
 * source (tests, `npm run dev`) it starts when the receiver does, as before.
 */
export function startIngressThreadEarly(): void {
  if (early || fromSource(import.meta.url)) return;
  try {
    const worker = moduleThread(import.meta.url, 'worker', { workerData: null, name: NAME });
    worker.unref();
    // Ended before it was used (a damaged build): the receiver starts one itself and reports why.
    worker.once('exit', () => early === worker && (early = undefined));
    worker.on('error', () => {});
    early = worker;
  } catch {
    early = undefined;
  }
}

/** Ends the early thread unused (Socket Mode has no ingress thread). */
export function dropIngressThreadEarly(): void {
  void early?.terminate();
  early = undefined;
}

/** The ingress thread for these options: the early one, told them, or a new one. */
export function ingressThread(options: IngressOptions): Worker {
  const worker = early;
  early = undefined;
  if (worker) {
    worker.ref();
    worker.postMessage({ t: 'start', options } satisfies ToIngress);
    return worker;
  }
  return moduleThread(import.meta.url, 'worker', { workerData: options, name: NAME });
}
