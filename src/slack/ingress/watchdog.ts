// Runs on the ingress thread: the main thread sends a heartbeat every
// fraction of `timeoutMs`; when none has come for `timeoutMs`, the main thread
// is stuck (a long synchronous computation, an endless loop) and cannot
// answer anyone. The ingress then speaks for the app: slash commands get a
// visible "busy" answer instead of a silent 200, health checks get 503.
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { LogLevel } from './protocol.js';

/** The ack body of a slash command the app cannot take now: Slack shows it to the user at once. */
export const BUSY_ANSWER = JSON.stringify({
  response_type: 'ephemeral',
  text: ':hourglass: Calendar Stacker is busy \u2014 try again in a minute.',
});

/** How often the main thread sends its heartbeat for a given timeout. */
export const heartbeatIntervalMs = (timeoutMs: number) => Math.max(20, Math.min(1000, Math.floor(timeoutMs / 4)));

/** The health answer while the main thread is not answering. */
export const UNHEALTHY_ANSWER = JSON.stringify({ status: 'unavailable', reason: 'the main thread is not answering' });

export interface Watchdog {
  /** True while no heartbeat has come for the timeout. */
  readonly stalled: boolean;
  /** Returns how long it had been since the beat before (ms). */
  heartbeat(): number;
  /** Counts a slash command answered "busy" (reported when the main thread is back). */
  refused(): void;
  stop(): void;
}

export function startWatchdog(
  timeoutMs: number,
  log: (level: LogLevel, msg: string, data?: Record<string, unknown>) => void,
  onRecovered: (stalledMs: number) => void = () => {},
): Watchdog {
  let stalled = false;
  let lastBeat = performance.now();
  let since = 0;
  let busyAnswers = 0;
  const onStall = () => {
    stalled = true;
    since = performance.now();
    busyAnswers = 0;
    // The main thread writes every other log line; it cannot now. This line is
    // written from here, at once, in the same JSON shape.
    const line = { level: 50, time: Date.now(), component: 'ingress', heartbeatTimeoutMs: timeoutMs, msg: 'the main thread stopped answering: slash commands are told the app is busy and /healthz answers 503' };
    try {
      writeSync(1, `${JSON.stringify(line)}\n`);
    } catch {
      // stdout full or gone: /healthz still says it; the thread must not die of it.
    }
  };
  let timer = setTimeout(onStall, timeoutMs);
  return {
    get stalled() {
      return stalled;
    },
    heartbeat() {
      clearTimeout(timer);
      timer = setTimeout(onStall, timeoutMs);
      const at = performance.now();
      const gap = at - lastBeat;
      lastBeat = at;
      if (!stalled) return gap;
      stalled = false;
      const stalledMs = Math.round(at - since + timeoutMs);
      log('warn', 'the main thread answers again after a stall', { stalledMs, busyAnswers });
      onRecovered(stalledMs);
      return gap;
    },
    refused() {
      busyAnswers++;
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
