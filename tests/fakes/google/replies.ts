/** Replies and errors in Google's shapes (API errors, OAuth errors, redirects), and partial responses (`fields`). */
import mask, { type CompiledMask } from 'json-mask';
import { isRecord } from './encoding.js';
import { memo } from './memo.js';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Google API error, rendered as `{error:{code,message,errors:[...],status}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** OAuth endpoint error, rendered as `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
  ) {
    super(error);
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

export const DEFAULT_REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  410: 'deleted',
  429: 'rateLimitExceeded',
  500: 'backendError',
  502: 'backendError',
  503: 'backendError',
};

export const REASON_MESSAGES: Record<string, string> = {
  badRequest: 'Bad Request',
  authError: 'Invalid Credentials',
  forbidden: 'Forbidden',
  notFound: 'Not Found',
  conflict: 'Conflict',
  deleted: 'Resource has been deleted',
  rateLimitExceeded: 'Rate Limit Exceeded',
  userRateLimitExceeded: 'User Rate Limit Exceeded',
  quotaExceeded: 'Calendar usage limits exceeded.',
  backendError: 'Backend Error',
};

function errorDomain(reason: string): string {
  return /ratelimit|quota|limitexceeded/i.test(reason) ? 'usageLimits' : 'global';
}

export function googleErrorBody(code: number, reason: string, message: string, details: Record<string, string> = {}) {
  return {
    error: {
      code,
      message,
      errors: [{ domain: errorDomain(reason), reason, message, ...details }],
      status: STATUS_NAMES[code] ?? 'UNKNOWN',
    },
  };
}

export function errorReply(err: unknown): Reply {
  if (err instanceof ApiError) {
    return { status: err.status, body: googleErrorBody(err.status, err.reason, err.message, err.details), headers: err.headers };
  }
  if (err instanceof OAuthError) {
    const body = err.description === undefined ? { error: err.error } : { error: err.error, error_description: err.description };
    return { status: err.status, body };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: googleErrorBody(500, 'backendError', `fake-google internal error: ${message}`) };
}

export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

export function redirect(target: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return { status: 302, headers: { location: url.toString() } };
}

export function badRequest(message = 'Bad Request', reason = 'badRequest'): ApiError {
  return new ApiError(400, reason, message);
}

export function invalid(message = 'Invalid Value'): ApiError {
  return new ApiError(400, 'invalid', message);
}

export function notFound(): ApiError {
  return new ApiError(404, 'notFound', 'Not Found');
}

export function notImplemented(method: string, path: string): ApiError {
  return new ApiError(404, 'notFound', `fake-google does not implement ${method} ${path}`);
}

export function unauthenticated(reason: 'required' | 'authError'): ApiError {
  const message =
    reason === 'required'
      ? 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
      : 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
  return new ApiError(
    401,
    reason,
    message,
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    { location: 'Authorization', locationType: 'header' },
  );
}

/**
 * Partial responses: with `fields`, Google returns only the selected parts. Its syntax
 * (`a,b/c,items(d,e)`, `*`) is the one json-mask implements.
 */
export function partialResponse(reply: Reply, fields: string | null): Reply {
  if (!fields || reply.status >= 300 || !isRecord(reply.body)) return reply;
  return { ...reply, body: mask.filter(reply.body, compiledMask(fields)) ?? {} };
}

/**
 * Each `fields` expression compiled once: a client sends the same few on every call, and the
 * benchmark's 400-call agendas spent more of the machine compiling them than the app spent
 * reading the answers. (What is compiled is a pure function of the text.)
 */
const compiled = memo<CompiledMask>(100);
const compiledMask = (fields: string): CompiledMask => compiled(fields, () => mask.compile(fields));
