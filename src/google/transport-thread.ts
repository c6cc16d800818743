// The thread Google's HTTP runs on (transport.ts is the app's side): it holds the keep-alive pool,
// writes each request, reads and decodes each answer, and hands back the bytes. A 200-client
// agenda is 400 calls at once: their sockets, parsing and decompression no longer take turns with
// the rest of the app on its main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { exchange, exchangePool } from './http-exchange.js';
import { crossed, type FromTransport, type ToTransport } from './transport-protocol.js';

const port = parentPort;
if (!port) throw new Error('transport-thread.ts runs as a worker thread');
const pool = exchangePool((workerData as { timeoutMs: number }).timeoutMs);
const aborts = new Map<number, AbortController>();
port.postMessage({ t: 'ready' } satisfies FromTransport);

port.on('message', (m: ToTransport) => {
  if (m.t === 'abort') return aborts.get(m.id)?.abort();
  const abort = m.abortable ? new AbortController() : undefined;
  if (abort) aborts.set(m.id, abort);
  exchange(pool, m.request, abort?.signal).then(
    (answer) => {
      // Handed over, not copied; a Buffer from Node's shared pool (small ones are) is copied first.
      const body = answer.body.byteOffset === 0 && answer.body.byteLength === answer.body.buffer.byteLength ? answer.body : new Uint8Array(answer.body);
      port.postMessage({ t: 'answer', id: m.id, answer: { ...answer, body } } satisfies FromTransport, [body.buffer as ArrayBuffer]);
    },
    (err: unknown) => port.postMessage({ t: 'failed', id: m.id, error: crossed(err) } satisfies FromTransport),
  ).finally(() => aborts.delete(m.id));
});
