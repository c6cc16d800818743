import type { Logger } from './logger.js';
import { currentRequestId } from './shared/request-scope.js';

/**
 * The last line of defence. Every async path has an owner that catches (Bolt's
 * error handler, the router, TaskTracker.detach, the job engine, bulk runs),
 * so reaching these handlers is a bug of ours, logged with the Slack request
 * it happened in (Node runs them in the failure's async context).
 *
 * - An unhandled rejection is a promise whose work already ended without an
 *   owner: nothing was left half-done on the stack, so it is logged and the
 *   process carries on (Node's default would kill every request in flight).
 * - An uncaught exception unwound a synchronous stack at an unknown point,
 *   so the process may be inconsistent: it is logged and the app stops the
 *   graceful way (no new requests, in-flight work finishes within
 *   SHUTDOWN_TIMEOUT_MS), then exits 1 for the supervisor to restart it.
 */
export function handleProcessErrors(log: Logger, stopThenExit: (code: number) => void): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason, reqId: currentRequestId() }, 'a promise failed with no owner to catch it; carrying on');
  });
  process.on('uncaughtException', (err, origin) => {
    log.fatal({ err, origin, reqId: currentRequestId() }, 'an exception escaped every handler; stopping gracefully so the supervisor restarts the app');
    stopThenExit(1);
  });
}
