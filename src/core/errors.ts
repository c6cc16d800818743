/** An error whose message is written for the person using the app. */
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
