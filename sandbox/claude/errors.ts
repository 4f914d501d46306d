// Errors as the service answers them: `{ type: "error", error: { type, message } }`, the error type following
// the HTTP status, so the SDK raises its typed errors (AuthenticationError, NotFoundError, RateLimitError …).
// Handlers throw the shared HttpError (and its badRequest/notFound helpers); only the body shape differs here.
import { HttpError } from '../http';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

export function errorType(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export interface ErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export function errorBody(status: number, message: string): ErrorBody {
  return { type: 'error', error: { type: errorType(status), message } };
}

/** A 400 for a request the sandbox understood but refuses in the session's current state. */
export const invalidState = (message: string): HttpError => new HttpError(400, 'INVALID_REQUEST', message);
