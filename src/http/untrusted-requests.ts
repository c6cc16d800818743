// Checks every request to the public port passes before any route sees it, shared by the
// ingress thread (HTTP mode) and our router (which owns the port in Socket Mode). Nothing here
// throws: an unauthenticated request must never be able to end the process.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

// RFC 9110 §7.2 / RFC 3986 §3.2.2: an IP literal or a reg-name, and an optional port.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]*)(?::\d{0,5})?$/;
const MAX_HOST = 255;

/**
 * Why the request must be refused with 400, or null. RFC 9112 §3.2: an HTTP/1.1 request has
 * exactly one valid Host. Only origin-form targets (`/path?query`) are served: we are not a
 * proxy, so absolute-form, authority-form and asterisk-form are refused rather than read.
 */
export function requestProblem(req: IncomingMessage): string | null {
  if (!(req.url ?? '').startsWith('/')) return 'request target is not a path';
  const hosts = req.headersDistinct.host ?? [];
  if (hosts.length > 1) return 'more than one Host';
  const host = hosts[0];
  if (host === undefined) return req.httpVersion === '1.0' ? null : 'no Host';
  if (host.length > MAX_HOST || !HOST.test(host)) return 'invalid Host';
  return null;
}

/** The request's target as a URL, or null when it does not parse as one. */
export function targetUrl(req: IncomingMessage): URL | null {
  try {
    // Concatenated, not resolved against a base: "//evil/x" is a path here, not another host.
    return new URL(`http://localhost${req.url ?? '/'}`);
  } catch {
    return null;
  }
}

/** A path segment decoded, or null when it holds a malformed %-escape. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Request ids we pass on and log: ours, or a caller's when it looks like one. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function refuse(socket: Socket, status: string, extra = ''): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\n${extra}Connection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

/**
 * Answers what never becomes a request: Node's default closes the connection without a word on
 * a parse error when anyone listens for it, and always on CONNECT. Every client gets a status.
 */
export function answerMalformed(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const code = err.code ?? '';
    refuse(
      socket,
      code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request',
    );
  });
  server.on('connect', (_req: IncomingMessage, socket: Socket) => refuse(socket, '405 Method Not Allowed', 'Allow: GET, POST\r\n'));
}
