/**
 * An error whose message is written for the person using the app: their
 * mistake or a state they can act on, not our fault. It is shown to them and
 * logged at info without a stack (src/shared/log-failure.ts); anything else
 * that fails is our fault, logged at error with its stack.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code: string = 'user_error',
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export class NotFoundError extends UserFacingError {
  constructor(message: string, hint?: string) {
    super(message, hint, 'not_found');
  }
}

export class ForbiddenError extends UserFacingError {
  constructor(message: string, hint?: string) {
    super(message, hint, 'forbidden');
  }
}
