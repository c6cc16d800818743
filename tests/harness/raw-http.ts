// Requests that fetch refuses to send (bad escapes, odd methods, broken framing), written to a
// plain TCP socket, and the status line of whatever comes back.
import { connect } from 'node:net';

const CHUNK = 64 * 1024;

export interface RawAnswer {
  /** The response's status code; null when the connection ended or timed out without one. */
  status: number | null;
  /** The first line received, for failure messages. */
  statusLine: string;
  /** The server ended the connection (not our time-out). */
  closedByServer: boolean;
}

export function rawRequest(port: number, request: string | Buffer, opts: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let settled = false;
    let closedByServer = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const statusLine = received.split('\r\n')[0] ?? '';
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      resolve({ status: m ? Number(m[1]) : null, statusLine, closedByServer });
    };
    // A bound for a server that never answers, not a speed check: a 5 MB body sent in pieces to a
    // busy app can take several seconds.
    const timer = setTimeout(finish, opts.timeoutMs ?? 30_000);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (received.includes('\r\n')) finish();
    });
    socket.on('error', () => ((closedByServer = true), finish()));
    socket.on('close', () => ((closedByServer = true), finish()));
    // latin1 sends each char as one byte, so a test can send any byte in a request line.
    const bytes = typeof request === 'string' ? Buffer.from(request, 'latin1') : request;
    // In pieces, stopping once an answer came: a server that answers a large body early closes
    // the connection, and a reset arriving before the answer was read would discard it.
    const writeFrom = (offset: number): void => {
      if (settled) return;
      if (offset >= bytes.length) {
        if (opts.halfClose) socket.end();
        return;
      }
      socket.write(bytes.subarray(offset, offset + CHUNK), (err) => {
        if (!err) setImmediate(() => writeFrom(offset + CHUNK));
      });
    };
    writeFrom(0);
  });
}
