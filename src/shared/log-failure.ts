import type { Logger } from '../logger.js';
import { UserFacingError } from '../core/errors.js';
import { currentRequestId } from './request-scope.js';

/**
 * Logs a failure by whose it is. A user's mistake (an unknown client, "Which
 * client?", "isn't connected", a refused value) is an answer we gave, not a
 * fault: info, with its code and wording, no stack. Anything else is our own
 * fault (or a platform's we did not expect): error, with the stack. Either
 * carries the Slack request's id, even when `log` is the app's own logger.
 */
export function logFailure(log: Logger, err: unknown, msg: string, data: Record<string, unknown> = {}): void {
  const reqId = 'reqId' in log.bindings() ? undefined : currentRequestId();
  const fields = reqId ? { reqId, ...data } : data;
  if (err instanceof UserFacingError) log.info({ ...fields, code: err.code, reason: err.message }, msg);
  else log.error({ ...fields, err }, msg);
}
