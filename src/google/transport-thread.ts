// The thread Google's calls run on (transport.ts is the app's side): the official client builds
// each request, undici's keep-alive pool sends it, and the answer is read, decoded and parsed
// here; the app's thread gets the answer's data. A 200-client agenda is 400 calls at once: their
// request building, sockets, parsing and the garbage of all that no longer take turns with the
// rest of the app on its main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { calendarCalls } from './calendar-calls.js';
import { crossed, type FromTransport, type ToTransport } from './transport-protocol.js';

const port = parentPort;
if (!port) throw new Error('transport-thread.ts runs as a worker thread');
const { rootUrl, timeoutMs } = workerData as { rootUrl: string; timeoutMs: number };
const call = calendarCalls(rootUrl, timeoutMs);
port.postMessage({ t: 'ready' } satisfies FromTransport);

port.on('message', (m: ToTransport) => {
  call(m.method, m.params, m.accessToken).then(
    (data) => port.postMessage({ t: 'data', id: m.id, data } satisfies FromTransport),
    (err: unknown) => port.postMessage({ t: 'failed', id: m.id, error: crossed(err) } satisfies FromTransport),
  );
});
