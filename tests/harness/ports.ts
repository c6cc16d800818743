// Ports for apps a test starts and must name before they listen (PUBLIC_URL carries the port).
//
// Asking the kernel for port 0, closing it and handing the number on is a race: every fake
// server and every outgoing connection of the other test worker draws from that same
// ephemeral range, and one of them took a freed port before the app bound it (CI, EADDRINUSE).
// So the app's ports come from below the ephemeral range, a separate slice per vitest
// worker, and each one is still checked by binding it.
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

const SLICE = 1000;
const FLOOR = 12000;

function ephemeralFloor(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const n = Number(low);
    return Number.isInteger(n) && n > FLOOR ? n : 32768;
  } catch {
    return 32768;
  }
}

const worker = Math.max(1, Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 1) || 1);
const slices = Math.max(1, Math.floor((ephemeralFloor() - FLOOR) / SLICE));
const base = FLOOR + ((worker - 1) % slices) * SLICE;
// A random start inside the slice keeps two suites run side by side by hand apart too.
let next = Math.floor(Math.random() * SLICE);

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port no other test worker will be given, and free right now. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < SLICE; tries++) {
    const port = base + (next++ % SLICE);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${base}-${base + SLICE - 1}`);
}
