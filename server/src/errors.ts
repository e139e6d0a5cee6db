/**
 * Domain errors, below every module: services throw these and know nothing of GraphQL. The one
 * error formatter (`graphql/errors.ts`) turns them into GraphQL errors with `extensions.code`.
 */

/** The public error codes of DESIGN §5. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'PAYMENT_REQUIRED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

export const DATABASE_UNAVAILABLE_MESSAGE = 'The service is unavailable for a moment; retry shortly';

/** Field name → what is wrong with it, e.g. `{ title: 'must be 5 to 120 characters' }`. */
export type FieldErrors = Record<string, string>;

/**
 * A failure the client caused and may act on. Modules throw these (or their own subclasses);
 * `formatError` is the one place that turns them into GraphQL errors.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (message = 'Sign in to do this') => new DomainError('UNAUTHENTICATED', message);
/** The session token sent is unknown, expired or revoked: not a downgrade to anonymous. */
export class InvalidTokenError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'Invalid or expired session token');
    this.name = 'InvalidTokenError';
  }
}
export const forbidden = (message = 'You may not do this') => new DomainError('FORBIDDEN', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const paymentRequired = (message: string) => new DomainError('PAYMENT_REQUIRED', message);
export const rateLimited = (message = 'Too many requests, slow down') => new DomainError('RATE_LIMITED', message);
/** A service we depend on (the payment provider) failed; the client may retry later. */
export const serviceUnavailable = (message: string) => new DomainError('SERVICE_UNAVAILABLE', message);
export function badInput(fields: FieldErrors, message?: string): DomainError {
  const names = Object.keys(fields);
  return new DomainError('BAD_USER_INPUT', message ?? `Invalid ${names.join(', ')}: ${Object.values(fields).join('; ')}`, fields);
}

/**
 * Runs every check (each returns its cleaned value or throws `badInput`) and answers their values,
 * or throws one BAD_USER_INPUT naming every bad field they found, not only the first (DESIGN §5).
 * Any other error is thrown as it is.
 */
export function checkedFields<T extends unknown[]>(...checks: { [K in keyof T]: () => T[K] }): T {
  const fields: FieldErrors = {};
  const values = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT' || !error.fields) throw error;
      Object.assign(fields, error.fields);
      return undefined;
    }
  });
  if (Object.keys(fields).length > 0) throw badInput(fields);
  return values as T;
}
