import { UserFacingError } from '../core/errors.js';

/** A refusal the transport words itself (a stale button, a command it could not read): shown as written. */
export class ReplyError extends UserFacingError {
  readonly code = 'user_error';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}
