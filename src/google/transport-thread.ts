// The thread Google's calls run on (transport.ts is the app's side): the official client builds
// each request, undici's keep-alive pool sends it, and the answer is read, decoded and parsed
// here; the app's thread gets the answer's data. A 200-client agenda is 400 calls at once: their
// request building, sockets, parsing and the garbage of all that no longer take turns with the
// rest of the app on its main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createLimiter } from '../shared/limit.js';
import { calendarCalls } from './calendar-calls.js';
import { crossed, type Answer, type FromTransport, type ToTransport } from './transport-protocol.js';

const port = parentPort;
if (!port) throw new Error('transport-thread.ts runs as a worker thread');
const { rootUrl, timeoutMs } = workerData as { rootUrl: string; timeoutMs: number };
const call = calendarCalls(rootUrl, timeoutMs);
port.postMessage({ t: 'ready' } satisfies FromTransport);

/**
 * Calls started in one turn of this thread's event loop; the next ones start in the turns after.
 * undici writes a request on a kept-alive connection only once the loop has passed its poll
 * phase (it first looks for a close or stray bytes Google may have sent on the idle socket), and
 * the app posts a 200-client agenda's 400 calls within a few milliseconds: this thread took them
 * all in one go, and not one request left before the last was built (~120 ms). A few per turn,
 * the first are at Google while the next are built, and the answers are read in between.
 */
const STARTS_PER_TURN = 20;
const limit = createLimiter(Number.POSITIVE_INFINITY, STARTS_PER_TURN);

/**
 * Answers go back together, once per turn of this thread's loop: a 200-client agenda's 400 answers
 * arrive a few at a time as their sockets are read, and a message each cost this thread a
 * serialization and the app's thread a message event per call.
 */
let answers: Answer[] = [];
const send = (answer: Answer) => {
  if (answers.push(answer) > 1) return;
  setImmediate(() => {
    const batch = answers;
    answers = [];
    port.postMessage({ t: 'answers', answers: batch } satisfies FromTransport);
  });
};

port.on('message', (m: ToTransport) => {
  limit(() => call(m.method, m.params, m.accessToken)).then(
    (data) => send({ t: 'data', id: m.id, data }),
    (err: unknown) => send({ t: 'failed', id: m.id, error: crossed(err) }),
  );
});
